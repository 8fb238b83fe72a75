use async_graphql::{Context, ID, Object};
use entity::visit;
use sea_orm::{ColumnTrait as _, QueryFilter as _};
use uuid::Uuid;

use super::types::{Visit, VisitFilter};
use crate::{
    error::AppResult,
    graphql::{
        context::ContextExt as _,
        ids::parse_id,
        pagination::{self, Page},
        sensitive::{self, Kind},
    },
    visits::list::{self as visits, visible},
};

#[derive(Default)]
pub struct VisitQuery;

/// The visits to one household, for `Household.visits`.
pub async fn of_household(
    ctx: &Context<'_>,
    household: Uuid,
    first: Option<i32>,
    after: Option<String>,
) -> AppResult<Page<Visit>> {
    let select = visible(ctx.actor()?)?.filter(visit::Column::HouseholdId.eq(household));
    pagination::page_scoped(ctx.db(), select, (visit::Column::ScopeKey, visit::Column::Id), first, after, Visit).await
}

#[Object]
impl VisitQuery {
    /// Visits in the caller's jurisdiction, by grid or village, then in the order they were recorded.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn visits(
        &self,
        ctx: &Context<'_>,
        filter: Option<VisitFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<Visit>> {
        let filter = filter.unwrap_or_default().parse()?;
        let select = visits::list(ctx.db(), ctx.actor()?, filter).await?;
        pagination::page_scoped(ctx.db(), select, (visit::Column::ScopeKey, visit::Column::Id), first, after, Visit)
            .await
    }

    /// One visit, or `null` when missing or outside the caller's jurisdiction.
    async fn visit(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Visit>> {
        let select = visible(ctx.actor()?)?;
        let id = parse_id(&id, "id")?;
        let found = select.filter(visit::Column::Id.eq(id)).one(ctx.db()).await?;
        Ok(sensitive::traced_opt(ctx, Kind::Visit, id, found).await?.map(Visit))
    }
}
