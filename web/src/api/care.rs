//! Verification (认定) and visits (走访): the town's queue and its two
//! decisions, revealing an ID number, the work list and recording a visit.

use super::{ApiError, execute, execute_once, missing_if_bad_id, queries};
use crate::json::{self, ToJson, to_json};
use crate::model::{CareLevel, Classification, Connection, DuePage, Need, Stats, VisitHousehold, VisitKind, WorkList};

/// The suggestions awaiting a decision in the caller's jurisdiction, oldest first.
pub async fn queue(
    token: Option<String>,
    first: u32,
    after: Option<String>,
) -> Result<Connection<Classification>, ApiError> {
    let vars = json::object(vec![("first", first.to_json()), ("after", after.to_json())]);
    execute(&queries::QUEUE, vars, token).await
}

/// 认定: confirms a suggestion with a care level.
pub async fn confirm(
    token: Option<String>,
    id: String,
    care_level: CareLevel,
    note: Option<String>,
) -> Result<(), ApiError> {
    let vars = json::object(vec![("id", id.to_json()), ("careLevel", care_level.to_json()), ("note", note.to_json())]);
    execute(&queries::CONFIRM, vars, token).await.map(drop)
}

/// Rejects a suggestion; the reason is required.
pub async fn reject(token: Option<String>, id: String, reason: String) -> Result<(), ApiError> {
    let vars = json::object(vec![("id", id.to_json()), ("reason", reason.to_json())]);
    execute(&queries::REJECT, vars, token).await.map(drop)
}

/// The full ID number, once, for a stated reason (audited).
pub async fn reveal_id(token: Option<String>, person_id: String, reason: String) -> Result<String, ApiError> {
    let vars = json::object(vec![("personId", person_id.to_json()), ("reason", reason.to_json())]);
    execute(&queries::REVEAL, vars, token).await
}

/// A page of the caller's work list, overdue first as the server orders it.
pub async fn due(token: Option<String>, first: u32, after: Option<String>) -> Result<WorkList, ApiError> {
    let vars = json::object(vec![("first", first.to_json()), ("after", after.to_json())]);
    let page: DuePage = execute(&queries::DUE, vars, token).await?;
    Ok(WorkList {
        total_count: page.total_count,
        overdue_count: page.overdue_count,
        next: page.page_info.has_next_page.then_some(page.page_info.end_cursor).flatten(),
        rows: page.edges.into_iter().map(|e| e.node).collect(),
    })
}

/// The household a visit is recorded for, with its members.
pub async fn visit_household(token: Option<String>, id: String) -> Result<Option<VisitHousehold>, ApiError> {
    let vars = json::object(vec![("id", id.to_json())]);
    missing_if_bad_id(execute(&queries::VISIT_HOUSEHOLD, vars, token).await)
}

/// `VisitInput`, as the schema has it (no change reports from this form).
#[derive(Clone, Debug, PartialEq)]
pub struct VisitInput {
    pub household_id: String,
    pub kind: VisitKind,
    pub visited_at: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub person_ids: Vec<String>,
    pub findings: Option<String>,
    pub living: Option<String>,
    pub safety: Option<String>,
    pub health: Option<String>,
    pub needs: Vec<Need>,
    pub policies_explained: Vec<String>,
    pub follow_up: bool,
}

to_json!(VisitInput {
    household_id: "householdId",
    kind: "kind",
    visited_at: "visitedAt",
    lat: "lat",
    lng: "lng",
    person_ids: "personIds",
    findings: "findings",
    living: "living",
    safety: "safety",
    health: "health",
    needs: "needs",
    policies_explained: "policiesExplained",
    follow_up: "followUp",
});

/// Records a visit; the work list drops what it discharges.
pub async fn record_visit(token: Option<String>, input: VisitInput) -> Result<(), ApiError> {
    let vars = json::object(vec![("input", input.to_json())]);
    execute_once(&queries::RECORD_VISIT, vars, token).await.map(drop)
}

/// The caller's figures (or a region's in the jurisdiction), with each child's.
pub async fn stats(token: Option<String>, region_id: Option<String>) -> Result<Stats, ApiError> {
    let vars = json::object(vec![("regionId", region_id.to_json())]);
    execute(&queries::STATS, vars, token).await
}
