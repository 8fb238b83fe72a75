//! `GET /exports/{list}.xlsx?<filters>` with the same Bearer token as
//! `/graphql`: the filters are the GraphQL list's filter fields, by the same
//! names (`regionId`, `economicStatus`, `addressContains`; `regionId`,
//! `householdId`, `residenceStatus`, `nameContains`, `phone`; `category`,
//! `status`, `careLevel`, `regionId`, `suggestedSince`, `personId`;
//! `regionId`, `householdId`, `personId`, `kind`, `visitedFrom`,
//! `visitedTo`, `followUp`; `status`, `kind`, `regionId`; `regionId`,
//! `reasons`, `overdueOnly`). A list filter (`reasons`) is one parameter,
//! comma-separated (`reasons=MONTHLY_SWEEP,CARE_HIGH`), as a query string
//! deserialiser has no repeated keys.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Path, Query, State},
    http::{HeaderMap, Uri},
    response::Response,
};
use entity::{
    CareLevel, Category, ClassificationStatus, EconomicStatus, ResidenceStatus, VisitKind,
    alert::{AlertKind, AlertStatus},
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::download::{caller, failure, workbook};
use crate::{
    classifications::ClassificationFilter,
    error::{AppError, FieldErrors, messages as msg},
    exports::{self, Request},
    graphql::AppState,
    registry::{household::HouseholdFilter, person::PersonFilter},
    visits::{list::VisitFilter, schedule::Obligation, worklist},
};

/// An unknown parameter is refused rather than ignored: a misspelt filter
/// would otherwise export the whole jurisdiction.
#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct HouseholdParams {
    region_id: Option<String>,
    economic_status: Option<EconomicStatus>,
    address_contains: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PersonParams {
    region_id: Option<String>,
    household_id: Option<String>,
    residence_status: Option<ResidenceStatus>,
    name_contains: Option<String>,
    phone: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClassificationParams {
    category: Option<Category>,
    status: Option<ClassificationStatus>,
    care_level: Option<CareLevel>,
    region_id: Option<String>,
    suggested_since: Option<chrono::NaiveDate>,
    person_id: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct VisitParams {
    region_id: Option<String>,
    household_id: Option<String>,
    person_id: Option<String>,
    kind: Option<VisitKind>,
    visited_from: Option<chrono::DateTime<chrono::Utc>>,
    visited_to: Option<chrono::DateTime<chrono::Utc>>,
    follow_up: Option<bool>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AlertParams {
    status: Option<AlertStatus>,
    kind: Option<AlertKind>,
    region_id: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DueVisitParams {
    region_id: Option<String>,
    /// `DueReason` values, comma-separated.
    reasons: Option<String>,
    overdue_only: Option<bool>,
}

pub async fn xlsx(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(file): Path<String>,
    uri: Uri,
) -> Response {
    let actor = match caller(&state, peer, &headers).await {
        Ok(actor) => actor,
        Err(refused) => return refused,
    };
    let (request, filters) = match parse(&file, &uri) {
        Ok(parsed) => parsed,
        Err(err) => return failure(err),
    };
    // Held to the caller's jurisdiction by the database too, like /graphql.
    let db = crate::db::Db::scoped(&state.db, &state.system, crate::policy::scope::rows(&actor));
    let exported = exports::export(&db, &actor, request, filters).await;
    if let Err(err) = db.close().await {
        tracing::warn!(error = %err, "could not end an export's read transaction");
    }
    match exported {
        Ok(file) => workbook(&file.file_name, file.bytes),
        Err(err) => failure(err),
    }
}

/// `GET /templates/people.xlsx`: the import sheet, for signed-in staff.
pub async fn template(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Response {
    let actor = match caller(&state, peer, &headers).await {
        Ok(actor) => actor,
        Err(refused) => return refused,
    };
    if file != "people.xlsx" {
        return failure(AppError::NotFound);
    }
    if let Err(err) = crate::policy::exports::may_get_template(&actor) {
        return failure(err);
    }
    match exports::template::people() {
        Ok(bytes) => workbook("people-template.xlsx", bytes),
        Err(err) => failure(AppError::caused("writing the import template")(err)),
    }
}

/// The list named by `file` and its filters; the filters also as JSON for
/// the audit entry.
fn parse(file: &str, uri: &Uri) -> Result<(Request, serde_json::Value), AppError> {
    let invalid = |e: axum::extract::rejection::QueryRejection| {
        AppError::invalid("filter", msg::EXPORT_FILTER_INVALID.with("detail", e.body_text()))
    };
    match file {
        "households.xlsx" => {
            let Query(p) = Query::<HouseholdParams>::try_from_uri(uri).map_err(invalid)?;
            // Plain strings and enums: serialising them cannot fail.
            let filters = serde_json::to_value(&p).unwrap_or_default();
            let mut e = FieldErrors::default();
            let region_id = id(&mut e, p.region_id.as_deref(), "filter.regionId");
            e.into_result()?;
            let filter =
                HouseholdFilter { region_id, economic_status: p.economic_status, address_contains: p.address_contains };
            Ok((Request::Households(filter), filters))
        }
        "people.xlsx" => {
            let Query(p) = Query::<PersonParams>::try_from_uri(uri).map_err(invalid)?;
            let filters = serde_json::to_value(&p).unwrap_or_default();
            let mut e = FieldErrors::default();
            let region_id = id(&mut e, p.region_id.as_deref(), "filter.regionId");
            let household_id = id(&mut e, p.household_id.as_deref(), "filter.householdId");
            e.into_result()?;
            let filter = PersonFilter {
                region_id,
                household_id,
                residence_status: p.residence_status,
                name_contains: p.name_contains,
                phone: p.phone,
            };
            Ok((Request::People(filter), filters))
        }
        "classifications.xlsx" => {
            let Query(p) = Query::<ClassificationParams>::try_from_uri(uri).map_err(invalid)?;
            // Plain strings, dates and enums: serialising them cannot fail.
            let filters = serde_json::to_value(&p).unwrap_or_default();
            let mut e = FieldErrors::default();
            let region_id = id(&mut e, p.region_id.as_deref(), "filter.regionId");
            let person_id = id(&mut e, p.person_id.as_deref(), "filter.personId");
            e.into_result()?;
            let filter = ClassificationFilter {
                category: p.category,
                status: p.status,
                care_level: p.care_level,
                region_id,
                suggested_since: p.suggested_since,
                person_id,
            };
            Ok((Request::Classifications(filter), filters))
        }
        "visits.xlsx" => {
            let Query(p) = Query::<VisitParams>::try_from_uri(uri).map_err(invalid)?;
            // Plain strings, times, booleans and enums: serialising them cannot fail.
            let filters = serde_json::to_value(&p).unwrap_or_default();
            let mut e = FieldErrors::default();
            let region_id = id(&mut e, p.region_id.as_deref(), "filter.regionId");
            let household_id = id(&mut e, p.household_id.as_deref(), "filter.householdId");
            let person_id = id(&mut e, p.person_id.as_deref(), "filter.personId");
            e.into_result()?;
            let filter = VisitFilter {
                region_id,
                household_id,
                person_id,
                kind: p.kind,
                visited_from: p.visited_from,
                visited_to: p.visited_to,
                follow_up: p.follow_up,
            };
            Ok((Request::Visits(filter), filters))
        }
        "alerts.xlsx" => {
            let Query(p) = Query::<AlertParams>::try_from_uri(uri).map_err(invalid)?;
            let filters = serde_json::to_value(&p).unwrap_or_default();
            let mut e = FieldErrors::default();
            let region_id = id(&mut e, p.region_id.as_deref(), "filter.regionId");
            e.into_result()?;
            Ok((Request::Alerts(crate::alerts::AlertFilter { status: p.status, kind: p.kind, region_id }), filters))
        }
        "due-visits.xlsx" => {
            let Query(p) = Query::<DueVisitParams>::try_from_uri(uri).map_err(invalid)?;
            let filters = serde_json::to_value(&p).unwrap_or_default();
            let mut e = FieldErrors::default();
            let region = id(&mut e, p.region_id.as_deref(), "filter.regionId");
            e.into_result()?;
            let reasons = p.reasons.as_deref().map(reasons).transpose()?;
            let query = worklist::Query { region, reasons, overdue_only: p.overdue_only, after: None, size: 0 };
            Ok((Request::DueVisits(query), filters))
        }
        _ => Err(AppError::NotFound),
    }
}

/// `reasons=MONTHLY_SWEEP,CARE_HIGH`: each a `DueReason`, none unknown.
fn reasons(raw: &str) -> Result<Vec<Obligation>, AppError> {
    raw.split(',')
        .map(|key| {
            Obligation::from_key(key.trim()).ok_or_else(|| {
                let detail = format!("reasons: unknown variant `{key}`");
                AppError::invalid("filter", msg::EXPORT_FILTER_INVALID.with("detail", detail))
            })
        })
        .collect()
}

fn id(errors: &mut FieldErrors, raw: Option<&str>, field: &str) -> Option<Uuid> {
    crate::graphql::ids::collect(errors, raw.map(|s| async_graphql::ID(s.to_owned())).as_ref(), field)
}
