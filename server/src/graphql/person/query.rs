use async_graphql::{Context, ID, Object};
use entity::person;

use super::types::{Person, PersonFilter};
use crate::{
    error::AppResult,
    graphql::{
        context::ContextExt as _,
        ids::parse_id,
        pagination::{self, Page},
        sensitive::{self, Kind},
    },
    policy::{self, Action},
    registry,
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
        let filter = filter.unwrap_or_default().parse()?;
        let select = registry::person::list(ctx.db(), ctx.actor()?, filter).await?;
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
