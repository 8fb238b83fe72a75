//! Mandatory-report alerts (强制报告): the list every staff tier reads, and
//! the acknowledgement a town or the district records.

use super::{ApiError, execute, queries};
use crate::json::{self, ToJson, decoded};
use crate::model::{AlertKind, AlertStatus, Connection, Reason, VisitHousehold};

/// Alerts per page: each is a card with its grounds, not a table row.
pub const ALERT_PAGE_SIZE: u32 = 20;

decoded! {
    /// One alert as the list shows it.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Alert {
        pub id: String = "id",
        /// `None` when the person is outside the caller's jurisdiction.
        pub person: Option<AlertPerson> = "person",
        pub kind: AlertKind = "kind",
        pub status: AlertStatus = "status",
        pub reasons: Vec<Reason> = "reasons",
        pub raised_at: String = "raisedAt",
        pub cleared_on: Option<String> = "clearedOn",
        pub acknowledged_by: Option<Staff> = "acknowledgedBy",
        pub acknowledged_at: Option<String> = "acknowledgedAt",
        pub note: Option<String> = "note",
    }
}

decoded! {
    /// The child an alert is about, and where to find them.
    #[derive(Clone, Debug, PartialEq)]
    pub struct AlertPerson {
        pub id: String = "id",
        pub name: Option<String> = "name",
        pub age: Option<i32> = "age",
        pub household: Option<VisitHousehold> = "household",
    }
}

decoded! {
    /// Who acknowledged an alert.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Staff {
        pub display_name: String = "displayName",
    }
}

/// A page of alerts, `status` `None` for all of them, oldest first.
pub async fn list(
    token: Option<String>,
    status: Option<AlertStatus>,
    after: Option<String>,
) -> Result<Connection<Alert>, ApiError> {
    let vars = json::object(vec![
        ("filter", json::object_without_nulls(vec![("status", status.to_json())])),
        ("first", ALERT_PAGE_SIZE.to_json()),
        ("after", after.to_json()),
    ]);
    execute(&queries::ALERTS, vars, token).await
}

/// Records what was done about an open alert.
pub async fn acknowledge(token: Option<String>, id: String, note: String) -> Result<(), ApiError> {
    let vars = json::object(vec![("id", id.to_json()), ("note", note.to_json())]);
    execute(&queries::ACKNOWLEDGE_ALERT, vars, token).await.map(drop)
}
