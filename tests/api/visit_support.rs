//! Helpers for the visit tests: recording visits, reading work lists, and
//! arranging what other features (classification confirmation, alerts)
//! would create, by writing those rows directly.

use chrono::{DateTime, Duration, Utc};
use entity::{CareLevel, Category, ClassificationStatus, classification, household, person};
use sea_orm::{ActiveModelTrait as _, ColumnTrait as _, EntityTrait as _, IntoActiveModel as _, QueryFilter as _};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::TestApp;

pub const DUE: &str = "query($f: DueVisitFilter, $first: Int, $after: String) { dueVisits(filter: $f, first: $first, after: $after) { totalCount overdueCount pageInfo { hasNextPage endCursor } edges { cursor node { household { id } person { id } kind reason dueAt overdue lastVisitAt } } } }";

pub const RECORD: &str = "mutation($i: VisitInput!) { recordVisit(input: $i) { id kind visitedAt peopleSeen { id } needs policiesExplained followUp visitor { displayName role } household { id lastVisitAt nextVisitDue } } }";

/// A minimal visit input at `at`.
pub fn visit(household: &str, kind: &str, at: DateTime<Utc>) -> Value {
    json!({ "householdId": household, "kind": kind, "visitedAt": at.to_rfc3339() })
}

/// The body of `recordVisit` by `token`.
pub async fn record(app: &TestApp, token: &str, input: Value) -> Value {
    app.gql(token, RECORD, json!({ "i": input })).await
}

/// Records a visit that must succeed and returns its id.
pub async fn record_ok(app: &TestApp, token: &str, input: Value) -> String {
    let body = record(app, token, input).await;
    body["data"]["recordVisit"]["id"].as_str().unwrap_or_else(|| panic!("recordVisit: {body}")).to_owned()
}

/// The whole `dueVisits` body for a filter (first page of 100).
pub async fn due(app: &TestApp, token: &str, filter: Value) -> Value {
    let body = app.gql(token, DUE, json!({ "f": filter, "first": 100 })).await;
    assert!(body["errors"].is_null(), "dueVisits: {body}");
    body["data"]["dueVisits"].clone()
}

/// The nodes of a `dueVisits` body.
pub fn nodes(due: &Value) -> Vec<Value> {
    due["edges"].as_array().unwrap().iter().map(|e| e["node"].clone()).collect()
}

/// `(household id, reason)` of each node.
pub fn owed(due: &Value) -> Vec<(String, String)> {
    nodes(due)
        .iter()
        .map(|n| (n["household"]["id"].as_str().unwrap().to_owned(), n["reason"].as_str().unwrap().to_owned()))
        .collect()
}

/// What confirming a classification (issue #4) leaves behind: a CONFIRMED
/// row with a care level, decided at `decided_at`.
pub async fn confirm(app: &TestApp, person_id: &str, level: CareLevel, decided_at: DateTime<Utc>) -> Uuid {
    let person = person::Entity::find_by_id(Uuid::parse_str(person_id).unwrap()).one(&app.db).await.unwrap().unwrap();
    let now = Utc::now();
    let row = classification::Model {
        id: Uuid::now_v7(),
        person_id: person.id,
        scope_key: person.scope_key,
        category: Category::LeftBehindElderly,
        status: ClassificationStatus::Confirmed,
        care_level: Some(level),
        reasons: json!(["TEST"]),
        since: decided_at.date_naive(),
        until: None,
        decided_by: None,
        decided_at: Some(decided_at),
        note: None,
        suggested_care_level: Some(level),
        care_reasons: None,
        end_reasons: None,
        fingerprint: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    row.into_active_model().insert(&app.db).await.unwrap().id
}

/// Moves a classification's decision back in time, as if confirmed then.
pub async fn backdate_decision(app: &TestApp, classification_id: &str, at: DateTime<Utc>) {
    classification::Entity::update_many()
        .col_expr(classification::Column::DecidedAt, sea_orm::sea_query::Expr::val(at))
        .filter(classification::Column::Id.eq(Uuid::parse_str(classification_id).unwrap()))
        .exec(&app.db)
        .await
        .unwrap();
}

/// Moves a household's registration back in time (as if registered long
/// before the system was introduced).
pub async fn registered_days_ago(app: &TestApp, household_id: &str, days: i64) {
    let id = Uuid::parse_str(household_id).unwrap();
    household::Entity::update_many()
        .col_expr(household::Column::CreatedAt, sea_orm::sea_query::Expr::val(Utc::now() - Duration::days(days)))
        .filter(household::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .unwrap();
}
