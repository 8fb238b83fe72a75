//! Drawing a quarter's round: candidates from the registry in the caller's
//! jurisdiction, the sample per town and stratum ([`super::sample`]), who
//! last swept each sampled household, and the frozen round, in one
//! transaction with its audit entry.

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate, Utc};
use entity::{
    ClassificationStatus, RegionLevel, SpotCheckItemStatus, SpotCheckStatus, SpotCheckStratum, VisitKind,
    classification, household, person, region, spot_check_item, spot_check_round, user, visit,
};
use sea_orm::{
    ColumnTrait as _, ConnectionTrait, EntityTrait as _, FromQueryResult, QueryFilter as _, QueryOrder as _,
    QuerySelect as _, QueryTrait as _,
};
use serde_json::json;
use uuid::Uuid;

use super::sample;
use crate::{
    audit::{self, Entry},
    auth::Actor,
    clock,
    db::{self, BeginWrite},
    discovery::facts::IN_LIST,
    error::{AppError, AppResult, FieldErrors, Unique, messages as msg, or_taken},
    policy::{scope, spot_checks},
    reports::period::{Period, PeriodKind},
};

/// Most households sampled per town: a round is re-visited by hand.
pub const MAX_PER_TOWN: i32 = 200;
/// Most district users a round's re-visits are shared among.
const MAX_ASSIGNEES: usize = 50;
/// Rows per multi-row INSERT (see `discovery::apply`).
const INSERT_ROWS: usize = 25;

/// A draw as the district asked for it, ids parsed.
#[derive(Debug, Clone)]
pub struct Draw {
    pub quarter: String,
    pub per_town: i32,
    /// Households from the classified stratum per town; the rest come from
    /// the unclassified one. `None` splits evenly (the odd one classified).
    pub classified: Option<i32>,
    /// `None` draws a fresh seed, which the round shows.
    pub seed: Option<i64>,
    /// `None` is the last day of the quarter's following month.
    pub due_on: Option<NaiveDate>,
    /// District users to share the re-visits among, in turn; `None` or
    /// empty gives every item to the caller.
    pub assignees: Vec<Uuid>,
}

/// A draw checked against the calendar and the accounts.
struct Valid {
    quarter: Period,
    per_town: i32,
    classified: i32,
    seed: i64,
    due_on: NaiveDate,
    assignees: Vec<Uuid>,
}

pub async fn draw(db: &impl BeginWrite, actor: &Actor, input: Draw) -> AppResult<spot_check_round::Model> {
    spot_checks::may_run(actor)?;
    let txn = db::begin_write(db).await?;
    let valid = validate(&txn, actor, input).await?;
    let taken = spot_check_round::Entity::find()
        .filter(spot_check_round::Column::Quarter.eq(valid.quarter.to_string()))
        .one(&txn)
        .await?;
    if taken.is_some() {
        return Err(AppError::invalid("quarter", msg::QUARTER_DRAWN));
    }
    let regions = Regions::load(&txn, actor).await?;
    let candidates = candidates(&txn, actor, &regions).await?;
    let unclassified = valid.per_town - valid.classified;
    let mut picked = sample::lowest(
        valid.seed,
        candidates.iter().filter(|c| c.classified).map(|c| (c.town, c.id)),
        usize::try_from(valid.classified).unwrap_or(0),
    );
    let mut others = sample::lowest(
        valid.seed,
        candidates.iter().filter(|c| !c.classified).map(|c| (c.town, c.id)),
        usize::try_from(unclassified).unwrap_or(0),
    );
    // Only the drawn few are looked up again; a map of every candidate
    // would cost more than the draw.
    let drawn: HashSet<Uuid> = picked.values().chain(others.values()).flatten().copied().collect();
    let by_id: HashMap<Uuid, &Candidate> =
        candidates.iter().filter(|c| drawn.contains(&c.id)).map(|c| (c.id, c)).collect();
    let now = Utc::now();
    let round_id = Uuid::now_v7();
    let mut items = Vec::new();
    for (t, town) in regions.towns.iter().enumerate() {
        for (stratum, ids) in [
            (SpotCheckStratum::Classified, picked.remove(&t).unwrap_or_default()),
            (SpotCheckStratum::Unclassified, others.remove(&t).unwrap_or_default()),
        ] {
            for (rank, id) in ids.into_iter().enumerate() {
                let Some(c) = by_id.get(&id) else { continue };
                let assignee = valid.assignees[items.len() % valid.assignees.len()];
                items.push(spot_check_item::Model {
                    id: Uuid::now_v7(),
                    round_id,
                    household_id: id,
                    scope_key: c.scope_key,
                    town_id: town.id,
                    village_id: regions.village_of(c.scope_key),
                    stratum,
                    rank: i32::try_from(rank).unwrap_or(i32::MAX),
                    assignee_id: assignee,
                    due_on: valid.due_on,
                    last_sweep_by: None,
                    last_sweep_at: None,
                    status: SpotCheckItemStatus::Pending,
                    visit_id: None,
                    checked_by: None,
                    checked_at: None,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                });
            }
        }
    }
    last_sweeps(&txn, &mut items).await?;
    let round = spot_check_round::Model {
        id: round_id,
        quarter: valid.quarter.to_string(),
        seed: valid.seed,
        per_town: valid.per_town,
        classified: valid.classified,
        unclassified,
        due_on: valid.due_on,
        status: SpotCheckStatus::Open,
        item_count: i32::try_from(items.len()).unwrap_or(i32::MAX),
        sample_hash: sample::hash(items.iter().map(|i| i.household_id)),
        drawn_by: actor.user_id,
        drawn_at: now,
        closed_by: None,
        closed_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    spot_check_round::Entity::insert(spot_check_round::ActiveModel::from(round.clone()))
        .exec_without_returning(&txn)
        .await
        .map_err(|e| or_taken(e, Unique::SpotCheckQuarter, || AppError::invalid("quarter", msg::QUARTER_DRAWN)))?;
    for chunk in items.chunks(INSERT_ROWS) {
        let rows = chunk.iter().cloned().map(spot_check_item::ActiveModel::from);
        spot_check_item::Entity::insert_many(rows).exec_without_returning(&txn).await?;
    }
    // The seed and the hash make the draw checkable later; no household.
    let detail = json!({
        "quarter": round.quarter,
        "seed": round.seed,
        "per_town": round.per_town,
        "classified": round.classified,
        "unclassified": round.unclassified,
        "towns": regions.towns.len(),
        "candidates": candidates.len(),
        "items": round.item_count,
        "sample_hash": round.sample_hash,
    });
    audit::record(&txn, Some(actor), &actor.meta, Entry::write("spotcheck.draw", "spot_check_round", round.id, detail))
        .await?;
    txn.commit().await?;
    tracing::info!(quarter = %round.quarter, items = round.item_count, candidates = candidates.len(), "spot check drawn");
    Ok(round)
}

async fn validate(db: &impl ConnectionTrait, actor: &Actor, input: Draw) -> AppResult<Valid> {
    let mut e = FieldErrors::default();
    let today = clock::today();
    let current = Period::containing(Utc::now(), PeriodKind::Quarter);
    let quarter = match Period::parse(&input.quarter) {
        Ok(p) if p.kind() != PeriodKind::Quarter => {
            e.add("quarter", msg::QUARTER_FORMAT);
            None
        }
        Ok(p) if p > current => {
            e.add("quarter", msg::QUARTER_IN_FUTURE);
            None
        }
        Ok(p) => Some(p),
        Err(m) => {
            e.add("quarter", m);
            None
        }
    };
    if !(1..=MAX_PER_TOWN).contains(&input.per_town) {
        e.add("perTown", msg::PER_TOWN_RANGE.with("max", MAX_PER_TOWN));
    }
    let classified = input.classified.unwrap_or((input.per_town + 1) / 2);
    if !(0..=input.per_town.max(0)).contains(&classified) {
        e.add("strata.classified", msg::CLASSIFIED_RANGE);
    }
    if input.seed.is_some_and(|s| s < 0) {
        e.add("seed", msg::SEED_NEGATIVE);
    }
    let due_on = match (input.due_on, quarter) {
        (Some(d), _) if d < today => {
            e.add("dueOn", msg::DUE_BEFORE_TODAY);
            None
        }
        (Some(d), _) => Some(d),
        (None, Some(q)) => Some(default_due(q).max(today)),
        (None, None) => None,
    };
    let assignees = if input.assignees.is_empty() { vec![actor.user_id] } else { input.assignees.clone() };
    // Bounded before it reaches the database: the list is the client's.
    if assignees.len() > MAX_ASSIGNEES {
        e.add("assigneeIds", msg::TOO_MANY_ASSIGNEES.with("max", MAX_ASSIGNEES));
    } else {
        let found = user::Entity::find()
            .filter(user::Column::Id.is_in(assignees.clone()))
            .filter(user::Column::RegionId.in_subquery(scope::region_ids(actor)))
            .all(db)
            .await?;
        let fit: HashSet<Uuid> =
            found.iter().filter(|u| u.in_force() && spot_checks::may_be_assigned(u.role)).map(|u| u.id).collect();
        if assignees.iter().any(|id| !fit.contains(id)) {
            e.add("assigneeIds", msg::ASSIGNEES_NOT_DISTRICT_STAFF);
        }
    }
    e.into_result()?;
    match (quarter, due_on) {
        (Some(quarter), Some(due_on)) => Ok(Valid {
            quarter,
            per_town: input.per_town,
            classified,
            seed: input.seed.unwrap_or_else(fresh_seed),
            due_on,
            assignees,
        }),
        _ => Err(AppError::internal("draw validated without a quarter")),
    }
}

/// The last day of the month after the quarter: a month for the re-visits.
fn default_due(quarter: Period) -> NaiveDate {
    let next = quarter.end().with_timezone(&clock::china()).date_naive();
    let after = next.checked_add_months(chrono::Months::new(1)).unwrap_or(next);
    after.checked_sub_days(Days::new(1)).unwrap_or(after)
}

/// A seed nobody chose, short enough to read out and type again.
fn fresh_seed() -> i64 {
    rand::random_range(1..1_000_000_000)
}

/// The towns and villages of the caller's jurisdiction, by key range.
struct Regions {
    towns: Vec<region::Model>,
    villages: Vec<region::Model>,
}

impl Regions {
    async fn load(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Self> {
        let rows = region::Entity::find()
            .filter(scope::regions(actor, region::Column::KeyLo))
            .filter(region::Column::Level.is_in([RegionLevel::Town, RegionLevel::Village]))
            .order_by_asc(region::Column::KeyLo)
            .all(db)
            .await?;
        let (towns, villages) = rows.into_iter().partition(|r| r.level == RegionLevel::Town);
        Ok(Self { towns, villages })
    }

    /// Index into `towns` of the town whose span holds `key`.
    fn town_of(&self, key: i64) -> Option<usize> {
        let i = self.towns.partition_point(|t| t.key_lo <= key).checked_sub(1)?;
        (self.towns[i].key_hi >= key).then_some(i)
    }

    fn village_of(&self, key: i64) -> Option<Uuid> {
        let i = self.villages.partition_point(|v| v.key_lo <= key).checked_sub(1)?;
        let v = &self.villages[i];
        (v.key_hi >= key).then_some(v.id)
    }
}

struct Candidate {
    id: Uuid,
    scope_key: i64,
    town: usize,
    classified: bool,
}

/// Every household of the jurisdiction with its town and stratum: two
/// narrow scans (households; households with someone confirmed), whatever
/// the registry's size.
async fn candidates(db: &impl ConnectionTrait, actor: &Actor, regions: &Regions) -> AppResult<Vec<Candidate>> {
    #[derive(FromQueryResult)]
    struct Row {
        id: Uuid,
        scope_key: i64,
    }
    #[derive(FromQueryResult)]
    struct Held {
        household_id: Uuid,
    }
    let confirmed = classification::Entity::find()
        .select_only()
        .column(classification::Column::PersonId)
        .filter(scope::registry(actor, classification::Column::ScopeKey))
        .filter(classification::Column::Status.eq(ClassificationStatus::Confirmed));
    let held: HashSet<Uuid> = person::Entity::find()
        .select_only()
        .column(person::Column::HouseholdId)
        .distinct()
        .filter(person::Column::Id.in_subquery(confirmed.into_query()))
        .into_model::<Held>()
        .all(db)
        .await?
        .into_iter()
        .map(|h| h.household_id)
        .collect();
    let rows = household::Entity::find()
        .select_only()
        .columns([household::Column::Id, household::Column::ScopeKey])
        .filter(scope::registry(actor, household::Column::ScopeKey))
        .into_model::<Row>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let town = regions.town_of(r.scope_key)?;
            Some(Candidate { id: r.id, scope_key: r.scope_key, town, classified: held.contains(&r.id) })
        })
        .collect())
}

/// Who last swept each sampled household (the monthly sweep before the
/// draw), so that a finding names the responsible worker.
async fn last_sweeps(db: &impl ConnectionTrait, items: &mut [spot_check_item::Model]) -> AppResult<()> {
    let mut last: HashMap<Uuid, visit::Model> = HashMap::new();
    let ids: Vec<Uuid> = items.iter().map(|i| i.household_id).collect();
    for chunk in ids.chunks(IN_LIST) {
        let visits = visit::Entity::find()
            .filter(visit::Column::HouseholdId.is_in(chunk.iter().copied()))
            .filter(visit::Column::Kind.eq(VisitKind::MonthlySweep))
            .order_by_asc(visit::Column::VisitedAt)
            .all(db)
            .await?;
        last.extend(visits.into_iter().map(|v| (v.household_id, v)));
    }
    for item in items {
        if let Some(v) = last.get(&item.household_id) {
            item.last_sweep_by = Some(v.visitor_id);
            item.last_sweep_at = Some(v.visited_at);
        }
    }
    Ok(())
}
