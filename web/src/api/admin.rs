//! Administration: accounts in the admin's region. No personal data.

use serde::{Deserialize, Serialize};

use super::{ApiError, execute};
use crate::model::{Connection, Region, Role};

/// A page of accounts.
pub async fn users(token: Option<String>, after: Option<String>) -> Result<Connection<UserRow>, ApiError> {
    const QUERY: &str = "query Users($after: String) { users(first: 100, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { id username displayName role active region { id name level } }
    } }";
    #[derive(Serialize)]
    struct Vars {
        after: Option<String>,
    }
    #[derive(Deserialize)]
    struct Data {
        users: Connection<UserRow>,
    }
    let data: Data = execute("Users", QUERY, &Vars { after }, token).await?;
    Ok(data.users)
}

/// An account as the list shows it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub region: Option<Region>,
    pub active: bool,
}

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
