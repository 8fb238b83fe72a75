//! Households of elderly people: couples, widows and widowers living
//! alone, and the household of a married son next door that makes them
//! left behind when he works away.

use entity::{MaritalStatus, Relation, ResidenceStatus, Sex};
use rand::Rng;
use uuid::Uuid;

use super::families::{children, wife_age};
use super::names;
use super::people::{Batch, Factory, marry};
use super::regions::Place;

/// An age between 60 and 90, more often near 60.
fn elderly_age(f: &mut Factory, skew: f64) -> u32 {
    let u: f64 = f.rng.random();
    60 + (u.powf(skew) * 30.0) as u32
}

/// An elderly couple, sometimes with an unmarried son registered with them,
/// sometimes followed by the household of a married son.
pub(super) fn elderly_couple(f: &mut Factory, place: &Place, house: usize, linked: bool, batch: &mut Batch) -> usize {
    let home = f.household(place, house, batch);
    let surname = names::surname(&mut f.rng);
    let husband_age = elderly_age(f, 1.4);
    let wife_age = (husband_age + f.between(0, 6)).saturating_sub(5).max(58);
    let mut husband = f.person(&home, Relation::Head, Sex::Male, husband_age, surname);
    let wife_surname = names::surname(&mut f.rng);
    let mut wife = f.person(&home, Relation::Spouse, Sex::Female, wife_age, wife_surname);
    marry(&mut husband, &mut wife);
    let ids = (Some(husband.id), Some(wife.id));
    let younger = husband_age.min(wife_age);
    let son = f.chance(0.10).then(|| {
        let age = younger.saturating_sub(f.between(22, 34)).max(24);
        let mut son = f.person(&home, Relation::Child, Sex::Male, age, surname);
        (son.father_id, son.mother_id) = ids;
        if f.chance(0.4) {
            f.send_away_usual(&mut son);
        }
        son
    });
    batch.people.extend([husband, wife]);
    batch.people.extend(son);
    if linked {
        child_household(f, place, house + 1, surname, younger, ids, batch);
        return 2;
    }
    1
}

/// A widowed elderly person living alone, often 80 or older; the late
/// spouse is sometimes still on the register as deceased.
pub(super) fn elderly_alone(f: &mut Factory, place: &Place, house: usize, linked: bool, batch: &mut Batch) -> usize {
    let home = f.household(place, house, batch);
    let age = 65 + (f.rng.random::<f64>().powf(0.9) * 30.0) as u32;
    let sex = if f.chance(0.7) { Sex::Female } else { Sex::Male };
    let own_surname = names::surname(&mut f.rng);
    let mut elder = f.person(&home, Relation::Head, sex, age, own_surname);
    elder.living_alone = Some(true);
    elder.marital_status = Some(if f.chance(0.9) { MaritalStatus::Widowed } else { MaritalStatus::Divorced });
    // Children carry the father's surname.
    let (family_surname, other_sex) = match sex {
        Sex::Male => (own_surname, Sex::Female),
        Sex::Female => (names::surname(&mut f.rng), Sex::Male),
    };
    let late = (elder.marital_status == Some(MaritalStatus::Widowed) && f.chance(0.15)).then(|| {
        let surname = if other_sex == Sex::Male { family_surname } else { names::surname(&mut f.rng) };
        let mut late = f.person(&home, Relation::Spouse, other_sex, age, surname);
        late.residence_status = ResidenceStatus::Deceased;
        late.marital_status = Some(MaritalStatus::Married);
        (late.phone, late.health, late.guardianship_capable) = (None, None, None);
        late
    });
    let late_id = late.as_ref().map(|p| p.id);
    let ids = match sex {
        Sex::Male => (Some(elder.id), late_id),
        Sex::Female => (late_id, Some(elder.id)),
    };
    let elder_id = elder.id;
    batch.people.push(elder);
    batch.people.extend(late);
    if linked {
        child_household(f, place, house + 1, family_surname, age, ids, batch);
        return 2;
    }
    // No child registered next door: sometimes children registered in the
    // city, known only as facts on the elder.
    if place.rural && f.chance(0.3) {
        f.unregistered_children(&home, elder_id, batch);
    }
    1
}

/// The household of an elderly person's married son, next door: often
/// both away with their children (the elderly parent is left behind),
/// sometimes only the son away (his wife is left behind).
fn child_household(
    f: &mut Factory,
    place: &Place,
    house: usize,
    surname: &'static str,
    parent_age: u32,
    parent_ids: (Option<Uuid>, Option<Uuid>),
    batch: &mut Batch,
) {
    let home = f.household(place, house, batch);
    let son_age = parent_age.saturating_sub(f.between(22, 34)).max(24);
    let wife_age = wife_age(f, son_age);
    let mut son = f.person(&home, Relation::Head, Sex::Male, son_age, surname);
    (son.father_id, son.mother_id) = parent_ids;
    let wife_surname = names::surname(&mut f.rng);
    let mut wife = f.person(&home, Relation::Spouse, Sex::Female, wife_age, wife_surname);
    marry(&mut son, &mut wife);
    let ids = (Some(son.id), Some(wife.id));
    let mut kids =
        if f.chance(0.7) { children(f, &home, Relation::Child, surname, wife_age, 17, ids) } else { Vec::new() };
    let roll: f64 = f.rng.random();
    if roll < 0.15 {
        f.send_away_usual(&mut son);
        f.send_away_usual(&mut wife);
        // The children went with them (随迁子女).
        for kid in &mut kids {
            kid.residence_status = ResidenceStatus::AwayOther;
            kid.away_since = son.away_since.max(kid.birth_date);
            kid.away_outside_county = son.away_outside_county;
        }
    } else if roll < 0.22 {
        f.send_away_usual(&mut son);
    }
    batch.people.extend([son, wife]);
    batch.people.extend(kids);
}
