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
        nodes { username displayName role status refusalReason region { id name } }
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

/// Creates an account and returns its status: `PENDING` for one that reads
/// personal data until a town or the district approves it.
pub async fn create_user(token: Option<String>, input: UserInput) -> Result<String, ApiError> {
    const QUERY: &str = "mutation CreateUser($input: UserInput!) { createUser(input: $input) { status } }";
    let vars = json::object(vec![("input", input.to_json())]);
    let data = execute_once("CreateUser", QUERY, vars, token).await?;
    Ok(field(data.raw(), "createUser.status").to_owned())
}

/// The accounts awaiting the caller's approval, for `page_of_values`.
pub const PENDING_ACCOUNTS: (&str, &str) = (
    "PendingAccounts",
    "query PendingAccounts($first: Int, $after: String) { pendingAccounts(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { id version username displayName role pendingChanges approvalRequestedAt
            approvalRequestedBy { displayName role } region { name } }
    } }",
);

/// Approves (`reason` is `None`) or refuses an account at the version shown.
pub async fn decide_account(
    token: Option<String>,
    id: String,
    version: i64,
    reason: Option<String>,
) -> Result<(), ApiError> {
    let (name, query) = match reason {
        None => (
            "ApproveAccount",
            "mutation ApproveAccount($id: ID!, $version: Int!) { approveAccount(id: $id, version: $version) { status } }",
        ),
        Some(_) => (
            "RefuseAccount",
            "mutation RefuseAccount($id: ID!, $version: Int!, $reason: String!) { refuseAccount(id: $id, version: $version, reason: $reason) { status } }",
        ),
    };
    let mut vars = vec![("id", id.to_json()), ("version", version.to_json())];
    if let Some(reason) = reason {
        vars.push(("reason", reason.to_json()));
    }
    execute(name, query, json::object(vars), token).await.map(drop)
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
