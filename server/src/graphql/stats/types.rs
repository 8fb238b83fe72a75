use std::{collections::HashMap, sync::Arc};

use async_graphql::{Object, SimpleObject};
use entity::{CareLevel, Category, Role, region};
use sea_orm::Iterable as _;

use uuid::Uuid;

use crate::stats::counts::{KeyCounts, StatsCache, sum_in};
use crate::{error::AppResult, graphql::region::types::Region, policy};

/// Figures of one region and, for comparison, of each child region.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Stats {
    pub region: Region,
    pub totals: Figures,
    /// One entry per child region in the caller's jurisdiction.
    pub children: Vec<ChildStats>,
}

#[async_graphql::ComplexObject]
impl Stats {
    /// Reports of the child regions (a town's villages, the district's
    /// towns; a village's own) not submitted by their deadline over the
    /// status grid's default periods; `null` for a grid.
    async fn late_reports(&self, ctx: &async_graphql::Context<'_>) -> AppResult<Option<u64>> {
        use crate::graphql::context::ContextExt as _;
        if self.region.level == entity::RegionLevel::Grid {
            return Ok(None);
        }
        let id = crate::graphql::ids::parse_id(&self.region.id, "regionId")?;
        let grid = crate::reports::query::status(ctx.db(), ctx.actor()?, Some(id), None).await?;
        Ok(Some(grid.counts().1))
    }

    /// The district's spot check of `quarter` (`2026-Q3`; by default the
    /// latest round the caller may see) over this region: households
    /// sampled and checked, findings by result and the error rate. `null`
    /// for callers who see no rounds (villages, grids, dashboards) and for a
    /// quarter without one; a town sees closed rounds only.
    async fn spot_check(
        &self,
        ctx: &async_graphql::Context<'_>,
        quarter: Option<String>,
    ) -> AppResult<Option<crate::graphql::spot_check::types::SpotCheckSummary>> {
        use crate::graphql::context::ContextExt as _;
        let id = crate::graphql::ids::parse_id(&self.region.id, "regionId")?;
        let found = crate::spot_checks::rates::summary(ctx.db(), ctx.actor()?, id, quarter).await?;
        Ok(found.map(crate::graphql::spot_check::types::SpotCheckSummary))
    }
}

#[derive(SimpleObject)]
pub struct ChildStats {
    pub region: Region,
    pub figures: Figures,
}

/// Counts for one region's subtree. For dashboards, counts from 1 to 4 are
/// `null` (suppressed) so that nobody can be singled out, and so is every
/// count that would let one of them be worked out by subtraction.
pub struct Figures {
    pub(super) id: Uuid,
    pub(super) lo: i64,
    pub(super) hi: i64,
    pub(super) role: Role,
    pub(super) cache: Arc<StatsCache>,
}

impl Figures {
    pub fn new(region: &region::Model, role: Role, cache: Arc<StatsCache>) -> Self {
        Self { id: region.id, lo: region.key_lo, hi: region.key_hi, role, cache }
    }

    /// This region's count of `figure`, as the caller may see it.
    async fn publish(&self, figure: &str, counts: &KeyCounts) -> AppResult<Option<u64>> {
        let count = sum_in(counts, self.lo, self.hi);
        if !policy::counts_suppressed(self.role) {
            return Ok(policy::published_count(self.role, count));
        }
        let hidden = self.cache.suppressed(figure, counts).await?;
        Ok((!hidden.contains(&self.id)).then_some(count))
    }

    /// `part / households`, published only when both counts are: a share of
    /// a suppressed count would give the count away.
    async fn share(&self, figure: &str, part: &KeyCounts) -> AppResult<Option<f64>> {
        let whole = self.publish(HOUSEHOLDS, self.cache.households().await?).await?;
        Ok(match (self.publish(figure, part).await?, whole) {
            (Some(part), Some(whole)) if whole > 0 => Some(part as f64 / whole as f64),
            _ => None,
        })
    }
}

/// Names of the figures, for the suppression cache.
const HOUSEHOLDS: &str = "households";
const PEOPLE: &str = "people";
const SWEPT_MONTH: &str = "swept_this_month";
const SWEPT_QUARTER: &str = "swept_this_quarter";
const OVERDUE: &str = "overdue_care_visits";

#[Object]
impl Figures {
    /// Registered households.
    async fn households(&self) -> AppResult<Option<u64>> {
        self.publish(HOUSEHOLDS, self.cache.households().await?).await
    }

    /// Registered people, excluding the deceased and those moved out.
    async fn people(&self) -> AppResult<Option<u64>> {
        self.publish(PEOPLE, self.cache.people().await?).await
    }

    /// Households whose monthly sweep (每月排查) of the current month is done.
    async fn swept_this_month(&self) -> AppResult<Option<u64>> {
        self.publish(SWEPT_MONTH, self.cache.coverage.swept_this_month().await?).await
    }

    /// `sweptThisMonth` as a share of `households` (0 to 1).
    async fn swept_this_month_share(&self) -> AppResult<Option<f64>> {
        self.share(SWEPT_MONTH, self.cache.coverage.swept_this_month().await?).await
    }

    /// Households whose quarterly town sweep (每季度排查) of the current quarter is done.
    async fn swept_this_quarter(&self) -> AppResult<Option<u64>> {
        self.publish(SWEPT_QUARTER, self.cache.coverage.swept_this_quarter().await?).await
    }

    /// `sweptThisQuarter` as a share of `households` (0 to 1).
    async fn swept_this_quarter_share(&self) -> AppResult<Option<f64>> {
        self.share(SWEPT_QUARTER, self.cache.coverage.swept_this_quarter().await?).await
    }

    /// People under care whose care visit is past due.
    async fn overdue_care_visits(&self) -> AppResult<Option<u64>> {
        self.publish(OVERDUE, self.cache.coverage.overdue_care_visits().await?).await
    }

    /// Confirmed classifications per category (a person may hold several).
    async fn by_category(&self) -> AppResult<Vec<CategoryCount>> {
        let counts = self.publish_each(self.cache.by_category().await?, Category::iter(), Category::as_str).await?;
        Ok(counts.into_iter().map(|(category, count)| CategoryCount { category, count }).collect())
    }

    /// Confirmed classifications per decided care level.
    async fn by_care_level(&self) -> AppResult<Vec<CareLevelCount>> {
        let counts = self.publish_each(self.cache.by_care_level().await?, CareLevel::iter(), CareLevel::as_str).await?;
        Ok(counts.into_iter().map(|(level, count)| CareLevelCount { care_level: level, count }).collect())
    }
}

impl Figures {
    /// [`Figures::publish`] for each group of a grouped figure, each group
    /// its own figure (named by `name`).
    async fn publish_each<G: Copy + Eq + std::hash::Hash>(
        &self,
        counts: &HashMap<G, KeyCounts>,
        groups: impl Iterator<Item = G>,
        name: fn(G) -> &'static str,
    ) -> AppResult<Vec<(G, Option<u64>)>> {
        let none = KeyCounts::new();
        let mut out = Vec::new();
        for group in groups {
            out.push((group, self.publish(name(group), counts.get(&group).unwrap_or(&none)).await?));
        }
        Ok(out)
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
