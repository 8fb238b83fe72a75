//! Reading reports: the scoped list, one report, its rows, and the status
//! grid of child regions × periods.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use entity::{Category, RegionLevel, ReportChange, ReportStatus, region, report, report_row};
use sea_orm::{ColumnTrait as _, ConnectionTrait, EntityTrait as _, QueryFilter as _, QueryOrder as _, Select};
use uuid::Uuid;

use super::period::{Period, PeriodKind};
use crate::{
    auth::Actor,
    db::search,
    error::{AppError, AppResult, messages as msg},
    policy::{
        self, Action,
        scope::{self, KeyRange},
    },
};

/// What `reports(filter:)` narrows by, parsed.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub region: Option<Uuid>,
    pub level: Option<RegionLevel>,
    pub period: Option<Period>,
    pub status: Option<ReportStatus>,
}

/// The caller's reports matching `filter`. A region filter takes the
/// region's own reports and those of the regions under it.
pub async fn list(db: &impl ConnectionTrait, actor: &Actor, filter: ReportFilter) -> AppResult<Select<report::Entity>> {
    policy::may(actor, Action::ReadReports)?;
    let mut select = report::Entity::find().filter(scope::reports(actor));
    if let Some(id) = filter.region {
        let region = region::Entity::find_by_id(id).filter(scope::report_regions(actor)).one(db).await?;
        select = select.filter(scope::span(KeyRange::under(region.as_ref()), report::Column::KeyLo));
    }
    if let Some(level) = filter.level {
        select = select.filter(report::Column::Level.eq(level));
    }
    if let Some(period) = filter.period {
        select = select.filter(report::Column::Period.eq(period.to_string()));
    }
    if let Some(status) = filter.status {
        select = select.filter(report::Column::Status.eq(status));
    }
    Ok(select)
}

/// One report in the caller's scope.
pub async fn find(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> AppResult<Option<report::Model>> {
    policy::may(actor, Action::ReadReports)?;
    Ok(report::Entity::find_by_id(id).filter(scope::reports(actor)).one(db).await?)
}

/// The rows of a report already read in scope, optionally narrowed.
pub fn rows(report: Uuid, change: Option<ReportChange>, category: Option<Category>) -> Select<report_row::Entity> {
    let mut select = report_row::Entity::find().filter(report_row::Column::ReportId.eq(report));
    if let Some(change) = change {
        select = select.filter(report_row::Column::Change.eq(change));
    }
    if let Some(category) = category {
        select =
            select.filter(search::contains(report_row::Column::CategoryCodes, &format!(",{},", category.as_str())));
    }
    select
}

/// Every row of a report, in ledger order (for the export).
pub async fn all_rows(db: &impl ConnectionTrait, report: Uuid) -> AppResult<Vec<report_row::Model>> {
    Ok(report_row::Entity::find()
        .filter(report_row::Column::ReportId.eq(report))
        .order_by_asc(report_row::Column::Seq)
        .all(db)
        .await?)
}

/// The state of one region's report for one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellStatus {
    Missing,
    Draft,
    Submitted,
    Accepted,
    Returned,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub period: Period,
    pub status: CellStatus,
    /// Not submitted by the deadline (first submission of the period, or
    /// still not submitted once the deadline has passed).
    pub late: bool,
    pub deadline: DateTime<Utc>,
    /// The latest version's report.
    pub report: Option<report::Model>,
}

pub struct StatusRow {
    pub region: region::Model,
    pub cells: Vec<Cell>,
}

pub struct StatusGrid {
    pub region: region::Model,
    pub periods: Vec<Period>,
    pub rows: Vec<StatusRow>,
}

impl StatusGrid {
    /// How many cells are in each state, and how many are late.
    pub fn counts(&self) -> (BTreeMap<&'static str, u64>, u64) {
        let mut by = BTreeMap::new();
        let mut late = 0;
        for cell in self.rows.iter().flat_map(|r| &r.cells) {
            *by.entry(cell.status.as_str()).or_default() += 1;
            late += u64::from(cell.late);
        }
        (by, late)
    }
}

impl CellStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Missing => "MISSING",
            Self::Draft => "DRAFT",
            Self::Submitted => "SUBMITTED",
            Self::Accepted => "ACCEPTED",
            Self::Returned => "RETURNED",
        }
    }
}

/// The grid for `region_id` (default: the caller's region): a town's
/// villages × months, the district's towns × quarters, a village itself ×
/// months; the last `count` periods up to the current one (default six
/// months or four quarters).
pub async fn status(
    db: &impl ConnectionTrait,
    actor: &Actor,
    region_id: Option<Uuid>,
    count: Option<u32>,
) -> AppResult<StatusGrid> {
    policy::may(actor, Action::ReadReportStatus)?;
    let region = match (region_id, actor.role) {
        (Some(id), _) => region::Entity::find_by_id(id).filter(scope::report_regions(actor)).one(db).await?,
        // A grid has no reports of its own: a grid worker's default is the village.
        (None, entity::Role::Grid) => {
            region::Entity::find()
                .filter(scope::report_regions(actor))
                .filter(region::Column::Level.eq(RegionLevel::Village))
                .one(db)
                .await?
        }
        (None, _) => region::Entity::find_by_id(actor.region_id).filter(scope::report_regions(actor)).one(db).await?,
    };
    let region = region.ok_or(AppError::NotFound)?;
    let (children, level) = match region.level {
        RegionLevel::District | RegionLevel::Town => {
            let level = if region.level == RegionLevel::District { RegionLevel::Town } else { RegionLevel::Village };
            let kids = region::Entity::find()
                .filter(region::Column::ParentId.eq(region.id))
                .filter(region::Column::Level.eq(level))
                .order_by_asc(region::Column::Code)
                .all(db)
                .await?;
            (kids, level)
        }
        RegionLevel::Village => (vec![region.clone()], RegionLevel::Village),
        RegionLevel::Grid => return Err(AppError::invalid("regionId", msg::REPORT_REGION_LEVEL)),
    };
    let kind = PeriodKind::of_level(level).unwrap_or(PeriodKind::Month);
    let now = Utc::now();
    let current = Period::containing(now, kind);
    let default = if kind == PeriodKind::Month { 6 } else { 4 };
    let count = i32::try_from(count.unwrap_or(default).clamp(1, 24)).unwrap_or(1);
    let periods: Vec<Period> = (0..count).rev().map(|i| current.shift(-i)).collect();
    let day = super::deadline::due_day(db, level).await?;
    let names: Vec<String> = periods.iter().map(ToString::to_string).collect();
    let reports = report::Entity::find()
        .filter(report::Column::Level.eq(level))
        .filter(report::Column::KeyLo.between(region.key_lo, region.key_hi))
        .filter(report::Column::Period.is_in(names))
        .all(db)
        .await?;
    let rows = children
        .into_iter()
        .map(|child| {
            let cells = periods
                .iter()
                .map(|p| {
                    let versions: Vec<&report::Model> =
                        reports.iter().filter(|r| r.region_id == child.id && r.period == p.to_string()).collect();
                    let latest = versions.iter().max_by_key(|r| r.report_version).map(|r| (*r).clone());
                    let first_submitted = versions.iter().filter_map(|r| r.submitted_at).min();
                    let deadline = p.deadline(day);
                    let late = first_submitted.map_or(now >= deadline, |t| t >= deadline);
                    let status = match latest.as_ref().map(|r| r.status) {
                        None => CellStatus::Missing,
                        Some(ReportStatus::Draft) => CellStatus::Draft,
                        Some(ReportStatus::Submitted) => CellStatus::Submitted,
                        Some(ReportStatus::Accepted) => CellStatus::Accepted,
                        Some(ReportStatus::Returned) => CellStatus::Returned,
                    };
                    Cell { period: *p, status, late, deadline, report: latest }
                })
                .collect();
            StatusRow { region: child, cells }
        })
        .collect();
    Ok(StatusGrid { region, periods, rows })
}
