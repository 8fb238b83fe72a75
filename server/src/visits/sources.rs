//! Where each obligation's rows come from, as SQL: one select per
//! (obligation, start) branch, each yielding rows with an anchor, the time
//! the obligation counts from, which orders them by due date.
//!
//! Anchors are stored facts, not computed due dates, so a schedule change
//! needs no rewrite: households (registration time, or the last sweep in
//! `household_visit_mark`), confirmed classifications (confirmation time,
//! or the last care visit in `person_visit_mark`) and open visit requests.

use entity::{
    CareLevel, ClassificationStatus, ResidenceStatus, classification, household, household_visit_mark, person,
    person_visit_mark, visit_request,
};
use sea_orm::sea_query::{Alias, Expr, ExprTrait as _, Func, JoinType, Query, SelectStatement};
use uuid::Uuid;

use super::schedule::{Obligation, Start};
use crate::policy::scope::KeyRange;

/// Which rows: a scope-key span (the caller's jurisdiction or a region's
/// subtree), optionally narrowed to some households.
#[derive(Debug, Clone)]
pub struct Filter {
    /// Decided by `policy::scope`, never read off an actor here.
    pub keys: KeyRange,
    pub households: Option<Vec<Uuid>>,
}

/// One branch's select (tables, joins, conditions; no projection yet) and
/// the expressions the engine projects, bounds and orders by.
pub struct Source {
    pub select: SelectStatement,
    pub anchor: Expr,
    pub id: Expr,
    pub household: Expr,
    pub person: Option<Expr>,
    pub scope_key: Expr,
}

fn col(table: &'static str, column: impl sea_orm::sea_query::IntoIden) -> Expr {
    Expr::col((Alias::new(table), column))
}

pub fn source(obligation: Obligation, start: Start, filter: &Filter) -> Source {
    let mut source = match obligation {
        Obligation::MonthlySweep => sweep(household_visit_mark::Column::LastMonthlySweepAt, start),
        Obligation::QuarterlySweep => sweep(household_visit_mark::Column::LastQuarterlySweepAt, start),
        Obligation::CareHigh => care(CareLevel::High, start),
        Obligation::CareKey => care(CareLevel::Key, start),
        Obligation::CareGeneral => care(CareLevel::General, start),
        Obligation::Emergency => request(obligation),
    };
    source.select.and_where(source.scope_key.clone().between(filter.keys.lo, filter.keys.hi));
    if let Some(ids) = &filter.households {
        source.select.and_where(source.household.clone().is_in(ids.iter().copied()));
    }
    source
}

/// Every household owes its sweeps, classified members or not.
fn sweep(mark: household_visit_mark::Column, start: Start) -> Source {
    let mut select = Query::select();
    let (anchor, household, scope_key) = match start {
        Start::Fresh => {
            // NOT EXISTS rather than a LEFT JOIN … IS NULL: PostgreSQL
            // estimates the anti-join well and then walks households in
            // registration order, stopping at the page size.
            let mut swept = Query::select();
            swept
                .expr(Expr::val(1))
                .from_as(household_visit_mark::Entity, Alias::new("m"))
                .and_where(col("m", household_visit_mark::Column::HouseholdId).eq(col("h", household::Column::Id)))
                .and_where(col("m", mark).is_not_null());
            select.from_as(household::Entity, Alias::new("h")).and_where(Expr::exists(swept).not());
            let h = |c| col("h", c);
            (h(household::Column::CreatedAt), h(household::Column::Id), h(household::Column::ScopeKey))
        }
        Start::Repeat => {
            // The marks alone: their index gives the order, their copy of the
            // scope key the jurisdiction.
            select.from_as(household_visit_mark::Entity, Alias::new("m")).and_where(col("m", mark).is_not_null());
            let m = |c| col("m", c);
            (m(mark), m(household_visit_mark::Column::HouseholdId), m(household_visit_mark::Column::ScopeKey))
        }
    };
    // One row per household: the household is the row's id.
    Source { select, anchor, id: household.clone(), household, person: None, scope_key }
}

/// One row per person under care at `level`: the strictest level among the
/// person's confirmed classifications decides, so a person with two never
/// appears twice. People who died or moved out are no longer visited.
fn care(level: CareLevel, start: Start) -> Source {
    let confirmed = ClassificationStatus::Confirmed.as_str();
    let stricter: Vec<&str> = match level {
        CareLevel::High => vec![],
        CareLevel::Key => vec![CareLevel::High.as_str()],
        CareLevel::General => vec![CareLevel::High.as_str(), CareLevel::Key.as_str()],
    };
    let same_level_earlier = col("c2", classification::Column::CareLevel)
        .eq(level.as_str())
        .and(col("c2", classification::Column::Id).lt(col("c", classification::Column::Id)));
    let outranked = if stricter.is_empty() {
        same_level_earlier
    } else {
        col("c2", classification::Column::CareLevel).is_in(stricter).or(same_level_earlier)
    };
    let mut better = Query::select();
    better
        .expr(Expr::val(1))
        .from_as(classification::Entity, Alias::new("c2"))
        .and_where(col("c2", classification::Column::PersonId).eq(col("c", classification::Column::PersonId)))
        .and_where(col("c2", classification::Column::Status).eq(confirmed))
        .and_where(outranked);

    let mut select = Query::select();
    select
        .from_as(classification::Entity, Alias::new("c"))
        .join_as(
            JoinType::InnerJoin,
            person::Entity,
            Alias::new("p"),
            col("p", person::Column::Id).eq(col("c", classification::Column::PersonId)),
        )
        .and_where(col("c", classification::Column::Status).eq(confirmed))
        .and_where(col("c", classification::Column::CareLevel).eq(level.as_str()))
        .and_where(
            col("p", person::Column::ResidenceStatus)
                .is_not_in([ResidenceStatus::Deceased.as_str(), ResidenceStatus::MovedOut.as_str()]),
        )
        .and_where(Expr::exists(better).not());
    let last_care = col("pm", person_visit_mark::Column::LastCareVisitAt);
    let (anchor, id) = match start {
        Start::Fresh => {
            // As for sweeps: NOT EXISTS keeps the estimate, and with it the
            // walk along `ix_classification_confirmed_care`.
            let mut cared = Query::select();
            cared
                .expr(Expr::val(1))
                .from_as(person_visit_mark::Entity, Alias::new("pm"))
                .and_where(
                    col("pm", person_visit_mark::Column::PersonId).eq(col("c", classification::Column::PersonId)),
                )
                .and_where(last_care.is_not_null());
            select.and_where(Expr::exists(cared).not());
            let confirmed_at = Func::coalesce([
                col("c", classification::Column::DecidedAt),
                col("c", classification::Column::CreatedAt),
            ]);
            (confirmed_at.into(), col("p", person::Column::Id))
        }
        Start::Repeat => {
            select
                .join_as(
                    JoinType::InnerJoin,
                    person_visit_mark::Entity,
                    Alias::new("pm"),
                    col("pm", person_visit_mark::Column::PersonId).eq(col("c", classification::Column::PersonId)),
                )
                .and_where(last_care.clone().is_not_null());
            (last_care, col("pm", person_visit_mark::Column::PersonId))
        }
    };
    Source {
        select,
        anchor,
        id,
        household: col("p", person::Column::HouseholdId),
        person: Some(col("p", person::Column::Id)),
        // The classification's own copy (kept in step with the household),
        // so that a town or grid reads its classifications by index.
        scope_key: col("c", classification::Column::ScopeKey),
    }
}

/// Open one-off requests for this obligation, anchored at the report.
fn request(obligation: Obligation) -> Source {
    let mut select = Query::select();
    select
        .from_as(visit_request::Entity, Alias::new("r"))
        .join_as(
            JoinType::InnerJoin,
            household::Entity,
            Alias::new("h"),
            col("h", household::Column::Id).eq(col("r", visit_request::Column::HouseholdId)),
        )
        .and_where(col("r", visit_request::Column::DoneAt).is_null())
        .and_where(col("r", visit_request::Column::Reason).eq(obligation.key()));
    Source {
        select,
        anchor: col("r", visit_request::Column::RequestedAt),
        id: col("r", visit_request::Column::Id),
        household: col("r", visit_request::Column::HouseholdId),
        person: Some(col("r", visit_request::Column::PersonId)),
        scope_key: col("h", household::Column::ScopeKey),
    }
}
