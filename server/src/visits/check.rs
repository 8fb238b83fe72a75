//! Checking a [`NewVisit`] against the household and its members before
//! anything is written. Every problem is reported at once, per field.

use std::collections::HashSet;

use chrono::{DateTime, SubsecRound as _, TimeDelta, Utc};
use entity::{Need, ResidenceStatus, VisitKind, household, person};
use sea_orm::{ColumnTrait as _, ConnectionTrait, EntityTrait as _, QueryFilter as _};
use uuid::Uuid;

use super::record::{ChangeReport, NewVisit};
use crate::{
    auth::Actor,
    error::{AppError, AppResult, FieldErrors, Msg, messages as msg},
    policy::scope,
    validate,
};

/// Phones and tablets run a little fast or slow; a visit "a minute from
/// now" is a clock, not a forgery.
const CLOCK_SKEW: TimeDelta = TimeDelta::minutes(5);
const MAX_PEOPLE: usize = 50;
const MAX_POLICIES: usize = 20;
const MAX_TEXT: usize = 2000;

/// A visit ready to be written.
pub(super) struct Valid {
    pub household: household::Model,
    pub kind: VisitKind,
    pub visited_at: DateTime<Utc>,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub people: Vec<Uuid>,
    pub findings: Option<String>,
    pub living: Option<String>,
    pub safety: Option<String>,
    pub health: Option<String>,
    pub needs: Vec<Need>,
    pub policies: Vec<String>,
    pub follow_up: bool,
    pub changes: Vec<Change>,
}

/// A change report about a member, checked for membership only: the person
/// update path validates the facts themselves.
pub(super) struct Change {
    pub person: person::Model,
    pub version: i32,
    pub residence_status: ResidenceStatus,
    pub away_since: Option<chrono::NaiveDate>,
    pub away_outside_county: Option<bool>,
    pub living_alone: Option<bool>,
    pub guardianship_capable: Option<bool>,
}

pub(super) async fn visit(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: NewVisit,
    now: DateTime<Utc>,
) -> AppResult<Valid> {
    let mut e = FieldErrors::default();
    let household = household::Entity::find_by_id(input.household_id)
        .filter(scope::registry(actor, household::Column::ScopeKey))
        .one(db)
        .await?;
    if household.is_none() {
        e.add("householdId", msg::HOUSEHOLD_NOT_IN_SCOPE);
    }
    // Databases keep microseconds; keep what will be read back.
    let visited_at = input.visited_at.trunc_subsecs(6);
    if visited_at > now + CLOCK_SKEW {
        e.add("visitedAt", msg::VISIT_IN_FUTURE);
    } else if let Some(h) = &household
        && visited_at < h.created_at.trunc_subsecs(6)
    {
        e.add("visitedAt", msg::VISIT_BEFORE_HOUSEHOLD);
    }
    let coords = e.check("lat", validate::lat_lng(input.lat, input.lng));
    let text = |e: &mut FieldErrors, field: &str, raw: Option<&str>| {
        e.check(field, validate::optional_text(raw, MAX_TEXT)).flatten()
    };
    let findings = text(&mut e, "findings", input.findings.as_deref());
    let living = text(&mut e, "living", input.living.as_deref());
    let safety = text(&mut e, "safety", input.safety.as_deref());
    let health = text(&mut e, "health", input.health.as_deref());
    let policies = e.check("policiesExplained", policies(input.policies_explained));
    let mut needs = Vec::new();
    for need in input.needs {
        if !needs.contains(&need) {
            needs.push(need);
        }
    }

    let people = distinct(input.person_ids.iter().copied());
    if people.len() > MAX_PEOPLE {
        e.add("personIds", msg::TOO_MANY_PEOPLE.with("max", MAX_PEOPLE));
    }
    if input.kind == VisitKind::CareVisit && people.is_empty() {
        e.add("personIds", msg::VISIT_NEEDS_PEOPLE);
    }
    let reports = input.changes;
    let report_ids = distinct(reports.iter().map(|c| c.person_id));
    if report_ids.len() != reports.len() {
        e.add("changes", msg::CHANGE_REPORTED_TWICE);
    }
    let mut members = Vec::new();
    if let Some(h) = &household {
        let wanted: HashSet<Uuid> = people.iter().chain(&report_ids).copied().collect();
        members = person::Entity::find()
            .filter(person::Column::Id.is_in(wanted))
            .filter(person::Column::HouseholdId.eq(h.id))
            .filter(scope::registry(actor, person::Column::ScopeKey))
            .all(db)
            .await?;
        let member = |id: &Uuid| members.iter().any(|m| m.id == *id);
        if !people.iter().all(member) {
            e.add("personIds", msg::SEEN_NOT_MEMBER);
        }
        if !report_ids.iter().all(member) {
            e.add("changes", msg::CHANGED_NOT_MEMBER);
        }
    }
    e.into_result()?;

    let (Some(household), Some((lat, lng)), Some(policies)) = (household, coords, policies) else {
        return Err(AppError::internal("visit validation passed without values"));
    };
    let changes = reports
        .into_iter()
        .zip(report_ids)
        .filter_map(|(report, id)| members.iter().find(|m| m.id == id).map(|p| change(report, p.clone())))
        .collect();
    Ok(Valid {
        household,
        kind: input.kind,
        visited_at,
        lat,
        lng,
        people,
        findings,
        living,
        safety,
        health,
        needs,
        policies,
        follow_up: input.follow_up,
        changes,
    })
}

/// The ids without repeats, in the order sent.
fn distinct(raw: impl Iterator<Item = Uuid>) -> Vec<Uuid> {
    let mut out = Vec::new();
    for id in raw {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

fn policies(raw: Vec<String>) -> Result<Vec<String>, Msg> {
    if raw.len() > MAX_POLICIES {
        return Err(msg::TOO_MANY_ITEMS.with("max", MAX_POLICIES));
    }
    let mut out: Vec<String> = Vec::new();
    for item in raw {
        let item = validate::required_text(&item, 100)?;
        if !out.contains(&item) {
            out.push(item);
        }
    }
    Ok(out)
}

fn change(report: ChangeReport, person: person::Model) -> Change {
    Change {
        person,
        version: report.version,
        residence_status: report.residence_status,
        away_since: report.away_since,
        away_outside_county: report.away_outside_county,
        living_alone: report.living_alone,
        guardianship_capable: report.guardianship_capable,
    }
}
