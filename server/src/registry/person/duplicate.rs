//! The duplicate check of ID numbers, which is also an oracle: "already
//! registered" tells the caller that the number exists somewhere in the
//! district, whoever registered it. It stays, because one person must not
//! be registered twice, but it answers the same wherever the holder lives
//! (it never says where, nor whether in the caller's jurisdiction), every
//! refusal is audited against the person who holds the number, and a user
//! refused too often in an hour may not submit ID numbers for the rest of
//! it: trying the ~500 numbers a masked one leaves (see
//! `IdNumber::masked`) cannot be done quietly or quickly.

use crate::db::Db;
use chrono::Duration;
use entity::person;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect as _};
use serde_json::json;
use uuid::Uuid;

use crate::{
    audit::{self, Entry},
    auth::Actor,
    error::{AppError, AppResult, messages as msg},
    validate::IdNumber,
};

/// Refusals per user per hour: a registrar who keeps meeting people already
/// registered stops long before this; someone testing numbers does not.
pub const MAX_REFUSALS_PER_HOUR: u64 = 10;
pub const ACTION: &str = "person.duplicate_id_number";

/// Refuses `raw` (as sent for person `this`, if it exists) when another
/// person holds it, with an audit entry that outlives the refused write.
/// Runs before the write's transaction; the unique index stays the last
/// word for two registrations racing each other.
pub async fn check(db: &Db, actor: &Actor, raw: Option<&str>, this: Option<Uuid>) -> AppResult<()> {
    // Masks, blanks and malformed numbers are for validation to judge.
    let Some(id) = raw.and_then(|raw| IdNumber::parse(raw).ok()) else { return Ok(()) };
    if audit::recent_count(db, ACTION, actor, Duration::hours(1)).await? >= MAX_REFUSALS_PER_HOUR {
        return Err(AppError::RateLimited);
    }
    let mut holder =
        person::Entity::find().select_only().column(person::Column::Id).filter(person::Column::IdNumber.eq(&id.value));
    if let Some(this) = this {
        holder = holder.filter(person::Column::Id.ne(this));
    }
    // Anywhere in the district, past the caller's jurisdiction (and its row
    // security): only "held or not" and the holder's id for the audit leave.
    let Some(holder) = holder.into_tuple::<Uuid>().one(db.past_scope()).await? else { return Ok(()) };
    let entry = Entry {
        action: ACTION,
        target_type: Some("person"),
        target_id: this,
        person_id: Some(holder),
        reason: None,
        outcome: "DENIED",
        detail: json!({ "id_number": audit::fingerprint(&json!(id.value)) }),
    };
    audit::record_alone(db, Some(actor), &actor.meta, entry).await?;
    Err(AppError::invalid("idNumber", msg::ID_NUMBER_TAKEN))
}
