use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::api_token;

use crate::{
    error::AppResult,
    graphql::{context::ContextExt as _, ids::to_id, region::types::Region},
};

/// A dashboard token's record. The secret itself is never shown again.
pub struct ApiToken(pub api_token::Model);

#[Object]
impl ApiToken {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The region whose aggregates the token may read.
    async fn region(&self, ctx: &Context<'_>) -> AppResult<Option<Region>> {
        Ok(ctx.loaders()?.region.load_one(self.0.region_id).await?.map(Region::from))
    }

    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at
    }

    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// The result of `createApiToken`: the only time the secret is shown.
#[derive(SimpleObject)]
pub struct ApiTokenPayload {
    /// Send as `Authorization: Bearer <token>`; store it safely, it cannot
    /// be shown again.
    pub token: String,
    pub api_token: ApiToken,
}
