//! User administration (ADMIN only): accounts are created and changed
//! within the admin's own region, never above it. A change that widens what
//! an account can read leaves it pending a second person's approval
//! (`policy::accounts`, `super::approval`); a change of what an account may
//! do ends its sessions.

use crate::db::Db;
use chrono::Utc;
use entity::{AccountChange, Approval, Role, region, user};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Select};
use serde_json::json;
use uuid::Uuid;

use crate::{
    auth::{Actor, password},
    db,
    error::{AppError, AppResult, FieldErrors, Msg, Unique, messages as msg},
    policy::{
        self, Action,
        accounts::{self, Standing},
        scope,
    },
    validate,
    versioned::{self, Audit},
};

/// A new account as the admin sends it, before validation.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// A region at the role's level, inside the admin's own region.
    pub region_id: Uuid,
    pub password: String,
}

/// Changes to an account; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChange {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub region_id: Option<Uuid>,
    /// `false` deactivates the account.
    pub active: Option<bool>,
    /// A password reset.
    pub password: Option<String>,
}

/// Accounts bound to a region inside the admin's subtree.
pub fn visible(actor: &Actor) -> AppResult<Select<user::Entity>> {
    policy::may(actor, Action::ManageUsers)?;
    Ok(user::Entity::find().filter(user::Column::RegionId.in_subquery(scope::region_ids(actor))))
}

fn username(raw: &str) -> Result<String, Msg> {
    let name = raw.trim().to_ascii_lowercase();
    let ok = (3..=32).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-".contains(&b))
        && name.as_bytes()[0].is_ascii_alphanumeric();
    if ok { Ok(name) } else { Err(msg::USERNAME_FORMAT) }
}

fn new_password(raw: &str, username: &str) -> Result<String, Msg> {
    if raw.chars().count() < password::MIN_LENGTH {
        return Err(msg::PASSWORD_TOO_SHORT.with("min", password::MIN_LENGTH));
    }
    if raw.eq_ignore_ascii_case(username) {
        return Err(msg::PASSWORD_IS_USERNAME);
    }
    Ok(raw.to_owned())
}

/// The region an account may be bound to: visible to the admin and at the
/// level the role works at.
async fn region_for(
    db: &impl ConnectionTrait,
    actor: &Actor,
    errors: &mut FieldErrors,
    region_id: Uuid,
    role: Role,
) -> AppResult<Option<region::Model>> {
    let region =
        region::Entity::find_by_id(region_id).filter(scope::regions(actor, region::Column::KeyLo)).one(db).await?;
    match &region {
        None => errors.add("regionId", msg::REGION_NOT_MANAGED),
        Some(r) if policy::is_account_role(role) && !policy::role_fits_level(role, r.level) => {
            errors.add("regionId", msg::ROLE_REGION_LEVEL)
        }
        Some(_) => {}
    }
    Ok(region)
}

fn check_role(errors: &mut FieldErrors, role: Role) {
    if !policy::is_account_role(role) {
        errors.add("role", msg::DASHBOARD_USES_TOKENS);
    }
}

async fn hash(plain: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || password::hash(&plain)).await.map_err(AppError::caused("hashing a password"))?
}

pub async fn create(db: &Db, actor: &Actor, input: NewUser) -> AppResult<user::Model> {
    policy::may(actor, Action::ManageUsers)?;
    let mut e = FieldErrors::default();
    let name = e.check("username", username(&input.username));
    let display_name = e.check("displayName", validate::required_text(&input.display_name, 50));
    check_role(&mut e, input.role);
    let pw = e.check("password", new_password(&input.password, name.as_deref().unwrap_or_default()));
    let txn = db::begin_write(db).await?;
    let region = region_for(&txn, actor, &mut e, input.region_id, input.role).await?;
    e.into_result()?;
    let (Some(name), Some(display_name), Some(pw), Some(region)) = (name, display_name, pw, region) else {
        return Err(AppError::internal("user validation passed without values"));
    };
    let now = Utc::now();
    let asked = accounts::needing_approval(None, standing(input.role, &region), false, false);
    let requested = (!asked.is_empty()).then_some((actor.user_id, now));
    let model = user::Model {
        approval: if asked.is_empty() { Approval::Approved } else { Approval::Pending },
        pending_changes: AccountChange::join_list(&asked),
        approval_requested_by: requested.map(|r| r.0),
        approval_requested_at: requested.map(|r| r.1),
        ..user::Model::in_force_from_start(name, display_name, input.role, region.id, hash(pw).await?, now)
    };
    let detail =
        json!({ "username": model.username, "role": model.role, "region": region.code, "approval": model.approval });
    let audit = Audit::given("user.create", detail)
        .or_taken(Unique::Username, AppError::invalid("username", msg::USERNAME_TAKEN));
    let model = versioned::create::<user::Entity>(&txn, actor, model, audit).await?;
    crate::idempotency::complete(&txn, model.id).await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn update(db: &Db, actor: &Actor, id: Uuid, input: UserChange) -> AppResult<user::Model> {
    let txn = db::begin_write(db).await?;
    // Decided on the account as it stands; the version in the `UPDATE`
    // refuses an edit that lands in between.
    let current = versioned::current(&txn, visible(actor)?.filter(user::Column::Id.eq(id)), None).await?;
    let mut e = FieldErrors::default();
    let role = input.role.unwrap_or(current.role);
    check_role(&mut e, role);
    if id == actor.user_id && (input.active == Some(false) || role != current.role) {
        e.add(if input.active == Some(false) { "active" } else { "role" }, msg::OWN_ACCOUNT);
    }
    let display_name = match &input.display_name {
        Some(raw) => e.check("displayName", validate::required_text(raw, 50)),
        None => Some(current.display_name.clone()),
    };
    // A new role is checked against the region it will have: the new one
    // or the one it keeps.
    let region = match (input.region_id, input.role) {
        (None, None) => None,
        (Some(region_id), _) => region_for(&txn, actor, &mut e, region_id, role).await?,
        (None, Some(_)) => region_for(&txn, actor, &mut e, current.region_id, role).await?,
    };
    let pw = match &input.password {
        Some(raw) => e.check("password", new_password(raw, &current.username)),
        None => None,
    };
    e.into_result()?;
    let before = region::Entity::find_by_id(current.region_id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::internal("user bound to a missing region"))?;
    let after = standing(role, region.as_ref().unwrap_or(&before));
    let reactivated = input.active == Some(true) && !current.active;
    let asked = accounts::needing_approval(Some(standing(current.role, &before)), after, reactivated, pw.is_some());
    let now = Utc::now();
    let mut changes = json!({});
    let mut next = current.clone();
    if let Some(name) = display_name.filter(|n| *n != current.display_name) {
        changes["display_name"] = json!({ "before": current.display_name, "after": name });
        next.display_name = name;
    }
    if role != current.role {
        changes["role"] = json!({ "before": current.role, "after": role });
        next.role = role;
    }
    if let Some(region) = region.filter(|r| r.id != current.region_id) {
        changes["region_id"] = json!({ "before": current.region_id, "after": region.id });
        next.region_id = region.id;
    }
    if let Some(flag) = input.active.filter(|a| *a != current.active) {
        changes["active"] = json!({ "before": current.active, "after": flag });
        next.active = flag;
    }
    if let Some(pw) = pw {
        // Never the password or its hash: only that it changed.
        changes["password"] = json!("changed");
        next.password_hash = hash(pw).await?;
    }
    submit_for_approval(&current, actor, after.role, &asked, now, &mut next, &mut changes);
    // Whatever changed what the account may do, or who can log in with it,
    // ends its sessions: tokens of the old generation are refused.
    let ends_sessions = ["role", "region_id", "active", "password", "approval"];
    if ends_sessions.iter().any(|k| changes.get(k).is_some()) {
        next.session_generation = current.session_generation + 1;
    }
    let audit = Audit::given("user.update", changes);
    let updated = versioned::update::<user::Entity>(&txn, actor, &current, next, audit).await?;
    txn.commit().await?;
    Ok(updated)
}

fn standing(role: Role, region: &region::Model) -> Standing {
    Standing { role, key_lo: region.key_lo, key_hi: region.key_hi }
}

/// The approval state after an admin's update. An account not in force
/// (pending or refused) is re-submitted by any update, with the changes
/// still awaiting approval kept in its list; an account that no longer
/// reads personal data needs none.
fn submit_for_approval(
    current: &user::Model,
    actor: &Actor,
    role: Role,
    asked: &[AccountChange],
    now: chrono::DateTime<Utc>,
    next: &mut user::Model,
    changes: &mut serde_json::Value,
) {
    let mut pending = AccountChange::parse_list(&current.pending_changes);
    pending.extend_from_slice(asked);
    let approval = if !accounts::reads_personal_data(role) {
        Approval::Approved
    } else if current.approval != Approval::Approved || !asked.is_empty() {
        Approval::Pending
    } else {
        return;
    };
    if approval == Approval::Approved {
        if current.approval == Approval::Approved {
            return;
        }
        pending.clear();
    }
    let requested = (approval == Approval::Pending).then_some((actor.user_id, now));
    if approval != current.approval {
        changes["approval"] = json!({ "before": current.approval, "after": approval });
    }
    changes["pending_changes"] = json!(AccountChange::join_list(&pending));
    next.approval = approval;
    next.pending_changes = AccountChange::join_list(&pending);
    next.approval_requested_by = requested.map(|r| r.0);
    next.approval_requested_at = requested.map(|r| r.1);
    next.refusal_reason = None;
}
