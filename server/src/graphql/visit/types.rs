use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::{Need, ResidenceStatus, VisitKind, visit};

use crate::{
    error::{AppError, AppResult, FieldErrors},
    graphql::{
        context::ContextExt as _,
        household::types::Household,
        ids::{self, to_id},
        person::types::Person,
        scalars::Date,
        sensitive::{self, Subject},
        user::staff::{StaffMember, staff},
    },
    visits::record::{ChangeReport, NewVisit},
};

/// 走访记录: one visit to one household. Every field is visit data (the
/// `Visit` row of the field policy); coordinates are also location data.
pub struct Visit(pub visit::Model);

impl Visit {
    /// Names whose data this visit is (the people seen, else the household)
    /// for the guarded field being read; the field policy
    /// (`graphql::sensitive`) refuses, masks and records it.
    fn clear(&self, ctx: &Context<'_>) -> AppResult<()> {
        sensitive::subject(ctx, Subject::Visit { household: self.0.household_id, people: self.people()? })
    }

    fn people(&self) -> AppResult<Vec<uuid::Uuid>> {
        serde_json::from_value(self.0.person_ids.clone()).map_err(AppError::caused("reading a stored JSON column"))
    }
}

#[Object]
impl Visit {
    async fn id(&self, ctx: &Context<'_>) -> AppResult<ID> {
        self.clear(ctx)?;
        Ok(to_id(self.0.id))
    }

    async fn household(&self, ctx: &Context<'_>) -> AppResult<Option<Household>> {
        self.clear(ctx)?;
        Ok(ctx.loaders()?.household.load_one(self.0.household_id).await?.map(Household))
    }

    /// Who recorded the visit.
    async fn visitor(&self, ctx: &Context<'_>) -> AppResult<Option<StaffMember>> {
        self.clear(ctx)?;
        staff(ctx, Some(self.0.visitor_id)).await
    }

    async fn kind(&self, ctx: &Context<'_>) -> AppResult<VisitKind> {
        self.clear(ctx)?;
        Ok(self.0.kind)
    }

    async fn visited_at(&self, ctx: &Context<'_>) -> AppResult<DateTime<Utc>> {
        self.clear(ctx)?;
        Ok(self.0.visited_at)
    }

    /// Where the visitor stood.
    async fn lat(&self, ctx: &Context<'_>) -> AppResult<Option<f64>> {
        self.clear(ctx)?;
        Ok(self.0.lat)
    }

    async fn lng(&self, ctx: &Context<'_>) -> AppResult<Option<f64>> {
        self.clear(ctx)?;
        Ok(self.0.lng)
    }

    /// What was found, in general.
    async fn findings(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        self.clear(ctx)?;
        Ok(self.0.findings.clone())
    }

    /// 生活状况.
    async fn living(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        self.clear(ctx)?;
        Ok(self.0.living.clone())
    }

    /// 安全状况.
    async fn safety(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        self.clear(ctx)?;
        Ok(self.0.safety.clone())
    }

    /// 健康状况.
    async fn health(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        self.clear(ctx)?;
        Ok(self.0.health.clone())
    }

    /// 问需: the needs found.
    async fn needs(&self, ctx: &Context<'_>) -> AppResult<Vec<Need>> {
        self.clear(ctx)?;
        serde_json::from_value(self.0.needs.clone()).map_err(AppError::caused("reading a stored JSON column"))
    }

    /// 政策宣传: the policies explained.
    async fn policies_explained(&self, ctx: &Context<'_>) -> AppResult<Vec<String>> {
        self.clear(ctx)?;
        serde_json::from_value(self.0.policies_explained.clone())
            .map_err(AppError::caused("reading a stored JSON column"))
    }

    /// Something needs doing after this visit.
    async fn follow_up(&self, ctx: &Context<'_>) -> AppResult<bool> {
        self.clear(ctx)?;
        Ok(self.0.follow_up)
    }

    /// The household members seen, as far as the caller may see them.
    async fn people_seen(&self, ctx: &Context<'_>) -> AppResult<Vec<Person>> {
        self.clear(ctx)?;
        let ids = self.people()?;
        let found = ctx.loaders()?.person.load_many(ids.iter().copied()).await?;
        Ok(ids.iter().filter_map(|id| found.get(id).cloned()).map(Person).collect())
    }

    /// When it was recorded (visits may be recorded after the fact).
    async fn created_at(&self, ctx: &Context<'_>) -> AppResult<DateTime<Utc>> {
        self.clear(ctx)?;
        Ok(self.0.created_at)
    }
}

/// One visit, as recorded on the spot or soon after.
#[derive(InputObject, Debug, Clone)]
pub struct VisitInput {
    /// A household in the caller's jurisdiction.
    pub household_id: ID,
    pub kind: VisitKind,
    /// Not in the future, not before the household was registered.
    pub visited_at: DateTime<Utc>,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    /// Members of the household seen; a care visit names at least one.
    pub person_ids: Option<Vec<ID>>,
    pub findings: Option<String>,
    pub living: Option<String>,
    pub safety: Option<String>,
    pub health: Option<String>,
    pub needs: Option<Vec<Need>>,
    pub policies_explained: Option<Vec<String>>,
    pub follow_up: Option<bool>,
    /// Changes in members' circumstances found on the visit, applied as
    /// ordinary audited updates with the visit: all of it is saved, or none.
    pub changes: Option<Vec<ChangeReportInput>>,
}

/// 变动报告: a member now away, back home, moved out or deceased.
#[derive(InputObject, Debug, Clone)]
pub struct ChangeReportInput {
    /// A member of the visited household.
    pub person_id: ID,
    /// The person's `version` as last read; a stale one is a `CONFLICT`.
    pub version: i32,
    pub residence_status: ResidenceStatus,
    /// Replaced together with the status: give it for someone away.
    pub away_since: Option<Date>,
    pub away_outside_county: Option<bool>,
    /// Left unchanged when not given.
    pub living_alone: Option<bool>,
    /// Left unchanged when not given.
    pub guardianship_capable: Option<bool>,
}

impl VisitInput {
    /// The visit with its ids parsed; every malformed id is named at once,
    /// under the field that carried it.
    pub fn parse(self) -> AppResult<NewVisit> {
        let mut e = FieldErrors::default();
        let household_id = ids::collect(&mut e, Some(&self.household_id), "householdId");
        let person_ids: Vec<_> = self
            .person_ids
            .unwrap_or_default()
            .iter()
            .filter_map(|id| ids::collect(&mut e, Some(id), "personIds"))
            .collect();
        let changes: Vec<_> = self
            .changes
            .unwrap_or_default()
            .into_iter()
            .filter_map(|c| {
                let person_id = ids::collect(&mut e, Some(&c.person_id), "changes")?;
                Some(ChangeReport {
                    person_id,
                    version: c.version,
                    residence_status: c.residence_status,
                    away_since: c.away_since.map(|d| d.0),
                    away_outside_county: c.away_outside_county,
                    living_alone: c.living_alone,
                    guardianship_capable: c.guardianship_capable,
                })
            })
            .collect();
        e.into_result()?;
        let household_id = household_id.ok_or_else(|| AppError::internal("household id parsed without a value"))?;
        Ok(NewVisit {
            household_id,
            kind: self.kind,
            visited_at: self.visited_at,
            lat: self.lat,
            lng: self.lng,
            person_ids,
            findings: self.findings,
            living: self.living,
            safety: self.safety,
            health: self.health,
            needs: self.needs.unwrap_or_default(),
            policies_explained: self.policies_explained.unwrap_or_default(),
            follow_up: self.follow_up.unwrap_or(false),
            changes,
        })
    }
}

#[derive(InputObject, Debug, Clone, Default)]
pub struct VisitFilter {
    /// Only visits to households in this region's subtree.
    pub region_id: Option<ID>,
    pub household_id: Option<ID>,
    /// Only visits that saw this person.
    pub person_id: Option<ID>,
    pub kind: Option<VisitKind>,
    /// Visited at or after.
    pub visited_from: Option<DateTime<Utc>>,
    /// Visited before.
    pub visited_to: Option<DateTime<Utc>>,
    pub follow_up: Option<bool>,
}

impl VisitFilter {
    pub fn parse(self) -> AppResult<crate::visits::list::VisitFilter> {
        let mut e = FieldErrors::default();
        let region_id = ids::collect(&mut e, self.region_id.as_ref(), "filter.regionId");
        let household_id = ids::collect(&mut e, self.household_id.as_ref(), "filter.householdId");
        let person_id = ids::collect(&mut e, self.person_id.as_ref(), "filter.personId");
        e.into_result()?;
        Ok(crate::visits::list::VisitFilter {
            region_id,
            household_id,
            person_id,
            kind: self.kind,
            visited_from: self.visited_from,
            visited_to: self.visited_to,
            follow_up: self.follow_up,
        })
    }
}
