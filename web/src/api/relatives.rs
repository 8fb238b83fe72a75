//! Relatives not registered here, written through the person they belong to.

use super::{ApiError, execute, queries};
use crate::json::{self, ToJson, to_json};
use crate::model::{KinRelation, Saved};

/// `RelativeInput`: the whole relative, as `updateRelative` replaces it.
#[derive(Clone, Debug, PartialEq)]
pub struct RelativeInput {
    pub relation: KinRelation,
    pub away_since: Option<String>,
    pub outside_county: Option<bool>,
    pub deceased: Option<bool>,
    pub guardianship_capable: Option<bool>,
    pub note: Option<String>,
}

to_json!(RelativeInput {
    relation: "relation",
    away_since: "awaySince",
    outside_county: "outsideCounty",
    deceased: "deceased",
    guardianship_capable: "guardianshipCapable",
    note: "note",
});

pub async fn add(token: Option<String>, person_id: String, input: RelativeInput) -> Result<Saved, ApiError> {
    let vars = json::object(vec![("personId", person_id.to_json()), ("input", input.to_json())]);
    execute(&queries::ADD_RELATIVE, vars, token).await
}

/// Replaces a relative's facts; `version` is the one last read.
pub async fn update(token: Option<String>, id: String, version: i32, input: RelativeInput) -> Result<Saved, ApiError> {
    let vars = json::object(vec![("id", id.to_json()), ("version", version.to_json()), ("input", input.to_json())]);
    execute(&queries::UPDATE_RELATIVE, vars, token).await
}

pub async fn remove(token: Option<String>, id: String, version: i32) -> Result<(), ApiError> {
    let vars = json::object(vec![("id", id.to_json()), ("version", version.to_json())]);
    execute(&queries::REMOVE_RELATIVE, vars, token).await.map(drop)
}
