use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::{ClassificationStatus, MaritalStatus, Relation, ResidenceStatus, SelfCare, Sex, person};

use crate::{
    clock,
    error::{AppResult, FieldErrors},
    graphql::{
        classification::types::Classification,
        context::ContextExt as _,
        household::types::Household,
        ids::{self, to_id},
        relative::types::Relative,
        scalars::Date,
        sensitive::{self, Subject},
    },
    registry::{self, person::PersonFacts},
};

/// 人: a registered member of a household. Sensitive fields are shown,
/// masked or withheld according to the caller's role by the field policy
/// (`graphql::sensitive`); their resolvers only name the person.
pub struct Person(pub person::Model);

impl Person {
    /// Names this person as the subject of the guarded field being read and
    /// hands the value to the field policy (`graphql::sensitive`), which
    /// refuses, masks and records it.
    fn read<T>(&self, ctx: &Context<'_>, value: T) -> AppResult<T> {
        sensitive::subject(ctx, Subject::Person(self.0.id))?;
        Ok(value)
    }

    async fn relative(&self, ctx: &Context<'_>, id: Option<uuid::Uuid>) -> AppResult<Option<Person>> {
        let Some(id) = id else { return Ok(None) };
        Ok(ctx.loaders()?.person.load_one(id).await?.map(Person))
    }
}

#[Object]
impl Person {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    /// Pass this back to `updatePerson`; a stale value is a `CONFLICT`.
    async fn version(&self) -> i32 {
        self.0.version
    }

    async fn name(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        self.read(ctx, Some(self.0.name.clone()))
    }

    async fn sex(&self) -> Option<Sex> {
        self.0.sex
    }

    async fn birth_date(&self, ctx: &Context<'_>) -> AppResult<Option<Date>> {
        self.read(ctx, self.0.birth_date.map(Date))
    }

    /// Completed years today (China time).
    async fn age(&self, ctx: &Context<'_>) -> AppResult<Option<i32>> {
        self.read(ctx, self.0.birth_date.map(|b| clock::age_on(b, clock::today())))
    }

    /// 身份证号, masked as `120***************` (first three digits) for every role.
    async fn id_number(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        self.read(ctx, self.0.id_number.clone())
    }

    async fn phone(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        self.read(ctx, self.0.phone.clone())
    }

    async fn relation_to_head(&self) -> Relation {
        self.0.relation_to_head
    }

    async fn residence_status(&self) -> ResidenceStatus {
        self.0.residence_status
    }

    /// When the current absence began (only for people away).
    async fn away_since(&self) -> Option<Date> {
        self.0.away_since.map(Date)
    }

    /// Away outside the county (县外), which the elderly rule asks about.
    async fn away_outside_county(&self) -> Option<bool> {
        self.0.away_outside_county
    }

    /// `false` records 无监护能力 (severe disability, serious illness,
    /// imprisonment, missing, deceased).
    async fn guardianship_capable(&self) -> Option<bool> {
        self.0.guardianship_capable
    }

    async fn living_alone(&self) -> Option<bool> {
        self.0.living_alone
    }

    async fn health(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        self.read(ctx, self.0.health.clone())
    }

    async fn disability(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        self.read(ctx, self.0.disability.clone())
    }

    /// 自理能力.
    async fn self_care(&self) -> Option<SelfCare> {
        self.0.self_care
    }

    async fn marital_status(&self) -> Option<MaritalStatus> {
        self.0.marital_status
    }

    /// May live in another household; `null` if outside the caller's jurisdiction.
    async fn father(&self, ctx: &Context<'_>) -> AppResult<Option<Person>> {
        self.relative(ctx, self.0.father_id).await
    }

    async fn mother(&self, ctx: &Context<'_>) -> AppResult<Option<Person>> {
        self.relative(ctx, self.0.mother_id).await
    }

    async fn spouse(&self, ctx: &Context<'_>) -> AppResult<Option<Person>> {
        self.relative(ctx, self.0.spouse_id).await
    }

    async fn household(&self, ctx: &Context<'_>) -> AppResult<Option<Household>> {
        Ok(ctx.loaders()?.household.load_one(self.0.household_id).await?.map(Household))
    }

    /// 分类: every classification of the person, oldest first, optionally
    /// only those in the given statuses.
    async fn classifications(
        &self,
        ctx: &Context<'_>,
        status: Option<Vec<ClassificationStatus>>,
    ) -> AppResult<Vec<Classification>> {
        self.read(ctx, ())?;
        let all = ctx.loaders()?.person_classifications.load_one(self.0.id).await?.unwrap_or_default();
        Ok(Classification::with_status(all, status.as_deref()))
    }

    /// 未在本地登记的亲属: children and parents not registered here, with
    /// the facts the discovery rules read; edited with `addRelative`,
    /// `updateRelative` and `removeRelative`.
    async fn relatives(&self, ctx: &Context<'_>) -> AppResult<Vec<Relative>> {
        let rows = ctx.loaders()?.relatives.load_one(self.0.id).await?.unwrap_or_default();
        Ok(rows.into_iter().map(Relative).collect())
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A person's facts; `updatePerson` replaces all of them.
#[derive(InputObject, Debug, Clone)]
pub struct PersonInput {
    pub name: String,
    /// 18 characters; a lower-case `x` is accepted. Sex and birth date are
    /// derived from it and, when also given, must agree with it. In
    /// `updatePerson`, a value the caller reads masked (ID numbers for every
    /// role) is kept when sent back masked or left out; `""` clears it.
    pub id_number: Option<String>,
    pub sex: Option<Sex>,
    pub birth_date: Option<Date>,
    /// Mainland mobile number.
    pub phone: Option<String>,
    pub relation_to_head: Relation,
    pub residence_status: ResidenceStatus,
    /// Only for people away or moved out; not in the future.
    pub away_since: Option<Date>,
    pub away_outside_county: Option<bool>,
    pub guardianship_capable: Option<bool>,
    pub living_alone: Option<bool>,
    pub health: Option<String>,
    pub disability: Option<String>,
    pub self_care: Option<SelfCare>,
    pub marital_status: Option<MaritalStatus>,
    pub father_id: Option<ID>,
    pub mother_id: Option<ID>,
    pub spouse_id: Option<ID>,
}

impl PersonInput {
    /// The facts with their ids parsed; a malformed id is a `VALIDATION`
    /// error on its field, all of them at once.
    pub fn parse(self) -> AppResult<PersonFacts> {
        let mut e = FieldErrors::default();
        let father_id = ids::collect(&mut e, self.father_id.as_ref(), "fatherId");
        let mother_id = ids::collect(&mut e, self.mother_id.as_ref(), "motherId");
        let spouse_id = ids::collect(&mut e, self.spouse_id.as_ref(), "spouseId");
        e.into_result()?;
        Ok(PersonFacts {
            name: self.name,
            id_number: self.id_number,
            sex: self.sex,
            birth_date: self.birth_date.map(|d| d.0),
            phone: self.phone,
            relation_to_head: self.relation_to_head,
            residence_status: self.residence_status,
            away_since: self.away_since.map(|d| d.0),
            away_outside_county: self.away_outside_county,
            guardianship_capable: self.guardianship_capable,
            living_alone: self.living_alone,
            health: self.health,
            disability: self.disability,
            self_care: self.self_care,
            marital_status: self.marital_status,
            father_id,
            mother_id,
            spouse_id,
        })
    }
}

#[derive(InputObject, Debug, Clone, Default)]
pub struct PersonFilter {
    /// Only people in this region's subtree.
    pub region_id: Option<ID>,
    pub household_id: Option<ID>,
    pub residence_status: Option<ResidenceStatus>,
    /// Part of the name.
    pub name_contains: Option<String>,
    /// Exact mobile number; refused for roles that see phones masked.
    pub phone: Option<String>,
}

impl PersonFilter {
    pub fn parse(self) -> AppResult<registry::person::PersonFilter> {
        let mut e = FieldErrors::default();
        let region_id = ids::collect(&mut e, self.region_id.as_ref(), "filter.regionId");
        let household_id = ids::collect(&mut e, self.household_id.as_ref(), "filter.householdId");
        e.into_result()?;
        Ok(registry::person::PersonFilter {
            region_id,
            household_id,
            residence_status: self.residence_status,
            name_contains: self.name_contains,
            phone: self.phone,
        })
    }
}
