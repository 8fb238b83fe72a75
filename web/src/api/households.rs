//! Households: the paged table, the map's points, one household, its edits.

use serde_json::Value;

use super::{ApiError, BULK_PAGE_SIZE, execute, missing_if_bad_id, queries};
use crate::json::{self, ToJson, to_json};
use crate::model::{Connection, EconomicStatus, HouseholdDetail, HouseholdPoint, HouseholdRow, Saved};

/// `HouseholdFilter`; empty fields are left out rather than sent as null.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HouseholdFilter {
    pub region_id: Option<String>,
    pub economic_status: Option<EconomicStatus>,
    pub address_contains: Option<String>,
}

impl ToJson for HouseholdFilter {
    fn to_json(&self) -> Value {
        json::object_without_nulls(vec![
            ("regionId", self.region_id.to_json()),
            ("economicStatus", self.economic_status.to_json()),
            ("addressContains", self.address_contains.to_json()),
        ])
    }
}

/// `HouseholdInput`: the whole household, as `updateHousehold` replaces it.
#[derive(Clone, Debug, PartialEq)]
pub struct HouseholdInput {
    pub region_id: String,
    pub address: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub economic_status: Option<EconomicStatus>,
}

to_json!(HouseholdInput {
    region_id: "regionId",
    address: "address",
    lat: "lat",
    lng: "lng",
    economic_status: "economicStatus",
});

/// One page of the household table.
pub async fn page(
    token: Option<String>,
    filter: HouseholdFilter,
    first: u32,
    after: Option<String>,
) -> Result<Connection<HouseholdRow>, ApiError> {
    let vars = json::object(vec![("filter", filter.to_json()), ("first", first.to_json()), ("after", after.to_json())]);
    execute(&queries::HOUSEHOLDS, vars, token).await
}

/// One bulk page of map points; the map walks the cursors to the end.
/// The confirmed classifications colour the points by category or care
/// level (the server loads them for the whole page at once).
/// Only the first page asks for `totalCount`: each count is a query of its own.
pub async fn points(
    token: Option<String>,
    filter: HouseholdFilter,
    after: Option<String>,
) -> Result<Connection<HouseholdPoint>, ApiError> {
    let vars = json::object(vec![
        ("filter", filter.to_json()),
        ("first", BULK_PAGE_SIZE.to_json()),
        ("count", after.is_none().to_json()),
        ("after", after.to_json()),
    ]);
    execute(&queries::HOUSEHOLD_POINTS, vars, token).await
}

/// One household with its members; `None` when missing or out of reach.
pub async fn detail(token: Option<String>, id: String) -> Result<Option<HouseholdDetail>, ApiError> {
    let vars = json::object(vec![("id", id.to_json())]);
    missing_if_bad_id(execute(&queries::HOUSEHOLD, vars, token).await)
}

/// Replaces a household's facts; `version` is the one last read.
pub async fn update(token: Option<String>, id: String, version: i32, input: HouseholdInput) -> Result<Saved, ApiError> {
    let vars = json::object(vec![("id", id.to_json()), ("version", version.to_json()), ("input", input.to_json())]);
    execute(&queries::UPDATE_HOUSEHOLD, vars, token).await
}
