//! Running the daily job inside the server: every instance checks hourly,
//! and whichever takes the lease first runs it once per China day.

use std::time::Duration;

use sea_orm::DatabaseConnection;
use tokio::{task::JoinHandle, time::MissedTickBehavior};
use tracing::Instrument as _;

use super::{Summary, job, lease::Lease};
use crate::{clock, error::AppResult, telemetry};

/// How often an instance checks whether today's run is due. A day starts
/// at midnight China time; the run follows within this interval.
pub const CHECK_EVERY: Duration = Duration::from_secs(60 * 60);

/// How long a lease lasts without renewal; a run renews it after every
/// batch, so only a crashed run lets it lapse.
pub const LEASE_TTL: Duration = Duration::from_secs(10 * 60);

/// Starts the hourly check in the background (the first one at once).
pub fn spawn(db: DatabaseConnection) -> JoinHandle<()> {
    tokio::spawn(async move {
        let lease = Lease::new(job::JOB, LEASE_TTL);
        let mut tick = tokio::time::interval(CHECK_EVERY);
        tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
        loop {
            tick.tick().await;
            let check = run_if_due(&db, &lease).instrument(tracing::info_span!("job", job = job::JOB));
            if let Err(err) = check.await {
                tracing::error!(error = %err, "daily discovery failed; retrying at the next check");
            }
            // Not part of discovery, but hourly on every instance is what it needs.
            let purge = crate::idempotency::purge(&db);
            purge.instrument(tracing::info_span!("job", job = crate::idempotency::PURGE_JOB)).await;
        }
    })
}

/// Runs today's discovery if no instance has completed it and none is
/// running it now; `None` when there was nothing to do here.
pub async fn run_if_due(db: &DatabaseConnection, lease: &Lease) -> AppResult<Option<Summary>> {
    let step = |name| telemetry::job_step(job::JOB, name);
    let today = clock::today();
    if !lease.acquire(db, Some(today)).instrument(step("lease")).await? {
        return Ok(None);
    }
    let started = std::time::Instant::now();
    let result = job::run(db, today, Some(lease)).await;
    crate::metrics::job(job::JOB, result.is_ok(), started.elapsed());
    lease.release(db, result.is_ok().then_some(today)).instrument(step("release")).await?;
    // Once a day, by the one instance that ran the job: the audit chain's
    // head goes to the log, outside the database (`audit::Anchor`).
    crate::audit::log_head(db).instrument(step("audit_head")).await;
    result.map(Some)
}
