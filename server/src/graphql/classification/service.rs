//! Staff decisions on classifications (核实认定): confirm with a care level,
//! or reject with a reason. Each is a transition kept as an event, audited
//! in the same transaction, and atomic against concurrent decisions.

use crate::db::Db;
use chrono::Utc;
use entity::{CareLevel, ClassificationStatus as Status, classification, classification_event};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel as _, QueryFilter, Select};
use serde_json::json;
use uuid::Uuid;

use super::types::ClassificationFilter;
use crate::{
    audit::{self, Entry},
    auth::Actor,
    db,
    error::{AppError, AppResult},
    graphql::ids::parse_id,
    policy::{self, Action, scope},
    validate,
};

/// The scoped, filtered select behind `classifications`.
pub async fn list(db: &Db, actor: &Actor, filter: ClassificationFilter) -> AppResult<Select<classification::Entity>> {
    use classification::Column as C;
    let mut select = classification::Entity::find().filter(scope::registry(actor, C::ScopeKey));
    if let Some(region) = &filter.region_id {
        let region = parse_id(region, "filter.regionId")?;
        select = select.filter(scope::within_region(db, actor, region, C::ScopeKey).await?);
    }
    if let Some(person) = &filter.person_id {
        select = select.filter(C::PersonId.eq(parse_id(person, "filter.personId")?));
    }
    if let Some(category) = filter.category {
        select = select.filter(C::Category.eq(category));
    }
    if let Some(status) = filter.status {
        select = select.filter(C::Status.eq(status));
    }
    if let Some(level) = filter.care_level {
        select = select.filter(C::CareLevel.eq(level));
    }
    if let Some(day) = filter.suggested_since {
        select = select.filter(C::Since.gte(day.0));
    }
    Ok(select)
}

enum Decision {
    Confirm { care_level: CareLevel, note: Option<String> },
    Reject { reason: String },
}

/// Confirms a suggestion with a care level, or changes the care level of a
/// confirmed classification (the confirmer may override the suggestion).
pub async fn confirm(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    care_level: CareLevel,
    note: Option<String>,
) -> AppResult<classification::Model> {
    policy::may(actor, Action::DecideClassification)?;
    let note = validate::optional_text(note.as_deref(), 500).map_err(|m| AppError::invalid("note", m))?;
    decide(db, actor, id, Decision::Confirm { care_level, note }).await
}

/// Rejects a suggestion, or a confirmed classification found wrong (错报).
/// The rules will not suggest it again until the facts behind it change.
pub async fn reject(db: &Db, actor: &Actor, id: Uuid, reason: &str) -> AppResult<classification::Model> {
    policy::may(actor, Action::DecideClassification)?;
    let reason = validate::required_text(reason, 500).map_err(|m| AppError::invalid("reason", m))?;
    decide(db, actor, id, Decision::Reject { reason }).await
}

async fn decide(db: &Db, actor: &Actor, id: Uuid, decision: Decision) -> AppResult<classification::Model> {
    let txn = db::begin_write(db).await?;
    let current = classification::Entity::find_by_id(id)
        .filter(scope::registry(actor, classification::Column::ScopeKey))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if !matches!(current.status, Status::Suggested | Status::Confirmed) {
        return Err(AppError::Conflict("this classification is closed; only open ones can be decided".into()));
    }
    let (status, care_level, note, action) = match decision {
        Decision::Confirm { care_level, note } => (Status::Confirmed, Some(care_level), note, "classification.confirm"),
        Decision::Reject { reason } => (Status::Rejected, None, Some(reason), "classification.reject"),
    };
    let now = Utc::now();
    let updated = classification::Model {
        status,
        care_level,
        note: note.clone(),
        decided_by: Some(actor.user_id),
        decided_at: Some(now),
        version: current.version + 1,
        updated_at: now,
        ..current.clone()
    };
    // The version in the WHERE clause makes the decision atomic against a
    // concurrent one or a refresh by the rules engine.
    let res = classification::Entity::update_many()
        .set(classification::ActiveModel {
            status: Set(updated.status),
            care_level: Set(updated.care_level),
            note: Set(updated.note.clone()),
            decided_by: Set(updated.decided_by),
            decided_at: Set(updated.decided_at),
            version: Set(updated.version),
            updated_at: Set(updated.updated_at),
            ..Default::default()
        })
        .filter(classification::Column::Id.eq(id))
        .filter(classification::Column::Version.eq(current.version))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::stale());
    }
    let event = classification_event::Model {
        id: Uuid::now_v7(),
        classification_id: id,
        from_status: Some(current.status),
        to_status: status,
        actor_id: Some(actor.user_id),
        reason: note,
        care_level,
        at: now,
    };
    classification_event::Entity::insert(event.into_active_model()).exec_without_returning(&txn).await?;
    // Statuses and levels only; the note is free text that may name people.
    let detail = json!({
        "category": current.category,
        "status": { "before": current.status, "after": status },
        "care_level": { "before": current.care_level, "after": care_level, "suggested": current.suggested_care_level },
        "note": audit::fingerprint(&json!(updated.note)),
    });
    let mut entry = Entry::write(action, "classification", id, detail);
    entry.person_id = Some(current.person_id);
    audit::record(&txn, Some(actor), &actor.meta, entry).await?;
    txn.commit().await?;
    Ok(updated)
}
