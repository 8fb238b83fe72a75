use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{AccountChange, Approval, Role, region, user};
use sea_orm::EntityTrait as _;

use super::capabilities::Capabilities;
use crate::{
    accounts::admin::{NewUser, UserChange},
    error::{AppResult, FieldErrors},
    graphql::{
        context::ContextExt as _,
        ids::{self, to_id},
        region::types::Region,
        user::staff::{StaffMember, staff},
    },
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

    /// What the account's role may do, from the server's policy.
    async fn can(&self) -> Capabilities {
        Capabilities::of(self.0.role)
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

    /// Whether the account can be used, and if not, why.
    async fn status(&self) -> AccountStatus {
        match (self.0.active, self.0.approval) {
            (false, _) => AccountStatus::Inactive,
            (true, Approval::Approved) => AccountStatus::Active,
            (true, Approval::Pending) => AccountStatus::Pending,
            (true, Approval::Refused) => AccountStatus::Refused,
        }
    }

    /// The admins' changes awaiting (or refused) approval.
    async fn pending_changes(&self) -> Vec<AccountChange> {
        AccountChange::parse_list(&self.0.pending_changes)
    }

    /// The admin who asked for the pending changes.
    async fn approval_requested_by(&self, ctx: &Context<'_>) -> AppResult<Option<StaffMember>> {
        staff(ctx, self.0.approval_requested_by).await
    }

    async fn approval_requested_at(&self) -> Option<DateTime<Utc>> {
        self.0.approval_requested_at
    }

    /// Why the approver refused, while the account stays refused.
    async fn refusal_reason(&self) -> Option<&str> {
        self.0.refusal_reason.as_deref()
    }

    /// For `approveAccount` and `refuseAccount`: the state that was reviewed.
    async fn version(&self) -> i32 {
        self.0.version
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// Whether an account can be used.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountStatus {
    /// In force: the user can log in.
    Active,
    /// Awaiting a second person's approval of an admin's change (待审核).
    Pending,
    /// The approver refused the admin's change; out of force until an admin
    /// changes the account again, which re-submits it.
    Refused,
    /// Deactivated by an admin.
    Inactive,
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

impl UserInput {
    pub fn parse(self) -> AppResult<NewUser> {
        Ok(NewUser {
            region_id: ids::parse_id(&self.region_id, "regionId")?,
            username: self.username,
            display_name: self.display_name,
            role: self.role,
            password: self.password,
        })
    }
}

impl UserUpdateInput {
    pub fn parse(self) -> AppResult<UserChange> {
        let mut e = FieldErrors::default();
        let region_id = ids::collect(&mut e, self.region_id.as_ref(), "regionId");
        e.into_result()?;
        Ok(UserChange {
            display_name: self.display_name,
            role: self.role,
            region_id,
            active: self.active,
            password: self.password,
        })
    }
}
