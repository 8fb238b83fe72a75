//! Login: password check, throttling, token issue.

use chrono::{Duration, Utc};
use entity::{audit_log, user};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use sha2::{Digest as _, Sha256};
use uuid::Uuid;

use crate::{
    audit::{self, Entry},
    auth::{actor::RequestMeta, jwt::Session, password},
    error::{AppError, AppResult},
    graphql::context::AppState,
};

/// Failed logins counted for throttling are those of the last window.
const WINDOW_MINUTES: i64 = 15;
/// Failures per account name within the window before further attempts
/// are refused without checking the password.
const MAX_FAILURES_PER_ACCOUNT: u64 = 5;
/// Failures per client address within the window (several staff may share
/// one office address, hence the higher bound).
const MAX_FAILURES_PER_IP: u64 = 20;

/// A stable key for an account *name*, known or not: failures are counted
/// per name so that throttling behaves the same for unknown usernames and
/// cannot be used to find out which names exist.
fn account_key(username: &str) -> Uuid {
    let digest = Sha256::digest(format!("login-account:{}", username.trim().to_lowercase()).as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Uuid::from_bytes(bytes)
}

async fn throttled(db: &DatabaseConnection, account: Uuid, ip: Option<&str>) -> AppResult<bool> {
    let since = Utc::now() - Duration::minutes(WINDOW_MINUTES);
    let failures = || {
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("login.failed"))
            .filter(audit_log::Column::At.gt(since))
    };
    if failures().filter(audit_log::Column::TargetId.eq(account)).count(db).await? >= MAX_FAILURES_PER_ACCOUNT {
        return Ok(true);
    }
    if let Some(ip) = ip
        && failures().filter(audit_log::Column::Ip.eq(ip)).count(db).await? >= MAX_FAILURES_PER_IP
    {
        return Ok(true);
    }
    Ok(false)
}

fn attempt(action: &'static str, account: Uuid, outcome: &'static str) -> Entry {
    Entry {
        action,
        target_type: Some("account"),
        target_id: Some(account),
        person_id: None,
        reason: None,
        outcome,
        detail: json!({}),
    }
}

/// Checks a username and password. Unknown user, wrong password and
/// deactivated, pending or refused account all fail the same way and take the same time.
pub async fn login(
    state: &AppState,
    username: &str,
    plain: &str,
    meta: &RequestMeta,
) -> AppResult<(String, chrono::DateTime<chrono::Utc>, user::Model)> {
    let db: &DatabaseConnection = &state.db;
    let account = account_key(username);
    if throttled(db, account, meta.ip.as_deref()).await? {
        audit::record_alone(db, None, meta, attempt("login.throttled", account, "RATE_LIMITED")).await?;
        return Err(AppError::RateLimited);
    }
    let found = user::Entity::find().filter(user::Column::Username.eq(username.trim().to_lowercase())).one(db).await?;
    let hash = found.as_ref().map(|u| u.password_hash.clone());
    // argon2 is deliberately slow; keep it off the async workers.
    let plain = plain.to_owned();
    let verified = tokio::task::spawn_blocking(move || password::verify(&plain, hash.as_deref()))
        .await
        .map_err(AppError::internal)?;
    let user = match found {
        Some(u) if verified && u.in_force() => u,
        _ => {
            audit::record_alone(db, None, meta, attempt("login.failed", account, "DENIED")).await?;
            return Err(AppError::Unauthenticated);
        }
    };
    let (token, expires) =
        state.jwt.issue(Session { user: user.id, generation: user.session_generation }, state.settings.token_ttl)?;
    audit::record_alone(db, None, meta, Entry::write("login.success", "user", user.id, json!({}))).await?;
    Ok((token, expires, user))
}
