//! The kinds of household a 滨海新区 village registers, in proportions that
//! give the left-behind shares of DOMAIN.md: about 7% of rural children,
//! 10% of rural elderly people and 5% of women.
//!
//! Each function adds one household (or an elderly household followed by
//! the household of an adult child, linked by `father_id`/`mother_id`) to
//! the batch. A referenced person is always pushed before, or in the same
//! household as, the person referring to it, so inserts in batch order
//! satisfy the self-referencing foreign keys.

use entity::{MaritalStatus, Relation, Sex, person};
use rand::Rng;
use uuid::Uuid;

use super::elderly::{elderly_alone, elderly_couple};
use super::names;
use super::people::{Batch, Factory, Home, age_on, marry};
use super::regions::Place;

/// How likely an elderly household is followed by one of an adult child.
const LINKED_CHILD: f64 = 0.35;

/// Adds the next household(s) at `place` and returns how many; never more
/// than `room`.
pub(super) fn generate(f: &mut Factory, place: &Place, house: usize, room: usize, batch: &mut Batch) -> usize {
    let roll: f64 = f.rng.random();
    let linked = room >= 2 && f.chance(LINKED_CHILD);
    match roll {
        r if r < 0.17 => young_family(f, place, house, batch),
        r if r < 0.29 => three_generations(f, place, house, batch),
        r if r < 0.49 => return elderly_couple(f, place, house, linked, batch),
        r if r < 0.62 => return elderly_alone(f, place, house, linked, batch),
        r if r < 0.78 => middle_aged(f, place, house, batch),
        r if r < 0.88 => couple(f, place, house, batch),
        _ => single(f, place, house, batch),
    }
    1
}

/// A wife's age given her husband's: a few years younger to a little older.
pub(super) fn wife_age(f: &mut Factory, husband: u32) -> u32 {
    (husband + f.between(0, 6)).saturating_sub(4).max(20)
}

/// One to three children of a couple, the eldest born when the mother was
/// at least 21 and none older than `max_age`.
pub(super) fn children(
    f: &mut Factory,
    home: &Home,
    relation: Relation,
    surname: &'static str,
    mother_age: u32,
    max_age: u32,
    (father, mother): (Option<Uuid>, Option<Uuid>),
) -> Vec<person::Model> {
    let Some(oldest) = mother_age.checked_sub(21) else {
        return Vec::new();
    };
    let roll: f64 = f.rng.random();
    let count = match roll {
        r if r < 0.55 => 1,
        r if r < 0.93 => 2,
        _ => 3,
    };
    (0..count)
        .map(|_| {
            let sex = if f.chance(0.52) { Sex::Male } else { Sex::Female };
            let age = f.between(0, oldest.min(max_age));
            let mut child = f.person(home, relation, sex, age, surname);
            child.father_id = father;
            child.mother_id = mother;
            child
        })
        .collect()
}

/// Parents in their twenties to forties with school-age children. Some
/// fathers work away (a left-behind wife); rarely the mother at home cannot
/// care for the children, or both parents are gone and the children live
/// alone.
fn young_family(f: &mut Factory, place: &Place, house: usize, batch: &mut Batch) {
    let home = f.household(place, house, batch);
    let surname = names::surname(&mut f.rng);
    let husband_age = f.between(24, 45);
    let wife_age = wife_age(f, husband_age);
    let mut father = f.person(&home, Relation::Head, Sex::Male, husband_age, surname);
    let wife_surname = names::surname(&mut f.rng);
    let mut mother = f.person(&home, Relation::Spouse, Sex::Female, wife_age, wife_surname);
    marry(&mut father, &mut mother);
    let ids = (Some(father.id), Some(mother.id));
    let mut kids = children(f, &home, Relation::Child, surname, wife_age, 17, ids);
    let roll: f64 = f.rng.random();
    let old_enough_alone =
        !kids.is_empty() && kids.iter().all(|k| k.birth_date.is_some_and(|b| age_on(b, f.today) >= 10));
    if roll < 0.14 {
        f.send_away_usual(&mut father);
    } else if roll < 0.17 {
        f.send_away_usual(&mut father);
        f.incapacitate(&mut mother);
    } else if roll < 0.18 && old_enough_alone {
        f.send_away_usual(&mut father);
        f.send_away_usual(&mut mother);
        for kid in &mut kids {
            kid.living_alone = Some(true);
        }
    } else if roll < 0.20 {
        f.send_away_usual(&mut mother);
    }
    batch.people.extend([father, mother]);
    batch.people.extend(kids);
}

/// Grandparents, their son and his wife, and grandchildren: the classic
/// left-behind household when the parents work in the city.
fn three_generations(f: &mut Factory, place: &Place, house: usize, batch: &mut Batch) {
    let home = f.household(place, house, batch);
    let surname = names::surname(&mut f.rng);
    let elder_age = f.between(52, 80);
    let grandma_age = elder_age.saturating_sub(f.between(0, 4));
    // Mothers here were at least 22 when their first child was born.
    let son_age = grandma_age.saturating_sub(f.between(22, 32)).max(22);
    let wife_age = wife_age(f, son_age);
    let elder_is_head = f.chance(0.5);
    let rel = |elder: Relation, young: Relation| if elder_is_head { elder } else { young };

    let roll: f64 = f.rng.random();
    let (has_grandpa, has_grandma) = match roll {
        r if r < 0.78 => (true, true),
        r if r < 0.95 => (false, true),
        _ => (true, false),
    };
    let mut grandpa =
        has_grandpa.then(|| f.person(&home, rel(Relation::Head, Relation::Parent), Sex::Male, elder_age, surname));
    let grandma_head = elder_is_head && !has_grandpa;
    let grandma_rel = if grandma_head { Relation::Head } else { rel(Relation::Spouse, Relation::Parent) };
    let grandma_surname = names::surname(&mut f.rng);
    let mut grandma = has_grandma.then(|| f.person(&home, grandma_rel, Sex::Female, grandma_age, grandma_surname));
    match (&mut grandpa, &mut grandma) {
        (Some(a), Some(b)) => marry(a, b),
        (Some(p), None) | (None, Some(p)) => p.marital_status = Some(MaritalStatus::Widowed),
        (None, None) => {}
    }

    let mut son = f.person(&home, rel(Relation::Child, Relation::Head), Sex::Male, son_age, surname);
    son.father_id = grandpa.as_ref().map(|p| p.id);
    son.mother_id = grandma.as_ref().map(|p| p.id);
    let wife_surname = names::surname(&mut f.rng);
    let mut wife = f.person(&home, rel(Relation::Other, Relation::Spouse), Sex::Female, wife_age, wife_surname);
    marry(&mut son, &mut wife);
    let kid_rel = rel(Relation::Grandchild, Relation::Child);
    let kids = children(f, &home, kid_rel, surname, wife_age, 17, (Some(son.id), Some(wife.id)));

    let roll: f64 = f.rng.random();
    if roll < 0.13 {
        f.send_away_usual(&mut son);
        f.send_away_usual(&mut wife);
    } else if roll < 0.22 {
        f.send_away_usual(&mut son);
    } else if roll < 0.25 {
        f.send_away_usual(&mut son);
        f.incapacitate(&mut wife);
    } else if roll < 0.29 {
        f.send_away_usual(&mut wife);
    }
    batch.people.extend(grandpa.into_iter().chain(grandma));
    batch.people.extend([son, wife]);
    batch.people.extend(kids);
}

/// A couple in their forties to sixties with grown children, some of whom
/// work away.
fn middle_aged(f: &mut Factory, place: &Place, house: usize, batch: &mut Batch) {
    let home = f.household(place, house, batch);
    let surname = names::surname(&mut f.rng);
    let husband_age = f.between(44, 62);
    let wife_age = wife_age(f, husband_age);
    let mut husband = f.person(&home, Relation::Head, Sex::Male, husband_age, surname);
    let wife_surname = names::surname(&mut f.rng);
    let mut wife = f.person(&home, Relation::Spouse, Sex::Female, wife_age, wife_surname);
    marry(&mut husband, &mut wife);
    let count = if f.chance(0.6) { 1 } else { 2 };
    let oldest = wife_age.saturating_sub(21).min(35);
    let mut kids = Vec::new();
    for _ in 0..count {
        let sex = if f.chance(0.5) { Sex::Male } else { Sex::Female };
        let age = f.between(18, oldest.max(18));
        let mut kid = f.person(&home, Relation::Child, sex, age, surname);
        (kid.father_id, kid.mother_id) = (Some(husband.id), Some(wife.id));
        if f.chance(0.3) {
            f.send_away_usual(&mut kid);
        }
        kids.push(kid);
    }
    batch.people.extend([husband, wife]);
    batch.people.extend(kids);
}

/// A couple without children at home; sometimes the husband works away.
fn couple(f: &mut Factory, place: &Place, house: usize, batch: &mut Batch) {
    let home = f.household(place, house, batch);
    let surname = names::surname(&mut f.rng);
    let husband_age = f.between(22, 59);
    let wife_age = wife_age(f, husband_age);
    let mut husband = f.person(&home, Relation::Head, Sex::Male, husband_age, surname);
    let wife_surname = names::surname(&mut f.rng);
    let mut wife = f.person(&home, Relation::Spouse, Sex::Female, wife_age, wife_surname);
    marry(&mut husband, &mut wife);
    let roll: f64 = f.rng.random();
    if roll < 0.16 {
        f.send_away_usual(&mut husband);
    } else if roll < 0.20 {
        f.send_away_usual(&mut wife);
    }
    batch.people.extend([husband, wife]);
}

/// A single adult, at home alone or working away.
fn single(f: &mut Factory, place: &Place, house: usize, batch: &mut Batch) {
    let home = f.household(place, house, batch);
    let surname = names::surname(&mut f.rng);
    let age = f.between(20, 64);
    let sex = if f.chance(0.75) { Sex::Male } else { Sex::Female };
    let mut p = f.person(&home, Relation::Head, sex, age, surname);
    if age >= 35 && f.chance(0.5) {
        p.marital_status = Some(MaritalStatus::Divorced);
    }
    if f.chance(0.3) {
        f.send_away_usual(&mut p);
    } else {
        p.living_alone = Some(true);
    }
    batch.people.push(p);
}
