//! The care level the rules suggest (DOMAIN.md "Care levels"); the
//! confirmer may choose another.
//!
//! - `HIGH`: 80 or over and living alone; no self-care and living alone
//!   (the structured stand-in for "serious illness without a carer": health
//!   is free text the rules do not interpret); a child living alone; a child
//!   with a parent without guardianship capacity (linked, or recorded on the
//!   child as not registered here).
//! - `KEY`: no or partial self-care (which covers dementia), a recorded
//!   disability, a 低保 or 特困 household.
//! - `GENERAL`: otherwise.
//!
//! The level is a property of the person, so every category a person holds
//! gets the same suggestion; all applicable reasons are listed.

use chrono::NaiveDate;
use entity::{CareLevel, EconomicStatus, SelfCare};

use super::{Care, Facts, PersonFacts, age, parents};
use crate::discovery::reasons::Reason;

pub fn care_level(facts: &Facts, p: &PersonFacts, on: NaiveDate) -> Care {
    let age = age(p, on).ok();
    let alone = p.living_alone == Some(true);
    let mut high = Vec::new();
    if alone && age.is_some_and(|a| a >= 80) {
        high.push(Reason::Age80LivingAlone);
    }
    if alone && p.self_care == Some(SelfCare::None) {
        high.push(Reason::NoSelfCareLivingAlone);
    }
    if age.is_some_and(|a| a < 16) {
        if alone {
            high.push(Reason::ChildLivingAlone);
        }
        // Linked parents, or unregistered ones recorded on the child.
        if parents(facts, p).iter().any(|(_, parent)| parent.incapable.is_some()) {
            high.push(Reason::GuardianIncapable);
        }
    }
    let mut key = Vec::new();
    match p.self_care {
        Some(SelfCare::None) if !alone => key.push(Reason::NoSelfCare),
        Some(SelfCare::Partial) => key.push(Reason::PartialSelfCare),
        _ => {}
    }
    if p.has_disability {
        key.push(Reason::Disability);
    }
    match facts.household(p).map(|h| h.economic_status) {
        Some(EconomicStatus::Dibao) => key.push(Reason::Dibao),
        Some(EconomicStatus::Tekun) => key.push(Reason::Tekun),
        _ => {}
    }
    let level = if !high.is_empty() {
        CareLevel::High
    } else if !key.is_empty() {
        CareLevel::Key
    } else {
        CareLevel::General
    };
    let mut reasons = [high, key].concat();
    reasons.sort();
    Care { level, reasons }
}
