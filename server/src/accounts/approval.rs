//! The second person of the two-person rule: a town or the district approves
//! or refuses what an admin asked for (whose, see `policy::accounts`). Both
//! steps are audited; the district reads them in `auditLog`.

use crate::db::Db;
use entity::{AccountChange, Approval, user};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Select};
use serde_json::json;
use uuid::Uuid;

use crate::{
    auth::Actor,
    db,
    error::{AppError, AppResult},
    policy::{self, Action, accounts},
    validate,
    versioned::{self, Audit},
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
    let scoped = pending(actor)?.filter(user::Column::Id.eq(id));
    // The approver approves what was shown: a later change by an admin
    // must be looked at again.
    let current = versioned::current(&txn, scoped, Some(version)).await?;
    let changes = AccountChange::parse_list(&current.pending_changes);
    // No session can exist for an account out of force; a new generation
    // keeps it so whatever happened before.
    let base = user::Model { session_generation: current.session_generation + 1, ..current.clone() };
    let (next, action, reason) = match decision {
        Decision::Approve => {
            let next = user::Model {
                approval: Approval::Approved,
                pending_changes: String::new(),
                approval_requested_by: None,
                approval_requested_at: None,
                ..base
            };
            (next, "user.approve", None)
        }
        Decision::Refuse { reason } => {
            let next = user::Model { approval: Approval::Refused, refusal_reason: Some(reason.clone()), ..base };
            (next, "user.refuse", Some(reason))
        }
    };
    let detail = json!({
        "changes": AccountChange::join_list(&changes),
        "requested_by": current.approval_requested_by,
        "role": current.role,
    });
    let audit = Audit::given(action, detail).because(reason);
    let decided = versioned::update::<user::Entity>(&txn, actor, &current, next, audit).await?;
    txn.commit().await?;
    tracing::info!(action, "account decided");
    Ok(decided)
}
