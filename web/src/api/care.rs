//! Verification (认定) and visits (走访): the town's queue and its two
//! decisions, revealing an ID number, the work list and recording a visit.

use serde::{Deserialize, Serialize};

use super::{ApiError, execute, missing_if_bad_id};
use crate::model::{CareLevel, Classification, Connection, DueVisit, Need, VisitHousehold, VisitKind, WorkList};

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
    #[derive(Serialize)]
    struct Vars {
        first: u32,
        after: Option<String>,
    }
    #[derive(Deserialize)]
    struct Data {
        classifications: Connection<Classification>,
    }
    let data: Data = execute("Queue", QUERY, &Vars { first, after }, token).await?;
    Ok(data.classifications)
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
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Vars {
        id: String,
        care_level: CareLevel,
        note: Option<String>,
    }
    let _: serde_json::Value = execute("Confirm", QUERY, &Vars { id, care_level, note }, token).await?;
    Ok(())
}

/// Rejects a suggestion; the reason is required.
pub async fn reject(token: Option<String>, id: String, reason: String) -> Result<(), ApiError> {
    const QUERY: &str = "mutation Reject($id: ID!, $reason: String!) {
        rejectClassification(id: $id, reason: $reason) { id }
    }";
    #[derive(Serialize)]
    struct Vars {
        id: String,
        reason: String,
    }
    let _: serde_json::Value = execute("Reject", QUERY, &Vars { id, reason }, token).await?;
    Ok(())
}

/// The full ID number, once, for a stated reason (audited).
pub async fn reveal_id(token: Option<String>, person_id: String, reason: String) -> Result<String, ApiError> {
    const QUERY: &str = "mutation Reveal($personId: ID!, $reason: String!) {
        revealIdNumber(personId: $personId, reason: $reason)
    }";
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Vars {
        person_id: String,
        reason: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        reveal_id_number: String,
    }
    let data: Data = execute("Reveal", QUERY, &Vars { person_id, reason }, token).await?;
    Ok(data.reveal_id_number)
}

/// A page of the caller's work list, overdue first as the server orders it.
pub async fn due(token: Option<String>, first: u32, after: Option<String>) -> Result<WorkList, ApiError> {
    const QUERY: &str = "query Due($first: Int, $after: String) { dueVisits(first: $first, after: $after) {
        totalCount overdueCount pageInfo { hasNextPage endCursor }
        edges { node { household { id address } person { id name } kind reason dueAt overdue lastVisitAt } }
    } }";
    #[derive(Serialize)]
    struct Vars {
        first: u32,
        after: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Page {
        total_count: i64,
        overdue_count: i64,
        page_info: crate::model::PageInfo,
        edges: Vec<Edge>,
    }
    #[derive(Deserialize)]
    struct Edge {
        node: DueVisit,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        due_visits: Page,
    }
    let data: Data = execute("Due", QUERY, &Vars { first, after }, token).await?;
    let page = data.due_visits;
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
    #[derive(Serialize)]
    struct Vars {
        id: String,
    }
    #[derive(Deserialize)]
    struct Data {
        household: Option<VisitHousehold>,
    }
    missing_if_bad_id(execute("VisitHousehold", QUERY, &Vars { id }, token).await.map(|d: Data| d.household))
}

/// `VisitInput`, as the schema has it (no change reports from this form).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
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

/// Records a visit; the work list drops what it discharges.
pub async fn record_visit(token: Option<String>, input: VisitInput) -> Result<(), ApiError> {
    const QUERY: &str = "mutation RecordVisit($input: VisitInput!) { recordVisit(input: $input) { id } }";
    #[derive(Serialize)]
    struct Vars {
        input: VisitInput,
    }
    let _: serde_json::Value = execute("RecordVisit", QUERY, &Vars { input }, token).await?;
    Ok(())
}

/// The caller's figures (or a region's in the jurisdiction), with each child's.
pub async fn stats(token: Option<String>, region_id: Option<String>) -> Result<crate::model::Stats, ApiError> {
    const QUERY: &str = "query Stats($regionId: ID) { stats(regionId: $regionId) {
        totals { households people sweptThisMonthShare overdueCareVisits byCategory { category count } }
        children { region { id name level } figures {
            households people sweptThisMonthShare overdueCareVisits byCategory { category count } } }
    } }";
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Vars {
        region_id: Option<String>,
    }
    #[derive(Deserialize)]
    struct Data {
        stats: crate::model::Stats,
    }
    let data: Data = execute("Stats", QUERY, &Vars { region_id }, token).await?;
    Ok(data.stats)
}
