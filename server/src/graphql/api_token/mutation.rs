use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

use super::types::{ApiToken, ApiTokenPayload};
use crate::{
    accounts::api_tokens as service,
    error::AppResult,
    graphql::{context::ContextExt as _, ids::parse_id},
    idempotency,
};

#[derive(Default)]
pub struct ApiTokenMutation;

#[Object]
impl ApiTokenMutation {
    /// ADMIN: a read-only DASHBOARD token for a region. The token is shown
    /// once, in this response.
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        name: String,
        region_id: ID,
        expires_at: Option<DateTime<Utc>>,
    ) -> AppResult<ApiTokenPayload> {
        let region_id = parse_id(&region_id, "regionId")?;
        let (token, model) = match idempotency::replayed(ctx) {
            Some(id) => idempotency::replay::api_token(ctx, id).await?,
            None => service::create(ctx.db(), ctx.actor()?, &name, region_id, expires_at).await?,
        };
        Ok(ApiTokenPayload { token, api_token: ApiToken(model) })
    }

    /// ADMIN: revokes a token; requests with it fail from the next one on.
    async fn revoke_api_token(&self, ctx: &Context<'_>, id: ID) -> AppResult<bool> {
        service::revoke(ctx.db(), ctx.actor()?, parse_id(&id, "id")?).await
    }
}
