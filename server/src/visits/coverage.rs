//! Coverage figures for `stats` (DOMAIN.md: "coverage per grid, village and
//! town is always visible"): households whose sweep of the current period
//! is done, and care visits overdue, each counted per scope key in one
//! grouped query and summed per region by the caller.

use crate::db::Db;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ConnectionTrait as _, FromQueryResult,
    sea_query::{Alias, Expr, ExprTrait as _},
};
use tokio::sync::OnceCell;

use super::{
    due::{self, Request, Window},
    schedule::{Obligation, Schedule, Start},
    sources::{self, Filter},
};
use crate::{error::AppResult, policy::scope::KeyRange};

/// Counts per scope key.
pub type KeyCounts = BTreeMap<i64, u64>;

/// The coverage figures of one `stats` request, each loaded at most once.
pub struct Coverage {
    db: Db,
    filter: Filter,
    now: DateTime<Utc>,
    schedule: OnceCell<Schedule>,
    swept_month: OnceCell<KeyCounts>,
    swept_quarter: OnceCell<KeyCounts>,
    overdue_care: OnceCell<KeyCounts>,
}

#[derive(FromQueryResult)]
struct KeyCount {
    scope_key: i64,
    n: i64,
}

impl Coverage {
    pub fn new(db: Db, lo: i64, hi: i64) -> Self {
        Self {
            db,
            filter: Filter { keys: KeyRange { lo, hi }, households: None },
            now: Utc::now(),
            schedule: OnceCell::new(),
            swept_month: OnceCell::new(),
            swept_quarter: OnceCell::new(),
            overdue_care: OnceCell::new(),
        }
    }

    async fn schedule(&self) -> AppResult<&Schedule> {
        self.schedule.get_or_try_init(|| Schedule::load(&self.db)).await
    }

    /// Households whose monthly sweep of the current period is done.
    pub async fn swept_this_month(&self) -> AppResult<&KeyCounts> {
        self.swept_month.get_or_try_init(|| self.met(Obligation::MonthlySweep)).await
    }

    /// Households whose quarterly (town) sweep of the current period is done.
    pub async fn swept_this_quarter(&self) -> AppResult<&KeyCounts> {
        self.swept_quarter.get_or_try_init(|| self.met(Obligation::QuarterlySweep)).await
    }

    /// People under care whose care visit is overdue.
    pub async fn overdue_care_visits(&self) -> AppResult<&KeyCounts> {
        self.overdue_care
            .get_or_try_init(|| async {
                let schedule = self.schedule().await?;
                let req = Request {
                    filter: &self.filter,
                    obligations: &[Obligation::CareHigh, Obligation::CareKey, Obligation::CareGeneral],
                    window: Window::Overdue,
                    now: self.now,
                    after: None,
                    limit: None,
                };
                due::count_by_scope(&self.db, schedule, &req).await
            })
            .await
    }

    /// Rows whose obligation is met for now: discharged by a visit recent
    /// enough that nothing is owed yet (for a calendar rule, a visit in the
    /// current period).
    async fn met(&self, obligation: Obligation) -> AppResult<KeyCounts> {
        let rule = self.schedule().await?.rule(obligation);
        let mut source = sources::source(obligation, Start::Repeat, &self.filter);
        let cut = rule.beyond(Start::Repeat, rule.horizon(self.now));
        let anchor = source.anchor.clone();
        source
            .select
            .and_where(if cut.inclusive { anchor.gte(cut.at) } else { anchor.gt(cut.at) })
            .expr_as(source.scope_key.clone(), Alias::new("scope_key"))
            .expr_as(Expr::val(1).count(), Alias::new("n"))
            .add_group_by([source.scope_key.clone()]);
        let rows =
            KeyCount::find_by_statement(self.db.get_database_backend().build(&source.select)).all(&self.db).await?;
        Ok(rows.into_iter().map(|r| (r.scope_key, u64::try_from(r.n).unwrap_or(0))).collect())
    }
}
