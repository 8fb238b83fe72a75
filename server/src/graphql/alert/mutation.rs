use async_graphql::{Context, ID, Object};

use super::types::Alert;
use crate::{
    alerts as service,
    error::AppResult,
    graphql::{
        context::ContextExt as _,
        ids::parse_id,
        sensitive::{self, Kind},
    },
};

#[derive(Default)]
pub struct AlertMutation;

#[Object]
impl AlertMutation {
    /// Acknowledges an open alert (town and district), saying what was done.
    async fn acknowledge_alert(&self, ctx: &Context<'_>, id: ID, note: String) -> AppResult<Alert> {
        let id = parse_id(&id, "id")?;
        let result = service::acknowledge(ctx.db(), ctx.actor()?, id, &note).await;
        sensitive::traced(ctx, Kind::Alert, id, result).await.map(Alert)
    }
}
