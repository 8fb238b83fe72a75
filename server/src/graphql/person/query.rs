use async_graphql::{Context, ID, Object};
use entity::person;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::types::{Person, PersonFilter};
use crate::{
    error::{AppError, AppResult},
    graphql::{
        context::ContextExt as _,
        ids::parse_id,
        pagination::{self, Page},
        search,
        sensitive::{self, Kind},
    },
    policy::{
        self, Action,
        fields::{self, Field},
        scope,
    },
    validate,
};

#[derive(Default)]
pub struct PersonQuery;

#[Object]
impl PersonQuery {
    /// People in the caller's jurisdiction, by grid or village, then in registration order.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn people(
        &self,
        ctx: &Context<'_>,
        filter: Option<PersonFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<Person>> {
        let actor = ctx.actor()?;
        policy::may(actor, Action::ReadRegistry)?;
        let filter = filter.unwrap_or_default();
        let mut select = person::Entity::find().filter(scope::registry(actor, person::Column::ScopeKey));
        if let Some(region) = &filter.region_id {
            let region = parse_id(region, "filter.regionId")?;
            select = select.filter(scope::within_region(ctx.db(), actor, region, person::Column::ScopeKey).await?);
        }
        if let Some(household) = &filter.household_id {
            select = select.filter(person::Column::HouseholdId.eq(parse_id(household, "filter.householdId")?));
        }
        if let Some(status) = filter.residence_status {
            select = select.filter(person::Column::ResidenceStatus.eq(status));
        }
        if let Some(text) = search::needle(filter.name_contains.as_deref(), "filter.nameContains")? {
            fields::require_clear(actor, Field::PersonName)?;
            select = select.filter(search::contains(person::Column::Name, &text));
        }
        if let Some(raw) = filter.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            // Searching by a value one may not read would reveal it.
            fields::require_clear(actor, Field::Phone)?;
            let phone = validate::phone(raw).map_err(|m| AppError::invalid("filter.phone", m))?;
            select = select.filter(person::Column::Phone.eq(phone));
        }
        pagination::page_scoped(ctx.db(), select, (person::Column::ScopeKey, person::Column::Id), first, after, Person)
            .await
    }

    /// One person, or `null` when missing or outside the caller's jurisdiction.
    async fn person(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Person>> {
        policy::may(ctx.actor()?, Action::ReadRegistry)?;
        let id = parse_id(&id, "id")?;
        let found = ctx.loaders()?.person.load_one(id).await?;
        Ok(sensitive::traced_opt(ctx, Kind::Person, id, found).await?.map(Person))
    }
}
