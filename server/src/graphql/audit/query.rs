use async_graphql::{Context, Object};
use entity::audit_log;

use super::types::{AuditEntry, AuditFilter};
use crate::{
    audit,
    error::AppResult,
    graphql::{
        context::ContextExt as _,
        pagination::{self, Page},
    },
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
        let select = audit::list::list(ctx.actor()?, filter.unwrap_or_default().parse()?)?;
        pagination::page_ordered(ctx.db(), select, audit_log::Column::Id, first, after, AuditEntry, true).await
    }
}
