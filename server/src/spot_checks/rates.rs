//! The rates of a round per town (抽查结果统计): households sampled and
//! checked, findings by result, and the error rate, with the villages
//! answerable for the findings that were not consistent.
//!
//! Error rate = (missed + wrong + data errors) ÷ people compared, where a
//! person not met (`UNREACHABLE`) is not a comparison. The missed rate of
//! back-check practice is the missed share of the same denominator. Counts
//! are computed from the findings on every read, never cached.

use std::collections::BTreeMap;

use entity::{SpotCheckItemStatus, SpotCheckResult, spot_check_finding, spot_check_item, spot_check_round};
use sea_orm::{ColumnTrait as _, ConnectionTrait, EntityTrait as _, QueryFilter as _};
use uuid::Uuid;

use crate::{auth::Actor, error::AppResult, policy::scope};

/// Findings by result.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub consistent: u64,
    pub missed: u64,
    pub wrong: u64,
    pub data_error: u64,
    pub unreachable: u64,
    /// Findings that needed an answer and have one.
    pub answered: u64,
}

impl Counts {
    fn add(&mut self, f: &spot_check_finding::Model) {
        match f.result {
            SpotCheckResult::Consistent => self.consistent += 1,
            SpotCheckResult::Missed => self.missed += 1,
            SpotCheckResult::Wrong => self.wrong += 1,
            SpotCheckResult::DataError => self.data_error += 1,
            SpotCheckResult::Unreachable => self.unreachable += 1,
        }
        if f.result != SpotCheckResult::Consistent && f.rectification.is_some() {
            self.answered += 1;
        }
    }

    pub fn errors(&self) -> u64 {
        self.missed + self.wrong + self.data_error
    }

    /// People compared against the registry.
    pub fn compared(&self) -> u64 {
        self.consistent + self.errors()
    }

    /// Findings that call for an answer from the town.
    pub fn to_answer(&self) -> u64 {
        self.errors() + self.unreachable
    }

    pub fn error_rate(&self) -> Option<f64> {
        rate(self.errors(), self.compared())
    }

    pub fn missed_rate(&self) -> Option<f64> {
        rate(self.missed, self.compared())
    }
}

#[allow(clippy::cast_precision_loss)] // counts far below 2^52
fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// One town's figures.
#[derive(Debug, Clone, Default)]
pub struct TownRate {
    pub town_id: Uuid,
    pub sampled: u64,
    pub checked: u64,
    pub counts: Counts,
    /// Villages with findings, by village id (`None`: a household bound to
    /// the town directly).
    pub villages: BTreeMap<Option<Uuid>, Counts>,
}

/// The rates of `round` per town, over the items in the caller's row scope
/// (a town sees its own), in the order of the towns' first items.
pub async fn per_town(
    db: &impl ConnectionTrait,
    actor: &Actor,
    round: &spot_check_round::Model,
) -> AppResult<Vec<TownRate>> {
    let items = spot_check_item::Entity::find()
        .filter(spot_check_item::Column::RoundId.eq(round.id))
        .filter(scope::registry(actor, spot_check_item::Column::ScopeKey))
        .all(db)
        .await?;
    let findings = spot_check_finding::Entity::find()
        .filter(spot_check_finding::Column::RoundId.eq(round.id))
        .filter(scope::registry(actor, spot_check_finding::Column::ScopeKey))
        .all(db)
        .await?;
    Ok(tally(&items, &findings))
}

/// The grouping itself, free of the database.
pub fn tally(items: &[spot_check_item::Model], findings: &[spot_check_finding::Model]) -> Vec<TownRate> {
    let mut towns: Vec<TownRate> = Vec::new();
    let mut index: BTreeMap<Uuid, usize> = BTreeMap::new();
    let mut item_town: BTreeMap<Uuid, (usize, Option<Uuid>)> = BTreeMap::new();
    for item in items {
        let t = *index.entry(item.town_id).or_insert_with(|| {
            towns.push(TownRate { town_id: item.town_id, ..TownRate::default() });
            towns.len() - 1
        });
        towns[t].sampled += 1;
        if item.status == SpotCheckItemStatus::Checked {
            towns[t].checked += 1;
        }
        item_town.insert(item.id, (t, item.village_id));
    }
    for f in findings {
        let Some(&(t, village)) = item_town.get(&f.item_id) else { continue };
        towns[t].counts.add(f);
        if f.result != SpotCheckResult::Consistent {
            towns[t].villages.entry(village).or_default().add(f);
        }
    }
    towns
}

/// A round's figures over one region of the caller's jurisdiction: the
/// figures of `stats`.
#[derive(Debug, Clone)]
pub struct Summary {
    pub round: spot_check_round::Model,
    pub sampled: u64,
    pub checked: u64,
    pub counts: Counts,
}

/// The round of `quarter` (by default the latest the caller may see) over
/// the households under `region`; `None` for a caller who sees no rounds
/// (villages, grids, dashboards) or when there is no such round.
pub async fn summary(
    db: &impl ConnectionTrait,
    actor: &Actor,
    region: Uuid,
    quarter: Option<String>,
) -> AppResult<Option<Summary>> {
    if !crate::policy::allows(actor.role, crate::policy::Action::ReadSpotChecks) {
        return Ok(None);
    }
    let rounds = super::query::rounds(db, actor).await?;
    let Some(round) = rounds.into_iter().find(|r| quarter.as_ref().is_none_or(|q| *q == r.quarter)) else {
        return Ok(None);
    };
    let range = scope::region_range(db, actor, region).await?;
    let items = spot_check_item::Entity::find()
        .filter(spot_check_item::Column::RoundId.eq(round.id))
        .filter(scope::registry(actor, spot_check_item::Column::ScopeKey))
        .filter(scope::span(range, spot_check_item::Column::ScopeKey))
        .all(db)
        .await?;
    let findings = spot_check_finding::Entity::find()
        .filter(spot_check_finding::Column::RoundId.eq(round.id))
        .filter(scope::registry(actor, spot_check_finding::Column::ScopeKey))
        .filter(scope::span(range, spot_check_finding::Column::ScopeKey))
        .all(db)
        .await?;
    let mut sum = Summary { round, sampled: 0, checked: 0, counts: Counts::default() };
    for t in tally(&items, &findings) {
        sum.sampled += t.sampled;
        sum.checked += t.checked;
        let c = t.counts;
        sum.counts.consistent += c.consistent;
        sum.counts.missed += c.missed;
        sum.counts.wrong += c.wrong;
        sum.counts.data_error += c.data_error;
        sum.counts.unreachable += c.unreachable;
        sum.counts.answered += c.answered;
    }
    Ok(Some(sum))
}
