use std::sync::Arc;

use async_graphql::{
    Context, Object,
    connection::{Connection, Edge, EmptyFields},
};
use chrono::Utc;
use tokio::sync::OnceCell;

use super::types::{DueTotals, DueVisit, DueVisitFilter};
use crate::{
    error::AppResult,
    graphql::{context::ContextExt as _, ids::parse_id, pagination},
    policy::{
        self, Action,
        fields::{self, Field},
        scope,
    },
    visits::{
        due::{self, Cursor, Request, Window},
        duty,
        schedule::Schedule,
        sources::Filter,
    },
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
        policy::may(actor, Action::RecordVisit)?;
        fields::require_clear(actor, Field::Visit)?;
        // A care reason says that someone is classified, and at which level.
        fields::require_clear(actor, Field::Classification)?;
        let filter = filter.unwrap_or_default();
        let size = pagination::page_size(first)?;
        let after = after.as_deref().map(Cursor::decode).transpose()?;
        let keys = match &filter.region_id {
            None => scope::key_range(actor),
            Some(id) => scope::region_range(ctx.db(), actor, parse_id(id, "filter.regionId")?).await?,
        };
        let mut duty = duty::of(actor.role);
        if let Some(reasons) = filter.reasons {
            duty.obligations = reasons;
        }
        if let Some(overdue) = filter.overdue_only {
            duty.window = if overdue { Window::Overdue } else { Window::Open };
        }
        let db = ctx.db();
        let schedule = Arc::new(Schedule::load(db).await?);
        let now = Utc::now();
        let scope = Filter { keys, households: None };
        let req = Request {
            filter: &scope,
            obligations: &duty.obligations,
            window: duty.window,
            now,
            after,
            limit: Some(size + 1),
        };
        let mut items = if size == 0 { Vec::new() } else { due::list(db, &schedule, &req).await? };
        let has_next = items.len() as u64 > size;
        items.truncate(usize::try_from(size).unwrap_or(usize::MAX));
        let totals = DueTotals {
            db: db.clone(),
            schedule,
            filter: scope.clone(),
            obligations: duty.obligations,
            window: duty.window,
            now,
            open: OnceCell::new(),
            overdue: OnceCell::new(),
        };
        let mut conn = Connection::with_additional_fields(after.is_some(), has_next, totals);
        conn.edges = items.into_iter().map(|item| Edge::new(item.cursor().encode(), DueVisit { item, now })).collect();
        Ok(conn)
    }
}
