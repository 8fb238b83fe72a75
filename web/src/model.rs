//! The shapes the app reads from the GraphQL API.
//!
//! Fields the server's field policy may hide are `Option`s, and enums keep
//! an `Unknown` variant, so a newer server never breaks an older bundle.

mod care;
mod enums;
mod registry;

use serde_json::Value;

use crate::json::{self, Decoded, FromJson, decoded};

pub use care::{Classification, DuePage, DueVisit, Figures, Reason, Stats, VisitHousehold, WorkList, reason_text};
#[cfg(test)]
pub use enums::API_ENUMS;
pub use enums::{
    AlertKind, AlertStatus, CareLevel, Category, ClassificationStatus, DueReason, EconomicStatus, KinRelation,
    MaritalStatus, Need, RegionLevel, Relation, ResidenceStatus, Role, SelfCare, Sex, VisitKind,
};
pub use registry::{
    HouseholdDetail, HouseholdPoint, HouseholdRow, Member, PersonDetail, PersonRef, RegionCount, Relative, Saved,
};

decoded! {
    #[to_json]
    /// A region as `regions`, `region` and `user.region` return it; `parent`
    /// is asked for only where a breadcrumb needs it, and is `None` above the
    /// caller's jurisdiction.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Region {
        pub id: String = "id",
        pub name: String = "name",
        pub level: RegionLevel = "level",
        pub code: Option<String> = "code",
        pub rural: Option<bool> = "rural",
        pub lat: Option<f64> = "lat",
        pub lng: Option<f64> = "lng",
        pub parent: Option<Box<Region>> = "parent",
    }
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

decoded! {
    #[to_json]
    /// The signed-in user.
    #[derive(Clone, Debug, PartialEq)]
    pub struct User {
        pub id: String = "id",
        pub username: String = "username",
        pub display_name: String = "displayName",
        pub role: Role = "role",
        /// The root of what the user may see; `None` for an account without one.
        pub region: Option<Region> = "region",
        pub can: Capabilities = "can",
    }
}

decoded! {
    #[to_json]
    /// What the user's role may do, as the server's policy says (`User.can`):
    /// the app offers pages and buttons by these and keeps no copy of the
    /// policy. The server still checks every request.
    #[derive(Clone, Debug, Default, PartialEq, Eq)]
    pub struct Capabilities {
        pub read_registry: bool = "readRegistry",
        pub edit_registry: bool = "editRegistry",
        pub decide_classifications: bool = "decideClassifications",
        pub record_visits: bool = "recordVisits",
        pub acknowledge_alerts: bool = "acknowledgeAlerts",
        pub read_stats: bool = "readStats",
        pub reveal_id_numbers: bool = "revealIdNumbers",
        pub manage_users: bool = "manageUsers",
        pub read_audit: bool = "readAudit",
        pub approve_accounts: bool = "approveAccounts",
        pub read_spot_checks: bool = "readSpotChecks",
        pub run_spot_checks: bool = "runSpotChecks",
        pub answer_spot_checks: bool = "answerSpotChecks",
        /// The kinds of visit the role may record; the visit form offers these.
        pub visit_kinds: Vec<VisitKind> = "visitKinds",
    }
}

decoded! {
    #[to_json]
    /// What `login` returns; kept as the session.
    #[derive(Clone, Debug, PartialEq)]
    pub struct AuthPayload {
        pub token: String = "token",
        /// RFC 3339.
        pub expires_at: String = "expiresAt",
        pub user: User = "user",
    }
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

decoded! {
    #[derive(Clone, Debug, PartialEq)]
    pub struct PageInfo {
        pub has_next_page: bool = "hasNextPage",
        pub end_cursor: Option<String> = "endCursor",
    }
}

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

#[cfg(test)]
impl<T: json::Describe> json::Describe for Connection<T> {
    fn shape() -> json::Shape {
        json::Shape::Object(vec![("totalCount", i64::shape), ("nodes", T::shape), ("pageInfo", PageInfo::shape)])
    }
}
