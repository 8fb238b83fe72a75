//! 强制报告: situations of a child that must reach the town and the
//! district at once, whatever the region (mandatory reporting protects
//! every child, not only the left-behind ones in rural villages).
//!
//! - `CHILD_LIVING_ALONE`: under 16, living at the registered home, and
//!   recorded as living alone.
//! - `GUARDIAN_INCAPABLE`: under 16, at home, a parent without guardianship
//!   capacity (incapable or deceased; linked, or recorded on the child as not
//!   registered here), and nobody else caring: no parent at home and capable, and no other member of the household aged 18 or over,
//!   at home, and not recorded as incapable (a member of unknown age does
//!   not count as a carer).
//!
//! A missing child or suspected abuse is not a recorded fact of the
//! registry, so the rules cannot raise those; they need a report by staff.

use chrono::NaiveDate;
use entity::{ResidenceStatus, alert::AlertKind};

use super::{AlertOutcome, Facts, PersonFacts, age, incapable, parents};
use crate::discovery::reasons::{ParentFact, Reason};

pub fn alerts(facts: &Facts, p: &PersonFacts, on: NaiveDate) -> [AlertOutcome; 2] {
    let child_at_home = age(p, on).is_ok_and(|a| a < 16) && p.residence_status == ResidenceStatus::AtHome;
    let alone = child_at_home && p.living_alone == Some(true);
    let mut uncared = Vec::new();
    if child_at_home {
        // Linked parents, or unregistered ones recorded on the child.
        let parents = parents(facts, p);
        uncared.extend(parents.iter().filter_map(|(who, parent)| parent.incapable.map(|f| parent.reason(*who, f))));
        let carer = |m: &PersonFacts| {
            m.residence_status == ResidenceStatus::AtHome && incapable(m).is_none() && age(m, on).is_ok_and(|a| a >= 18)
        };
        // A parent at home and capable cares, whatever the recorded age.
        let parent_cares = parents.iter().any(|(_, parent)| {
            parent.away.is_none() && parent.incapable.is_none() && parent.otherwise == ParentFact::AtHome
        });
        let member_cares = facts.members_of(p.household_id).any(|m| m.id != p.id && carer(m));
        if !uncared.is_empty() && !parent_cares && !member_cares {
            uncared.push(Reason::NoCarerAtHome);
        } else {
            uncared.clear();
        }
    }
    [
        AlertOutcome {
            kind: AlertKind::ChildLivingAlone,
            holds: alone,
            reasons: if alone { vec![Reason::ChildLivingAlone] } else { Vec::new() },
        },
        AlertOutcome { kind: AlertKind::GuardianIncapable, holds: !uncared.is_empty(), reasons: uncared },
    ]
}
