use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{
    Category, SpotCheckItemStatus, SpotCheckResult, SpotCheckStatus, SpotCheckStratum, spot_check_finding,
    spot_check_item, spot_check_round,
};

use crate::{
    error::AppResult,
    graphql::{
        classification::types::Classification,
        context::ContextExt as _,
        household::types::Household,
        ids::{parse_id, parse_opt, to_id},
        pagination::{self, Page},
        person::types::Person,
        region::types::Region,
        scalars::Date,
        sensitive::{self, Subject},
        user::staff::{StaffMember, staff},
    },
    spot_checks::{query, rates},
};

/// 随机抽查轮次: the district's spot check of one quarter.
pub struct SpotCheckRound(pub spot_check_round::Model);

#[Object]
impl SpotCheckRound {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    /// `2026-Q3`.
    async fn quarter(&self) -> &str {
        &self.0.quarter
    }

    /// The seed of the draw: the same seed over the same registry draws the
    /// same households.
    async fn seed(&self) -> i64 {
        self.0.seed
    }

    async fn per_town(&self) -> i32 {
        self.0.per_town
    }

    /// Households drawn per town from those with someone confirmed.
    async fn classified(&self) -> i32 {
        self.0.classified
    }

    /// Households drawn per town from those with nobody confirmed.
    async fn unclassified(&self) -> i32 {
        self.0.unclassified
    }

    async fn due_on(&self) -> Date {
        Date(self.0.due_on)
    }

    async fn status(&self) -> SpotCheckStatus {
        self.0.status
    }

    async fn item_count(&self) -> i32 {
        self.0.item_count
    }

    /// SHA-256 over the sampled household ids in draw order: the sample as
    /// frozen at the draw.
    async fn sample_hash(&self) -> &str {
        &self.0.sample_hash
    }

    async fn drawn_by(&self, ctx: &Context<'_>) -> AppResult<Option<StaffMember>> {
        staff(ctx, Some(self.0.drawn_by)).await
    }

    async fn drawn_at(&self) -> DateTime<Utc> {
        self.0.drawn_at
    }

    async fn closed_by(&self, ctx: &Context<'_>) -> AppResult<Option<StaffMember>> {
        staff(ctx, self.0.closed_by).await
    }

    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at
    }

    async fn version(&self) -> i32 {
        self.0.version
    }

    /// The sampled households in the caller's jurisdiction (a town sees its
    /// own), by town and village.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn items(
        &self,
        ctx: &Context<'_>,
        filter: Option<SpotCheckItemFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<SpotCheckItem>> {
        let filter = filter.unwrap_or_default();
        let parsed = query::ItemFilter {
            town: parse_opt(filter.town_id.as_ref(), "filter.townId")?,
            status: filter.status,
            assignee: parse_opt(filter.assignee_id.as_ref(), "filter.assigneeId")?,
        };
        let select = query::items(ctx.db(), ctx.actor()?, &self.0, parsed).await?;
        let order = (spot_check_item::Column::ScopeKey, spot_check_item::Column::Id);
        pagination::page_scoped(ctx.db(), select, order, first, after, SpotCheckItem).await
    }

    /// Figures per town, over the items in the caller's jurisdiction.
    async fn rates(&self, ctx: &Context<'_>) -> AppResult<Vec<SpotCheckTownRate>> {
        Ok(rates::per_town(ctx.db(), ctx.actor()?, &self.0).await?.into_iter().map(SpotCheckTownRate).collect())
    }
}

#[derive(InputObject, Default)]
pub struct SpotCheckItemFilter {
    pub town_id: Option<ID>,
    pub status: Option<SpotCheckItemStatus>,
    pub assignee_id: Option<ID>,
}

/// One sampled household of a round.
pub struct SpotCheckItem(pub spot_check_item::Model);

#[Object]
impl SpotCheckItem {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    async fn household(&self, ctx: &Context<'_>) -> AppResult<Option<Household>> {
        Ok(ctx.loaders()?.household.load_one(self.0.household_id).await?.map(Household))
    }

    async fn town(&self, ctx: &Context<'_>) -> AppResult<Option<Region>> {
        Ok(ctx.loaders()?.region.load_one(self.0.town_id).await?.map(Region::from))
    }

    /// The village answerable for the household's sweeps.
    async fn village(&self, ctx: &Context<'_>) -> AppResult<Option<Region>> {
        let Some(id) = self.0.village_id else { return Ok(None) };
        Ok(ctx.loaders()?.region.load_one(id).await?.map(Region::from))
    }

    async fn stratum(&self) -> SpotCheckStratum {
        self.0.stratum
    }

    /// Place in its town's stratum by draw order (0 first).
    async fn rank(&self) -> i32 {
        self.0.rank
    }

    async fn assignee(&self, ctx: &Context<'_>) -> AppResult<Option<StaffMember>> {
        staff(ctx, Some(self.0.assignee_id)).await
    }

    async fn due_on(&self) -> Date {
        Date(self.0.due_on)
    }

    /// Who did the household's last monthly sweep before the draw.
    async fn last_swept_by(&self, ctx: &Context<'_>) -> AppResult<Option<StaffMember>> {
        staff(ctx, self.0.last_sweep_by).await
    }

    async fn last_swept_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_sweep_at
    }

    async fn status(&self) -> SpotCheckItemStatus {
        self.0.status
    }

    /// The `SPOT_CHECK` visit that checked it.
    async fn visit_id(&self) -> Option<ID> {
        self.0.visit_id.map(to_id)
    }

    async fn checked_by(&self, ctx: &Context<'_>) -> AppResult<Option<StaffMember>> {
        staff(ctx, self.0.checked_by).await
    }

    async fn checked_at(&self) -> Option<DateTime<Utc>> {
        self.0.checked_at
    }

    async fn version(&self) -> i32 {
        self.0.version
    }

    async fn findings(&self, ctx: &Context<'_>) -> AppResult<Vec<SpotCheckFinding>> {
        let rows = ctx.loaders()?.spot_check_findings.load_one(self.0.id).await?.unwrap_or_default();
        Ok(rows.into_iter().map(SpotCheckFinding).collect())
    }
}

/// What the spot check found for one person.
pub struct SpotCheckFinding(pub spot_check_finding::Model);

#[Object]
impl SpotCheckFinding {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    async fn person(&self, ctx: &Context<'_>) -> AppResult<Option<Person>> {
        Ok(ctx.loaders()?.person.load_one(self.0.person_id).await?.map(Person))
    }

    async fn result(&self) -> SpotCheckResult {
        self.0.result
    }

    /// For a missed report, the category the person qualifies for; for a
    /// wrong one, the category rejected.
    async fn category(&self) -> Option<Category> {
        self.0.category
    }

    /// The suggestion a missed report created, or the classification a
    /// wrong one rejected.
    async fn classification(&self, ctx: &Context<'_>) -> AppResult<Option<Classification>> {
        let Some(id) = self.0.classification_id else { return Ok(None) };
        let found = ctx.loaders()?.person_classifications.load_one(self.0.person_id).await?.unwrap_or_default();
        Ok(found.into_iter().find(|c| c.id == id).map(Classification))
    }

    /// The checker's account of what was found: visit data of the person.
    async fn reason(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        sensitive::subject(ctx, Subject::Person(self.0.person_id))?;
        Ok(self.0.reason.clone())
    }

    /// The town's answer (整改说明).
    async fn rectification(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        sensitive::subject(ctx, Subject::Person(self.0.person_id))?;
        Ok(self.0.rectification.clone())
    }

    async fn rectified_by(&self, ctx: &Context<'_>) -> AppResult<Option<StaffMember>> {
        staff(ctx, self.0.rectified_by).await
    }

    async fn rectified_at(&self) -> Option<DateTime<Utc>> {
        self.0.rectified_at
    }

    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// Findings by result.
#[derive(SimpleObject)]
pub struct SpotCheckCounts {
    pub consistent: u64,
    pub missed: u64,
    pub wrong: u64,
    pub data_error: u64,
    pub unreachable: u64,
    /// People compared with the registry (everyone met).
    pub compared: u64,
    /// Findings that call for the town's answer, and those answered.
    pub to_answer: u64,
    pub answered: u64,
    /// (missed + wrong + data errors) ÷ compared; `null` before any.
    pub error_rate: Option<f64>,
    pub missed_rate: Option<f64>,
}

impl From<&rates::Counts> for SpotCheckCounts {
    fn from(c: &rates::Counts) -> Self {
        Self {
            consistent: c.consistent,
            missed: c.missed,
            wrong: c.wrong,
            data_error: c.data_error,
            unreachable: c.unreachable,
            compared: c.compared(),
            to_answer: c.to_answer(),
            answered: c.answered,
            error_rate: c.error_rate(),
            missed_rate: c.missed_rate(),
        }
    }
}

/// One town's figures in a round.
pub struct SpotCheckTownRate(pub rates::TownRate);

#[Object]
impl SpotCheckTownRate {
    async fn town(&self, ctx: &Context<'_>) -> AppResult<Option<Region>> {
        Ok(ctx.loaders()?.region.load_one(self.0.town_id).await?.map(Region::from))
    }

    async fn sampled(&self) -> u64 {
        self.0.sampled
    }

    async fn checked(&self) -> u64 {
        self.0.checked
    }

    async fn counts(&self) -> SpotCheckCounts {
        SpotCheckCounts::from(&self.0.counts)
    }

    /// The villages answerable for findings that were not consistent.
    async fn villages(&self) -> Vec<SpotCheckVillageRate> {
        self.0.villages.iter().map(|(v, c)| SpotCheckVillageRate { village: *v, counts: *c }).collect()
    }
}

pub struct SpotCheckVillageRate {
    village: Option<uuid::Uuid>,
    counts: rates::Counts,
}

#[Object]
impl SpotCheckVillageRate {
    /// `null` for households bound to the town directly.
    async fn village(&self, ctx: &Context<'_>) -> AppResult<Option<Region>> {
        let Some(id) = self.village else { return Ok(None) };
        Ok(ctx.loaders()?.region.load_one(id).await?.map(Region::from))
    }

    async fn counts(&self) -> SpotCheckCounts {
        SpotCheckCounts::from(&self.counts)
    }
}

/// What the checker found for one member (`recordSpotCheck`).
#[derive(InputObject)]
pub struct SpotCheckFindingInput {
    pub person_id: ID,
    pub result: SpotCheckResult,
    /// Required for `MISSED`: the category the person qualifies for.
    pub category: Option<Category>,
    /// Required for `WRONG`: the person's classification that should not be.
    pub classification_id: Option<ID>,
    /// Required for `MISSED`, `WRONG` and `DATA_ERROR`: what was found.
    pub reason: Option<String>,
}

impl SpotCheckFindingInput {
    pub fn parse(self, index: usize) -> AppResult<crate::spot_checks::record::Finding> {
        Ok(crate::spot_checks::record::Finding {
            person_id: parse_id(&self.person_id, &format!("findings.{index}.personId"))?,
            result: self.result,
            category: self.category,
            classification_id: parse_opt(
                self.classification_id.as_ref(),
                &format!("findings.{index}.classificationId"),
            )?,
            reason: self.reason,
        })
    }
}

/// How many households per town, from which stratum.
#[derive(InputObject)]
pub struct SpotCheckStrataInput {
    /// From households with someone confirmed; the rest of `perTown` from
    /// households with nobody confirmed.
    pub classified: i32,
}

/// A round's figures over the region of `stats`.
pub struct SpotCheckSummary(pub rates::Summary);

#[Object]
impl SpotCheckSummary {
    async fn quarter(&self) -> &str {
        &self.0.round.quarter
    }

    async fn status(&self) -> SpotCheckStatus {
        self.0.round.status
    }

    async fn sampled(&self) -> u64 {
        self.0.sampled
    }

    async fn checked(&self) -> u64 {
        self.0.checked
    }

    async fn counts(&self) -> SpotCheckCounts {
        SpotCheckCounts::from(&self.0.counts)
    }
}
