//! Every rule at its boundaries, as tables: one row per situation, the
//! expected match and reasons beside it. The evaluation date is fixed.

mod care_and_alerts;
mod categories;
mod unregistered;

use chrono::NaiveDate;
use entity::{Category, EconomicStatus, MaritalStatus, ResidenceStatus, SelfCare, Sex};
use uuid::Uuid;

use super::*;

pub(super) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The evaluation date of every table.
pub(super) fn on() -> NaiveDate {
    d("2026-06-15")
}

pub(super) const RURAL: u128 = 1;
pub(super) const RURAL_NEXT_DOOR: u128 = 2;
pub(super) const URBAN: u128 = 3;
pub(super) const POOR: u128 = 4;

/// A person under construction: at home in the rural household, nothing
/// else known.
#[derive(Clone)]
pub(super) struct P(PersonFacts);

pub(super) fn person(id: u128) -> P {
    P(PersonFacts {
        id: Uuid::from_u128(id),
        household_id: Uuid::from_u128(RURAL),
        scope_key: 1,
        sex: None,
        birth_date: None,
        residence_status: ResidenceStatus::AtHome,
        away_since: None,
        away_outside_county: None,
        guardianship_capable: None,
        living_alone: None,
        self_care: None,
        has_disability: false,
        marital_status: None,
        father_id: None,
        mother_id: None,
        spouse_id: None,
    })
}

impl P {
    pub(super) fn born(mut self, date: &str) -> Self {
        self.0.birth_date = Some(d(date));
        self
    }
    pub(super) fn sex(mut self, sex: Sex) -> Self {
        self.0.sex = Some(sex);
        self
    }
    pub(super) fn status(mut self, status: ResidenceStatus) -> Self {
        self.0.residence_status = status;
        self
    }
    pub(super) fn away(self, since: &str) -> Self {
        let mut p = self.status(ResidenceStatus::AwayWork);
        p.0.away_since = Some(d(since));
        p.0.away_outside_county = Some(true);
        p
    }
    pub(super) fn inside_county(mut self) -> Self {
        self.0.away_outside_county = Some(false);
        self
    }
    pub(super) fn incapable(mut self) -> Self {
        self.0.guardianship_capable = Some(false);
        self
    }
    pub(super) fn alone(mut self) -> Self {
        self.0.living_alone = Some(true);
        self
    }
    pub(super) fn self_care(mut self, s: SelfCare) -> Self {
        self.0.self_care = Some(s);
        self
    }
    pub(super) fn married_to(mut self, spouse: Option<u128>) -> Self {
        self.0.marital_status = Some(MaritalStatus::Married);
        self.0.spouse_id = spouse.map(Uuid::from_u128);
        self
    }
    pub(super) fn marital(mut self, m: MaritalStatus) -> Self {
        self.0.marital_status = Some(m);
        self
    }
    pub(super) fn parents(mut self, father: Option<u128>, mother: Option<u128>) -> Self {
        self.0.father_id = father.map(Uuid::from_u128);
        self.0.mother_id = mother.map(Uuid::from_u128);
        self
    }
    pub(super) fn lives_in(mut self, household: u128) -> Self {
        self.0.household_id = Uuid::from_u128(household);
        self
    }
}

pub(super) fn world(people: impl IntoIterator<Item = P>) -> Facts {
    let mut facts = Facts::default();
    let general = EconomicStatus::General;
    for (id, rural, economic_status) in [
        (RURAL, true, general),
        (RURAL_NEXT_DOOR, true, general),
        (URBAN, false, general),
        (POOR, true, EconomicStatus::Dibao),
    ] {
        facts.add_household(Uuid::from_u128(id), HouseholdFacts { rural, economic_status });
    }
    for p in people {
        facts.add_person(p.0);
    }
    facts
}

/// The subject of every table is person 1.
pub(super) fn evaluate_subject(people: Vec<P>) -> Evaluation {
    evaluate(&world(people), Uuid::from_u128(1), on()).unwrap()
}

pub(super) fn strings(reasons: &[&str]) -> Vec<String> {
    reasons.iter().map(|r| (*r).to_owned()).collect()
}

pub(super) fn outcome_of(e: &Evaluation, category: Category) -> (bool, Vec<String>) {
    let o = e.outcomes.iter().find(|o| o.category == category).unwrap();
    (o.matched, o.reasons.iter().map(ToString::to_string).collect())
}

/// Parents 2 (father) and 3 (mother) of child 1.
pub(super) fn child_with(child: P, father: Option<P>, mother: Option<P>) -> Vec<P> {
    let f = father.as_ref().map(|_| 2);
    let m = mother.as_ref().map(|_| 3);
    let mut people = vec![child.parents(f, m)];
    people.extend(father.map(|p| p.sex(Sex::Male)));
    people.extend(mother.map(|p| p.sex(Sex::Female)));
    people
}
