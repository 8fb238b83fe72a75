//! The shapes the app reads from the GraphQL API.
//!
//! Fields the server's field policy may hide are `Option`s, and enums keep
//! an `Unknown` variant, so a newer server never breaks an older bundle.

mod care;
mod enums;
mod registry;

use serde::{Deserialize, Serialize};

pub use care::{Classification, DueVisit, Figures, Stats, VisitHousehold, WorkList, reason_text};
pub use enums::{
    CareLevel, Category, ClassificationStatus, DueReason, EconomicStatus, MaritalStatus, Need, Relation,
    ResidenceStatus, SelfCare, Sex, VisitKind,
};
pub use registry::{
    HouseholdDetail, HouseholdPoint, HouseholdRow, Member, PersonDetail, PersonRef, RegionCount, Saved,
};

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

impl Role {
    /// Whether the role keeps the registry; the server decides, this only
    /// spares the others buttons that would end in `FORBIDDEN`.
    pub fn edits_registry(self) -> bool {
        matches!(self, Self::Grid | Self::Village | Self::Town)
    }
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

impl RegionLevel {
    /// Levels that hold households directly; above them a region is
    /// summarised by its child regions.
    pub fn holds_households(self) -> bool {
        matches!(self, Self::Village | Self::Grid)
    }
}

/// A region as `regions`, `region` and `user.region` return it; `parent`
/// is asked for only where a breadcrumb needs it, and is `None` above the
/// caller's jurisdiction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    pub id: String,
    pub name: String,
    pub level: RegionLevel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rural: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lng: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Box<Region>>,
}

impl Region {
    /// The regions from the outermost visible ancestor down to this one.
    pub fn trail(&self) -> Vec<Region> {
        let mut trail = Vec::new();
        let mut next = Some(self);
        while let Some(r) = next {
            trail.push(Region { parent: None, ..r.clone() });
            next = r.parent.as_deref();
        }
        trail.reverse();
        trail
    }

    pub fn parent_id(&self) -> Option<&str> {
        self.parent.as_deref().map(|p| p.id.as_str())
    }
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

/// One page of a Relay connection. The app reads `nodes`: paging moves on
/// `pageInfo.endCursor`, so per-edge cursors would only add bytes.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection<T> {
    #[serde(default)]
    pub total_count: Option<i64>,
    pub nodes: Vec<T>,
    pub page_info: PageInfo,
}

impl<T> Connection<T> {
    /// The cursor of the next page, if there is one.
    pub fn next_cursor(&self) -> Option<String> {
        self.page_info.end_cursor.clone().filter(|_| self.page_info.has_next_page)
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}
