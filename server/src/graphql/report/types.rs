use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{CareLevel, Category, RegionLevel, ReportChange, ReportStatus, VisitKind, region, report, report_row};
use sea_orm::{EntityTrait as _, Iterable as _};
use serde_json::Value;

use crate::{
    error::{AppError, AppResult},
    graphql::{
        context::ContextExt as _,
        ids::{parse_opt, to_id},
        pagination::{self, Page},
        region::types::Region,
        scalars::Date,
        sensitive::{self, Subject},
        stats::types::CategoryCount,
        user::staff::{StaffMember, staff},
    },
    policy::{self, Action},
    reports::{
        period::Period,
        query::{self as reports_query, Cell, CellStatus, ReportFilter as Filter, StatusGrid, StatusRow},
    },
};

/// A village's monthly report or a town's quarterly ledger (信息台账): a
/// frozen snapshot of the people under care or suggested, with totals and
/// the changes since the region's previous accepted report.
pub struct Report(pub report::Model);

async fn region_of(ctx: &Context<'_>, id: uuid::Uuid) -> AppResult<Option<Region>> {
    // The region tree carries no personal data; a grid worker's village
    // lies above the grid's own subtree, so this is not the scoped loader.
    Ok(region::Entity::find_by_id(id).one(ctx.db()).await?.map(Region::from))
}

#[Object]
impl Report {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    /// Pass this back to submit, accept or return; a stale value is a `CONFLICT`.
    async fn version(&self) -> i32 {
        self.0.version
    }

    async fn region(&self, ctx: &Context<'_>) -> AppResult<Option<Region>> {
        region_of(ctx, self.0.region_id).await
    }

    /// `VILLAGE` (monthly report) or `TOWN` (quarterly ledger).
    async fn level(&self) -> RegionLevel {
        self.0.level
    }

    /// `2026-11` or `2026-Q4`.
    async fn period(&self) -> &str {
        &self.0.period
    }

    /// 1 for the first report of the period; a returned report is followed
    /// by the next version.
    async fn report_version(&self) -> i32 {
        self.0.report_version
    }

    async fn status(&self) -> ReportStatus {
        self.0.status
    }

    async fn prepared_by(&self, ctx: &Context<'_>) -> AppResult<Option<StaffMember>> {
        staff(ctx, Some(self.0.prepared_by)).await
    }

    async fn prepared_at(&self) -> DateTime<Utc> {
        self.0.prepared_at
    }

    async fn submitted_by(&self, ctx: &Context<'_>) -> AppResult<Option<StaffMember>> {
        staff(ctx, self.0.submitted_by).await
    }

    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }

    /// A town's stated reason for submitting while village reports were
    /// missing or returned.
    async fn gap_reason(&self) -> Option<&str> {
        self.0.gap_reason.as_deref()
    }

    async fn decided_by(&self, ctx: &Context<'_>) -> AppResult<Option<StaffMember>> {
        staff(ctx, self.0.decided_by).await
    }

    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }

    /// The acceptance note, or why it was returned.
    async fn decision_note(&self) -> Option<&str> {
        self.0.decision_note.as_deref()
    }

    /// When it is due (the configured day of the month after the period).
    async fn deadline(&self, ctx: &Context<'_>) -> AppResult<DateTime<Utc>> {
        let period = Period::parse(&self.0.period).map_err(AppError::internal)?;
        crate::reports::workflow::due(ctx.db(), self.0.level, period).await
    }

    /// Rows, ENDED ones included.
    async fn row_count(&self) -> i32 {
        self.0.row_count
    }

    async fn totals(&self) -> ReportTotals {
        ReportTotals::from_json(&self.0.totals)
    }

    /// The rows in ledger order (village, address, name).
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn rows(
        &self,
        ctx: &Context<'_>,
        change: Option<ReportChange>,
        category: Option<Category>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<ReportRow>> {
        let select = reports_query::rows(self.0.id, change, category);
        pagination::page(ctx.db(), select, report_row::Column::Id, first, after, ReportRow).await
    }
}

/// Counts of a report, frozen with it.
#[derive(SimpleObject)]
pub struct ReportTotals {
    /// People listed (ENDED rows not counted).
    pub people: u64,
    pub by_category: Vec<CategoryCount>,
    pub by_care_level: Vec<ReportCareLevelCount>,
    pub by_change: Vec<ChangeCount>,
    /// Households registered in the region when prepared.
    pub households: u64,
    /// Households swept in the period (monthly: the monthly or quarterly
    /// sweep; quarterly: the town's quarterly sweep).
    pub swept_households: u64,
}

#[derive(SimpleObject)]
pub struct ReportCareLevelCount {
    /// `null`: suggested, not yet confirmed with a care level.
    pub care_level: Option<CareLevel>,
    pub count: u64,
}

#[derive(SimpleObject)]
pub struct ChangeCount {
    pub change: ReportChange,
    pub count: u64,
}

impl ReportTotals {
    fn from_json(t: &Value) -> Self {
        let n = |v: &Value| v.as_u64().unwrap_or(0);
        let mut by_care_level: Vec<ReportCareLevelCount> = CareLevel::iter()
            .map(|l| ReportCareLevelCount { care_level: Some(l), count: n(&t["byCareLevel"][l.as_str()]) })
            .collect();
        by_care_level.push(ReportCareLevelCount { care_level: None, count: n(&t["byCareLevel"]["UNDECIDED"]) });
        Self {
            people: n(&t["people"]),
            by_category: Category::iter()
                .map(|c| CategoryCount { category: c, count: Some(n(&t["byCategory"][c.as_str()])) })
                .collect(),
            by_care_level,
            by_change: ReportChange::iter()
                .map(|c| ChangeCount { change: c, count: n(&t["byChange"][c.as_str()]) })
                .collect(),
            households: n(&t["households"]),
            swept_households: n(&t["sweptHouseholds"]),
        }
    }
}

/// One person as the report froze him or her. Personal fields go through
/// the field policy like the person's own, so a row of a child is audited
/// like any read of a child's data.
pub struct ReportRow(pub report_row::Model);

impl ReportRow {
    fn read<T>(&self, ctx: &Context<'_>, value: T) -> AppResult<T> {
        sensitive::subject(ctx, Subject::Person(self.0.person_id))?;
        Ok(value)
    }
}

/// A category the person held when the report was prepared.
#[derive(SimpleObject)]
pub struct ReportCategory {
    pub category: Category,
    pub status: entity::ClassificationStatus,
    pub care_level: Option<CareLevel>,
}

#[Object]
impl ReportRow {
    async fn id(&self, ctx: &Context<'_>) -> AppResult<ID> {
        self.read(ctx, to_id(self.0.id))
    }

    /// 序号.
    async fn seq(&self, ctx: &Context<'_>) -> AppResult<i32> {
        self.read(ctx, self.0.seq)
    }

    /// The person's id (the live record, if still in the caller's scope).
    async fn person_id(&self, ctx: &Context<'_>) -> AppResult<ID> {
        self.read(ctx, to_id(self.0.person_id))
    }

    async fn town_name(&self, ctx: &Context<'_>) -> AppResult<&str> {
        self.read(ctx, self.0.town_name.as_str())
    }

    async fn village_name(&self, ctx: &Context<'_>) -> AppResult<&str> {
        self.read(ctx, self.0.village_name.as_str())
    }

    async fn village_code(&self, ctx: &Context<'_>) -> AppResult<&str> {
        self.read(ctx, self.0.village_code.as_str())
    }

    async fn address(&self, ctx: &Context<'_>) -> AppResult<Option<&str>> {
        self.read(ctx, Some(self.0.address.as_str()))
    }

    async fn name(&self, ctx: &Context<'_>) -> AppResult<Option<&str>> {
        self.read(ctx, Some(self.0.name.as_str()))
    }

    async fn sex(&self, ctx: &Context<'_>) -> AppResult<Option<entity::Sex>> {
        self.read(ctx, self.0.sex)
    }

    async fn birth_date(&self, ctx: &Context<'_>) -> AppResult<Option<Date>> {
        self.read(ctx, self.0.birth_date.map(Date))
    }

    /// Masked as stored (`120***************`): a report never holds more.
    async fn id_number(&self, ctx: &Context<'_>) -> AppResult<Option<&str>> {
        self.read(ctx, self.0.id_number.as_deref())
    }

    async fn categories(&self, ctx: &Context<'_>) -> AppResult<Vec<ReportCategory>> {
        let list = self.0.categories.as_array().cloned().unwrap_or_default();
        let parsed = list
            .into_iter()
            .filter_map(|c| {
                Some(ReportCategory {
                    category: serde_json::from_value(c["category"].clone()).ok()?,
                    status: serde_json::from_value(c["status"].clone()).ok()?,
                    care_level: serde_json::from_value(c["careLevel"].clone()).ok().flatten(),
                })
            })
            .collect();
        self.read(ctx, parsed)
    }

    /// The strictest confirmed care level.
    async fn care_level(&self, ctx: &Context<'_>) -> AppResult<Option<CareLevel>> {
        self.read(ctx, self.0.care_level)
    }

    /// The household's latest visit when the report was prepared.
    async fn last_visit_at(&self, ctx: &Context<'_>) -> AppResult<Option<DateTime<Utc>>> {
        self.read(ctx, self.0.last_visit_at)
    }

    async fn last_visit_kind(&self, ctx: &Context<'_>) -> AppResult<Option<VisitKind>> {
        self.read(ctx, self.0.last_visit_kind)
    }

    /// Needs found on that visit.
    async fn needs(&self, ctx: &Context<'_>) -> AppResult<Vec<entity::Need>> {
        let needs = serde_json::from_value(self.0.needs.clone()).unwrap_or_default();
        self.read(ctx, needs)
    }

    /// Against the region's previous accepted report.
    async fn change(&self, ctx: &Context<'_>) -> AppResult<ReportChange> {
        self.read(ctx, self.0.change)
    }

    /// For `CHANGED`: `name`, `sex`, `birthDate`, `idNumber`, `address`,
    /// `village`, `categories`, `careLevel`.
    async fn changed_fields(&self, ctx: &Context<'_>) -> AppResult<Vec<String>> {
        let fields = serde_json::from_value(self.0.changed_fields.clone()).unwrap_or_default();
        self.read(ctx, fields)
    }

    /// For `ENDED`: `ENDED <rule reasons>`, `REJECTED`, `LEFT_REGION` or `NOT_LISTED`.
    async fn end_reason(&self, ctx: &Context<'_>) -> AppResult<Option<&str>> {
        self.read(ctx, self.0.end_reason.as_deref())
    }
}

#[derive(InputObject, Debug, Clone, Default)]
pub struct ReportFilter {
    /// This region's reports and those of the regions under it.
    pub region_id: Option<ID>,
    pub level: Option<RegionLevel>,
    /// `2026-11` or `2026-Q4`.
    pub period: Option<String>,
    pub status: Option<ReportStatus>,
}

impl ReportFilter {
    pub fn parse(self) -> AppResult<Filter> {
        let period =
            self.period.as_deref().map(Period::parse).transpose().map_err(|m| AppError::invalid("filter.period", m))?;
        Ok(Filter {
            region: parse_opt(self.region_id.as_ref(), "filter.regionId")?,
            level: self.level,
            period,
            status: self.status,
        })
    }
}

/// The state of a region's report for a period in the status grid.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportCellStatus {
    Missing,
    Draft,
    Submitted,
    Accepted,
    Returned,
}

impl From<CellStatus> for ReportCellStatus {
    fn from(s: CellStatus) -> Self {
        match s {
            CellStatus::Missing => Self::Missing,
            CellStatus::Draft => Self::Draft,
            CellStatus::Submitted => Self::Submitted,
            CellStatus::Accepted => Self::Accepted,
            CellStatus::Returned => Self::Returned,
        }
    }
}

/// Who has reported which period: child regions × periods. Dashboards
/// read only the counts.
pub struct ReportStatusGrid(pub StatusGrid);

#[derive(SimpleObject)]
pub struct StatusCount {
    pub status: ReportCellStatus,
    pub count: u64,
}

#[Object]
impl ReportStatusGrid {
    async fn region(&self) -> Region {
        Region::from(self.0.region.clone())
    }

    /// Oldest first, up to the current period.
    async fn periods(&self) -> Vec<String> {
        self.0.periods.iter().map(ToString::to_string).collect()
    }

    /// Cells per state, over the whole grid.
    async fn counts(&self) -> Vec<StatusCount> {
        let (by, _) = self.0.counts();
        [CellStatus::Missing, CellStatus::Draft, CellStatus::Submitted, CellStatus::Accepted, CellStatus::Returned]
            .into_iter()
            .map(|s| StatusCount { status: s.into(), count: by.get(s.as_str()).copied().unwrap_or(0) })
            .collect()
    }

    /// Cells not submitted by their deadline.
    async fn late(&self) -> u64 {
        self.0.counts().1
    }

    async fn rows(&self, ctx: &Context<'_>) -> AppResult<Vec<ReportStatusRow<'_>>> {
        policy::may(ctx.actor()?, Action::ReadReports)?;
        Ok(self.0.rows.iter().map(ReportStatusRow).collect())
    }
}

pub struct ReportStatusRow<'a>(&'a StatusRow);

#[Object]
impl ReportStatusRow<'_> {
    async fn region(&self) -> Region {
        Region::from(self.0.region.clone())
    }

    async fn cells(&self) -> Vec<ReportCell<'_>> {
        self.0.cells.iter().map(ReportCell).collect()
    }
}

pub struct ReportCell<'a>(&'a Cell);

#[Object]
impl ReportCell<'_> {
    async fn period(&self) -> String {
        self.0.period.to_string()
    }

    async fn status(&self) -> ReportCellStatus {
        self.0.status.into()
    }

    /// Not submitted by the deadline: the period's first submission came
    /// after it, or none has come and it has passed. A return does not
    /// make a report late.
    async fn late(&self) -> bool {
        self.0.late
    }

    async fn deadline(&self) -> DateTime<Utc> {
        self.0.deadline
    }

    /// The latest version.
    async fn report(&self) -> Option<Report> {
        self.0.report.clone().map(Report)
    }
}
