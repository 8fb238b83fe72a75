//! `Idempotency-Key` on the mutations that create a record (see
//! [`request::OPERATIONS`]): a phone on a bad line, or an offline outbox,
//! may send the same request again, and must get the first result rather
//! than a second household or visit.
//!
//! The guarantees, and the decisions behind them:
//! - A key belongs to the authenticated user (not the token, so a visit
//!   queued before a re-login still matches) and is remembered for
//!   [`store::RETENTION`]; expired keys are purged hourly.
//! - The same key with the same request (operation name, document and
//!   variables, byte for byte after sorting object keys) gives the first
//!   result. Nothing of the response is stored, only the created record's
//!   id: a replay re-reads that record through today's scope and field
//!   policy, so it never shows more than a fresh read would. A
//!   `createApiToken` replay is refused, because its secret is never kept.
//! - The same key with another request is `VALIDATION` on the header, and
//!   nothing runs.
//! - Two attempts at once: one runs, the other waits for it (up to
//!   [`WAIT_LIMIT`]) and then answers like a replay, or `CONFLICT` (retry
//!   later) if it is still running. The two codes follow the IETF draft
//!   (422 for a key reused on another request, 409 for one in flight): a
//!   client's bug is told apart from a reason to retry.
//! - A request that failed is not remembered: its key is let go and a
//!   retry runs it again. The created record's id is written in the same
//!   transaction as the record, so a crash can't leave a record without it
//!   (which a retry would duplicate) or the reverse.
//! - A keyed request runs to its end even when the client hangs up, so the
//!   retry finds its result instead of waiting out a lease.

pub mod replay;
pub mod request;
pub mod store;

use std::time::Duration;

use async_graphql::{Response, ServerError};
use axum::http::HeaderMap;
use sea_orm::ConnectionTrait;
use tracing::Instrument as _;
use uuid::Uuid;

use crate::{
    auth::Actor,
    error::{AppError, AppResult, messages as msg},
    graphql::{AppSchema, AppState},
};

pub use replay::replayed;

/// The request header (draft-ietf-httpapi-idempotency-key-header).
pub const HEADER: &str = "Idempotency-Key";

/// Longest a keyed request may run; a database stalled longer than this
/// is an outage, not a slow request.
pub const EXECUTION_LIMIT: Duration = Duration::from_secs(30);

/// How long a second attempt waits for the first before answering `CONFLICT`.
pub const WAIT_LIMIT: Duration = Duration::from_secs(10);

const POLL: Duration = Duration::from_millis(100);

tokio::task_local! {
    /// The claim of the keyed request this task runs, for [`complete`]. A
    /// task-local rather than a parameter so that the create services note
    /// their result with one line and keep their signatures.
    static CLAIM: store::Claim;
}

/// Executes `request`, honouring its `Idempotency-Key` if it has one.
pub async fn execute(
    state: &AppState,
    schema: &AppSchema,
    actor: Option<&Actor>,
    headers: &HeaderMap,
    request: async_graphql::Request,
) -> Response {
    match keyed(state, schema, actor, headers, request).await {
        Ok(response) => response,
        Err(err) => error_response(err),
    }
}

async fn keyed(
    state: &AppState,
    schema: &AppSchema,
    actor: Option<&Actor>,
    headers: &HeaderMap,
    request: async_graphql::Request,
) -> AppResult<Response> {
    let Some(key) = request::key(headers)? else { return Ok(schema.execute(request).await) };
    let Some(operation) = request::operation(&request)? else { return Ok(schema.execute(request).await) };
    let actor = actor.ok_or(AppError::Unauthenticated)?;
    let fingerprint = request::fingerprint(&state.jwt, &request)?;
    let deadline = tokio::time::Instant::now() + WAIT_LIMIT;
    loop {
        match store::take(&state.db, actor.user_id, &key, operation, &fingerprint).await? {
            store::Taken::Owner(claim) => return own(state, schema, claim, request).await,
            store::Taken::Done(id) => {
                tracing::info!(operation, "idempotent replay");
                return Ok(schema.execute(request.data(replay::Replay(id))).await);
            }
            store::Taken::Mismatch => {
                return Err(AppError::invalid(HEADER, msg::IDEMPOTENCY_KEY_REUSED));
            }
            store::Taken::Busy if tokio::time::Instant::now() >= deadline => {
                return Err(AppError::Conflict(msg::IDEMPOTENCY_KEY_BUSY));
            }
            store::Taken::Busy => tokio::time::sleep(POLL).await,
        }
    }
}

/// Runs the request that holds `claim` in a task of its own, so that it
/// finishes and lets go of the key even if the client hangs up.
async fn own(
    state: &AppState,
    schema: &AppSchema,
    claim: store::Claim,
    request: async_graphql::Request,
) -> AppResult<Response> {
    let (db, schema) = (state.db.clone(), schema.clone());
    let run = async move {
        let run = tokio::time::timeout(EXECUTION_LIMIT, schema.execute(request));
        let response = CLAIM.scope(claim.clone(), run).await;
        if let Err(err) = store::forget(&db, &claim).await {
            // The lease runs out instead and a retry takes the key over.
            tracing::warn!(error = %err, "could not let go of an idempotency key");
        }
        response
    };
    // The request's `graphql` span goes with it into the task.
    let task = tokio::spawn(run.in_current_span());
    match task.await {
        Ok(Ok(response)) => Ok(response),
        Ok(Err(_elapsed)) => Err(AppError::internal("keyed request ran past its limit")),
        Err(err) => Err(AppError::caused("keyed request")(err)),
    }
}

/// Records `created` as the result of this task's keyed request, in the
/// transaction `db` that created it. Without a keyed request, nothing.
/// Every create service calls it just before its commit.
pub async fn complete(db: &impl ConnectionTrait, created: Uuid) -> AppResult<()> {
    let Ok(claim) = CLAIM.try_with(Clone::clone) else { return Ok(()) };
    store::finish(db, &claim, created).await
}

/// Deletes expired keys, logging how many; for the hourly check.
pub async fn purge(db: &sea_orm::DatabaseConnection) {
    match store::purge(db).instrument(crate::telemetry::job_step(PURGE_JOB, "delete")).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(keys = n, "expired idempotency keys deleted"),
        Err(err) => tracing::warn!(error = %err, "could not delete expired idempotency keys"),
    }
}

/// The name of the hourly deletion of expired keys, in its spans.
pub const PURGE_JOB: &str = "idempotency.purge";

/// A GraphQL answer with `err` alone, for refusals before execution.
fn error_response(err: AppError) -> Response {
    let err = async_graphql::Error::from(err);
    let mut server = ServerError::new(err.message, None);
    server.extensions = err.extensions;
    Response::from_errors(vec![server])
}
