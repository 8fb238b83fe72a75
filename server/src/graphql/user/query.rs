use async_graphql::{Context, Object};
use entity::user;
use sea_orm::EntityTrait;

use super::types::User;
use crate::{
    error::{AppError, AppResult},
    graphql::context::ContextExt as _,
};

#[derive(Default)]
pub struct UserQuery;

#[Object]
impl UserQuery {
    /// The caller.
    async fn me(&self, ctx: &Context<'_>) -> AppResult<User> {
        let actor = ctx.actor()?;
        let me = user::Entity::find_by_id(actor.user_id).one(ctx.db()).await?;
        me.map(User).ok_or(AppError::Unauthenticated)
    }
}
