//! `liushou overdue --region <code>`: the overdue list of a region as plain
//! text, for a cron mail to the people who must act on it.
//!
//! Addresses are personal data: they go to the writer given (stdout), never
//! to the log.

use std::{collections::HashMap, io::Write};

use anyhow::Context as _;
use chrono::{DateTime, TimeDelta, Utc};
use entity::{household, region};
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
use tracing::Instrument as _;

use super::{
    due::{self, Request, Window},
    schedule::{Obligation, Schedule},
    sources::Filter,
};
use crate::{clock, policy::scope::KeyRange, telemetry};

/// The job's name in its spans.
pub const JOB: &str = "visits.overdue";

/// Writes everything overdue under the region with statistical code `code`,
/// oldest first, at most `limit` rows. Returns the number overdue in all.
pub async fn overdue(
    db: &impl sea_orm::ConnectionTrait,
    code: &str,
    limit: u64,
    now: DateTime<Utc>,
    out: &mut impl Write,
) -> anyhow::Result<u64> {
    let region = region::Entity::find()
        .filter(region::Column::Code.eq(code.trim()))
        .one(db)
        .await?
        .with_context(|| format!("no region with code {code}"))?;
    let schedule = Schedule::load(db).await?;
    let filter = Filter { keys: KeyRange::of(&region), households: None };
    let req = Request {
        filter: &filter,
        obligations: &Obligation::ALL,
        window: Window::Overdue,
        now,
        after: None,
        limit: Some(limit),
    };
    let step = |name| telemetry::job_step(JOB, name);
    let items = due::list(db, &schedule, &req).instrument(step("list")).await?;
    let total = due::count(db, &schedule, &req).instrument(step("count")).await?;
    let households: HashMap<_, _> = household::Entity::find()
        .filter(household::Column::Id.is_in(items.iter().map(|i| i.household_id)))
        .all(db)
        .instrument(step("households"))
        .await?
        .into_iter()
        .map(|h| (h.id, h))
        .collect();
    let regions: HashMap<_, _> = region::Entity::find()
        .filter(region::Column::Id.is_in(households.values().map(|h| h.region_id)))
        .all(db)
        .instrument(step("regions"))
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();

    let today = now.with_timezone(&clock::china()).date_naive();
    writeln!(out, "逾期走访 overdue visits — {} {} — {today} — {total}", region.code, region.name)?;
    writeln!(out, "due\tdays\treason\tregion\thousehold\tperson\taddress")?;
    for item in &items {
        // The last day it could be done: `due_at` is the instant it is late.
        let due_day = (item.due_at - TimeDelta::nanoseconds(1)).with_timezone(&clock::china()).date_naive();
        let home = households.get(&item.household_id);
        let place = home.and_then(|h| regions.get(&h.region_id));
        writeln!(
            out,
            "{due_day}\t{}\t{}\t{}\t{}\t{}\t{}",
            (now - item.due_at).num_days(),
            item.obligation.key(),
            place.map_or("-", |r| r.name.as_str()),
            item.household_id,
            item.person_id.map_or_else(|| "-".to_owned(), |p| p.to_string()),
            home.map_or("-", |h| h.address.as_str()),
        )?;
    }
    if total > items.len() as u64 {
        writeln!(out, "… {} more", total - items.len() as u64)?;
    }
    Ok(total)
}
