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
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
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
};

/// The lease name of the daily run.
pub const JOB: &str = "discovery.daily";

/// Households per batch: about 5,500 people, a few MB of facts.
pub const BATCH_HOUSEHOLDS: u64 = 2_000;

/// Re-evaluates every registered person on `on`. With a `lease`, renews it
/// after every batch and stops if it was lost.
#[tracing::instrument(skip_all, fields(%on))]
pub async fn run(db: &DatabaseConnection, on: NaiveDate, lease: Option<&Lease>) -> AppResult<Summary> {
    let rural = facts::all_regions(db).await?;
    let meta = RequestMeta { request_id: Some(format!("discovery-{on}")), ip: None };
    let mut after: Option<Uuid> = None;
    let mut total = Summary::default();
    loop {
        let mut page = household::Entity::find()
            .select_only()
            .columns([household::Column::Id, household::Column::RegionId, household::Column::EconomicStatus])
            .order_by_asc(household::Column::Id)
            .limit(BATCH_HOUSEHOLDS);
        if let Some(last) = after {
            page = page.filter(household::Column::Id.gt(last));
        }
        let batch: Vec<HouseholdRow> = page.into_model().all(db).await?;
        let Some(last) = batch.last() else { break };
        after = Some(last.id);

        let txn = db::begin_write(db).await?;
        lock(&txn).await?;
        let (facts, subjects) = facts::for_households(&txn, &batch, &rural, on).await?;
        total += apply::reconcile(&txn, &facts, &subjects, on, &meta).await?;
        txn.commit().await?;

        if let Some(lease) = lease
            && !lease.renew(db).await?
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
