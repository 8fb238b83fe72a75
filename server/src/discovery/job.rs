//! The daily re-evaluation of everyone, for what changes with the date
//! alone: a 16th or 60th birthday, six months of absence reached.
//!
//! Households are paged by id (keyset, [`BATCH_HOUSEHOLDS`] at a time);
//! each batch loads its facts in a few bulk queries, is evaluated in memory
//! and writes only its differences, in its own transaction. Memory stays
//! constant whatever the size of the registry, and registry writes wait at
//! most one batch for the discovery lock.

use chrono::NaiveDate;
use entity::household;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use tracing::Instrument as _;
use uuid::Uuid;

use super::{
    Summary, apply,
    facts::{self, HouseholdRow},
    lease::Lease,
    lock,
};
use crate::{
    auth::actor::RequestMeta,
    db,
    error::{AppError, AppResult},
    telemetry,
};

/// The lease name of the daily run.
pub const JOB: &str = "discovery.daily";

/// Households per batch: about 5,500 people, a few MB of facts.
pub const BATCH_HOUSEHOLDS: u64 = 2_000;

/// Rows written between two `ANALYZE`s of the tables the job fills.
const ANALYZE_EVERY: u64 = 10_000;

/// Re-evaluates every registered person on `on`. With a `lease`, renews it
/// after every batch and stops if it was lost.
#[tracing::instrument(name = "job_step", skip_all, fields(job = JOB, step = "run", %on))]
pub async fn run(db: &DatabaseConnection, on: NaiveDate, lease: Option<&Lease>) -> AppResult<Summary> {
    let step = |name| telemetry::job_step(JOB, name);
    let rural = facts::all_regions(db).instrument(step("regions")).await?;
    let meta = RequestMeta { request_id: Some(format!("discovery-{on}")), ip: None };
    let mut after: Option<Uuid> = None;
    let mut total = Summary::default();
    let mut written = 0;
    for batch_no in 0_u64.. {
        // Numbered, with its size: which batch was slow, never whose.
        let span = tracing::info_span!(
            "job_step",
            job = JOB,
            step = "batch",
            batch = batch_no,
            households = tracing::field::Empty
        );
        let mut page = household::Entity::find()
            .select_only()
            .columns([household::Column::Id, household::Column::RegionId, household::Column::EconomicStatus])
            .order_by_asc(household::Column::Id)
            .limit(BATCH_HOUSEHOLDS);
        if let Some(last) = after {
            page = page.filter(household::Column::Id.gt(last));
        }
        let batch: Vec<HouseholdRow> = page.into_model().all(db).instrument(span.clone()).await?;
        let Some(last) = batch.last() else { break };
        after = Some(last.id);
        span.record("households", batch.len());

        let done = reconcile_batch(db, &batch, &rural, on, &meta).instrument(span).await?;
        total += done;
        written += done.suggested + done.refreshed + done.ended + done.alerts_raised + done.alerts_cleared;
        if written >= ANALYZE_EVERY {
            analyze(db).instrument(step("analyze")).await?;
            written = 0;
        }

        if let Some(lease) = lease
            && !lease.renew(db).instrument(step("renew")).await?
        {
            return Err(AppError::internal("the discovery lease was lost; another instance took over"));
        }
    }
    tracing::info!(
        people = total.people,
        suggested = total.suggested,
        refreshed = total.refreshed,
        ended = total.ended,
        alerts_raised = total.alerts_raised,
        alerts_cleared = total.alerts_cleared,
        "discovery run finished"
    );
    Ok(total)
}

/// Evaluates one batch and writes its differences, in its own transaction
/// under the discovery lock.
async fn reconcile_batch(
    db: &DatabaseConnection,
    batch: &[HouseholdRow],
    rural: &facts::RuralRegions,
    on: NaiveDate,
    meta: &RequestMeta,
) -> AppResult<Summary> {
    let txn = db::begin_write(db).await?;
    lock(&txn).await?;
    let (facts, subjects) = facts::for_households(&txn, batch, rural, on).await?;
    let done = apply::reconcile(&txn, &facts, &subjects, on, meta).await?;
    txn.commit().await?;
    Ok(done)
}

/// Refreshes PostgreSQL's statistics of the tables the job writes. The
/// first run over an existing registry grows `classification` from nothing
/// to a twentieth of the people; with statistics of the empty table the
/// planner reads it by sequential scan for every lookup, and without
/// autovacuum (or before it wakes) nothing corrects that. An ordinary day
/// writes far fewer rows and never gets here.
async fn analyze(db: &DatabaseConnection) -> AppResult<()> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared("ANALYZE classification, classification_event, alert").await?;
    }
    Ok(())
}
