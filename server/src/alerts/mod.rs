//! Listing and acknowledging alerts.

use crate::db::Db;
use chrono::Utc;
use entity::alert::{self, AlertStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Select};
use serde_json::json;
use uuid::Uuid;

use crate::{
    audit,
    auth::Actor,
    db,
    error::{AppError, AppResult, messages as msg},
    policy::{self, Action, scope},
    validate,
    versioned::{self, Audit},
};

/// What `alerts(filter:)` narrows by.
#[derive(Debug, Clone, Default)]
pub struct AlertFilter {
    pub status: Option<AlertStatus>,
    pub kind: Option<alert::AlertKind>,
    /// Only alerts in this region's subtree.
    pub region_id: Option<Uuid>,
}

/// The scoped, filtered select behind `alerts`.
pub async fn list(db: &Db, actor: &Actor, filter: AlertFilter) -> AppResult<Select<alert::Entity>> {
    let mut select = alert::Entity::find().filter(scope::registry(actor, alert::Column::ScopeKey));
    if let Some(region) = filter.region_id {
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
    let scoped = alert::Entity::find_by_id(id).filter(scope::registry(actor, alert::Column::ScopeKey));
    let current = versioned::current(&txn, scoped, None).await?;
    if current.status != AlertStatus::Open {
        return Err(AppError::Conflict(msg::ALERT_ACKNOWLEDGED));
    }
    let now = Utc::now();
    let updated = alert::Model {
        status: AlertStatus::Acknowledged,
        acknowledged_by: Some(actor.user_id),
        acknowledged_at: Some(now),
        note: Some(note),
        ..current.clone()
    };
    let detail = json!({
        "kind": current.kind,
        "status": { "before": current.status, "after": updated.status },
        "note": audit::fingerprint(&json!(updated.note)),
    });
    let audit = Audit::given("alert.acknowledge", detail).about(current.person_id);
    let updated = versioned::update::<alert::Entity>(&txn, actor, &current, updated, audit).await?;
    txn.commit().await?;
    Ok(updated)
}
