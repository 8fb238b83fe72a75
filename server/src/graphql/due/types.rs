use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::VisitKind;

use crate::{
    error::AppResult,
    graphql::{context::ContextExt as _, household::types::Household, person::types::Person},
    visits::{due::Item, schedule::Obligation, worklist},
};

/// One visit owed: a household's sweep, a person's care visit, or the
/// visit after an emergency report.
pub struct DueVisit {
    pub item: Item,
    pub now: DateTime<Utc>,
}

#[Object]
impl DueVisit {
    async fn household(&self, ctx: &Context<'_>) -> AppResult<Option<Household>> {
        Ok(ctx.loaders()?.household.load_one(self.item.household_id).await?.map(Household))
    }

    /// The person to see, for care and emergency visits.
    async fn person(&self, ctx: &Context<'_>) -> AppResult<Option<Person>> {
        let Some(id) = self.item.person_id else { return Ok(None) };
        Ok(ctx.loaders()?.person.load_one(id).await?.map(Person))
    }

    /// The kind of visit to record for it.
    async fn kind(&self) -> VisitKind {
        self.item.obligation.kind()
    }

    /// Why it is owed (the schedule row that applies).
    async fn reason(&self) -> Obligation {
        self.item.obligation
    }

    /// The end of the period it is owed in, or the deadline.
    async fn due_at(&self) -> DateTime<Utc> {
        self.item.due_at
    }

    async fn overdue(&self) -> bool {
        self.item.due_at < self.now
    }

    /// The last visit that discharged this obligation; `null` if none has.
    async fn last_visit_at(&self) -> Option<DateTime<Utc>> {
        self.item.last_visit_at()
    }
}

#[derive(InputObject, Debug, Clone, Default)]
pub struct DueVisitFilter {
    /// Only what is owed in this region's subtree.
    pub region_id: Option<ID>,
    /// Only these reasons (default: the caller's own duties).
    pub reasons: Option<Vec<Obligation>>,
    /// Only what is past due (default: false, except for the district,
    /// whose list is the overdue items of the whole district).
    pub overdue_only: Option<bool>,
}

/// Counts over the whole list, computed only when asked for, at most once
/// per request ([`worklist::Totals`]).
pub struct DueTotals(pub worklist::Totals);

#[Object]
impl DueTotals {
    /// Visits owed on this list.
    async fn total_count(&self) -> AppResult<u64> {
        self.0.total().await
    }

    /// Of those, the ones past due.
    async fn overdue_count(&self) -> AppResult<u64> {
        self.0.overdue().await
    }
}
