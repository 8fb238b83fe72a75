use async_graphql::{Context, ID, Object};

use super::types::SpotCheckRound;
use crate::{
    error::AppResult,
    graphql::{context::ContextExt as _, ids::parse_id},
    spot_checks::query,
};

#[derive(Default)]
pub struct SpotCheckQuery;

#[Object]
impl SpotCheckQuery {
    /// Spot-check rounds, newest quarter first: every round for the
    /// district, the closed ones for a town.
    async fn spot_check_rounds(&self, ctx: &Context<'_>) -> AppResult<Vec<SpotCheckRound>> {
        Ok(query::rounds(ctx.db(), ctx.actor()?).await?.into_iter().map(SpotCheckRound).collect())
    }

    async fn spot_check_round(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<SpotCheckRound>> {
        let id = parse_id(&id, "id")?;
        Ok(query::round(ctx.db(), ctx.actor()?, id).await?.map(SpotCheckRound))
    }
}
