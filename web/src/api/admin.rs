//! Administration: accounts and dashboard tokens in the admin's region.
//! No personal data.
//!
//! The lists are read as JSON values (`page_of_values` over
//! `queries::USERS`, `queries::API_TOKENS`, `queries::PENDING_ACCOUNTS`):
//! one copy of the fetching and table code for users, tokens and the audit log.

use super::{ApiError, execute, execute_once, queries};
use crate::json::{self, ToJson, decoded, to_json};
use crate::model::Role;

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
    let vars = json::object(vec![("input", input.to_json())]);
    Ok(execute_once(&queries::CREATE_USER, vars, token).await?.status)
}

decoded! {
    /// What `createUser` answers.
    pub struct CreatedAccount {
        pub status: String = "status",
    }
}

decoded! {
    /// What `createApiToken` answers: the secret, shown only here.
    pub struct CreatedToken {
        pub token: String = "token",
    }
}

/// Approves (`reason` is `None`) or refuses an account at the version shown.
pub async fn decide_account(
    token: Option<String>,
    id: String,
    version: i64,
    reason: Option<String>,
) -> Result<(), ApiError> {
    let query = if reason.is_none() { &queries::APPROVE_ACCOUNT } else { &queries::REFUSE_ACCOUNT };
    let mut vars = vec![("id", id.to_json()), ("version", version.to_json())];
    if let Some(reason) = reason {
        vars.push(("reason", reason.to_json()));
    }
    execute(query, json::object(vars), token).await.map(drop)
}

/// Creates a token and returns its secret, which the server shows only
/// in this answer. `expires_at` is RFC 3339, `None` for no expiry.
pub async fn create_api_token(
    token: Option<String>,
    name: String,
    region_id: String,
    expires_at: Option<String>,
) -> Result<String, ApiError> {
    let vars = json::object(vec![
        ("name", name.to_json()),
        ("regionId", region_id.to_json()),
        ("expiresAt", expires_at.to_json()),
    ]);
    Ok(execute_once(&queries::CREATE_API_TOKEN, vars, token).await?.token)
}

pub async fn revoke_api_token(token: Option<String>, id: String) -> Result<(), ApiError> {
    let vars = json::object(vec![("id", id.to_json())]);
    execute(&queries::REVOKE_API_TOKEN, vars, token).await.map(drop)
}
