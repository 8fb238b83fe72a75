use async_graphql::{Context, Object};
use entity::audit_log;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::types::{AuditEntry, AuditFilter};
use crate::{
    error::AppResult,
    graphql::{
        context::ContextExt as _,
        ids::parse_opt,
        pagination::{self, Page},
    },
    policy::{self, Action, scope},
};

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// ADMIN and DISTRICT: audit entries of actors in the caller's region
    /// (and of the system and anonymous callers), newest first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<AuditEntry>> {
        let actor = ctx.actor()?;
        policy::may(actor, Action::ReadAudit)?;
        let f = filter.unwrap_or_default();
        let mut select = audit_log::Entity::find().filter(scope::audit(actor));
        if let Some(id) = parse_opt(f.actor_id.as_ref(), "filter.actorId")? {
            select = select.filter(audit_log::Column::ActorId.eq(id));
        }
        if let Some(id) = parse_opt(f.target_id.as_ref(), "filter.targetId")? {
            select = select.filter(audit_log::Column::TargetId.eq(id));
        }
        if let Some(id) = parse_opt(f.person_id.as_ref(), "filter.personId")? {
            select = select.filter(audit_log::Column::PersonId.eq(id));
        }
        if let Some(action) = f.action.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            select = select.filter(audit_log::Column::Action.eq(action));
        }
        if let Some(from) = f.from {
            select = select.filter(audit_log::Column::At.gte(from));
        }
        if let Some(to) = f.to {
            select = select.filter(audit_log::Column::At.lt(to));
        }
        pagination::page_ordered(ctx.db(), select, audit_log::Column::Id, first, after, AuditEntry, true).await
    }
}
