//! Building a report's rows from the registry: who is under care or
//! suggested in the region now, compared with the previous accepted report.
//!
//! Every lookup is one statement over the region's scope-key span (with
//! subqueries rather than id lists), so the number of statements does not
//! grow with the region.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use entity::{
    CareLevel, Category, ClassificationStatus, RegionLevel, ReportChange, VisitKind, classification, household,
    household_visit_mark, person, region, report_row, visit,
};
use sea_orm::{
    ColumnTrait as _, ConnectionTrait, EntityTrait as _, PaginatorTrait as _, QueryFilter as _, QuerySelect as _,
    QueryTrait as _,
    sea_query::{Expr, ExprTrait as _},
};
use serde_json::{Value, json};
use uuid::Uuid;

use super::period::{Period, PeriodKind};
use crate::{error::AppResult, policy::fields::mask_id_number};

/// A row before it is numbered and stored.
#[derive(Debug, Clone)]
pub struct Row {
    pub person_id: Uuid,
    pub scope_key: i64,
    pub town_name: String,
    pub village_name: String,
    pub village_code: String,
    pub address: String,
    pub name: String,
    pub sex: Option<entity::Sex>,
    pub birth_date: Option<chrono::NaiveDate>,
    pub id_number: Option<String>,
    pub categories: Value,
    pub care_level: Option<CareLevel>,
    pub last_visit_at: Option<DateTime<Utc>>,
    pub last_visit_kind: Option<VisitKind>,
    pub needs: Value,
    pub change: ReportChange,
    pub changed_fields: Vec<&'static str>,
    pub end_reason: Option<String>,
}

impl Row {
    /// The facts a change is reported on, by their API names. Visits and
    /// needs move every month and are reported as they are, not as changes.
    fn facts(&self) -> [(&'static str, Value); 8] {
        [
            ("name", json!(self.name)),
            ("sex", json!(self.sex)),
            ("birthDate", json!(self.birth_date)),
            ("idNumber", json!(self.id_number)),
            ("address", json!(self.address)),
            ("village", json!(self.village_code)),
            ("categories", self.categories.clone()),
            ("careLevel", json!(self.care_level)),
        ]
    }

    fn from_stored(r: &report_row::Model) -> Self {
        Self {
            person_id: r.person_id,
            scope_key: r.scope_key,
            town_name: r.town_name.clone(),
            village_name: r.village_name.clone(),
            village_code: r.village_code.clone(),
            address: r.address.clone(),
            name: r.name.clone(),
            sex: r.sex,
            birth_date: r.birth_date,
            id_number: r.id_number.clone(),
            categories: r.categories.clone(),
            care_level: r.care_level,
            last_visit_at: r.last_visit_at,
            last_visit_kind: r.last_visit_kind,
            needs: r.needs.clone(),
            change: r.change,
            changed_fields: Vec::new(),
            end_reason: r.end_reason.clone(),
        }
    }

    /// The ledger's order: village, address, name.
    fn order_key(&self) -> (String, String, String, Uuid) {
        (self.village_code.clone(), self.address.clone(), self.name.clone(), self.person_id)
    }
}

/// Counts over the rows, and sweep coverage of the period.
pub fn totals(rows: &[Row], households: u64, swept: u64) -> Value {
    let mut by_category: BTreeMap<&str, u64> = BTreeMap::new();
    let mut by_level: BTreeMap<&str, u64> = BTreeMap::new();
    let mut by_change: BTreeMap<&str, u64> = BTreeMap::new();
    let mut current = 0u64;
    for row in rows {
        *by_change.entry(row.change.as_str()).or_default() += 1;
        if row.change == ReportChange::Ended {
            continue;
        }
        current += 1;
        for c in row.categories.as_array().into_iter().flatten() {
            if let Some(cat) = c["category"].as_str() {
                *by_category.entry(category_key(cat)).or_default() += 1;
            }
        }
        *by_level.entry(row.care_level.map_or("UNDECIDED", CareLevel::as_str)).or_default() += 1;
    }
    json!({
        "people": current,
        "byCategory": by_category,
        "byCareLevel": by_level,
        "byChange": by_change,
        "households": households,
        "sweptHouseholds": swept,
    })
}

/// The category's static spelling (JSON map keys need a `&str` that lives long enough).
fn category_key(stored: &str) -> &'static str {
    use sea_orm::Iterable as _;
    Category::iter().map(Category::as_str).find(|c| *c == stored).unwrap_or("OTHER")
}

/// The rows of `region` now, each compared with `previous` (the rows of the
/// last accepted report of the region, if any), in ledger order.
pub async fn build(
    db: &impl ConnectionTrait,
    region: &region::Model,
    previous: &[report_row::Model],
) -> AppResult<Vec<Row>> {
    let (lo, hi) = (region.key_lo, region.key_hi);
    let open = [ClassificationStatus::Suggested, ClassificationStatus::Confirmed];
    let classifications = classification::Entity::find()
        .filter(classification::Column::ScopeKey.between(lo, hi))
        .filter(classification::Column::Status.is_in(open))
        .all(db)
        .await?;
    let listed = classification::Entity::find()
        .select_only()
        .column(classification::Column::PersonId)
        .filter(classification::Column::ScopeKey.between(lo, hi))
        .filter(classification::Column::Status.is_in(open))
        .into_query();
    let people = person::Entity::find()
        .filter(person::Column::ScopeKey.between(lo, hi))
        .filter(person::Column::Id.in_subquery(listed.clone()))
        .all(db)
        .await?;
    let households_of_listed = person::Entity::find()
        .select_only()
        .column(person::Column::HouseholdId)
        .filter(person::Column::ScopeKey.between(lo, hi))
        .filter(person::Column::Id.in_subquery(listed))
        .into_query();
    let households: HashMap<Uuid, household::Model> = household::Entity::find()
        .filter(household::Column::Id.in_subquery(households_of_listed.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|h| (h.id, h))
        .collect();
    let last_visits = latest_visits(db, households_of_listed).await?;
    let names = Names::load(db, region).await?;

    let mut by_person: HashMap<Uuid, Vec<&classification::Model>> = HashMap::new();
    for c in &classifications {
        by_person.entry(c.person_id).or_default().push(c);
    }
    let mut rows = Vec::with_capacity(people.len());
    for p in people {
        let Some(h) = households.get(&p.household_id) else { continue };
        let mut held = by_person.remove(&p.id).unwrap_or_default();
        held.sort_by_key(|c| c.category.as_str());
        let categories: Vec<Value> = held
            .iter()
            .map(|c| json!({ "category": c.category, "status": c.status, "careLevel": c.care_level }))
            .collect();
        let care_level = held
            .iter()
            .filter(|c| c.status == ClassificationStatus::Confirmed)
            .filter_map(|c| c.care_level)
            .min_by_key(|l| strictness(*l));
        let (town_name, village_name, village_code) = names.of(h.region_id);
        let visit = last_visits.get(&h.id);
        rows.push(Row {
            person_id: p.id,
            scope_key: p.scope_key,
            town_name,
            village_name,
            village_code,
            address: h.address.clone(),
            name: p.name,
            sex: p.sex,
            birth_date: p.birth_date,
            id_number: p.id_number.as_deref().map(mask_id_number),
            categories: Value::Array(categories),
            care_level,
            last_visit_at: visit.map(|v| v.visited_at),
            last_visit_kind: visit.map(|v| v.kind),
            needs: visit.map_or_else(|| json!([]), |v| v.needs.clone()),
            change: ReportChange::New,
            changed_fields: Vec::new(),
            end_reason: None,
        });
    }
    compare(db, region, &mut rows, previous).await?;
    rows.sort_by_key(Row::order_key);
    Ok(rows)
}

/// 0 for the strictest level.
fn strictness(level: CareLevel) -> u8 {
    match level {
        CareLevel::High => 0,
        CareLevel::Key => 1,
        CareLevel::General => 2,
    }
}

/// Marks each row NEW, CHANGED or UNCHANGED against the previous report,
/// and adds an ENDED row for everyone who was in it and no longer is.
async fn compare(
    db: &impl ConnectionTrait,
    region: &region::Model,
    rows: &mut Vec<Row>,
    previous: &[report_row::Model],
) -> AppResult<()> {
    let before: HashMap<Uuid, Row> = previous
        .iter()
        .filter(|r| r.change != ReportChange::Ended)
        .map(|r| (r.person_id, Row::from_stored(r)))
        .collect();
    for row in rows.iter_mut() {
        let Some(old) = before.get(&row.person_id) else { continue };
        let changed: Vec<&'static str> =
            row.facts().into_iter().zip(old.facts()).filter(|(a, b)| a.1 != b.1).map(|(a, _)| a.0).collect();
        row.change = if changed.is_empty() { ReportChange::Unchanged } else { ReportChange::Changed };
        row.changed_fields = changed;
    }
    let current: std::collections::HashSet<Uuid> = rows.iter().map(|r| r.person_id).collect();
    let gone: Vec<Row> = before.into_values().filter(|r| !current.contains(&r.person_id)).collect();
    if gone.is_empty() {
        return Ok(());
    }
    let reasons = end_reasons(db, region, &gone).await?;
    for mut row in gone {
        row.change = ReportChange::Ended;
        row.end_reason = Some(reasons.get(&row.person_id).cloned().unwrap_or_else(|| "LEFT_REGION".into()));
        rows.push(row);
    }
    Ok(())
}

/// Why each of `gone` is no longer listed: `ENDED <reasons>` when the rules
/// ended a classification, `REJECTED` when a suggestion was rejected,
/// `LEFT_REGION` when the person is no longer registered in the region.
async fn end_reasons(
    db: &impl ConnectionTrait,
    region: &region::Model,
    gone: &[Row],
) -> AppResult<HashMap<Uuid, String>> {
    let mut out = HashMap::new();
    // Bounded lists: ENDED rows are the month's departures, a handful.
    for chunk in gone.chunks(250) {
        let ids: Vec<Uuid> = chunk.iter().map(|r| r.person_id).collect();
        let still_here: std::collections::HashSet<Uuid> = person::Entity::find()
            .select_only()
            .column(person::Column::Id)
            .filter(person::Column::Id.is_in(ids.clone()))
            .filter(person::Column::ScopeKey.between(region.key_lo, region.key_hi))
            .into_tuple::<Uuid>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let classes =
            classification::Entity::find().filter(classification::Column::PersonId.is_in(ids)).all(db).await?;
        for id in still_here {
            let mine: Vec<&classification::Model> = classes.iter().filter(|c| c.person_id == id).collect();
            let ended: Vec<String> = mine
                .iter()
                .filter(|c| c.status == ClassificationStatus::Ended)
                .flat_map(|c| c.end_reasons.as_ref().and_then(Value::as_array).cloned().unwrap_or_default())
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            let reason = if mine.iter().any(|c| c.status == ClassificationStatus::Ended) {
                format!("ENDED {}", ended.join(";")).trim_end().to_owned()
            } else if mine.iter().any(|c| c.status == ClassificationStatus::Rejected) {
                "REJECTED".to_owned()
            } else {
                "NOT_LISTED".to_owned()
            };
            out.insert(id, reason);
        }
    }
    Ok(out)
}

/// The latest visit of each household in `households` (a subquery of ids),
/// found through its visit mark: one row per household.
async fn latest_visits(
    db: &impl ConnectionTrait,
    households: sea_orm::sea_query::SelectStatement,
) -> AppResult<HashMap<Uuid, visit::Model>> {
    let marks = household_visit_mark::Entity::find()
        .select_only()
        .column(household_visit_mark::Column::HouseholdId)
        .column(household_visit_mark::Column::LastVisitAt)
        .filter(household_visit_mark::Column::HouseholdId.in_subquery(households))
        .into_query();
    let visits = visit::Entity::find()
        .filter(
            Expr::tuple([Expr::col(visit::Column::HouseholdId), Expr::col(visit::Column::VisitedAt)])
                .in_subquery(marks),
        )
        .all(db)
        .await?;
    Ok(visits.into_iter().map(|v| (v.household_id, v)).collect())
}

/// Town and village names of the regions under (and just above) a report's region.
struct Names {
    regions: HashMap<Uuid, region::Model>,
}

impl Names {
    async fn load(db: &impl ConnectionTrait, region: &region::Model) -> AppResult<Self> {
        let mut regions: HashMap<Uuid, region::Model> = region::Entity::find()
            .filter(region::Column::KeyLo.between(region.key_lo, region.key_hi))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        if let Some(parent) = region.parent_id
            && let Some(p) = region::Entity::find_by_id(parent).one(db).await?
        {
            regions.insert(p.id, p);
        }
        Ok(Self { regions })
    }

    /// (town, village, village code) of a household's region (a grid or a village).
    fn of(&self, region_id: Uuid) -> (String, String, String) {
        let mut current = self.regions.get(&region_id);
        let mut village = None;
        let mut town = None;
        while let Some(r) = current {
            match r.level {
                RegionLevel::Village => village = Some(r),
                RegionLevel::Town => town = Some(r),
                RegionLevel::Grid | RegionLevel::District => {}
            }
            current = r.parent_id.and_then(|p| self.regions.get(&p));
        }
        (
            town.map(|t| t.name.clone()).unwrap_or_default(),
            village.map(|v| v.name.clone()).unwrap_or_default(),
            village.map(|v| v.code.clone()).unwrap_or_default(),
        )
    }
}

/// Households registered in the region, and those swept within the period
/// (a month: the monthly or the town's quarterly sweep; a quarter: the
/// town's quarterly sweep, which exists to check the villages).
pub async fn coverage(db: &impl ConnectionTrait, region: &region::Model, period: Period) -> AppResult<(u64, u64)> {
    let households = household::Entity::find()
        .filter(household::Column::ScopeKey.between(region.key_lo, region.key_hi))
        .count(db)
        .await?;
    let kinds = match period.kind() {
        PeriodKind::Month => vec![VisitKind::MonthlySweep, VisitKind::QuarterlySweep],
        PeriodKind::Quarter => vec![VisitKind::QuarterlySweep],
    };
    let swept: Option<i64> = visit::Entity::find()
        .select_only()
        .column_as(Expr::col(visit::Column::HouseholdId).count_distinct(), "n")
        .filter(visit::Column::ScopeKey.between(region.key_lo, region.key_hi))
        .filter(visit::Column::Kind.is_in(kinds))
        .filter(visit::Column::VisitedAt.gte(period.start()))
        .filter(visit::Column::VisitedAt.lt(period.end()))
        .into_tuple()
        .one(db)
        .await?;
    Ok((households, swept.map_or(0, |n| u64::try_from(n).unwrap_or(0))))
}
