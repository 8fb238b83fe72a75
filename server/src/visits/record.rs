//! Recording a visit: the visit, the people seen, the marks that clear what
//! it discharges, the emergency requests it answers and the change reports
//! it carries, all in one transaction with its history and audit entries.

use crate::db::Db;
use chrono::{DateTime, NaiveDate, Utc};
use entity::{Need, ResidenceStatus, VisitKind, visit, visit_person};
use sea_orm::{ActiveValue::Set, EntityTrait as _};
use serde_json::json;
use uuid::Uuid;

use super::{
    check::{self, Change},
    marks, requests,
};
use crate::{
    audit::{self, Entry},
    auth::Actor,
    db,
    error::{AppError, AppResult},
    history,
    policy::{self, Action},
    registry::person::{self as people, PersonFacts},
};

/// A visit as the visitor sends it, before it is checked.
#[derive(Debug, Clone)]
pub struct NewVisit {
    /// A household in the caller's jurisdiction.
    pub household_id: Uuid,
    pub kind: VisitKind,
    /// Not in the future, not before the household was registered.
    pub visited_at: DateTime<Utc>,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    /// Members of the household seen (repeats are dropped); a care visit
    /// names at least one.
    pub person_ids: Vec<Uuid>,
    pub findings: Option<String>,
    pub living: Option<String>,
    pub safety: Option<String>,
    pub health: Option<String>,
    pub needs: Vec<Need>,
    pub policies_explained: Vec<String>,
    pub follow_up: bool,
    /// Changes in members' circumstances found on the visit, applied as
    /// ordinary audited updates with the visit: all of it is saved, or none.
    pub changes: Vec<ChangeReport>,
}

/// 变动报告: a member now away, back home, moved out or deceased.
#[derive(Debug, Clone)]
pub struct ChangeReport {
    pub person_id: Uuid,
    /// The person's `version` as last read; a stale one is a `CONFLICT`.
    pub version: i32,
    pub residence_status: ResidenceStatus,
    /// Replaced together with the status.
    pub away_since: Option<NaiveDate>,
    pub away_outside_county: Option<bool>,
    /// Left unchanged when `None`.
    pub living_alone: Option<bool>,
    /// Left unchanged when `None`.
    pub guardianship_capable: Option<bool>,
}

pub async fn record(db: &Db, actor: &Actor, input: NewVisit) -> AppResult<visit::Model> {
    let txn = db::begin_write(db).await?;
    let model = record_in(&txn, actor, input).await?;
    crate::idempotency::complete(&txn, model.id).await?;
    txn.commit().await?;
    Ok(model)
}

/// Records a visit inside the caller's transaction: for a spot check, whose
/// visit, findings and their consequences are saved together or not at all.
pub async fn record_in(txn: &impl sea_orm::ConnectionTrait, actor: &Actor, input: NewVisit) -> AppResult<visit::Model> {
    policy::may(actor, Action::RecordVisit)?;
    policy::visits::may(actor.role, input.kind)?;
    let now = Utc::now();
    let valid = check::visit(txn, actor, input, now).await?;
    let model = visit::Model {
        id: Uuid::now_v7(),
        household_id: valid.household.id,
        scope_key: valid.household.scope_key,
        visitor_id: actor.user_id,
        kind: valid.kind,
        visited_at: valid.visited_at,
        lat: valid.lat,
        lng: valid.lng,
        person_ids: json(&valid.people)?,
        findings: valid.findings,
        needs: json(&valid.needs)?,
        policies_explained: json(&valid.policies)?,
        follow_up: valid.follow_up,
        created_at: now,
        living: valid.living,
        safety: valid.safety,
        health: valid.health,
    };
    visit::Entity::insert(visit::ActiveModel::from(model.clone())).exec_without_returning(txn).await?;
    if !valid.people.is_empty() {
        let rows = valid
            .people
            .iter()
            .map(|&person_id| visit_person::ActiveModel { visit_id: Set(model.id), person_id: Set(person_id) });
        visit_person::Entity::insert_many(rows).exec_without_returning(txn).await?;
    }
    marks::record(txn, &model, &valid.people).await?;
    let answered = requests::clear(txn, &model, &valid.people).await?;

    let changes = valid.changes.len();
    for (index, change) in valid.changes.into_iter().enumerate() {
        apply(txn, actor, change).await.map_err(|err| err.within(&format!("changes.{index}")))?;
    }

    let snapshot = serde_json::to_value(&model).map_err(AppError::caused("serialising a snapshot"))?;
    history::record(txn, "visit", model.id, 1, snapshot, Some(actor.user_id)).await?;
    // Kinds, counts and ids only: findings, needs and coordinates are personal.
    let detail = json!({
        "household_id": model.household_id,
        "kind": model.kind,
        "visited_at": model.visited_at,
        "people_seen": valid.people.len(),
        "needs": valid.needs.len(),
        "policies_explained": valid.policies.len(),
        "follow_up": model.follow_up,
        "changes": changes,
        "requests_answered": answered,
    });
    audit::record(txn, Some(actor), &actor.meta, Entry::write("visit.record", "visit", model.id, detail)).await?;
    Ok(model)
}

fn json<T: serde::Serialize>(value: &T) -> AppResult<serde_json::Value> {
    serde_json::to_value(value).map_err(AppError::caused("serialising a snapshot"))
}

/// A change report as a person update: the current facts with the
/// reported ones replaced, through the one path every person edit takes.
async fn apply(txn: &impl sea_orm::ConnectionTrait, actor: &Actor, change: Change) -> AppResult<()> {
    let mut input = PersonFacts::from(&change.person);
    input.residence_status = change.residence_status;
    input.away_since = change.away_since;
    input.away_outside_county = change.away_outside_county;
    if change.living_alone.is_some() {
        input.living_alone = change.living_alone;
    }
    if change.guardianship_capable.is_some() {
        input.guardianship_capable = change.guardianship_capable;
    }
    people::update_in(txn, actor, change.person.id, change.version, input).await?;
    Ok(())
}
