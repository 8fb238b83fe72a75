//! 身份证号 in clear, on purpose: TOWN and DISTRICT, within their
//! jurisdiction, with a reason, rate-limited, and audited in the same
//! transaction as the read.

use crate::db::Db;
use chrono::Duration;
use entity::person;
use sea_orm::{EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use crate::{
    audit::{self, Entry},
    auth::Actor,
    db,
    error::{AppError, AppResult, messages as msg},
    policy::{self, Action, scope},
    validate,
};

/// Reveals per user per hour: enough for casework, too few to harvest.
pub const MAX_PER_HOUR: u64 = 20;
const ACTION: &str = "person.reveal_id_number";
/// Characters of the reason at least: enough to say what the case is.
const MIN_REASON: usize = 4;

pub async fn reveal(db: &Db, actor: &Actor, person_id: Uuid, reason: &str) -> AppResult<String> {
    policy::may(actor, Action::RevealIdNumber)?;
    let reason = validate::required_text(reason, 200).map_err(|m| AppError::invalid("reason", m))?;
    if reason.chars().count() < MIN_REASON {
        return Err(AppError::invalid("reason", msg::REVEAL_REASON_TOO_SHORT.with("min", MIN_REASON)));
    }
    let txn = db::begin_write(db).await?;
    // The count and the entry that makes it one higher must be one step:
    // under the chain lock (held to commit; PostgreSQL's read-committed
    // count then sees every reveal committed before it) parallel reveals
    // queue instead of all counting the same 19. SQLite's `BEGIN IMMEDIATE`
    // already serialises them.
    audit::lock_chain(&txn).await?;
    if audit::recent_count(&txn, ACTION, actor, Duration::hours(1)).await? >= MAX_PER_HOUR {
        return Err(AppError::RateLimited);
    }
    let person = person::Entity::find_by_id(person_id)
        .filter(scope::registry(actor, person::Column::ScopeKey))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let value = person.id_number.ok_or_else(|| AppError::invalid("personId", msg::ID_NUMBER_MISSING))?;
    let entry = Entry {
        action: ACTION,
        target_type: Some("person"),
        target_id: Some(person_id),
        person_id: Some(person_id),
        reason: Some(reason),
        outcome: "OK",
        detail: json!({ "field": "id_number" }),
    };
    audit::record(&txn, Some(actor), &actor.meta, entry).await?;
    // No commit, no value: the read is only returned once it is on record.
    txn.commit().await?;
    Ok(value)
}
