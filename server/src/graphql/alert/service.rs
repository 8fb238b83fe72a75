//! Listing and acknowledging alerts.

use crate::db::Db;
use chrono::Utc;
use entity::alert::{self, AlertStatus};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, Select};
use serde_json::json;
use uuid::Uuid;

use super::types::AlertFilter;
use crate::{
    audit::{self, Entry},
    auth::Actor,
    db,
    error::{AppError, AppResult, messages as msg},
    graphql::ids::parse_id,
    policy::{self, Action, scope},
    validate,
};

/// The scoped, filtered select behind `alerts`.
pub async fn list(db: &Db, actor: &Actor, filter: AlertFilter) -> AppResult<Select<alert::Entity>> {
    let mut select = alert::Entity::find().filter(scope::registry(actor, alert::Column::ScopeKey));
    if let Some(region) = &filter.region_id {
        let region = parse_id(region, "filter.regionId")?;
        select = select.filter(scope::within_region(db, actor, region, alert::Column::ScopeKey).await?);
    }
    if let Some(status) = filter.status {
        select = select.filter(alert::Column::Status.eq(status));
    }
    if let Some(kind) = filter.kind {
        select = select.filter(alert::Column::Kind.eq(kind));
    }
    Ok(select)
}

/// Acknowledges an open alert with a note of what was done.
pub async fn acknowledge(db: &Db, actor: &Actor, id: Uuid, note: &str) -> AppResult<alert::Model> {
    policy::may(actor, Action::AcknowledgeAlert)?;
    let note = validate::required_text(note, 500).map_err(|m| AppError::invalid("note", m))?;
    let txn = db::begin_write(db).await?;
    let current = alert::Entity::find_by_id(id)
        .filter(scope::registry(actor, alert::Column::ScopeKey))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if current.status != AlertStatus::Open {
        return Err(AppError::Conflict(msg::ALERT_ACKNOWLEDGED));
    }
    let now = Utc::now();
    let updated = alert::Model {
        status: AlertStatus::Acknowledged,
        acknowledged_by: Some(actor.user_id),
        acknowledged_at: Some(now),
        note: Some(note),
        version: current.version + 1,
        updated_at: now,
        ..current.clone()
    };
    let res = alert::Entity::update_many()
        .set(alert::ActiveModel {
            status: Set(updated.status),
            acknowledged_by: Set(updated.acknowledged_by),
            acknowledged_at: Set(updated.acknowledged_at),
            note: Set(updated.note.clone()),
            version: Set(updated.version),
            updated_at: Set(now),
            ..Default::default()
        })
        .filter(alert::Column::Id.eq(id))
        .filter(alert::Column::Version.eq(current.version))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::stale());
    }
    let detail = json!({
        "kind": current.kind,
        "status": { "before": current.status, "after": updated.status },
        "note": audit::fingerprint(&json!(updated.note)),
    });
    let mut entry = Entry::write("alert.acknowledge", "alert", id, detail);
    entry.person_id = Some(current.person_id);
    audit::record(&txn, Some(actor), &actor.meta, entry).await?;
    txn.commit().await?;
    Ok(updated)
}
