//! Mandatory-report alerts (强制报告): the list every staff tier reads, and
//! the acknowledgement a town or the district records.

use super::{ApiError, execute};
use crate::json::{self, ToJson, from_json};
use crate::model::{AlertKind, AlertStatus, Connection, Reason, VisitHousehold};

/// Alerts per page: each is a card with its grounds, not a table row.
pub const ALERT_PAGE_SIZE: u32 = 20;

/// One alert as the list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    pub id: String,
    /// `None` when the person is outside the caller's jurisdiction.
    pub person: Option<AlertPerson>,
    pub kind: AlertKind,
    pub status: AlertStatus,
    pub reasons: Vec<Reason>,
    pub raised_at: String,
    pub cleared_on: Option<String>,
    pub acknowledged_by: Option<Staff>,
    pub acknowledged_at: Option<String>,
    pub note: Option<String>,
}

from_json!(Alert {
    id: "id",
    person: "person",
    kind: "kind",
    status: "status",
    reasons: "reasons",
    raised_at: "raisedAt",
    cleared_on: "clearedOn",
    acknowledged_by: "acknowledgedBy",
    acknowledged_at: "acknowledgedAt",
    note: "note",
});

/// The child an alert is about, and where to find them.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertPerson {
    pub id: String,
    pub name: Option<String>,
    pub age: Option<i32>,
    pub household: Option<VisitHousehold>,
}

from_json!(AlertPerson { id: "id", name: "name", age: "age", household: "household" });

/// Who acknowledged an alert.
#[derive(Clone, Debug, PartialEq)]
pub struct Staff {
    pub display_name: String,
}

from_json!(Staff { display_name: "displayName" });

/// A page of alerts, `status` `None` for all of them, oldest first.
pub async fn list(
    token: Option<String>,
    status: Option<AlertStatus>,
    after: Option<String>,
) -> Result<Connection<Alert>, ApiError> {
    const QUERY: &str = "query Alerts($filter: AlertFilter, $first: Int, $after: String) {
        alerts(filter: $filter, first: $first, after: $after) {
            totalCount pageInfo { hasNextPage endCursor }
            nodes { id kind status raisedAt clearedOn acknowledgedAt note acknowledgedBy { displayName }
                reasons { text } person { id name age household { id address } } }
        }
    }";
    let vars = json::object(vec![
        ("filter", json::object_without_nulls(vec![("status", status.to_json())])),
        ("first", ALERT_PAGE_SIZE.to_json()),
        ("after", after.to_json()),
    ]);
    execute("Alerts", QUERY, vars, token).await?.get("alerts")
}

/// Records what was done about an open alert.
pub async fn acknowledge(token: Option<String>, id: String, note: String) -> Result<(), ApiError> {
    const QUERY: &str = "mutation AcknowledgeAlert($id: ID!, $note: String!) {
        acknowledgeAlert(id: $id, note: $note) { id }
    }";
    let vars = json::object(vec![("id", id.to_json()), ("note", note.to_json())]);
    execute("AcknowledgeAlert", QUERY, vars, token).await.map(drop)
}
