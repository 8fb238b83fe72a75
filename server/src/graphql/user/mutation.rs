use async_graphql::{Context, Object};

use super::{
    service,
    types::{AuthPayload, User},
};
use crate::{error::AppResult, graphql::context::ContextExt as _};

#[derive(Default)]
pub struct UserMutation;

#[Object]
impl UserMutation {
    /// Exchanges a username and password for a short-lived token.
    async fn login(&self, ctx: &Context<'_>, username: String, password: String) -> AppResult<AuthPayload> {
        let (token, expires_at, user) = service::login(ctx.state(), &username, &password, &ctx.caller().meta).await?;
        Ok(AuthPayload { token, expires_at, user: User(user) })
    }
}
