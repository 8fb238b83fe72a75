//! The caller's work list (`dueVisits`) as a service: what the list holds
//! for this caller — its role's duties, narrowed or widened by the filter,
//! within its jurisdiction — one page of it, and its totals on demand.
//!
//! The resolver checks that the caller may see it, parses the arguments
//! and maps the page to GraphQL; the engine is [`super::due`].

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::OnceCell;
use uuid::Uuid;

use super::{
    due::{self, Cursor, Item, Request, Window},
    duty,
    schedule::{Obligation, Schedule},
    sources::Filter,
};
use crate::{auth::Actor, db::Db, error::AppResult, policy::scope};

/// What the caller asks for, parsed.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Only what is owed in this region's subtree (within the caller's).
    pub region: Option<Uuid>,
    /// Only these reasons, instead of the caller's own duties.
    pub reasons: Option<Vec<Obligation>>,
    /// Past due only (`true`) or the open list (`false`), instead of the
    /// role's default.
    pub overdue_only: Option<bool>,
    pub after: Option<Cursor>,
    /// Items wanted on the page.
    pub size: u64,
}

/// One page of the work list.
pub struct Page {
    pub items: Vec<Item>,
    pub has_next: bool,
    /// The time the list was computed for: what is overdue is due before it.
    pub now: DateTime<Utc>,
    pub totals: Totals,
}

/// Counts over the whole list, computed only when asked for. They scan
/// everything in scope (a district costs hundreds of milliseconds, a town
/// tens), so each is computed at most once per request.
pub struct Totals {
    db: Db,
    schedule: Arc<Schedule>,
    filter: Filter,
    obligations: Vec<Obligation>,
    window: Window,
    now: DateTime<Utc>,
    open: OnceCell<u64>,
    overdue: OnceCell<u64>,
}

impl Totals {
    /// Visits owed on this list.
    pub async fn total(&self) -> AppResult<u64> {
        self.count(self.window).await
    }

    /// Of those, the ones past due.
    pub async fn overdue(&self) -> AppResult<u64> {
        self.count(Window::Overdue).await
    }

    async fn count(&self, window: Window) -> AppResult<u64> {
        // The district's list is the overdue one: both counts are one.
        let cell = if window == Window::Overdue { &self.overdue } else { &self.open };
        let req = Request {
            filter: &self.filter,
            obligations: &self.obligations,
            window,
            now: self.now,
            after: None,
            limit: None,
        };
        cell.get_or_try_init(|| due::count(&self.db, &self.schedule, &req)).await.copied()
    }
}

/// A page of `actor`'s work list. The caller's right to see it is the
/// resolver's to check; its rows are held to the caller's jurisdiction here.
pub async fn page(db: &Db, actor: &Actor, query: Query) -> AppResult<Page> {
    let keys = match query.region {
        None => scope::key_range(actor),
        Some(region) => scope::region_range(db, actor, region).await?,
    };
    let mut duty = duty::of(actor.role);
    if let Some(reasons) = query.reasons {
        duty.obligations = reasons;
    }
    if let Some(overdue) = query.overdue_only {
        duty.window = if overdue { Window::Overdue } else { Window::Open };
    }
    let schedule = Arc::new(Schedule::load(db).await?);
    let now = Utc::now();
    let filter = Filter { keys, households: None };
    let size = query.size;
    let req = Request {
        filter: &filter,
        obligations: &duty.obligations,
        window: duty.window,
        now,
        after: query.after,
        // One more than the page, to know whether another follows.
        limit: Some(size + 1),
    };
    let mut items = if size == 0 { Vec::new() } else { due::list(db, &schedule, &req).await? };
    let has_next = items.len() as u64 > size;
    items.truncate(usize::try_from(size).unwrap_or(usize::MAX));
    let totals = Totals {
        db: db.clone(),
        schedule,
        filter,
        obligations: duty.obligations,
        window: duty.window,
        now,
        open: OnceCell::new(),
        overdue: OnceCell::new(),
    };
    Ok(Page { items, has_next, now, totals })
}
