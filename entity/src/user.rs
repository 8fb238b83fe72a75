//! Staff accounts. Passwords are argon2id PHC strings, never plain text.

use sea_orm::entity::prelude::*;

use crate::{Approval, Role};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub region_id: Uuid,
    pub password_hash: String,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The two-person rule: `PENDING` and `REFUSED` accounts cannot log in.
    pub approval: Approval,
    /// The changes awaiting approval, comma-separated `AccountChange` codes.
    pub pending_changes: String,
    /// The admin whose change awaits approval; never its approver.
    pub approval_requested_by: Option<Uuid>,
    pub approval_requested_at: Option<DateTimeUtc>,
    pub refusal_reason: Option<String>,
    /// Carried by every login token; raising it ends every session at once.
    pub session_generation: i32,
}

impl Model {
    /// A new account in force from the start, as operators with database
    /// access create them (`liushou create-user`, the demo seed, test
    /// fixtures); accounts an admin creates go through the two-person rule.
    pub fn in_force_from_start(
        username: String,
        display_name: String,
        role: Role,
        region_id: Uuid,
        password_hash: String,
        now: DateTimeUtc,
    ) -> Self {
        Self {
            id: Uuid::now_v7(),
            username,
            display_name,
            role,
            region_id,
            password_hash,
            active: true,
            version: 1,
            created_at: now,
            updated_at: now,
            approval: Approval::Approved,
            pending_changes: String::new(),
            approval_requested_by: None,
            approval_requested_at: None,
            refusal_reason: None,
            session_generation: 0,
        }
    }

    /// Whether the account may log in and act: active and not awaiting (or
    /// refused) approval.
    pub fn in_force(&self) -> bool {
        self.active && self.approval == Approval::Approved
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
