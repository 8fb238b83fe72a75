//! The national definitions of DOMAIN.md as code, one function per
//! category, pure (facts in, outcome out) so that they read beside the
//! documents and are tested at every boundary without a database.
//!
//! | category | rule |
//! |---|---|
//! | 留守儿童 | under 16; both parents away, or one away and the other without guardianship capacity (国发〔2016〕13号) |
//! | 留守老年人 | 60 or over; all children away outside the county for 6 months or more; living in the village |
//! | 留守妇女 | husband continuously away for 6 months or more; living in the village (民发〔2019〕86号) |
//!
//! Decisions where the documents leave room, applied to every rule:
//! - Only people registered in a rural region (`region.rural`) and living
//!   there themselves (`AT_HOME`) are in scope.
//! - Ages are completed years on the evaluation date (China time): a child
//!   is no longer one on the 16th birthday; a person is elderly on the 60th.
//! - "Away" is `AWAY_WORK`, `AWAY_BUSINESS` or `AWAY_OTHER` with a recorded
//!   `away_since`. An absence without a start date cannot be counted and
//!   gives no match (reason `…_AWAY_SINCE_UNKNOWN`), nor does a missing
//!   birth date (`BIRTH_DATE_UNKNOWN`): the rules never guess.
//! - Six months are calendar months (`away_since + 6 months <= date`,
//!   inclusive; 31 August + 6 months is 28 February).
//! - "Without guardianship capacity" is `guardianship_capable == false` or
//!   `DECEASED`. A parent with no recorded capacity is presumed capable.
//! - A parent, child or husband not linked in the registry is unknown, and
//!   the rule does not match on an unknown, unless staff recorded the facts
//!   of that relative on the person (`relative`, a child or parent who is
//!   not registered here). Those facts count exactly as a linked person's,
//!   and the reasons say they came from an unregistered relative
//!   (`UNREGISTERED_…`). An unregistered relative is away when an
//!   `away_since` is recorded and at home otherwise (back home: cleared);
//!   a parent linked in the registry is read instead of an unregistered one.
//! - A linked child who moved out (`MOVED_OUT`, e.g. registration moved to
//!   the city) is away outside the county: his or her whereabouts are
//!   recorded, not unknown. The absence counts from `away_since` when one
//!   is recorded (six months, as for any absence) and as long-term when
//!   not; `away_outside_county = false` marks a move inside the county,
//!   which does not count.

mod alerts;
mod care;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use entity::{
    CareLevel, Category, EconomicStatus, KinRelation, MaritalStatus, ResidenceStatus, SelfCare, Sex, alert::AlertKind,
};
use sea_orm::FromQueryResult;
use uuid::Uuid;

pub use self::care::care_level;
use super::reasons::{Parent, ParentFact, Reason};
use crate::clock;

/// The facts of one person the rules read: no names, numbers or free text.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct PersonFacts {
    pub id: Uuid,
    pub household_id: Uuid,
    pub scope_key: i64,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    pub residence_status: ResidenceStatus,
    pub away_since: Option<NaiveDate>,
    pub away_outside_county: Option<bool>,
    pub guardianship_capable: Option<bool>,
    pub living_alone: Option<bool>,
    pub self_care: Option<SelfCare>,
    /// Whether a disability is recorded (its text is not needed).
    pub has_disability: bool,
    pub marital_status: Option<MaritalStatus>,
    pub father_id: Option<Uuid>,
    pub mother_id: Option<Uuid>,
    pub spouse_id: Option<Uuid>,
}

/// The facts recorded on a person about a relative who is not registered
/// here (`relative`): no name, no note.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct RelativeFacts {
    pub person_id: Uuid,
    pub relation: KinRelation,
    pub away_since: Option<NaiveDate>,
    pub outside_county: Option<bool>,
    pub deceased: bool,
    pub guardianship_capable: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HouseholdFacts {
    /// The household's region is a village (村), not an urban community.
    pub rural: bool,
    pub economic_status: EconomicStatus,
}

/// People, their households and the links between them, indexed both ways
/// (a parent finds children by their `father_id`/`mother_id`, a wife finds
/// a husband whose `spouse_id` points at her). Whoever fills it must add
/// every relative the rules will look at: see `facts::load`.
#[derive(Debug, Default)]
pub struct Facts {
    people: HashMap<Uuid, PersonFacts>,
    households: HashMap<Uuid, HouseholdFacts>,
    children: HashMap<Uuid, Vec<Uuid>>,
    spouse_of: HashMap<Uuid, Vec<Uuid>>,
    members: HashMap<Uuid, Vec<Uuid>>,
    unregistered: HashMap<Uuid, Vec<RelativeFacts>>,
}

impl Facts {
    pub fn add_person(&mut self, p: PersonFacts) {
        if self.people.contains_key(&p.id) {
            return;
        }
        for parent in [p.father_id, p.mother_id].into_iter().flatten() {
            self.children.entry(parent).or_default().push(p.id);
        }
        if let Some(spouse) = p.spouse_id {
            self.spouse_of.entry(spouse).or_default().push(p.id);
        }
        self.members.entry(p.household_id).or_default().push(p.id);
        self.people.insert(p.id, p);
    }

    /// Adds an unregistered relative of `r.person_id`; whoever fills the
    /// facts adds each row once.
    pub fn add_relative(&mut self, r: RelativeFacts) {
        self.unregistered.entry(r.person_id).or_default().push(r);
    }

    pub fn add_household(&mut self, id: Uuid, h: HouseholdFacts) {
        self.households.insert(id, h);
    }

    pub fn person(&self, id: Uuid) -> Option<&PersonFacts> {
        self.people.get(&id)
    }

    pub fn contains(&self, id: Uuid) -> bool {
        self.people.contains_key(&id)
    }

    fn household(&self, p: &PersonFacts) -> Option<&HouseholdFacts> {
        self.households.get(&p.household_id)
    }

    /// Registered children, in any household, not deceased.
    fn children_of(&self, id: Uuid) -> impl Iterator<Item = &PersonFacts> {
        let ids = self.children.get(&id).map(Vec::as_slice).unwrap_or_default();
        ids.iter().filter_map(|c| self.people.get(c)).filter(|c| c.residence_status != ResidenceStatus::Deceased)
    }

    /// Unregistered relatives of `id` related as `relation`.
    fn unregistered(&self, id: Uuid, relation: KinRelation) -> impl Iterator<Item = &RelativeFacts> {
        let rows = self.unregistered.get(&id).map(Vec::as_slice).unwrap_or_default();
        rows.iter().filter(move |r| r.relation == relation)
    }

    /// The spouse: the person's own link first, else the first person
    /// linking to them (a link entered on one side only still counts).
    fn spouse(&self, p: &PersonFacts) -> Option<&PersonFacts> {
        let reverse = || self.spouse_of.get(&p.id).and_then(|ids| ids.iter().min()).copied();
        p.spouse_id.or_else(reverse).and_then(|id| self.people.get(&id))
    }

    fn members_of(&self, household: Uuid) -> impl Iterator<Item = &PersonFacts> {
        let ids = self.members.get(&household).map(Vec::as_slice).unwrap_or_default();
        ids.iter().filter_map(|m| self.people.get(m))
    }
}

/// The result of one rule for one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub category: Category,
    pub matched: bool,
    /// Why it matched, or why not; sorted and without repeats.
    pub reasons: Vec<Reason>,
}

/// A suggested care level and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Care {
    pub level: CareLevel,
    pub reasons: Vec<Reason>,
}

/// Whether a mandatory-report situation holds for a person, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertOutcome {
    pub kind: AlertKind,
    pub holds: bool,
    pub reasons: Vec<Reason>,
}

/// Everything the rules say about one person on one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub outcomes: [Outcome; 3],
    pub care: Care,
    pub alerts: [AlertOutcome; 2],
}

/// Evaluates every rule for `id`, or `None` when the person is not in `facts`.
pub fn evaluate(facts: &Facts, id: Uuid, on: NaiveDate) -> Option<Evaluation> {
    let p = facts.person(id)?;
    Some(Evaluation {
        outcomes: [child(facts, p, on), elderly(facts, p, on), woman(facts, p, on)],
        care: care::care_level(facts, p, on),
        alerts: alerts::alerts(facts, p, on),
    })
}

fn outcome(category: Category, result: Result<Vec<Reason>, Vec<Reason>>) -> Outcome {
    let (matched, mut reasons) = match result {
        Ok(r) => (true, r),
        Err(r) => (false, r),
    };
    reasons.sort();
    reasons.dedup();
    Outcome { category, matched, reasons }
}

/// Completed years on `on`.
fn age(p: &PersonFacts, on: NaiveDate) -> Result<i32, Reason> {
    p.birth_date.map(|b| clock::age_on(b, on)).ok_or(Reason::BirthDateUnknown)
}

/// Registered in a rural region and living there.
fn lives_in_village(facts: &Facts, p: &PersonFacts) -> Result<(), Reason> {
    if !facts.household(p).is_some_and(|h| h.rural) {
        return Err(Reason::NotRural);
    }
    if p.residence_status != ResidenceStatus::AtHome {
        return Err(Reason::NotAtHome);
    }
    Ok(())
}

/// Away with a known start date: the start date, or the reason it cannot count.
fn away_since(p: &PersonFacts) -> Option<Result<NaiveDate, ()>> {
    p.residence_status.is_away().then_some(p.away_since.ok_or(()))
}

/// Away for six calendar months or more on `on` (boundary inclusive).
pub fn six_months_reached(since: NaiveDate, on: NaiveDate) -> bool {
    since.checked_add_months(Months::new(6)).is_some_and(|reached| reached <= on)
}

/// 无监护能力: recorded as incapable, or deceased.
fn incapable(p: &PersonFacts) -> Option<ParentFact> {
    if p.residence_status == ResidenceStatus::Deceased {
        Some(ParentFact::Deceased)
    } else if p.guardianship_capable == Some(false) {
        Some(ParentFact::NoGuardianship)
    } else {
        None
    }
}

/// What the child rule needs to know about one parent.
struct ParentState {
    away: Option<NaiveDate>,
    incapable: Option<ParentFact>,
    /// Why this parent neither counts as away nor as incapable.
    otherwise: ParentFact,
    /// The facts are those of a parent not registered here.
    unregistered: bool,
}

impl ParentState {
    fn reason(&self, who: Parent, fact: ParentFact) -> Reason {
        if self.unregistered { Reason::UnregisteredParent(who, fact) } else { Reason::Parent(who, fact) }
    }
}

/// The linked parent if there is a link, else the unregistered one recorded
/// on the child, else unknown.
fn parent_state(facts: &Facts, child: &PersonFacts, link: Option<Uuid>, relation: KinRelation) -> ParentState {
    let Some(id) = link else {
        return match facts.unregistered(child.id, relation).next() {
            Some(r) => ParentState {
                away: r.away_since.filter(|_| !r.deceased),
                incapable: if r.deceased {
                    Some(ParentFact::Deceased)
                } else if r.guardianship_capable == Some(false) {
                    Some(ParentFact::NoGuardianship)
                } else {
                    None
                },
                otherwise: ParentFact::AtHome,
                unregistered: true,
            },
            None => ParentState { away: None, incapable: None, otherwise: ParentFact::Unknown, unregistered: false },
        };
    };
    let Some(p) = facts.person(id) else {
        return ParentState { away: None, incapable: None, otherwise: ParentFact::Unknown, unregistered: false };
    };
    let otherwise = match (p.residence_status, away_since(p)) {
        (_, Some(Err(()))) => ParentFact::AwaySinceUnknown,
        (ResidenceStatus::MovedOut, _) => ParentFact::MovedOut,
        _ => ParentFact::AtHome,
    };
    ParentState { away: away_since(p).and_then(Result::ok), incapable: incapable(p), otherwise, unregistered: false }
}

fn parents(facts: &Facts, p: &PersonFacts) -> [(Parent, ParentState); 2] {
    [
        (Parent::Father, parent_state(facts, p, p.father_id, KinRelation::Father)),
        (Parent::Mother, parent_state(facts, p, p.mother_id, KinRelation::Mother)),
    ]
}

/// 留守儿童: under 16, living in the village, and both parents away or one
/// away and the other without guardianship capacity.
fn child(facts: &Facts, p: &PersonFacts, on: NaiveDate) -> Outcome {
    let result = (|| {
        if age(p, on).map_err(|r| vec![r])? >= 16 {
            return Err(vec![Reason::Age16OrOver]);
        }
        lives_in_village(facts, p).map_err(|r| vec![r])?;
        let [(_, father), (_, mother)] = parents(facts, p);
        let covered = |s: &ParentState| s.away.is_some() || s.incapable.is_some();
        let matched = (father.away.is_some() && covered(&mother)) || (mother.away.is_some() && covered(&father));
        let mut reasons = Vec::new();
        for (who, state) in parents(facts, p) {
            if matched {
                reasons.extend(state.away.map(|d| state.reason(who, ParentFact::AwaySince(d))));
                reasons.extend(state.incapable.map(|f| state.reason(who, f)));
            } else if !covered(&state) {
                reasons.push(state.reason(who, state.otherwise));
            }
        }
        if matched {
            Ok(reasons)
        } else if reasons.is_empty() {
            // Both parents incapable, neither away: in need of care, but not
            // left behind by the definition (the alert rule looks at this).
            Err(vec![Reason::NoParentAway])
        } else {
            Err(reasons)
        }
    })();
    outcome(Category::LeftBehindChild, result)
}

/// 留守老年人: 60 or over, living in the village, with at least one child,
/// and every (living) child away outside the county for six months or more:
/// children linked in the registry and unregistered ones recorded on the
/// elder alike. A linked child who moved out counts as away (see the
/// decisions above).
fn elderly(facts: &Facts, p: &PersonFacts, on: NaiveDate) -> Outcome {
    let result = (|| {
        if age(p, on).map_err(|r| vec![r])? < 60 {
            return Err(vec![Reason::AgeUnder60]);
        }
        lives_in_village(facts, p).map_err(|r| vec![r])?;
        let (mut away, mut blocking) = (Vec::new(), Vec::new());
        for c in facts.children_of(p.id) {
            if c.residence_status == ResidenceStatus::MovedOut {
                match (c.away_outside_county, c.away_since) {
                    (Some(false), _) => blocking.push(Reason::ChildNotOutsideCounty),
                    (_, Some(since)) if !six_months_reached(since, on) => blocking.push(Reason::ChildAwayUnder6Months),
                    (_, Some(since)) => away.push(Reason::ChildAwayOutsideCountySince(since)),
                    (_, None) => away.push(Reason::ChildMovedOut),
                }
                continue;
            }
            match away_since(c) {
                None => blocking.push(Reason::ChildNotAway),
                Some(Err(())) => blocking.push(Reason::ChildAwaySinceUnknown),
                Some(Ok(_)) if c.away_outside_county != Some(true) => blocking.push(Reason::ChildNotOutsideCounty),
                Some(Ok(since)) if !six_months_reached(since, on) => blocking.push(Reason::ChildAwayUnder6Months),
                Some(Ok(since)) => away.push(Reason::ChildAwayOutsideCountySince(since)),
            }
        }
        for c in facts.unregistered(p.id, KinRelation::Child).filter(|c| !c.deceased) {
            match c.away_since {
                None => blocking.push(Reason::UnregisteredChildNotAway),
                Some(_) if c.outside_county != Some(true) => blocking.push(Reason::UnregisteredChildNotOutsideCounty),
                Some(since) if !six_months_reached(since, on) => {
                    blocking.push(Reason::UnregisteredChildAwayUnder6Months)
                }
                Some(since) => away.push(Reason::UnregisteredChildAwayOutsideCountySince(since)),
            }
        }
        match (away.is_empty(), blocking.is_empty()) {
            (true, true) => Err(vec![Reason::NoChildren]),
            (_, false) => Err(blocking),
            (false, true) => Ok(away),
        }
    })();
    outcome(Category::LeftBehindElderly, result)
}

/// 留守妇女: a married woman living in the village whose husband has been
/// continuously away for six months or more (`away_since` marks the start
/// of the current absence).
fn woman(facts: &Facts, p: &PersonFacts, on: NaiveDate) -> Outcome {
    let result = (|| match p.sex {
        None => Err(Reason::SexUnknown),
        Some(Sex::Male) => Err(Reason::NotFemale),
        Some(Sex::Female) if p.marital_status != Some(MaritalStatus::Married) => Err(Reason::NotMarried),
        Some(Sex::Female) => {
            lives_in_village(facts, p)?;
            let husband = facts.spouse(p).ok_or(Reason::HusbandUnknown)?;
            match away_since(husband) {
                None => Err(Reason::HusbandNotAway),
                Some(Err(())) => Err(Reason::HusbandAwaySinceUnknown),
                Some(Ok(since)) if !six_months_reached(since, on) => Err(Reason::HusbandAwayUnder6Months),
                Some(Ok(since)) => Ok(Reason::HusbandAwaySince(since)),
            }
        }
    })();
    outcome(Category::LeftBehindWoman, result.map(|r| vec![r]).map_err(|r| vec![r]))
}
