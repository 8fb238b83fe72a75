//! Staff decisions on classifications (核实认定): confirm with a care level,
//! or reject with a reason. Each is a transition kept as an event, audited
//! in the same transaction, and atomic against concurrent decisions.

use crate::db::Db;
use chrono::{NaiveDate, Utc};
use entity::{CareLevel, Category, ClassificationStatus as Status, classification, classification_event, person};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel as _, QueryFilter, Select};
use serde_json::json;
use uuid::Uuid;

use crate::{
    audit,
    auth::Actor,
    clock, db,
    discovery::reasons::{self, Reason},
    error::{AppError, AppResult, Unique, messages as msg},
    policy::{self, Action, scope},
    validate,
    versioned::{self, Audit},
};

/// What `classifications(filter:)` narrows by.
#[derive(Debug, Clone, Default)]
pub struct ClassificationFilter {
    pub category: Option<Category>,
    pub status: Option<Status>,
    /// The decided care level.
    pub care_level: Option<CareLevel>,
    /// Only classifications in this region's subtree.
    pub region_id: Option<Uuid>,
    /// Only those first found on or after this day.
    pub suggested_since: Option<NaiveDate>,
    pub person_id: Option<Uuid>,
}

/// The scoped, filtered select behind `classifications`.
pub async fn list(db: &Db, actor: &Actor, filter: ClassificationFilter) -> AppResult<Select<classification::Entity>> {
    use classification::Column as C;
    let mut select = classification::Entity::find().filter(scope::registry(actor, C::ScopeKey));
    if let Some(region) = filter.region_id {
        select = select.filter(scope::within_region(db, actor, region, C::ScopeKey).await?);
    }
    if let Some(person) = filter.person_id {
        select = select.filter(C::PersonId.eq(person));
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
        select = select.filter(C::Since.gte(day));
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
    let updated = decide_in(&txn, actor, id, decision).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Rejects classification `id` inside the caller's transaction: a spot
/// check's wrong report (错报), saved with the check or not at all.
pub async fn reject_in(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    reason: String,
) -> AppResult<classification::Model> {
    policy::may(actor, Action::DecideClassification)?;
    decide_in(txn, actor, id, Decision::Reject { reason }).await
}

async fn decide_in(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    decision: Decision,
) -> AppResult<classification::Model> {
    let scoped =
        classification::Entity::find_by_id(id).filter(scope::registry(actor, classification::Column::ScopeKey));
    // Decided on its current state; the version in the `UPDATE` makes the
    // decision atomic against a concurrent one or a refresh by the rules.
    let current = versioned::current(txn, scoped, None).await?;
    if !matches!(current.status, Status::Suggested | Status::Confirmed) {
        return Err(AppError::Conflict(msg::CLASSIFICATION_CLOSED));
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
        ..current.clone()
    };
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
    classification_event::Entity::insert(event.into_active_model()).exec_without_returning(txn).await?;
    // Statuses and levels only; the note is free text that may name people.
    let detail = json!({
        "category": current.category,
        "status": { "before": current.status, "after": status },
        "care_level": { "before": current.care_level, "after": care_level, "suggested": current.suggested_care_level },
        "note": audit::fingerprint(&json!(updated.note)),
    });
    let audit = Audit::given(action, detail).about(current.person_id);
    versioned::update::<classification::Entity>(txn, actor, &current, updated, audit).await
}

/// A suggestion raised by staff (`suggestClassification`, a spot check's
/// missed report): someone who qualifies and whom the rules did not find,
/// usually because a fact they read is not on record. It waits for the
/// town's decision like any suggestion; the rules leave it alone (see
/// `discovery::apply`) until the facts behind it are recorded and they
/// match it themselves.
pub async fn suggest(
    db: &Db,
    actor: &Actor,
    person_id: Uuid,
    category: Category,
    reason: &str,
) -> AppResult<classification::Model> {
    let txn = db::begin_write(db).await?;
    let created = suggest_in(&txn, actor, person_id, category, reason).await?;
    txn.commit().await?;
    Ok(created)
}

pub async fn suggest_in(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    person_id: Uuid,
    category: Category,
    reason: &str,
) -> AppResult<classification::Model> {
    policy::may(actor, Action::SuggestClassification)?;
    let reason = validate::required_text(reason, 500).map_err(|m| AppError::invalid("reason", m))?;
    let person = person::Entity::find_by_id(person_id)
        .filter(scope::registry(actor, person::Column::ScopeKey))
        .one(txn)
        .await?
        .ok_or_else(|| AppError::invalid("personId", msg::PERSON_NOT_IN_SCOPE))?;
    let open = classification::Entity::find()
        .filter(classification::Column::PersonId.eq(person.id))
        .filter(classification::Column::Category.eq(category))
        .filter(classification::Column::Status.is_in([Status::Suggested, Status::Confirmed]))
        .one(txn)
        .await?;
    if open.is_some() {
        return Err(AppError::invalid("category", msg::CLASSIFICATION_OPEN));
    }
    let now = Utc::now();
    let created = classification::Model {
        id: Uuid::now_v7(),
        person_id: person.id,
        scope_key: person.scope_key,
        category,
        status: Status::Suggested,
        care_level: None,
        reasons: reasons::to_json(&[Reason::StaffReported]),
        since: clock::today(),
        until: None,
        decided_by: None,
        decided_at: None,
        note: Some(reason.clone()),
        suggested_care_level: None,
        care_reasons: None,
        end_reasons: None,
        // No fingerprint: the mark of a suggestion the rules did not make.
        fingerprint: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let detail = json!({ "category": category, "status": { "before": null, "after": Status::Suggested } });
    // A suggestion racing this one (or the rules) passed the same check.
    let audit = Audit::given("classification.suggest", detail)
        .about(person.id)
        .or_taken(Unique::OpenClassification, AppError::invalid("category", msg::CLASSIFICATION_OPEN));
    let created = versioned::create::<classification::Entity>(txn, actor, created, audit).await?;
    let event = classification_event::Model {
        id: Uuid::now_v7(),
        classification_id: created.id,
        from_status: None,
        to_status: Status::Suggested,
        actor_id: Some(actor.user_id),
        reason: Some(reason),
        care_level: None,
        at: now,
    };
    classification_event::Entity::insert(event.into_active_model()).exec_without_returning(txn).await?;
    Ok(created)
}
