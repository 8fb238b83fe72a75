//! The `idempotency_key` table: taking a key, finding what became of it,
//! letting it go, forgetting it.

use chrono::{TimeDelta, Utc};
use entity::idempotency_key::{self, Column, Entity};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, Condition, ConnectionTrait, DatabaseConnection, EntityTrait as _,
    QueryFilter as _, TryInsertResult, sea_query::Expr,
};
use uuid::Uuid;

use crate::error::{AppError, AppResult, messages as msg};

/// How long a key is remembered. A grid worker's phone may keep visits
/// in its outbox over a weekend in the hills; a week covers that with room
/// to spare, and the rows are small.
pub const RETENTION: TimeDelta = TimeDelta::days(7);

/// How long an attempt may run before another may take its key over: twice
/// the execution limit, so only an attempt whose server died loses it.
pub const LEASE: TimeDelta = TimeDelta::seconds(2 * super::EXECUTION_LIMIT.as_secs() as i64);

/// One attempt's hold on a key.
#[derive(Debug, Clone)]
pub struct Claim {
    pub user_id: Uuid,
    pub key: String,
    pub token: Uuid,
}

/// What became of a key when an attempt asked for it.
#[derive(Debug)]
pub enum Taken {
    /// This attempt runs the request.
    Owner(Claim),
    /// The request was done: the record it created.
    Done(Uuid),
    /// Another attempt is running it now.
    Busy,
    /// The key was used for a different request.
    Mismatch,
}

/// Takes `key` for `user`, or says why not. Never blocks on another attempt.
pub async fn take(
    db: &DatabaseConnection,
    user_id: Uuid,
    key: &str,
    operation: &str,
    fingerprint: &str,
) -> AppResult<Taken> {
    let now = Utc::now();
    let token = Uuid::now_v7();
    let claim = Claim { user_id, key: key.to_owned(), token };
    let row = idempotency_key::ActiveModel {
        user_id: Set(user_id),
        key: Set(key.to_owned()),
        operation: Set(operation.to_owned()),
        fingerprint: Set(fingerprint.to_owned()),
        claim: Set(token),
        lease_until: Set(now + LEASE),
        result_id: Set(None),
        created_at: Set(now),
        expires_at: Set(now + RETENTION),
    };
    let inserted =
        Entity::insert(row).on_conflict_do_nothing_on([Column::UserId, Column::Key]).exec_without_returning(db).await?;
    if matches!(inserted, TryInsertResult::Inserted(n) if n == 1) {
        return Ok(Taken::Owner(claim));
    }
    let Some(existing) = Entity::find_by_id((user_id, key.to_owned())).one(db).await? else {
        // Let go between our insert and this read: ask again.
        return Ok(Taken::Busy);
    };
    if existing.expires_at <= now {
        // Forgotten: this is a new request that happens to reuse the key.
        Entity::delete_many()
            .filter(Column::UserId.eq(user_id))
            .filter(Column::Key.eq(key))
            .filter(Column::ExpiresAt.lte(now))
            .exec(db)
            .await?;
        return Ok(Taken::Busy);
    }
    if existing.fingerprint != fingerprint {
        return Ok(Taken::Mismatch);
    }
    if let Some(id) = existing.result_id {
        return Ok(Taken::Done(id));
    }
    if existing.lease_until > now {
        return Ok(Taken::Busy);
    }
    // The attempt holding it died without a result, so it made nothing (the
    // result is written in the same transaction as the record). Take over,
    // unless another attempt got there first.
    let res = Entity::update_many()
        .col_expr(Column::Claim, Expr::value(token))
        .col_expr(Column::LeaseUntil, Expr::value(now + LEASE))
        .filter(pending(&Claim { token: existing.claim, ..claim.clone() }))
        .exec(db)
        .await?;
    Ok(if res.rows_affected == 1 { Taken::Owner(claim) } else { Taken::Busy })
}

/// Notes `result` as what `claim`'s request created, inside the transaction
/// that created it: both are committed or neither is. Fails when the claim
/// was taken over meanwhile, which rolls the record back.
pub async fn finish(db: &impl ConnectionTrait, claim: &Claim, result: Uuid) -> AppResult<()> {
    let res =
        Entity::update_many().col_expr(Column::ResultId, Expr::value(result)).filter(pending(claim)).exec(db).await?;
    if res.rows_affected != 1 {
        return Err(AppError::Conflict(msg::IDEMPOTENCY_KEY_RETRIED));
    }
    Ok(())
}

/// Lets go of `claim` unless its request created something: a request that
/// failed is not remembered, and a retry runs it again.
pub async fn forget(db: &impl ConnectionTrait, claim: &Claim) -> AppResult<()> {
    Entity::delete_many().filter(pending(claim)).exec(db).await?;
    Ok(())
}

/// The row of `claim` while it is held by that attempt and has no result.
fn pending(claim: &Claim) -> Condition {
    Condition::all()
        .add(Column::UserId.eq(claim.user_id))
        .add(Column::Key.eq(claim.key.as_str()))
        .add(Column::Claim.eq(claim.token))
        .add(Column::ResultId.is_null())
}

/// Deletes every expired key; returns how many.
pub async fn purge(db: &DatabaseConnection) -> AppResult<u64> {
    let res = Entity::delete_many().filter(Column::ExpiresAt.lte(Utc::now())).exec(db).await?;
    Ok(res.rows_affected)
}
