//! Regions: the tree the user drills through, and the counts that compare
//! its branches.

use serde_json::{Map, Value};

use super::{ApiError, execute, missing_if_bad_id};
use crate::json::{self, ToJson};
use crate::model::{Region, RegionCount};

/// The fields of a region shown on a page, with its ancestors up to the
/// caller's root for the breadcrumb (the tree is four levels deep).
macro_rules! region_with_trail {
    () => {
        "id name level code rural lat lng \
         parent { id name level parent { id name level parent { id name level } } }"
    };
}
pub(crate) use region_with_trail;

/// Regions per counting request: two aliased counts each, well inside the
/// server's limit of 30 aliases per request.
const COUNT_BATCH: usize = 10;

/// Children of `parent_id`, or the caller's own root region without one.
pub async fn children(token: Option<String>, parent_id: Option<String>) -> Result<Vec<Region>, ApiError> {
    const QUERY: &str = "query Regions($parentId: ID) {
        regions(parentId: $parentId) { id name level code rural lat lng }
    }";
    let vars = json::object(vec![("parentId", parent_id.to_json())]);
    execute("Regions", QUERY, vars, token).await?.get("regions")
}

/// One region with its visible ancestors; `None` when missing or outside
/// the caller's jurisdiction.
pub async fn region(token: Option<String>, id: String) -> Result<Option<Region>, ApiError> {
    const QUERY: &str = concat!("query Region($id: ID!) { region(id: $id) { ", region_with_trail!(), " } }");
    let vars = json::object(vec![("id", id.to_json())]);
    missing_if_bad_id(execute("Region", QUERY, vars, token).await.and_then(|data| data.get("region")))
}

/// Households and people in each region's subtree, from `totalCount`:
/// one request per batch of regions, with aliased fields.
pub async fn counts(token: Option<String>, regions: Vec<Region>) -> Result<Vec<RegionCount>, ApiError> {
    let mut counted = Vec::with_capacity(regions.len());
    for batch in regions.chunks(COUNT_BATCH) {
        let (query, vars) = count_query(batch);
        let data = execute("RegionCounts", &query, Value::Object(vars), token.clone()).await?;
        for (i, region) in batch.iter().enumerate() {
            counted.push(RegionCount {
                region: region.clone(),
                households: total(data.raw(), &format!("h{i}"))?,
                people: total(data.raw(), &format!("p{i}"))?,
            });
        }
    }
    Ok(counted)
}

/// `query RegionCounts($r0: ID, ..) { h0: households(..) { totalCount } p0: people(..) .. }`;
/// `first: 0` because only the count is wanted.
fn count_query(batch: &[Region]) -> (String, Map<String, Value>) {
    let params: Vec<String> = (0..batch.len()).map(|i| format!("$r{i}: ID")).collect();
    let mut query = format!("query RegionCounts({}) {{", params.join(", "));
    let mut vars = Map::new();
    for (i, region) in batch.iter().enumerate() {
        query.push_str(&format!(
            " h{i}: households(filter: {{ regionId: $r{i} }}, first: 0) {{ totalCount }} \
             p{i}: people(filter: {{ regionId: $r{i} }}, first: 0) {{ totalCount }}"
        ));
        vars.insert(format!("r{i}"), Value::String(region.id.clone()));
    }
    query.push_str(" }");
    (query, vars)
}

fn total(data: &Value, alias: &str) -> Result<i64, ApiError> {
    data.get(alias).and_then(|v| v.get("totalCount")).and_then(Value::as_i64).ok_or(ApiError::Decode)
}
