use async_graphql::{Context, ID, Object};
use entity::{visit, visit_person};
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, QuerySelect as _, QueryTrait as _, Select};
use uuid::Uuid;

use super::types::{Visit, VisitFilter};
use crate::{
    auth::Actor,
    error::AppResult,
    graphql::{
        context::ContextExt as _,
        ids::parse_id,
        pagination::{self, Page},
        sensitive::{self, Kind},
    },
    policy::{
        self, Action,
        fields::{self, Field},
        scope,
    },
};

#[derive(Default)]
pub struct VisitQuery;

/// Visits the caller may read at all, in the caller's jurisdiction.
pub fn visible(actor: &Actor) -> AppResult<Select<visit::Entity>> {
    policy::may(actor, Action::ReadRegistry)?;
    fields::require_clear(actor, Field::Visit)?;
    Ok(visit::Entity::find().filter(scope::registry(actor, visit::Column::ScopeKey)))
}

/// The visits to one household, for `Household.visits`.
pub async fn of_household(
    ctx: &Context<'_>,
    household: Uuid,
    first: Option<i32>,
    after: Option<String>,
) -> AppResult<Page<Visit>> {
    let select = visible(ctx.actor()?)?.filter(visit::Column::HouseholdId.eq(household));
    pagination::page_scoped(ctx.db(), select, (visit::Column::ScopeKey, visit::Column::Id), first, after, Visit).await
}

#[Object]
impl VisitQuery {
    /// Visits in the caller's jurisdiction, by grid or village, then in the order they were recorded.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn visits(
        &self,
        ctx: &Context<'_>,
        filter: Option<VisitFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<Visit>> {
        let actor = ctx.actor()?;
        let filter = filter.unwrap_or_default();
        let mut select = visible(actor)?;
        if let Some(region) = &filter.region_id {
            let region = parse_id(region, "filter.regionId")?;
            select = select.filter(scope::within_region(ctx.db(), actor, region, visit::Column::ScopeKey).await?);
        }
        if let Some(household) = &filter.household_id {
            select = select.filter(visit::Column::HouseholdId.eq(parse_id(household, "filter.householdId")?));
        }
        if let Some(person) = &filter.person_id {
            let seen = visit_person::Entity::find()
                .select_only()
                .column(visit_person::Column::VisitId)
                .filter(visit_person::Column::PersonId.eq(parse_id(person, "filter.personId")?))
                .into_query();
            select = select.filter(visit::Column::Id.in_subquery(seen));
        }
        if let Some(kind) = filter.kind {
            select = select.filter(visit::Column::Kind.eq(kind));
        }
        if let Some(from) = filter.visited_from {
            select = select.filter(visit::Column::VisitedAt.gte(from));
        }
        if let Some(to) = filter.visited_to {
            select = select.filter(visit::Column::VisitedAt.lt(to));
        }
        if let Some(follow_up) = filter.follow_up {
            select = select.filter(visit::Column::FollowUp.eq(follow_up));
        }
        pagination::page_scoped(ctx.db(), select, (visit::Column::ScopeKey, visit::Column::Id), first, after, Visit)
            .await
    }

    /// One visit, or `null` when missing or outside the caller's jurisdiction.
    async fn visit(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Visit>> {
        let select = visible(ctx.actor()?)?;
        let id = parse_id(&id, "id")?;
        let found = select.filter(visit::Column::Id.eq(id)).one(ctx.db()).await?;
        Ok(sensitive::traced_opt(ctx, Kind::Visit, id, found).await?.map(Visit))
    }
}
