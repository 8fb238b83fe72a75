//! `GET /exports/{list}.xlsx?<filters>` with the same Bearer token as
//! `/graphql`: the filters are the GraphQL list's filter fields, by the same
//! names (`regionId`, `economicStatus`, `addressContains`; `regionId`,
//! `householdId`, `residenceStatus`, `nameContains`, `phone`; `category`,
//! `status`, `careLevel`, `regionId`, `suggestedSince`, `personId`).

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Path, Query, State},
    http::{HeaderMap, Uri},
    response::Response,
};
use entity::{CareLevel, Category, ClassificationStatus, EconomicStatus, ResidenceStatus};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::download::{caller, failure, workbook};
use crate::{
    classifications::ClassificationFilter,
    error::{AppError, FieldErrors, messages as msg},
    exports::{self, Request},
    graphql::AppState,
    registry::{household::HouseholdFilter, person::PersonFilter},
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
        _ => Err(AppError::NotFound),
    }
}

fn id(errors: &mut FieldErrors, raw: Option<&str>, field: &str) -> Option<Uuid> {
    crate::graphql::ids::collect(errors, raw.map(|s| async_graphql::ID(s.to_owned())).as_ref(), field)
}
