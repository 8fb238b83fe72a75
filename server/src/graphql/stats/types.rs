use std::sync::Arc;

use async_graphql::{Object, SimpleObject};
use entity::{Role, region};

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
}
