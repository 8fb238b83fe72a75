//! Verification (认定) and visits (走访): the town's queue and its two
//! decisions, revealing an ID number, the work list and recording a visit.

use super::{ApiError, execute, execute_once, missing_if_bad_id};
use crate::json::{self, ToJson, from_json, to_json};
use crate::model::{
    CareLevel, Classification, Connection, DueVisit, Need, PageInfo, Stats, VisitHousehold, VisitKind, WorkList,
};

/// The fields of a classification every view asks for.
macro_rules! classification_fields {
    () => {
        "id category status careLevel suggestedCareLevel since until \
         person { id name } reasons { text } careReasons { text }"
    };
}
pub(crate) use classification_fields;

/// The suggestions awaiting a decision in the caller's jurisdiction, oldest first.
pub async fn queue(
    token: Option<String>,
    first: u32,
    after: Option<String>,
) -> Result<Connection<Classification>, ApiError> {
    const QUERY: &str = concat!(
        "query Queue($first: Int, $after: String) {
            classifications(filter: {status: SUGGESTED}, first: $first, after: $after) {
            totalCount pageInfo { hasNextPage endCursor } nodes { ",
        classification_fields!(),
        " } } }"
    );
    let vars = json::object(vec![("first", first.to_json()), ("after", after.to_json())]);
    execute("Queue", QUERY, vars, token).await?.get("classifications")
}

/// 认定: confirms a suggestion with a care level.
pub async fn confirm(
    token: Option<String>,
    id: String,
    care_level: CareLevel,
    note: Option<String>,
) -> Result<(), ApiError> {
    const QUERY: &str = "mutation Confirm($id: ID!, $careLevel: CareLevel!, $note: String) {
        confirmClassification(id: $id, careLevel: $careLevel, note: $note) { id }
    }";
    let vars = json::object(vec![("id", id.to_json()), ("careLevel", care_level.to_json()), ("note", note.to_json())]);
    execute("Confirm", QUERY, vars, token).await.map(drop)
}

/// Rejects a suggestion; the reason is required.
pub async fn reject(token: Option<String>, id: String, reason: String) -> Result<(), ApiError> {
    const QUERY: &str = "mutation Reject($id: ID!, $reason: String!) {
        rejectClassification(id: $id, reason: $reason) { id }
    }";
    let vars = json::object(vec![("id", id.to_json()), ("reason", reason.to_json())]);
    execute("Reject", QUERY, vars, token).await.map(drop)
}

/// The full ID number, once, for a stated reason (audited).
pub async fn reveal_id(token: Option<String>, person_id: String, reason: String) -> Result<String, ApiError> {
    const QUERY: &str = "mutation Reveal($personId: ID!, $reason: String!) {
        revealIdNumber(personId: $personId, reason: $reason)
    }";
    let vars = json::object(vec![("personId", person_id.to_json()), ("reason", reason.to_json())]);
    execute("Reveal", QUERY, vars, token).await?.get("revealIdNumber")
}

/// A page of the caller's work list, overdue first as the server orders it.
pub async fn due(token: Option<String>, first: u32, after: Option<String>) -> Result<WorkList, ApiError> {
    const QUERY: &str = "query Due($first: Int, $after: String) { dueVisits(first: $first, after: $after) {
        totalCount overdueCount pageInfo { hasNextPage endCursor }
        edges { node { household { id address } person { id name } kind reason dueAt overdue lastVisitAt } }
    } }";
    struct Page {
        total_count: i64,
        overdue_count: i64,
        page_info: PageInfo,
        edges: Vec<Edge>,
    }
    from_json!(Page {
        total_count: "totalCount",
        overdue_count: "overdueCount",
        page_info: "pageInfo",
        edges: "edges",
    });
    struct Edge {
        node: DueVisit,
    }
    from_json!(Edge { node: "node" });
    let vars = json::object(vec![("first", first.to_json()), ("after", after.to_json())]);
    let page: Page = execute("Due", QUERY, vars, token).await?.get("dueVisits")?;
    Ok(WorkList {
        total_count: page.total_count,
        overdue_count: page.overdue_count,
        next: page.page_info.has_next_page.then_some(page.page_info.end_cursor).flatten(),
        rows: page.edges.into_iter().map(|e| e.node).collect(),
    })
}

/// The household a visit is recorded for, with its members.
pub async fn visit_household(token: Option<String>, id: String) -> Result<Option<VisitHousehold>, ApiError> {
    const QUERY: &str = "query VisitHousehold($id: ID!) { household(id: $id) { id address members { id name } } }";
    let vars = json::object(vec![("id", id.to_json())]);
    missing_if_bad_id(execute("VisitHousehold", QUERY, vars, token).await.and_then(|d| d.get("household")))
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
    const QUERY: &str = "mutation RecordVisit($input: VisitInput!) { recordVisit(input: $input) { id } }";
    let vars = json::object(vec![("input", input.to_json())]);
    execute_once("RecordVisit", QUERY, vars, token).await.map(drop)
}

/// The caller's figures (or a region's in the jurisdiction), with each child's.
pub async fn stats(token: Option<String>, region_id: Option<String>) -> Result<Stats, ApiError> {
    const QUERY: &str = "query Stats($regionId: ID) { stats(regionId: $regionId) {
        totals { households people sweptThisMonthShare overdueCareVisits byCategory { category count } }
        children { region { id name level } figures {
            households people sweptThisMonthShare overdueCareVisits byCategory { category count } } }
    } }";
    let vars = json::object(vec![("regionId", region_id.to_json())]);
    execute("Stats", QUERY, vars, token).await?.get("stats")
}
