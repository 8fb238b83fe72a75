use async_graphql::{Context, ID, Object};

use super::types::{Relative, RelativeInput};
use crate::{
    error::AppResult,
    graphql::{
        context::ContextExt as _,
        ids::parse_id,
        sensitive::{self, Kind},
    },
    registry::relative as service,
};

#[derive(Default)]
pub struct RelativeMutation;

#[Object]
impl RelativeMutation {
    /// Records a child or parent of the person who is not registered here.
    async fn add_relative(&self, ctx: &Context<'_>, person_id: ID, input: RelativeInput) -> AppResult<Relative> {
        let person_id = parse_id(&person_id, "personId")?;
        let result = service::add(ctx.db(), ctx.actor()?, person_id, input.into()).await;
        sensitive::traced(ctx, Kind::Person, person_id, result).await.map(Relative)
    }

    /// Replaces an unregistered relative's facts. `version` is the one last read.
    async fn update_relative(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        input: RelativeInput,
    ) -> AppResult<Relative> {
        let id = parse_id(&id, "id")?;
        let result = service::update(ctx.db(), ctx.actor()?, id, version, input.into()).await;
        sensitive::traced(ctx, Kind::Relative, id, result).await.map(Relative)
    }

    /// Removes an unregistered relative (recorded by mistake, or now
    /// registered and linked). Its versions stay in the history.
    async fn remove_relative(&self, ctx: &Context<'_>, id: ID, version: i32) -> AppResult<bool> {
        let id = parse_id(&id, "id")?;
        let result = service::remove(ctx.db(), ctx.actor()?, id, version).await;
        sensitive::traced(ctx, Kind::Relative, id, result).await.map(|()| true)
    }
}
