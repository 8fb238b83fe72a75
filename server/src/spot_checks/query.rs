//! Reading rounds and their items as the caller may: the district every
//! round, a town the closed ones and only its own households in them.

use entity::{SpotCheckItemStatus, spot_check_item, spot_check_round};
use sea_orm::{ColumnTrait as _, ConnectionTrait, EntityTrait as _, QueryFilter as _, QueryOrder as _, Select};
use uuid::Uuid;

use crate::{
    auth::Actor,
    error::AppResult,
    policy::{self, Action, scope, spot_checks},
};

/// Rounds the caller may see, newest quarter first. One per quarter, so
/// the list stays short (forty in ten years) and needs no pages.
pub async fn rounds(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Vec<spot_check_round::Model>> {
    policy::may(actor, Action::ReadSpotChecks)?;
    let all = spot_check_round::Entity::find().order_by_desc(spot_check_round::Column::Quarter).all(db).await?;
    Ok(all.into_iter().filter(|r| spot_checks::may_see(actor, r)).collect())
}

/// Round `id`, or `None` when missing or not (yet) the caller's to see.
pub async fn round(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> AppResult<Option<spot_check_round::Model>> {
    policy::may(actor, Action::ReadSpotChecks)?;
    let found = spot_check_round::Entity::find_by_id(id).one(db).await?;
    Ok(found.filter(|r| spot_checks::may_see(actor, r)))
}

#[derive(Debug, Default, Clone)]
pub struct ItemFilter {
    pub town: Option<Uuid>,
    pub status: Option<SpotCheckItemStatus>,
    pub assignee: Option<Uuid>,
}

/// The scoped, filtered select behind `SpotCheckRound.items`.
pub async fn items(
    db: &impl ConnectionTrait,
    actor: &Actor,
    round: &spot_check_round::Model,
    filter: ItemFilter,
) -> AppResult<Select<spot_check_item::Entity>> {
    use spot_check_item::Column as C;
    let mut select =
        spot_check_item::Entity::find().filter(C::RoundId.eq(round.id)).filter(scope::registry(actor, C::ScopeKey));
    if let Some(town) = filter.town {
        select = select.filter(scope::within_region(db, actor, town, C::ScopeKey).await?);
    }
    if let Some(status) = filter.status {
        select = select.filter(C::Status.eq(status));
    }
    if let Some(assignee) = filter.assignee {
        select = select.filter(C::AssigneeId.eq(assignee));
    }
    Ok(select)
}
