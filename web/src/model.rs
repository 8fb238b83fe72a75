//! The shapes the app reads from the GraphQL API.
//!
//! Fields the server's field policy may hide are `Option`s, and enums keep
//! an `Unknown` variant, so a newer server never breaks an older bundle.

use serde::{Deserialize, Serialize};

/// A user's role; decides what the server lets them see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    Grid,
    Village,
    Town,
    District,
    Admin,
    Dashboard,
    #[serde(other)]
    Unknown,
}

/// The level of a region in the district → town → village → grid tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RegionLevel {
    District,
    Town,
    Village,
    Grid,
    #[serde(other)]
    Unknown,
}

/// A household's economic status (低保 / 特困 / 一般).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EconomicStatus {
    Dibao,
    Tekun,
    General,
    #[serde(other)]
    Unknown,
}

/// A region as `regions` and `user.region` return it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    pub id: String,
    pub name: String,
    pub level: RegionLevel,
    /// The administrative code; only asked for in the region browser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// The signed-in user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The root of what the user may see; `None` for an account without one.
    pub region: Option<Region>,
}

/// What `login` returns; kept as the session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthPayload {
    pub token: String,
    /// RFC 3339.
    pub expires_at: String,
    pub user: User,
}

/// One page of `households`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdPage {
    pub total_count: i64,
    pub edges: Vec<Edge<Household>>,
    pub page_info: PageInfo,
}

/// An edge of a connection; its `cursor` is not kept, pages move on
/// `pageInfo.endCursor`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Edge<T> {
    pub node: T,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}

/// A household row of the list.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Household {
    pub id: String,
    pub address: Option<String>,
    pub region: Option<RegionName>,
    pub economic_status: Option<EconomicStatus>,
    #[serde(default)]
    pub members: Vec<Member>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RegionName {
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Member {
    pub name: Option<String>,
}
