use async_graphql::{
    Context, Object,
    connection::{Connection, Edge, EmptyFields},
};

use super::types::{DueTotals, DueVisit, DueVisitFilter};
use crate::{
    error::AppResult,
    graphql::{context::ContextExt as _, ids::parse_id, pagination},
    policy,
    visits::{due::Cursor, worklist},
};

pub type DueVisitConnection = Connection<String, DueVisit, DueTotals, EmptyFields>;

#[derive(Default)]
pub struct DueQuery;

#[Object]
impl DueQuery {
    /// The caller's work list: the visits owed in the caller's jurisdiction,
    /// due and overdue, the oldest due date first, each with its reason.
    /// Grid and village workers see the monthly sweeps, towns the quarterly
    /// sweeps, both with care and emergency visits; the district sees
    /// everything overdue. `filter` narrows or widens that within the
    /// jurisdiction.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn due_visits(
        &self,
        ctx: &Context<'_>,
        filter: Option<DueVisitFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<DueVisitConnection> {
        let actor = ctx.actor()?;
        policy::lists::worklist(actor)?;
        let filter = filter.unwrap_or_default();
        let query = worklist::Query {
            size: pagination::page_size(first)?,
            after: after.as_deref().map(Cursor::decode).transpose()?,
            region: filter.region_id.as_ref().map(|id| parse_id(id, "filter.regionId")).transpose()?,
            reasons: filter.reasons,
            overdue_only: filter.overdue_only,
        };
        let has_previous = query.after.is_some();
        let page = worklist::page(ctx.db(), actor, query).await?;
        let now = page.now;
        let mut conn = Connection::with_additional_fields(has_previous, page.has_next, DueTotals(page.totals));
        conn.edges =
            page.items.into_iter().map(|item| Edge::new(item.cursor().encode(), DueVisit { item, now })).collect();
        Ok(conn)
    }
}
