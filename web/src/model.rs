//! The shapes the app reads from the GraphQL API.
//!
//! Fields the server's field policy may hide are `Option`s, and enums keep
//! an `Unknown` variant, so a newer server never breaks an older bundle.

mod care;
mod enums;
mod registry;

use serde_json::Value;

use crate::json::{self, Decoded, FromJson, from_json, to_json};

pub use care::{Classification, DueVisit, Figures, Reason, Stats, VisitHousehold, WorkList, reason_text};
pub use enums::{
    AlertKind, AlertStatus, CareLevel, Category, ClassificationStatus, DueReason, EconomicStatus, MaritalStatus, Need,
    RegionLevel, Relation, ResidenceStatus, Role, SelfCare, Sex, VisitKind,
};
pub use registry::{
    HouseholdDetail, HouseholdPoint, HouseholdRow, Member, PersonDetail, PersonRef, RegionCount, Saved,
};

/// A region as `regions`, `region` and `user.region` return it; `parent`
/// is asked for only where a breadcrumb needs it, and is `None` above the
/// caller's jurisdiction.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    pub id: String,
    pub name: String,
    pub level: RegionLevel,
    pub code: Option<String>,
    pub rural: Option<bool>,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
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
#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The root of what the user may see; `None` for an account without one.
    pub region: Option<Region>,
}

/// What `login` returns; kept as the session.
#[derive(Clone, Debug, PartialEq)]
pub struct AuthPayload {
    pub token: String,
    /// RFC 3339.
    pub expires_at: String,
    pub user: User,
}

/// One page of a Relay connection. The app reads `nodes`: paging moves on
/// `pageInfo.endCursor`, so per-edge cursors would only add bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct Connection<T> {
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

#[derive(Clone, Debug, PartialEq)]
pub struct PageInfo {
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}

from_json!(Region {
    id: "id",
    name: "name",
    level: "level",
    code: "code",
    rural: "rural",
    lat: "lat",
    lng: "lng",
    parent: "parent"
});
to_json!(Region {
    id: "id",
    name: "name",
    level: "level",
    code: "code",
    rural: "rural",
    lat: "lat",
    lng: "lng",
    parent: "parent"
});
from_json!(User { id: "id", username: "username", display_name: "displayName", role: "role", region: "region" });
to_json!(User { id: "id", username: "username", display_name: "displayName", role: "role", region: "region" });
from_json!(AuthPayload { token: "token", expires_at: "expiresAt", user: "user" });
to_json!(AuthPayload { token: "token", expires_at: "expiresAt", user: "user" });
from_json!(PageInfo { has_next_page: "hasNextPage", end_cursor: "endCursor" });

// By hand: the macro takes no generics, and this is the only generic shape.
impl<T: FromJson> FromJson for Connection<T> {
    fn from_json(value: &Value) -> Decoded<Self> {
        Ok(Self {
            total_count: json::field(value, "totalCount")?,
            nodes: json::field(value, "nodes")?,
            page_info: json::field(value, "pageInfo")?,
        })
    }
}
