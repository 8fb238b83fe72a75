use crate::db::Db;
use std::{
    collections::{BTreeMap, HashMap, HashSet},
    sync::Arc,
};

use entity::{CareLevel, Category, ClassificationStatus, classification, household, person, region};
use sea_orm::{
    ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait as _},
};
use tokio::sync::{Mutex, OnceCell};
use uuid::Uuid;

use super::suppress::{self, Node};
use crate::{error::AppResult, visits::coverage::Coverage};

/// Row counts per scope key (per grid or village).
pub type KeyCounts = BTreeMap<i64, u64>;

/// Counts of one request's subtree, each loaded at most once and shared by
/// the region and all its children. For dashboards the subtree is the whole
/// jurisdiction, whatever region was asked for: what is suppressed must not
/// depend on the question (see `suppress`).
pub struct StatsCache {
    db: Db,
    lo: i64,
    hi: i64,
    households: OnceCell<KeyCounts>,
    people: OnceCell<KeyCounts>,
    by_category: OnceCell<HashMap<Category, KeyCounts>>,
    by_care_level: OnceCell<HashMap<CareLevel, KeyCounts>>,
    tree: OnceCell<Vec<Node>>,
    /// Regions suppressed, per figure.
    suppressed: Mutex<HashMap<String, Arc<HashSet<Uuid>>>>,
    /// Visit coverage (sweeps done, care overdue), from `crate::visits`.
    pub coverage: Coverage,
}

#[derive(FromQueryResult)]
struct KeyCount {
    scope_key: i64,
    n: i64,
}

impl StatsCache {
    pub fn new(db: Db, lo: i64, hi: i64) -> Self {
        let coverage = Coverage::new(db.clone(), lo, hi);
        Self {
            db,
            lo,
            hi,
            households: OnceCell::new(),
            people: OnceCell::new(),
            by_category: OnceCell::new(),
            by_care_level: OnceCell::new(),
            tree: OnceCell::new(),
            suppressed: Mutex::default(),
            coverage,
        }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn span(&self) -> (i64, i64) {
        (self.lo, self.hi)
    }

    pub async fn households(&self) -> AppResult<&KeyCounts> {
        self.households
            .get_or_try_init(|| async {
                let rows = household::Entity::find()
                    .select_only()
                    .column(household::Column::ScopeKey)
                    .column_as(Expr::col(household::Column::Id).count(), "n")
                    .filter(household::Column::ScopeKey.between(self.lo, self.hi))
                    .group_by(household::Column::ScopeKey)
                    .into_model::<KeyCount>()
                    .all(&self.db)
                    .await?;
                Ok(collect(rows))
            })
            .await
    }

    /// People registered and alive (moved-out and deceased people are not
    /// looked after here).
    pub async fn people(&self) -> AppResult<&KeyCounts> {
        use entity::ResidenceStatus::{Deceased, MovedOut};
        self.people
            .get_or_try_init(|| async {
                let rows = person::Entity::find()
                    .select_only()
                    .column(person::Column::ScopeKey)
                    .column_as(Expr::col(person::Column::Id).count(), "n")
                    .filter(person::Column::ScopeKey.between(self.lo, self.hi))
                    .filter(person::Column::ResidenceStatus.is_not_in([Deceased, MovedOut]))
                    .group_by(person::Column::ScopeKey)
                    .into_model::<KeyCount>()
                    .all(&self.db)
                    .await?;
                Ok(collect(rows))
            })
            .await
    }
}

impl StatsCache {
    /// The regions of the span as a tree.
    async fn tree(&self) -> AppResult<&[Node]> {
        let tree = self
            .tree
            .get_or_try_init(|| async {
                let rows = region::Entity::find()
                    .filter(region::Column::KeyLo.between(self.lo, self.hi))
                    .all(&self.db)
                    .await?;
                Ok::<_, crate::error::AppError>(
                    rows.into_iter()
                        .map(|r| Node { id: r.id, parent: r.parent_id, lo: r.key_lo, hi: r.key_hi })
                        .collect(),
                )
            })
            .await?;
        Ok(tree)
    }

    /// The regions whose count of `figure` (named for the cache, counted in
    /// `counts`) a dashboard may not see.
    pub async fn suppressed(&self, figure: &str, counts: &KeyCounts) -> AppResult<Arc<HashSet<Uuid>>> {
        let mut known = self.suppressed.lock().await;
        if let Some(hidden) = known.get(figure) {
            return Ok(hidden.clone());
        }
        let hidden = Arc::new(suppress::suppressed(self.tree().await?, counts));
        known.insert(figure.to_owned(), hidden.clone());
        Ok(hidden)
    }
}

/// Confirmed classifications counted per scope key and per `group` (a
/// category or a care level): one grouped query.
async fn confirmed_by<G>(cache: &StatsCache, group: classification::Column) -> AppResult<HashMap<G, KeyCounts>>
where
    G: sea_orm::TryGetable + Eq + std::hash::Hash,
{
    #[derive(FromQueryResult)]
    struct Row<G: sea_orm::TryGetable> {
        scope_key: i64,
        grp: G,
        n: i64,
    }
    let rows = classification::Entity::find()
        .select_only()
        .column(classification::Column::ScopeKey)
        .column_as(group, "grp")
        .column_as(Expr::col(classification::Column::Id).count(), "n")
        .filter(classification::Column::ScopeKey.between(cache.lo, cache.hi))
        .filter(classification::Column::Status.eq(ClassificationStatus::Confirmed))
        .filter(group.is_not_null())
        .group_by(classification::Column::ScopeKey)
        .group_by(group)
        .into_model::<Row<G>>()
        .all(&cache.db)
        .await?;
    let mut out: HashMap<G, KeyCounts> = HashMap::new();
    for r in rows {
        out.entry(r.grp).or_default().insert(r.scope_key, u64::try_from(r.n).unwrap_or(0));
    }
    Ok(out)
}

impl StatsCache {
    /// People holding each category (confirmed, not ended).
    pub async fn by_category(&self) -> AppResult<&HashMap<Category, KeyCounts>> {
        self.by_category.get_or_try_init(|| confirmed_by(self, classification::Column::Category)).await
    }

    /// Confirmed classifications at each care level.
    pub async fn by_care_level(&self) -> AppResult<&HashMap<CareLevel, KeyCounts>> {
        self.by_care_level.get_or_try_init(|| confirmed_by(self, classification::Column::CareLevel)).await
    }
}

fn collect(rows: Vec<KeyCount>) -> KeyCounts {
    rows.into_iter().map(|r| (r.scope_key, u64::try_from(r.n).unwrap_or(0))).collect()
}

/// The sum of the counts whose key lies in `[lo, hi]`.
pub fn sum_in(counts: &KeyCounts, lo: i64, hi: i64) -> u64 {
    counts.range(lo..=hi).map(|(_, n)| n).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_take_exactly_the_keys_of_the_span() {
        let counts: KeyCounts = [(120_116_157_201_001, 3), (120_116_157_202_000, 4), (120_116_158_201_001, 5)].into();
        assert_eq!(sum_in(&counts, 120_116_157_000_000, 120_116_157_999_999), 7);
        assert_eq!(sum_in(&counts, 120_116_157_201_000, 120_116_157_201_999), 3);
    }
}
