//! The second person of the two-person rule: a town or the district approves
//! or refuses what an admin asked for (whose, see `policy::accounts`). Both
//! steps are audited; the district reads them in `auditLog`.

use crate::db::Db;
use chrono::Utc;
use entity::{AccountChange, Approval, user};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, Select};
use serde_json::json;
use uuid::Uuid;

use crate::{
    audit::Entry,
    auth::Actor,
    db,
    error::{AppError, AppResult},
    policy::{self, Action, accounts},
    validate,
};

/// The pending accounts the caller may decide.
pub fn pending(actor: &Actor) -> AppResult<Select<user::Entity>> {
    policy::may(actor, Action::ApproveAccounts)?;
    Ok(user::Entity::find().filter(accounts::approvable(actor)))
}

enum Decision {
    Approve,
    Refuse { reason: String },
}

/// Brings the account into force as it stands at `version`.
pub async fn approve(db: &Db, actor: &Actor, id: Uuid, version: i32) -> AppResult<user::Model> {
    decide(db, actor, id, version, Decision::Approve).await
}

/// Keeps the account out of force, with the reason shown to the admins.
pub async fn refuse(db: &Db, actor: &Actor, id: Uuid, version: i32, reason: &str) -> AppResult<user::Model> {
    policy::may(actor, Action::ApproveAccounts)?;
    let reason = validate::required_text(reason, 500).map_err(|m| AppError::invalid("reason", m))?;
    decide(db, actor, id, version, Decision::Refuse { reason }).await
}

async fn decide(db: &Db, actor: &Actor, id: Uuid, version: i32, decision: Decision) -> AppResult<user::Model> {
    let txn = db::begin_write(db).await?;
    // An account the caller may not decide is as absent as a missing one.
    let current = pending(actor)?.filter(user::Column::Id.eq(id)).one(&txn).await?.ok_or(AppError::NotFound)?;
    // The approver approves what was shown: a later change by an admin
    // must be looked at again.
    if current.version != version {
        return Err(AppError::stale());
    }
    let changes = AccountChange::parse_list(&current.pending_changes);
    let mut active = user::ActiveModel {
        version: Set(current.version + 1),
        updated_at: Set(Utc::now()),
        // No session can exist for an account out of force; a new generation
        // keeps it so whatever happened before.
        session_generation: Set(current.session_generation + 1),
        ..Default::default()
    };
    let (action, reason) = match decision {
        Decision::Approve => {
            active.approval = Set(Approval::Approved);
            active.pending_changes = Set(String::new());
            active.approval_requested_by = Set(None);
            active.approval_requested_at = Set(None);
            ("user.approve", None)
        }
        Decision::Refuse { reason } => {
            active.approval = Set(Approval::Refused);
            active.refusal_reason = Set(Some(reason.clone()));
            ("user.refuse", Some(reason))
        }
    };
    let detail = json!({
        "changes": AccountChange::join_list(&changes),
        "requested_by": current.approval_requested_by,
        "role": current.role,
    });
    let entry = Entry { reason, ..Entry::write(action, "user", id, detail) };
    let decided = super::write::write_version(&txn, actor, id, current.version, active, entry).await?;
    txn.commit().await?;
    tracing::info!(action, "account decided");
    Ok(decided)
}
