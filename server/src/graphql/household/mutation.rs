use async_graphql::{Context, ID, Object};

use super::types::{Household, HouseholdInput};
use crate::{
    error::AppResult,
    graphql::{
        context::ContextExt as _,
        ids::parse_id,
        sensitive::{self, Kind},
    },
    idempotency,
    registry::household as service,
};

#[derive(Default)]
pub struct HouseholdMutation;

#[Object]
impl HouseholdMutation {
    /// Registers a household in a village or grid of the caller's jurisdiction.
    async fn create_household(&self, ctx: &Context<'_>, input: HouseholdInput) -> AppResult<Household> {
        let created = match idempotency::replayed(ctx) {
            Some(id) => idempotency::replay::household(ctx, id).await,
            None => service::create(ctx.db(), ctx.actor()?, input.parse()?).await,
        };
        created.map(Household)
    }

    /// Replaces a household's facts. `version` is the one last read.
    async fn update_household(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        input: HouseholdInput,
    ) -> AppResult<Household> {
        let id = parse_id(&id, "id")?;
        let result = service::update(ctx.db(), ctx.actor()?, id, version, input.parse()?).await;
        sensitive::traced(ctx, Kind::Household, id, result).await.map(Household)
    }
}
