use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{Role, region, user};
use sea_orm::EntityTrait as _;

use crate::{
    error::AppResult,
    graphql::{context::ContextExt as _, ids::to_id, region::types::Region},
};

/// A staff account. Never carries the password hash.
pub struct User(pub user::Model);

#[Object]
impl User {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    async fn username(&self) -> &str {
        &self.0.username
    }

    async fn display_name(&self) -> &str {
        &self.0.display_name
    }

    async fn role(&self) -> Role {
        self.0.role
    }

    /// The region whose subtree the user may see.
    async fn region(&self, ctx: &Context<'_>) -> AppResult<Option<Region>> {
        let region = match ctx.loaders() {
            Ok(loaders) => loaders.region.load_one(self.0.region_id).await?,
            // The `login` payload: the request carried no token yet, and the
            // user has just proven who they are.
            Err(_) => region::Entity::find_by_id(self.0.region_id).one(ctx.db()).await?,
        };
        Ok(region.map(Region::from))
    }

    async fn active(&self) -> bool {
        self.0.active
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// The result of a successful `login`.
#[derive(SimpleObject)]
pub struct AuthPayload {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    /// The user's own profile, region included.
    pub user: User,
}

/// A new staff account.
#[derive(async_graphql::InputObject, Debug, Clone)]
pub struct UserInput {
    /// 3–32 lower-case letters, digits, `_`, `.` or `-`.
    pub username: String,
    pub display_name: String,
    /// GRID, VILLAGE, TOWN, DISTRICT or ADMIN (dashboards use API tokens).
    pub role: Role,
    /// A region at the role's level, inside the admin's own region.
    pub region_id: ID,
    /// At least 10 characters.
    pub password: String,
}

/// Changes to an account; omitted fields stay as they are.
#[derive(async_graphql::InputObject, Debug, Clone, Default)]
pub struct UserUpdateInput {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub region_id: Option<ID>,
    /// `false` deactivates the account; its tokens stop working at once.
    pub active: Option<bool>,
    /// A password reset.
    pub password: Option<String>,
}
