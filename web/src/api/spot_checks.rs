//! District spot checks (随机抽查): rounds, one round with its sample,
//! rates and findings, and the steps of a round. Answers stay JSON
//! values, as on the reports page.

use serde_json::{Value, json};

use super::queries;
use super::{ApiError, execute};

pub async fn rounds(token: Option<String>) -> Result<Value, ApiError> {
    execute(&queries::SPOT_CHECK_ROUNDS, json!({}), token).await
}

/// One round with every one of its items (a page of 100 at a time: a
/// round of 10 households in each of 20 towns is two).
pub async fn round(token: Option<String>, id: String) -> Result<Value, ApiError> {
    let mut round = execute(&queries::SPOT_CHECK_ROUND, json!({ "id": id }), token.clone()).await?;
    let mut page = round["items"]["pageInfo"].clone();
    while page["hasNextPage"] == true {
        let vars = json!({ "id": id, "after": page["endCursor"] });
        let next = execute(&queries::SPOT_CHECK_ITEMS, vars, token.clone()).await?;
        let nodes = next["items"]["nodes"].as_array().cloned().unwrap_or_default();
        if nodes.is_empty() {
            break;
        }
        if let Some(all) = round["items"]["nodes"].as_array_mut() {
            all.extend(nodes);
        }
        page = next["items"]["pageInfo"].clone();
    }
    Ok(round)
}

/// Draws the quarter's round and answers its id. `seed` empty draws a
/// fresh one; a seed that is not a number goes to the server as it is,
/// which names the field.
pub async fn draw(
    token: Option<String>,
    quarter: String,
    per_town: i64,
    classified: Option<i64>,
    seed: Option<i64>,
) -> Result<String, ApiError> {
    let strata = classified.map(|c| json!({ "classified": c }));
    let vars = json!({ "q": quarter, "n": per_town, "st": strata, "s": seed });
    let made = execute(&queries::DRAW_SPOT_CHECK, vars, token).await?;
    Ok(made["id"].as_str().unwrap_or_default().to_owned())
}

/// Records a re-visit: `findings` are `SpotCheckFindingInput`s.
pub async fn record(
    token: Option<String>,
    item: String,
    household: String,
    visited_at: String,
    notes: Option<String>,
    findings: Vec<Value>,
) -> Result<(), ApiError> {
    let visit = json!({ "householdId": household, "kind": "SPOT_CHECK", "visitedAt": visited_at, "findings": notes });
    execute(&queries::RECORD_SPOT_CHECK, json!({ "item": item, "v": visit, "f": findings }), token).await.map(drop)
}

pub async fn close(token: Option<String>, id: String, version: i64) -> Result<(), ApiError> {
    execute(&queries::CLOSE_SPOT_CHECK, json!({ "id": id, "v": version }), token).await.map(drop)
}

pub async fn answer(token: Option<String>, id: String, version: i64, note: String) -> Result<(), ApiError> {
    execute(&queries::ANSWER_SPOT_CHECK, json!({ "id": id, "v": version, "n": note }), token).await.map(drop)
}
