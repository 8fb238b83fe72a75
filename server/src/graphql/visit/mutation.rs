use async_graphql::{Context, Object};

use super::types::{Visit, VisitInput};
use crate::{error::AppResult, graphql::context::ContextExt as _, idempotency, visits::record as service};

#[derive(Default)]
pub struct VisitMutation;

#[Object]
impl VisitMutation {
    /// Records a visit to a household of the caller's jurisdiction (any
    /// staff tier; not admins or dashboards). It clears what it discharges
    /// from the work lists at once.
    async fn record_visit(&self, ctx: &Context<'_>, input: VisitInput) -> AppResult<Visit> {
        let created = match idempotency::replayed(ctx) {
            Some(id) => idempotency::replay::visit(ctx, id).await,
            None => service::record(ctx.db(), ctx.actor()?, input.parse()?).await,
        };
        created.map(Visit)
    }
}
