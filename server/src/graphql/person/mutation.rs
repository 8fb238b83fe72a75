use async_graphql::{Context, ID, Object};

use super::types::{Person, PersonInput};
use crate::{
    error::AppResult,
    graphql::{
        context::ContextExt as _,
        ids::parse_id,
        sensitive::{self, Kind},
    },
    idempotency,
    registry::person as service,
};

#[derive(Default)]
pub struct PersonMutation;

#[Object]
impl PersonMutation {
    /// Registers a person in a household of the caller's jurisdiction.
    async fn add_person(&self, ctx: &Context<'_>, household_id: ID, input: PersonInput) -> AppResult<Person> {
        let household_id = parse_id(&household_id, "householdId")?;
        let created = match idempotency::replayed(ctx) {
            Some(id) => idempotency::replay::person(ctx, id).await,
            None => service::add(ctx.db(), ctx.actor()?, household_id, input.parse()?).await,
        };
        created.map(Person)
    }

    /// TOWN and DISTRICT: the full ID number, for a stated reason. Audited;
    /// at most 20 per hour per user.
    async fn reveal_id_number(&self, ctx: &Context<'_>, person_id: ID, reason: String) -> AppResult<String> {
        let person_id = parse_id(&person_id, "personId")?;
        let result = service::reveal::reveal(ctx.db(), ctx.actor()?, person_id, &reason).await;
        sensitive::traced(ctx, Kind::Person, person_id, result).await
    }

    /// Replaces a person's facts. `version` is the one last read.
    async fn update_person(&self, ctx: &Context<'_>, id: ID, version: i32, input: PersonInput) -> AppResult<Person> {
        let id = parse_id(&id, "id")?;
        let result = service::update(ctx.db(), ctx.actor()?, id, version, input.parse()?).await;
        sensitive::traced(ctx, Kind::Person, id, result).await.map(Person)
    }
}
