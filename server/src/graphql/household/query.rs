use async_graphql::{Context, ID, Object};
use entity::household;

use super::types::{Household, HouseholdFilter};
use crate::{
    error::AppResult,
    graphql::{
        context::ContextExt as _,
        ids::parse_id,
        pagination::{self, Page},
        sensitive::{self, Kind},
    },
    policy::{self, Action},
    registry,
};

#[derive(Default)]
pub struct HouseholdQuery;

#[Object]
impl HouseholdQuery {
    /// Households in the caller's jurisdiction, by grid or village, then oldest registration first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn households(
        &self,
        ctx: &Context<'_>,
        filter: Option<HouseholdFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<Household>> {
        let filter = filter.unwrap_or_default().parse()?;
        let select = registry::household::list(ctx.db(), ctx.actor()?, filter).await?;
        let page = pagination::page_scoped(
            ctx.db(),
            select,
            (household::Column::ScopeKey, household::Column::Id),
            first,
            after,
            Household,
        )
        .await?;
        let members = ctx.look_ahead().field("edges").field("node").field("members");
        if members.exists() {
            let ids: Vec<uuid::Uuid> = page.edges.iter().map(|e| e.node.0.id).collect();
            ctx.loaders()?.prefetch_members(&ids, members.field("classifications").exists()).await?;
        }
        Ok(page)
    }

    /// One household, or `null` when missing or outside the caller's jurisdiction.
    async fn household(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Household>> {
        policy::may(ctx.actor()?, Action::ReadRegistry)?;
        let id = parse_id(&id, "id")?;
        let found = ctx.loaders()?.household.load_one(id).await?;
        Ok(sensitive::traced_opt(ctx, Kind::Household, id, found).await?.map(Household))
    }
}
