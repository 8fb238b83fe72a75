use std::sync::Arc;

use async_graphql::{Object, SimpleObject};
use entity::{CareLevel, Category, Role, region};
use sea_orm::Iterable as _;

use super::service::{StatsCache, sum_in};
use crate::{error::AppResult, graphql::region::types::Region, policy};

/// Figures of one region and, for comparison, of each child region.
#[derive(SimpleObject)]
pub struct Stats {
    pub region: Region,
    pub totals: Figures,
    /// One entry per child region in the caller's jurisdiction.
    pub children: Vec<ChildStats>,
}

#[derive(SimpleObject)]
pub struct ChildStats {
    pub region: Region,
    pub figures: Figures,
}

/// Counts for one region's subtree. For dashboards, counts from 1 to 4 are
/// `null` (suppressed) so that nobody can be singled out.
pub struct Figures {
    pub(super) lo: i64,
    pub(super) hi: i64,
    pub(super) role: Role,
    pub(super) cache: Arc<StatsCache>,
}

impl Figures {
    pub fn new(region: &region::Model, role: Role, cache: Arc<StatsCache>) -> Self {
        Self { lo: region.key_lo, hi: region.key_hi, role, cache }
    }

    fn publish(&self, count: u64) -> Option<u64> {
        policy::published_count(self.role, count)
    }

    /// `part / whole`, published only when both counts are: a share of a
    /// suppressed count would give the count away.
    async fn share(&self, part: u64) -> AppResult<Option<f64>> {
        let whole = sum_in(self.cache.households().await?, self.lo, self.hi);
        Ok(match (self.publish(part), self.publish(whole)) {
            (Some(part), Some(whole)) if whole > 0 => Some(part as f64 / whole as f64),
            _ => None,
        })
    }
}

#[Object]
impl Figures {
    /// Registered households.
    async fn households(&self) -> AppResult<Option<u64>> {
        Ok(self.publish(sum_in(self.cache.households().await?, self.lo, self.hi)))
    }

    /// Registered people, excluding the deceased and those moved out.
    async fn people(&self) -> AppResult<Option<u64>> {
        Ok(self.publish(sum_in(self.cache.people().await?, self.lo, self.hi)))
    }

    /// Households whose monthly sweep (每月排查) of the current month is done.
    async fn swept_this_month(&self) -> AppResult<Option<u64>> {
        Ok(self.publish(sum_in(self.cache.coverage.swept_this_month().await?, self.lo, self.hi)))
    }

    /// `sweptThisMonth` as a share of `households` (0 to 1).
    async fn swept_this_month_share(&self) -> AppResult<Option<f64>> {
        self.share(sum_in(self.cache.coverage.swept_this_month().await?, self.lo, self.hi)).await
    }

    /// Households whose quarterly town sweep (每季度排查) of the current quarter is done.
    async fn swept_this_quarter(&self) -> AppResult<Option<u64>> {
        Ok(self.publish(sum_in(self.cache.coverage.swept_this_quarter().await?, self.lo, self.hi)))
    }

    /// `sweptThisQuarter` as a share of `households` (0 to 1).
    async fn swept_this_quarter_share(&self) -> AppResult<Option<f64>> {
        self.share(sum_in(self.cache.coverage.swept_this_quarter().await?, self.lo, self.hi)).await
    }

    /// People under care whose care visit is past due.
    async fn overdue_care_visits(&self) -> AppResult<Option<u64>> {
        Ok(self.publish(sum_in(self.cache.coverage.overdue_care_visits().await?, self.lo, self.hi)))
    }

    /// Confirmed classifications per category (a person may hold several).
    async fn by_category(&self) -> AppResult<Vec<CategoryCount>> {
        let counts = self.cache.by_category().await?;
        Ok(Category::iter()
            .map(|category| {
                let n = counts.get(&category).map_or(0, |c| sum_in(c, self.lo, self.hi));
                CategoryCount { category, count: self.publish(n) }
            })
            .collect())
    }

    /// Confirmed classifications per decided care level.
    async fn by_care_level(&self) -> AppResult<Vec<CareLevelCount>> {
        let counts = self.cache.by_care_level().await?;
        Ok(CareLevel::iter()
            .map(|care_level| {
                let n = counts.get(&care_level).map_or(0, |c| sum_in(c, self.lo, self.hi));
                CareLevelCount { care_level, count: self.publish(n) }
            })
            .collect())
    }
}

/// A count per category; `null` when suppressed for dashboards.
#[derive(SimpleObject)]
pub struct CategoryCount {
    pub category: Category,
    pub count: Option<u64>,
}

/// A count per care level; `null` when suppressed for dashboards.
#[derive(SimpleObject)]
pub struct CareLevelCount {
    pub care_level: CareLevel,
    pub count: Option<u64>,
}
