use async_graphql::{Context, Object};
use entity::api_token;

use super::types::ApiToken;
use crate::{
    accounts::api_tokens as service,
    error::AppResult,
    graphql::{
        context::ContextExt as _,
        pagination::{self, Page},
    },
};

#[derive(Default)]
pub struct ApiTokenQuery;

#[Object]
impl ApiTokenQuery {
    /// ADMIN: the dashboard tokens of the admin's region, revoked ones included.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn api_tokens(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<ApiToken>> {
        let select = service::visible(ctx.actor()?)?;
        pagination::page(ctx.db(), select, api_token::Column::Id, first, after, ApiToken).await
    }
}
