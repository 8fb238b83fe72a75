use async_graphql::{Context, ID, Object};

use super::types::Report;
use crate::{
    error::{AppError, AppResult},
    graphql::{
        context::ContextExt as _,
        ids::parse_id,
        sensitive::{self, Kind},
    },
    reports::{
        period::Period,
        workflow::{self, Decision},
    },
};

#[derive(Default)]
pub struct ReportMutation;

#[Object]
impl ReportMutation {
    /// Prepares the report of the caller's own village (a month, `2026-11`)
    /// or town (a quarter, `2026-Q4`): the first version, or the next after
    /// a return. Its rows are frozen now.
    async fn prepare_report(&self, ctx: &Context<'_>, region_id: ID, period: String) -> AppResult<Report> {
        let region = parse_id(&region_id, "regionId")?;
        let period = Period::parse(&period).map_err(|m| AppError::invalid("period", m))?;
        workflow::prepare(ctx.db(), ctx.actor()?, region, period).await.map(Report)
    }

    /// Sends a draft up. A town states `reason` when a village report of
    /// the quarter is missing, a draft or returned.
    async fn submit_report(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        reason: Option<String>,
    ) -> AppResult<Report> {
        let id = parse_id(&id, "id")?;
        let result = workflow::submit(ctx.db(), ctx.actor()?, id, version, reason.as_deref()).await;
        sensitive::traced(ctx, Kind::Report, id, result).await.map(Report)
    }

    /// The tier above accepts a submitted report.
    async fn accept_report(&self, ctx: &Context<'_>, id: ID, version: i32, note: Option<String>) -> AppResult<Report> {
        let id = parse_id(&id, "id")?;
        let decision = Decision::accept(note.as_deref())?;
        let result = workflow::decide(ctx.db(), ctx.actor()?, id, version, decision).await;
        sensitive::traced(ctx, Kind::Report, id, result).await.map(Report)
    }

    /// The tier above returns a submitted report with a reason; the
    /// preparer then prepares its next version.
    async fn return_report(&self, ctx: &Context<'_>, id: ID, version: i32, reason: String) -> AppResult<Report> {
        let id = parse_id(&id, "id")?;
        let decision = Decision::give_back(&reason)?;
        let result = workflow::decide(ctx.db(), ctx.actor()?, id, version, decision).await;
        sensitive::traced(ctx, Kind::Report, id, result).await.map(Report)
    }
}
