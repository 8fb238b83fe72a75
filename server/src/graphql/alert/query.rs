use async_graphql::{Context, Object};
use entity::alert;

use super::types::{Alert, AlertFilter};
use crate::{
    alerts as service,
    error::AppResult,
    graphql::{
        context::ContextExt as _,
        pagination::{self, Page},
    },
    policy,
};

#[derive(Default)]
pub struct AlertQuery;

#[Object]
impl AlertQuery {
    /// Mandatory-report alerts in the caller's jurisdiction, by grid or village, then oldest first.
    /// Every staff tier sees them; towns and the district acknowledge them.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn alerts(
        &self,
        ctx: &Context<'_>,
        filter: Option<AlertFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<Alert>> {
        let actor = ctx.actor()?;
        policy::lists::alerts(actor)?;
        let select = service::list(ctx.db(), actor, filter.unwrap_or_default().parse()?).await?;
        pagination::page_scoped(ctx.db(), select, (alert::Column::ScopeKey, alert::Column::Id), first, after, Alert)
            .await
    }
}
