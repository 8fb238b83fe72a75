use async_graphql::{Context, ID, Object};

use super::types::{AuthPayload, User, UserInput, UserUpdateInput};
use crate::{
    accounts::{admin, approval, login},
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
        let state = ctx.state();
        let (token, expires_at, user) =
            login::login(&state.db, &state.jwt, state.settings.token_ttl, &username, &password, &ctx.caller().meta)
                .await?;
        Ok(AuthPayload { token, expires_at, user: User(user) })
    }

    /// ADMIN: a new account in the admin's region. One that reads personal
    /// data (GRID, VILLAGE, TOWN, DISTRICT) is `PENDING` until approved.
    async fn create_user(&self, ctx: &Context<'_>, input: UserInput) -> AppResult<User> {
        let created = match idempotency::replayed(ctx) {
            Some(id) => idempotency::replay::user(ctx, id).await,
            None => admin::create(ctx.db(), ctx.actor()?, input.parse()?).await,
        };
        created.map(User)
    }

    /// ADMIN: role, region, active flag, display name or password. A raised
    /// role, a wider region, a re-activation or a new password leaves an
    /// account that reads personal data `PENDING`; a change of role, region,
    /// active flag or password ends the account's sessions.
    async fn update_user(&self, ctx: &Context<'_>, id: ID, input: UserUpdateInput) -> AppResult<User> {
        let id = parse_id(&id, "id")?;
        admin::update(ctx.db(), ctx.actor()?, id, input.parse()?).await.map(User)
    }

    /// DISTRICT (any account of the district) or TOWN (GRID and VILLAGE
    /// accounts of the town): brings a pending account into force as it
    /// stands at `version`; never the admin's own request or one's own account.
    async fn approve_account(&self, ctx: &Context<'_>, id: ID, version: i32) -> AppResult<User> {
        let id = parse_id(&id, "id")?;
        approval::approve(ctx.db(), ctx.actor()?, id, version).await.map(User)
    }

    /// As `approveAccount`, but keeps the account out of force; the reason
    /// is shown to the admins and audited.
    async fn refuse_account(&self, ctx: &Context<'_>, id: ID, version: i32, reason: String) -> AppResult<User> {
        let id = parse_id(&id, "id")?;
        approval::refuse(ctx.db(), ctx.actor()?, id, version, &reason).await.map(User)
    }
}
