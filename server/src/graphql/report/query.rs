use async_graphql::{Context, ID, Object};
use entity::report;

use super::types::{Report, ReportFilter, ReportStatusGrid};
use crate::{
    error::{AppError, AppResult, messages as msg},
    graphql::{
        context::ContextExt as _,
        ids::{parse_id, parse_opt},
        pagination::{self, Page},
        sensitive::{self, Kind},
    },
    reports::query as reports,
};

#[derive(Default)]
pub struct ReportQuery;

#[Object]
impl ReportQuery {
    /// Reports and ledgers the caller may read, newest first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn reports(
        &self,
        ctx: &Context<'_>,
        filter: Option<ReportFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<Report>> {
        let filter = filter.unwrap_or_default().parse()?;
        let select = reports::list(ctx.db(), ctx.actor()?, filter).await?;
        pagination::page_ordered(ctx.db(), select, report::Column::Id, first, after, Report, true).await
    }

    async fn report(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Report>> {
        let id = parse_id(&id, "id")?;
        let found = reports::find(ctx.db(), ctx.actor()?, id).await?;
        Ok(sensitive::traced_opt(ctx, Kind::Report, id, found).await?.map(Report))
    }

    /// Child regions × the last `periods` periods (default 6 months for a
    /// town's villages, 4 quarters for the district's towns), for
    /// `regionId` or the caller's own region.
    async fn report_status(
        &self,
        ctx: &Context<'_>,
        region_id: Option<ID>,
        periods: Option<i32>,
    ) -> AppResult<ReportStatusGrid> {
        let region = parse_opt(region_id.as_ref(), "regionId")?;
        // Like `first`: capped (at 24) when large, refused when not positive.
        let count = match periods {
            Some(n) if n < 1 => return Err(AppError::invalid("periods", msg::AT_LEAST.with("min", 1))),
            Some(n) => Some(n.unsigned_abs()),
            None => None,
        };
        Ok(ReportStatusGrid(reports::status(ctx.db(), ctx.actor()?, region, count).await?))
    }
}
