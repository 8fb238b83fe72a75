use async_graphql::{Context, ID, Object};
use entity::region;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::types::Region;
use crate::{
    error::AppResult,
    graphql::{context::ContextExt as _, ids::parse_id},
    policy::scope,
};

#[derive(Default)]
pub struct RegionQuery;

#[Object]
impl RegionQuery {
    /// The children of `parentId`, or without it the caller's own region.
    /// A parent outside the caller's jurisdiction has no visible children.
    async fn regions(&self, ctx: &Context<'_>, parent_id: Option<ID>) -> AppResult<Vec<Region>> {
        let actor = ctx.actor()?;
        let visible = scope::regions(actor, region::Column::KeyLo);
        let select = match parent_id {
            None => region::Entity::find().filter(region::Column::Id.eq(actor.region_id)),
            Some(id) => region::Entity::find().filter(region::Column::ParentId.eq(parse_id(&id, "parentId")?)),
        };
        let rows = select.filter(visible).order_by_asc(region::Column::Code).all(ctx.db()).await?;
        Ok(rows.into_iter().map(Region::from).collect())
    }

    /// One region by id, if it is in the caller's jurisdiction.
    async fn region(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Region>> {
        let id = parse_id(&id, "id")?;
        Ok(ctx.loaders()?.region.load_one(id).await?.map(Region::from))
    }
}
