//! Administration: accounts in the admin's region. No personal data.

use super::{ApiError, execute};
use crate::json::{self, ToJson, from_json, to_json};
use crate::model::{Connection, Region, Role};

/// A page of accounts.
pub async fn users(token: Option<String>, after: Option<String>) -> Result<Connection<UserRow>, ApiError> {
    const QUERY: &str = "query Users($after: String) { users(first: 100, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { id username displayName role active region { id name level } }
    } }";
    let vars = json::object(vec![("after", after.to_json())]);
    execute("Users", QUERY, vars, token).await?.get("users")
}

/// An account as the list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub region: Option<Region>,
    pub active: bool,
}

from_json!(UserRow {
    id: "id",
    username: "username",
    display_name: "displayName",
    role: "role",
    region: "region",
    active: "active",
});

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
    execute("CreateUser", QUERY, vars, token).await.map(drop)
}
