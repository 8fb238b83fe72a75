//! The one versioned write of an account, shared by the admin's update and
//! the approver's decision: write only over the version read, audit, read
//! back, inside the caller's transaction.

use entity::user;
use sea_orm::{ColumnTrait as _, ConnectionTrait, EntityTrait as _, QueryFilter as _};
use uuid::Uuid;

use crate::{
    audit::{self, Entry},
    auth::Actor,
    error::{AppError, AppResult},
};

/// Writes `changes` over account `id` at `version`. An edit that landed
/// since that version was read makes this `CONFLICT`, with nothing audited
/// (the caller's transaction rolls back), rather than a change audited as
/// made that never was.
pub async fn write_version(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    version: i32,
    changes: user::ActiveModel,
    entry: Entry,
) -> AppResult<user::Model> {
    let written = user::Entity::update_many()
        .set(changes)
        .filter(user::Column::Id.eq(id))
        .filter(user::Column::Version.eq(version))
        .exec(txn)
        .await?;
    if written.rows_affected != 1 {
        return Err(AppError::stale());
    }
    audit::record(txn, Some(actor), &actor.meta, entry).await?;
    user::Entity::find_by_id(id).one(txn).await?.ok_or(AppError::NotFound)
}
