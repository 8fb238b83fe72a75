use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::{ClassificationStatus, EconomicStatus, household};

use crate::{
    error::{AppResult, FieldErrors},
    graphql::{
        classification::types::Classification,
        context::ContextExt as _,
        ids::{self, to_id},
        pagination::{self, Page},
        person::types::Person,
        region::types::Region,
        sensitive::{self, Subject},
        visit::{self, types::Visit},
    },
    registry,
};

/// 户: a registered household.
pub struct Household(pub household::Model);

impl Household {
    /// Names this household as the subject of the guarded field being read;
    /// the field policy (`graphql::sensitive`) does the rest.
    fn read(&self, ctx: &Context<'_>) -> AppResult<()> {
        sensitive::subject(ctx, Subject::Household(self.0.id))
    }
}

#[Object]
impl Household {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    /// Pass this back to `updateHousehold`; a stale value is a `CONFLICT`.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// The grid (or village) the household belongs to.
    async fn region(&self, ctx: &Context<'_>) -> AppResult<Option<Region>> {
        Ok(ctx.loaders()?.region.load_one(self.0.region_id).await?.map(Region::from))
    }

    async fn address(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        self.read(ctx)?;
        Ok(Some(self.0.address.clone()))
    }

    async fn lat(&self, ctx: &Context<'_>) -> AppResult<Option<f64>> {
        self.read(ctx)?;
        Ok(self.0.lat)
    }

    async fn lng(&self, ctx: &Context<'_>) -> AppResult<Option<f64>> {
        self.read(ctx)?;
        Ok(self.0.lng)
    }

    /// 低保 / 特困 / 一般.
    async fn economic_status(&self) -> EconomicStatus {
        self.0.economic_status
    }

    /// Registered members, including those away or moved out.
    async fn members(&self, ctx: &Context<'_>) -> AppResult<Vec<Person>> {
        let members = ctx.loaders()?.members.load_one(self.0.id).await?;
        Ok(members.unwrap_or_default().into_iter().map(Person).collect())
    }

    /// The latest visit of any kind.
    async fn last_visit_at(&self, ctx: &Context<'_>) -> AppResult<Option<DateTime<Utc>>> {
        self.read(ctx)?;
        let mark = ctx.loaders()?.visits.mark.load_one(self.0.id).await?;
        Ok(mark.and_then(|m| m.last_visit_at))
    }

    /// The earliest due date among everything this household is owed: its
    /// sweeps, its members' care visits and any emergency visit. In the
    /// past when something is overdue.
    async fn next_visit_due(&self, ctx: &Context<'_>) -> AppResult<Option<DateTime<Utc>>> {
        self.read(ctx)?;
        Ok(ctx.loaders()?.visits.next_due.load_one(self.0.id).await?)
    }

    /// Visits to this household, in the order recorded. One query per
    /// household: ask for it on one household, not on a whole page.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn visits(&self, ctx: &Context<'_>, first: Option<i32>, after: Option<String>) -> AppResult<Page<Visit>> {
        self.read(ctx)?;
        visit::query::of_household(ctx, self.0.id, first, after).await
    }

    /// Classifications of the members (in the caller's jurisdiction),
    /// optionally only those in the given statuses.
    async fn classifications(
        &self,
        ctx: &Context<'_>,
        status: Option<Vec<ClassificationStatus>>,
    ) -> AppResult<Vec<Classification>> {
        self.read(ctx)?;
        let all = ctx.loaders()?.household_classifications.load_one(self.0.id).await?.unwrap_or_default();
        Ok(Classification::with_status(all, status.as_deref()))
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A household's facts; `update` replaces all of them.
#[derive(InputObject, Debug, Clone)]
pub struct HouseholdInput {
    /// A village or grid in the caller's jurisdiction.
    pub region_id: ID,
    pub address: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    /// Defaults to `GENERAL`.
    pub economic_status: Option<EconomicStatus>,
}

#[derive(InputObject, Debug, Clone, Default)]
pub struct HouseholdFilter {
    /// Only households in this region's subtree.
    pub region_id: Option<ID>,
    pub economic_status: Option<EconomicStatus>,
    /// Part of the address.
    pub address_contains: Option<String>,
}

impl HouseholdInput {
    pub fn parse(self) -> AppResult<registry::household::HouseholdFacts> {
        Ok(registry::household::HouseholdFacts {
            region_id: ids::parse_id(&self.region_id, "regionId")?,
            address: self.address,
            lat: self.lat,
            lng: self.lng,
            economic_status: self.economic_status,
        })
    }
}

impl HouseholdFilter {
    pub fn parse(self) -> AppResult<registry::household::HouseholdFilter> {
        let mut e = FieldErrors::default();
        let region_id = ids::collect(&mut e, self.region_id.as_ref(), "filter.regionId");
        e.into_result()?;
        Ok(registry::household::HouseholdFilter {
            region_id,
            economic_status: self.economic_status,
            address_contains: self.address_contains,
        })
    }
}
