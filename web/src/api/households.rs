//! Households: the paged table, the map's points, one household, its edits.

use serde::{Deserialize, Serialize};

use super::regions::region_with_trail;
use super::{ApiError, BULK_PAGE_SIZE, execute, missing_if_bad_id};
use crate::model::{Connection, EconomicStatus, HouseholdDetail, HouseholdPoint, HouseholdRow, Saved};

/// `HouseholdFilter`; empty fields are left out rather than sent as null.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdFilter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub economic_status: Option<EconomicStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_contains: Option<String>,
}

/// `HouseholdInput`: the whole household, as `updateHousehold` replaces it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdInput {
    pub region_id: String,
    pub address: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub economic_status: Option<EconomicStatus>,
}

#[derive(Serialize)]
struct PageVars<'a> {
    filter: &'a HouseholdFilter,
    first: u32,
    after: Option<String>,
}

/// One page of the household table.
pub async fn page(
    token: Option<String>,
    filter: HouseholdFilter,
    first: u32,
    after: Option<String>,
) -> Result<Connection<HouseholdRow>, ApiError> {
    const QUERY: &str = "query Households($filter: HouseholdFilter, $first: Int, $after: String) {
        households(filter: $filter, first: $first, after: $after) {
            totalCount
            nodes { id address economicStatus region { id name level } members { id name } }
            pageInfo { hasNextPage endCursor }
        }
    }";
    #[derive(Deserialize)]
    struct Data {
        households: Connection<HouseholdRow>,
    }
    let vars = PageVars { filter: &filter, first, after };
    let data: Data = execute("Households", QUERY, &vars, token).await?;
    Ok(data.households)
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
    const QUERY: &str =
        "query HouseholdPoints($filter: HouseholdFilter, $first: Int, $after: String, $count: Boolean!) {
        households(filter: $filter, first: $first, after: $after) {
            totalCount @include(if: $count)
            nodes {
                id lat lng economicStatus address
                classifications(status: [CONFIRMED]) { id category status careLevel }
            }
            pageInfo { hasNextPage endCursor }
        }
    }";
    #[derive(Serialize)]
    struct Vars<'a> {
        filter: &'a HouseholdFilter,
        first: u32,
        count: bool,
        after: Option<String>,
    }
    #[derive(Deserialize)]
    struct Data {
        households: Connection<HouseholdPoint>,
    }
    let vars = Vars { filter: &filter, first: BULK_PAGE_SIZE, count: after.is_none(), after };
    let data: Data = execute("HouseholdPoints", QUERY, &vars, token).await?;
    Ok(data.households)
}

/// One household with its members; `None` when missing or out of reach.
pub async fn detail(token: Option<String>, id: String) -> Result<Option<HouseholdDetail>, ApiError> {
    const QUERY: &str = concat!(
        "query Household($id: ID!) { household(id: $id) {
            id version address lat lng economicStatus createdAt updatedAt
            region { ",
        region_with_trail!(),
        " }
            members { id name sex age idNumber phone relationToHead residenceStatus }
        } }"
    );
    #[derive(Serialize)]
    struct Vars {
        id: String,
    }
    #[derive(Deserialize)]
    struct Data {
        household: Option<HouseholdDetail>,
    }
    missing_if_bad_id(execute("Household", QUERY, &Vars { id }, token).await.map(|data: Data| data.household))
}

/// Replaces a household's facts; `version` is the one last read.
pub async fn update(token: Option<String>, id: String, version: i32, input: HouseholdInput) -> Result<Saved, ApiError> {
    const QUERY: &str = "mutation UpdateHousehold($id: ID!, $version: Int!, $input: HouseholdInput!) {
        updateHousehold(id: $id, version: $version, input: $input) { id version }
    }";
    #[derive(Serialize)]
    struct Vars {
        id: String,
        version: i32,
        input: HouseholdInput,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        update_household: Saved,
    }
    let data: Data = execute("UpdateHousehold", QUERY, &Vars { id, version, input }, token).await?;
    Ok(data.update_household)
}
