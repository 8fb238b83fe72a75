//! The scoped, filtered select behind `auditLog`.

use chrono::{DateTime, Utc};
use entity::audit_log;
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, Select};
use uuid::Uuid;

use crate::{
    auth::Actor,
    error::AppResult,
    policy::{self, Action, scope},
};

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor_id: Option<Uuid>,
    /// The record acted on (household, person, user, token…).
    pub target_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub action: Option<String>,
    /// At or after.
    pub from: Option<DateTime<Utc>>,
    /// Before.
    pub to: Option<DateTime<Utc>>,
}

/// Entries of actors in the caller's region (and of the system and
/// anonymous callers) matching `filter`.
pub fn list(actor: &Actor, filter: AuditFilter) -> AppResult<Select<audit_log::Entity>> {
    policy::may(actor, Action::ReadAudit)?;
    let mut select = audit_log::Entity::find().filter(scope::audit(actor));
    if let Some(id) = filter.actor_id {
        select = select.filter(audit_log::Column::ActorId.eq(id));
    }
    if let Some(id) = filter.target_id {
        select = select.filter(audit_log::Column::TargetId.eq(id));
    }
    if let Some(id) = filter.person_id {
        select = select.filter(audit_log::Column::PersonId.eq(id));
    }
    if let Some(action) = filter.action.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        select = select.filter(audit_log::Column::Action.eq(action));
    }
    if let Some(from) = filter.from {
        select = select.filter(audit_log::Column::At.gte(from));
    }
    if let Some(to) = filter.to {
        select = select.filter(audit_log::Column::At.lt(to));
    }
    Ok(select)
}
