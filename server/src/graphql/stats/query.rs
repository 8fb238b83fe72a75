use std::sync::Arc;

use async_graphql::{Context, ID, Object};
use entity::region;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::types::{ChildStats, Figures, Stats};
use crate::{
    error::{AppError, AppResult},
    graphql::{context::ContextExt as _, ids::parse_opt, region::types::Region},
    policy::{
        self, Action,
        scope::{self, KeyRange},
    },
    stats::counts::StatsCache,
};

#[derive(Default)]
pub struct StatsQuery;

#[Object]
impl StatsQuery {
    /// Figures for `regionId` (default: the caller's region) and each of
    /// its child regions. A region outside the jurisdiction is `NOT_FOUND`.
    async fn stats(&self, ctx: &Context<'_>, region_id: Option<ID>) -> AppResult<Stats> {
        let actor = ctx.actor()?;
        policy::may(actor, Action::ReadStats)?;
        let id = parse_opt(region_id.as_ref(), "regionId")?.unwrap_or(actor.region_id);
        let visible = scope::regions(actor, region::Column::KeyLo);
        let db = ctx.db();
        let region = region::Entity::find_by_id(id).filter(visible.clone()).one(db).await?.ok_or(AppError::NotFound)?;
        let children = region::Entity::find()
            .filter(region::Column::ParentId.eq(region.id))
            .filter(visible)
            .order_by_asc(region::Column::Code)
            .all(db)
            .await?;
        // Dashboards: suppression is decided over the whole jurisdiction.
        let keys = if policy::counts_suppressed(actor.role) { scope::key_range(actor) } else { KeyRange::of(&region) };
        let cache = Arc::new(StatsCache::new(db.clone(), keys.lo, keys.hi));
        let children = children
            .into_iter()
            .map(|child| ChildStats { figures: Figures::new(&child, actor.role, cache.clone()), region: child.into() })
            .collect();
        Ok(Stats { totals: Figures::new(&region, actor.role, cache), region: Region::from(region), children })
    }
}
