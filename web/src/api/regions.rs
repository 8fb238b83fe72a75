//! Regions: the tree the user drills through, and the counts that compare
//! its branches.

use serde_json::{Map, Value};

use super::{ApiError, execute, missing_if_bad_id, queries};
use crate::json::{self, ToJson};
use crate::model::{Region, RegionCount};

/// Regions per counting request: two aliased counts each, well inside the
/// server's limit of 30 aliases per request.
pub(super) const COUNT_BATCH: usize = 10;

/// Children of `parent_id`, or the caller's own root region without one.
pub async fn children(token: Option<String>, parent_id: Option<String>) -> Result<Vec<Region>, ApiError> {
    let vars = json::object(vec![("parentId", parent_id.to_json())]);
    execute(&queries::REGIONS, vars, token).await
}

/// One region with its visible ancestors; `None` when missing or outside
/// the caller's jurisdiction.
pub async fn region(token: Option<String>, id: String) -> Result<Option<Region>, ApiError> {
    let vars = json::object(vec![("id", id.to_json())]);
    missing_if_bad_id(execute(&queries::REGION, vars, token).await)
}

/// Households and people in each region's subtree, from `totalCount`:
/// one request per batch of regions, with aliased fields.
pub async fn counts(token: Option<String>, regions: Vec<Region>) -> Result<Vec<RegionCount>, ApiError> {
    let mut counted = Vec::with_capacity(regions.len());
    for batch in regions.chunks(COUNT_BATCH) {
        let vars: Map<String, Value> =
            batch.iter().enumerate().map(|(i, region)| (format!("r{i}"), Value::String(region.id.clone()))).collect();
        let data = execute(&queries::region_counts(batch.len()), Value::Object(vars), token.clone()).await?;
        for (i, region) in batch.iter().enumerate() {
            counted.push(RegionCount {
                region: region.clone(),
                households: total(&data, &format!("h{i}"))?,
                people: total(&data, &format!("p{i}"))?,
            });
        }
    }
    Ok(counted)
}

fn total(data: &Value, alias: &str) -> Result<i64, ApiError> {
    data.get(alias).and_then(|v| v.get("totalCount")).and_then(Value::as_i64).ok_or(ApiError::Decode)
}
