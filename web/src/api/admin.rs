//! Administration: accounts and dashboard tokens in the admin's region.
//! No personal data.
//!
//! The lists are read as JSON values (`page_of_values`): one copy of the
//! fetching and table code for users, tokens and the audit log.

use super::{ApiError, execute, execute_once, field};
use crate::json::{self, ToJson, to_json};
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
#[derive(Clone, Debug, PartialEq)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub region_id: String,
    pub password: String,
}

to_json!(UserInput {
    username: "username",
    display_name: "displayName",
    role: "role",
    region_id: "regionId",
    password: "password",
});

pub async fn create_user(token: Option<String>, input: UserInput) -> Result<(), ApiError> {
    const QUERY: &str = "mutation CreateUser($input: UserInput!) { createUser(input: $input) { id } }";
    let vars = json::object(vec![("input", input.to_json())]);
    execute_once("CreateUser", QUERY, vars, token).await.map(drop)
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
    let vars = json::object(vec![
        ("name", name.to_json()),
        ("regionId", region_id.to_json()),
        ("expiresAt", expires_at.to_json()),
    ]);
    let data = execute_once("CreateApiToken", QUERY, vars, token).await?;
    Ok(field(data.raw(), "createApiToken.token").to_owned())
}

pub async fn revoke_api_token(token: Option<String>, id: String) -> Result<(), ApiError> {
    const QUERY: &str = "mutation RevokeApiToken($id: ID!) { revokeApiToken(id: $id) }";
    let vars = json::object(vec![("id", id.to_json())]);
    execute("RevokeApiToken", QUERY, vars, token).await.map(drop)
}
