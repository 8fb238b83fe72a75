//! Login: password check, throttling, token issue.

use chrono::{DateTime, Duration, Utc};
use entity::{audit_log, user};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use sha2::{Digest as _, Sha256};
use uuid::Uuid;

use crate::{
    audit::{self, Entry},
    auth::jwt::JwtKeys,
    auth::{actor::RequestMeta, jwt::Session, password},
    error::{AppError, AppResult},
};

/// Failed logins counted for throttling are those of the last window.
const WINDOW_MINUTES: i64 = 15;
/// Attempts per account name within the window that may fail before
/// further attempts are refused without checking the password.
const MAX_FAILURES_PER_ACCOUNT: u64 = 5;
/// Failures per client address within the window before the address is
/// throttled (several staff may share one office address, hence the
/// higher bound).
const MAX_FAILURES_PER_IP: u64 = 20;
/// A name that logged in successfully from an address within this many
/// days is still let in from that address while the address is throttled.
const KNOWN_ADDRESS_DAYS: i64 = 30;

/// Serialises the count-then-record step of logins across server
/// instances on PostgreSQL (SQLite write transactions are exclusive). Lock
/// order: this lock, then the audit chain's (taken by `audit::record`).
const LOGIN_LOCK: i64 = 0x006c_6975_6c6f_6769; // "liulogi"

/// A stable key for an account *name*, known or not: failures are counted
/// per name so that throttling behaves the same for unknown usernames and
/// cannot be used to find out which names exist.
fn account_key(username: &str) -> Uuid {
    let digest = Sha256::digest(format!("login-account:{}", username.trim().to_lowercase()).as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Uuid::from_bytes(bytes)
}

/// Audit rows of `action` since `since`.
fn rows(action: &'static str, since: DateTime<Utc>) -> sea_orm::Select<audit_log::Entity> {
    audit_log::Entity::find().filter(audit_log::Column::Action.eq(action)).filter(audit_log::Column::At.gt(since))
}

/// Failures within the window that count against an account name and an
/// address. An attempt is recorded (`login.attempt`) *before* its password
/// is checked, and a failure is an attempt that did not succeed: so
/// attempts still being checked count too, and parallel guesses cannot
/// all slip under the limit. Successful logins (`login.success`, recorded
/// against the user) cancel their own attempt and are never failures.
async fn failures(
    db: &impl ConnectionTrait,
    account: Uuid,
    user: Option<Uuid>,
    ip: Option<&str>,
    since: DateTime<Utc>,
) -> AppResult<(u64, u64)> {
    let attempts = rows("login.attempt", since).filter(audit_log::Column::TargetId.eq(account)).count(db).await?;
    let successes = match user {
        Some(id) => rows("login.success", since).filter(audit_log::Column::TargetId.eq(id)).count(db).await?,
        None => 0,
    };
    let by_ip = match ip {
        Some(ip) => {
            let attempts = rows("login.attempt", since).filter(audit_log::Column::Ip.eq(ip)).count(db).await?;
            let successes = rows("login.success", since).filter(audit_log::Column::Ip.eq(ip)).count(db).await?;
            attempts.saturating_sub(successes)
        }
        None => 0,
    };
    Ok((attempts.saturating_sub(successes), by_ip))
}

/// Whether `user` has logged in successfully from `ip` recently: such a
/// name is not shut out when others at the same address (a village office)
/// exhaust the address's limit. Its own per-name limit still applies.
async fn known_at(db: &impl ConnectionTrait, user: Option<Uuid>, ip: Option<&str>) -> AppResult<bool> {
    let (Some(user), Some(ip)) = (user, ip) else { return Ok(false) };
    let since = Utc::now() - Duration::days(KNOWN_ADDRESS_DAYS);
    let seen = rows("login.success", since)
        .filter(audit_log::Column::TargetId.eq(user))
        .filter(audit_log::Column::Ip.eq(ip))
        .count(db)
        .await?;
    Ok(seen > 0)
}

/// Counts, then records the attempt, in one write transaction under
/// [`LOGIN_LOCK`]: of any number of parallel attempts on one name, at most
/// [`MAX_FAILURES_PER_ACCOUNT`] per window get their password checked.
/// `Err(RateLimited)` when the name or the address is over its limit.
async fn admit(db: &DatabaseConnection, account: Uuid, user: Option<Uuid>, meta: &RequestMeta) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    crate::db::lock(&txn, LOGIN_LOCK).await?;
    let ip = meta.ip.as_deref();
    let since = Utc::now() - Duration::minutes(WINDOW_MINUTES);
    let (by_account, by_ip) = failures(&txn, account, user, ip, since).await?;
    let throttled =
        by_account >= MAX_FAILURES_PER_ACCOUNT || (by_ip >= MAX_FAILURES_PER_IP && !known_at(&txn, user, ip).await?);
    let (action, outcome) = if throttled { ("login.throttled", "RATE_LIMITED") } else { ("login.attempt", "PENDING") };
    audit::record(&txn, None, meta, attempt(action, account, outcome)).await?;
    txn.commit().await?;
    if throttled { Err(AppError::RateLimited) } else { Ok(()) }
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
/// deactivated, pending or refused account all fail the same way and take
/// the same time.
///
/// Order matters: a login slot first (bounded wait, so a flood is
/// answered `RATE_LIMITED` and holds neither memory nor database
/// connections), then the attempt is counted and recorded, then checked.
pub async fn login(
    db: &DatabaseConnection,
    jwt: &JwtKeys,
    ttl: std::time::Duration,
    username: &str,
    plain: &str,
    meta: &RequestMeta,
) -> AppResult<(String, chrono::DateTime<chrono::Utc>, user::Model)> {
    let slot = password::slot().await?;
    let account = account_key(username);
    let found = user::Entity::find().filter(user::Column::Username.eq(username.trim().to_lowercase())).one(db).await?;
    admit(db, account, found.as_ref().map(|u| u.id), meta).await?;
    let verified = slot.verify(plain, found.as_ref().map(|u| u.password_hash.as_str())).await?;
    let user = match found {
        Some(u) if verified && u.in_force() => u,
        _ => {
            audit::record_alone(db, None, meta, attempt("login.failed", account, "DENIED")).await?;
            return Err(AppError::Unauthenticated);
        }
    };
    let (token, expires) = jwt.issue(Session { user: user.id, generation: user.session_generation }, ttl)?;
    audit::record_alone(db, None, meta, Entry::write("login.success", "user", user.id, json!({}))).await?;
    Ok((token, expires, user))
}
