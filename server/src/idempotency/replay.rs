//! Answering a replay: the resolver of the keyed mutation re-reads the
//! record the first attempt created, through the caller's scope and the
//! permission the mutation needs today, and the selection set is resolved
//! on it as on a fresh read (field policy, masking, audit of sensitive
//! reads). A record that has left the caller's scope meanwhile is
//! `NOT_FOUND`, like any record outside it.

use async_graphql::Context;
use entity::{api_token, household, person, user, visit};
use sea_orm::{ColumnTrait as _, QueryFilter as _};
use uuid::Uuid;

use crate::{
    accounts::{admin, api_tokens},
    error::{AppError, AppResult, messages as msg},
    graphql::context::ContextExt as _,
    policy::{self, Action},
    visits::list as visits,
};

/// Request data of a replay: the record the first attempt created.
pub(super) struct Replay(pub Uuid);

/// The record this request's first attempt created, when it is a replay.
pub fn replayed(ctx: &Context<'_>) -> Option<Uuid> {
    ctx.data_opt::<Replay>().map(|r| r.0)
}

pub async fn household(ctx: &Context<'_>, id: Uuid) -> AppResult<household::Model> {
    policy::may(ctx.actor()?, Action::EditRegistry)?;
    ctx.loaders()?.household.load_one(id).await?.ok_or(AppError::NotFound)
}

pub async fn person(ctx: &Context<'_>, id: Uuid) -> AppResult<person::Model> {
    policy::may(ctx.actor()?, Action::EditRegistry)?;
    ctx.loaders()?.person.load_one(id).await?.ok_or(AppError::NotFound)
}

pub async fn visit(ctx: &Context<'_>, id: Uuid) -> AppResult<visit::Model> {
    let actor = ctx.actor()?;
    policy::may(actor, Action::RecordVisit)?;
    visits::visible(actor)?.filter(visit::Column::Id.eq(id)).one(ctx.db()).await?.ok_or(AppError::NotFound)
}

pub async fn user(ctx: &Context<'_>, id: Uuid) -> AppResult<user::Model> {
    admin::visible(ctx.actor()?)?.filter(user::Column::Id.eq(id)).one(ctx.db()).await?.ok_or(AppError::NotFound)
}

/// A token's secret is shown once and never stored, so the first answer
/// cannot be given again. Saying so beats a second token: the admin can
/// revoke the one whose secret was lost and make another on purpose.
/// Typed like `createApiToken`'s service for a uniform resolver.
pub async fn api_token(ctx: &Context<'_>, id: Uuid) -> AppResult<(String, api_token::Model)> {
    let select = api_tokens::visible(ctx.actor()?)?;
    let token = select.filter(api_token::Column::Id.eq(id)).one(ctx.db()).await?.ok_or(AppError::NotFound)?;
    Err(AppError::Conflict(msg::IDEMPOTENCY_TOKEN_SHOWN.with("name", token.name)))
}
