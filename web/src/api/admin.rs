//! Administration: accounts and dashboard tokens in the admin's region.
//! No personal data.
//!
//! The token operations build their variables as JSON and read the answer
//! as JSON, like `page_of_values`: no serde code of their own.

use serde::Serialize;
use serde_json::{Map, Value};

use super::{ApiError, execute, field, post};
use crate::model::Role;

/// The accounts of the admin's region, for `page_of_values`.
pub const USERS: (&str, &str) = (
    "Users",
    "query Users($first: Int, $after: String) { users(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { username displayName role active region { id name } }
    } }",
);

/// `UserInput`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub region_id: String,
    pub password: String,
}

pub async fn create_user(token: Option<String>, input: UserInput) -> Result<(), ApiError> {
    const QUERY: &str = "mutation CreateUser($input: UserInput!) { createUser(input: $input) { id } }";
    #[derive(Serialize)]
    struct Vars {
        input: UserInput,
    }
    let _: serde_json::Value = execute("CreateUser", QUERY, &Vars { input }, token).await?;
    Ok(())
}

/// The tokens of the admin's region, oldest first, for `page_of_values`.
pub const API_TOKENS: (&str, &str) = (
    "ApiTokens",
    "query ApiTokens($first: Int, $after: String) { apiTokens(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { id name createdAt expiresAt revokedAt region { id name } }
    } }",
);

/// Creates a token and returns its secret, which the server shows only
/// in this answer. `expires_at` is RFC 3339, `None` for no expiry.
pub async fn create_api_token(
    token: Option<String>,
    name: String,
    region_id: String,
    expires_at: Option<String>,
) -> Result<String, ApiError> {
    const QUERY: &str = "mutation CreateApiToken($name: String!, $regionId: ID!, $expiresAt: DateTime) {
        createApiToken(name: $name, regionId: $regionId, expiresAt: $expiresAt) { token }
    }";
    let mut vars = Map::new();
    vars.insert("name".into(), name.into());
    vars.insert("regionId".into(), region_id.into());
    vars.insert("expiresAt".into(), expires_at.into());
    let data = post("CreateApiToken", QUERY, Value::Object(vars), token).await?;
    Ok(field(&data, "createApiToken.token").to_owned())
}

pub async fn revoke_api_token(token: Option<String>, id: String) -> Result<(), ApiError> {
    const QUERY: &str = "mutation RevokeApiToken($id: ID!) { revokeApiToken(id: $id) }";
    let mut vars = Map::new();
    vars.insert("id".into(), id.into());
    post("RevokeApiToken", QUERY, Value::Object(vars), token).await?;
    Ok(())
}
