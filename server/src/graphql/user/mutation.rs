use async_graphql::{Context, ID, Object};

use super::{
    admin, service,
    types::{AuthPayload, User, UserInput, UserUpdateInput},
};
use crate::{
    error::AppResult,
    graphql::{context::ContextExt as _, ids::parse_id},
    idempotency,
};

#[derive(Default)]
pub struct UserMutation;

#[Object]
impl UserMutation {
    /// Exchanges a username and password for a short-lived token. Repeated
    /// failures for one account or from one address are `RATE_LIMITED`, and
    /// so is a login that finds the server busy checking other passwords.
    async fn login(&self, ctx: &Context<'_>, username: String, password: String) -> AppResult<AuthPayload> {
        let (token, expires_at, user) = service::login(ctx.state(), &username, &password, &ctx.caller().meta).await?;
        Ok(AuthPayload { token, expires_at, user: User(user) })
    }

    /// ADMIN: a new account in the admin's region.
    async fn create_user(&self, ctx: &Context<'_>, input: UserInput) -> AppResult<User> {
        let created = match idempotency::replayed(ctx) {
            Some(id) => idempotency::replay::user(ctx, id).await,
            None => admin::create(ctx.db(), ctx.actor()?, input).await,
        };
        created.map(User)
    }

    /// ADMIN: role, region, active flag, display name or password.
    async fn update_user(&self, ctx: &Context<'_>, id: ID, input: UserUpdateInput) -> AppResult<User> {
        let id = parse_id(&id, "id")?;
        admin::update(ctx.db(), ctx.actor()?, id, input).await.map(User)
    }
}
