use async_graphql::{Context, Object};
use entity::user;
use sea_orm::EntityTrait;

use super::types::User;
use crate::{
    accounts::{admin, approval},
    error::{AppError, AppResult},
    graphql::{
        context::ContextExt as _,
        pagination::{self, Page},
    },
};

#[derive(Default)]
pub struct UserQuery;

#[Object]
impl UserQuery {
    /// The caller. Dashboards (API tokens) have no user.
    async fn me(&self, ctx: &Context<'_>) -> AppResult<User> {
        let actor = ctx.actor()?;
        let me = user::Entity::find_by_id(actor.user_id).one(ctx.db()).await?;
        me.map(User).ok_or(AppError::Forbidden)
    }

    /// ADMIN: accounts in the admin's region.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn users(&self, ctx: &Context<'_>, first: Option<i32>, after: Option<String>) -> AppResult<Page<User>> {
        let select = admin::visible(ctx.actor()?)?;
        pagination::page(ctx.db(), select, user::Column::Id, first, after, User).await
    }

    /// TOWN and DISTRICT: the pending accounts the caller may approve or
    /// refuse, oldest first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn pending_accounts(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<User>> {
        let select = approval::pending(ctx.actor()?)?;
        pagination::page(ctx.db(), select, user::Column::Id, first, after, User).await
    }
}
