//! Version history of registry records (分类动态管理): every version of a
//! household or person is kept as a snapshot, so nothing is ever lost to an
//! overwrite.

use chrono::Utc;
use entity::record_history;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde_json::Value;
use uuid::Uuid;

use crate::error::AppResult;

pub async fn record(
    db: &impl ConnectionTrait,
    entity: &'static str,
    entity_id: Uuid,
    version: i32,
    snapshot: Value,
    changed_by: Option<Uuid>,
) -> AppResult<()> {
    record_many(db, entity, vec![(entity_id, version, snapshot)], changed_by).await
}

/// [`record`] for many versions of one kind of record at once.
pub async fn record_many(
    db: &impl ConnectionTrait,
    entity: &'static str,
    versions: Vec<(Uuid, i32, Value)>,
    changed_by: Option<Uuid>,
) -> AppResult<()> {
    if versions.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let rows = versions.into_iter().map(|(entity_id, version, snapshot)| record_history::ActiveModel {
        id: Set(Uuid::now_v7()),
        entity: Set(entity.to_owned()),
        entity_id: Set(entity_id),
        version: Set(version),
        snapshot: Set(snapshot),
        changed_by: Set(changed_by),
        changed_at: Set(now),
    });
    record_history::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}
