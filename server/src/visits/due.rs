//! The work list engine: what is owed, by when, oldest first, computed in
//! SQL and paged by keyset so that a whole district costs the same as a grid.
//!
//! Each (obligation, start) branch is one indexed select ordered by its
//! anchor. Within a branch the due date never decreases as the anchor grows,
//! so ordering by anchor *is* ordering by due date: a page needs at most
//! `limit` rows per branch, merged here. The global order is (due date,
//! branch, anchor, id), which every cursor records and every branch can
//! resume from with a bound on its own anchor.

use std::collections::BTreeMap;

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use sea_orm::{
    ConnectionTrait, FromQueryResult,
    sea_query::{Alias, Expr, ExprTrait as _, Order, Query},
};
use uuid::Uuid;

use super::{
    schedule::{Cut, Obligation, Schedule, Start},
    sources::{self, Filter, Source},
};
use crate::error::{AppError, AppResult, messages as msg};

/// Every branch, in tie-break order (a sweep before care with the same due
/// date). One-off requests have no repeat branch.
const BRANCHES: [(Obligation, Start); 11] = [
    (Obligation::Emergency, Start::Fresh),
    (Obligation::CareHigh, Start::Fresh),
    (Obligation::CareHigh, Start::Repeat),
    (Obligation::MonthlySweep, Start::Fresh),
    (Obligation::MonthlySweep, Start::Repeat),
    (Obligation::QuarterlySweep, Start::Fresh),
    (Obligation::QuarterlySweep, Start::Repeat),
    (Obligation::CareKey, Start::Fresh),
    (Obligation::CareKey, Start::Repeat),
    (Obligation::CareGeneral, Start::Fresh),
    (Obligation::CareGeneral, Start::Repeat),
];

/// Which obligations to include, by due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// What shows on a work list: owed in the current period, or due within
    /// the notice of a rolling interval, plus everything overdue.
    Open,
    /// Past due only.
    Overdue,
    /// Everything, including obligations already met for now (the next
    /// due date of a household).
    All,
}

/// One visit owed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub obligation: Obligation,
    pub start: Start,
    pub household_id: Uuid,
    pub person_id: Option<Uuid>,
    pub scope_key: i64,
    pub anchor: DateTime<Utc>,
    pub id: Uuid,
    pub due_at: DateTime<Utc>,
    branch: u8,
}

impl Item {
    /// The last visit that discharged this obligation, if any.
    pub fn last_visit_at(&self) -> Option<DateTime<Utc>> {
        (self.start == Start::Repeat).then_some(self.anchor)
    }

    pub fn cursor(&self) -> Cursor {
        Cursor { due_at: self.due_at, branch: self.branch, anchor: self.anchor, id: self.id }
    }

    fn sort_key(&self) -> (DateTime<Utc>, u8, DateTime<Utc>, Uuid) {
        (self.due_at, self.branch, self.anchor, self.id)
    }
}

/// A position in the work list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub due_at: DateTime<Utc>,
    branch: u8,
    anchor: DateTime<Utc>,
    id: Uuid,
}

impl Cursor {
    /// Opaque: nanoseconds (SQLite keeps them), branch, anchor, id.
    pub fn encode(&self) -> String {
        let mut bytes = Vec::with_capacity(33);
        bytes.extend(nanos(self.due_at).to_be_bytes());
        bytes.push(self.branch);
        bytes.extend(nanos(self.anchor).to_be_bytes());
        bytes.extend(self.id.as_bytes());
        URL_SAFE_NO_PAD.encode(bytes)
    }

    pub fn decode(raw: &str) -> AppResult<Self> {
        let invalid = || AppError::invalid("after", msg::CURSOR_INVALID);
        let bytes = URL_SAFE_NO_PAD.decode(raw).map_err(|_| invalid())?;
        let (due, rest) = bytes.split_first_chunk::<8>().ok_or_else(invalid)?;
        let (branch, rest) = rest.split_first().ok_or_else(invalid)?;
        let (anchor, id) = rest.split_first_chunk::<8>().ok_or_else(invalid)?;
        let id = Uuid::from_slice(id).map_err(|_| invalid())?;
        if usize::from(*branch) >= BRANCHES.len() {
            return Err(invalid());
        }
        let time = |b: &[u8; 8]| DateTime::from_timestamp_nanos(i64::from_be_bytes(*b));
        Ok(Self { due_at: time(due), branch: *branch, anchor: time(anchor), id })
    }
}

fn nanos(t: DateTime<Utc>) -> i64 {
    // Out of range only after the year 2262.
    t.timestamp_nanos_opt().unwrap_or(i64::MAX)
}

/// What to list.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub filter: &'a Filter,
    pub obligations: &'a [Obligation],
    pub window: Window,
    pub now: DateTime<Utc>,
    pub after: Option<Cursor>,
    /// Rows wanted; `None` for all (a bounded set of households only).
    pub limit: Option<u64>,
}

#[derive(FromQueryResult)]
struct Row {
    anchor: DateTime<Utc>,
    id: Uuid,
    household_id: Uuid,
    scope_key: i64,
}

#[derive(FromQueryResult)]
struct PersonRow {
    person_id: Option<Uuid>,
}

#[derive(FromQueryResult)]
struct CountRow {
    n: i64,
}

#[derive(FromQueryResult)]
struct KeyCountRow {
    scope_key: i64,
    n: i64,
}

/// The selected branches with their indexes.
fn branches(obligations: &[Obligation]) -> impl Iterator<Item = (u8, Obligation, Start)> + '_ {
    (0u8..).zip(BRANCHES).filter(|(_, (o, _))| obligations.contains(o)).map(|(i, (o, s))| (i, o, s))
}

/// A branch's rows in `window`, as a select still to be projected.
fn bounded(schedule: &Schedule, obligation: Obligation, start: Start, req: &Request<'_>) -> Source {
    let rule = schedule.rule(obligation);
    let mut source = sources::source(obligation, start, req.filter);
    let anchor = source.anchor.clone();
    match req.window {
        Window::Open => {
            source.select.and_where(outside(anchor, rule.beyond(start, rule.horizon(req.now))));
        }
        Window::Overdue => {
            source.select.and_where(outside(anchor, rule.reaching(start, req.now)));
        }
        Window::All => {}
    }
    source
}

fn inside(anchor: Expr, cut: Cut) -> Expr {
    if cut.inclusive { anchor.gte(cut.at) } else { anchor.gt(cut.at) }
}

fn outside(anchor: Expr, cut: Cut) -> Expr {
    if cut.inclusive { anchor.lt(cut.at) } else { anchor.lte(cut.at) }
}

/// One page of the work list (or all of it for `limit: None`), in order.
pub async fn list(db: &impl ConnectionTrait, schedule: &Schedule, req: &Request<'_>) -> AppResult<Vec<Item>> {
    let mut items = Vec::new();
    for (branch, obligation, start) in branches(req.obligations) {
        let rule = schedule.rule(obligation);
        let mut source = bounded(schedule, obligation, start, req);
        if let Some(c) = req.after {
            // Rows after the cursor in the global order (due, branch, anchor, id).
            let resume = match branch.cmp(&c.branch) {
                std::cmp::Ordering::Greater => inside(source.anchor.clone(), rule.reaching(start, c.due_at)),
                std::cmp::Ordering::Less => inside(source.anchor.clone(), rule.beyond(start, c.due_at)),
                std::cmp::Ordering::Equal => Expr::tuple([source.anchor.clone(), source.id.clone()])
                    .gt(Expr::tuple([Expr::val(c.anchor), Expr::val(c.id)])),
            };
            source.select.and_where(resume);
        }
        source
            .select
            .expr_as(source.anchor.clone(), Alias::new("anchor"))
            .expr_as(source.id.clone(), Alias::new("id"))
            .expr_as(source.household.clone(), Alias::new("household_id"))
            .expr_as(source.scope_key.clone(), Alias::new("scope_key"))
            .order_by_expr(source.anchor.clone(), Order::Asc)
            .order_by_expr(source.id.clone(), Order::Asc);
        if let Some(person) = &source.person {
            source.select.expr_as(person.clone(), Alias::new("person_id"));
        }
        if let Some(limit) = req.limit {
            source.select.limit(limit);
        }
        for result in db.query_all(&source.select).await? {
            let row = Row::from_query_result(&result, "")?;
            let person_id = match source.person {
                Some(_) => PersonRow::from_query_result(&result, "")?.person_id,
                None => None,
            };
            items.push(Item {
                obligation,
                start,
                household_id: row.household_id,
                person_id,
                scope_key: row.scope_key,
                anchor: row.anchor,
                id: row.id,
                due_at: rule.due(start, row.anchor),
                branch,
            });
        }
    }
    items.sort_by_key(Item::sort_key);
    if let Some(limit) = req.limit {
        items.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    }
    Ok(items)
}

/// How many obligations `req` selects (its cursor and limit ignored).
pub async fn count(db: &impl ConnectionTrait, schedule: &Schedule, req: &Request<'_>) -> AppResult<u64> {
    let mut total = 0;
    for (_, obligation, start) in branches(req.obligations) {
        let mut source = bounded(schedule, obligation, start, req);
        source.select.expr_as(Expr::val(1).count(), Alias::new("n"));
        if let Some(result) = db.query_one(&source.select).await? {
            total += u64::try_from(CountRow::from_query_result(&result, "")?.n).unwrap_or(0);
        }
    }
    Ok(total)
}

/// Counts per scope key (grid or village) in one query, for `stats`.
pub async fn count_by_scope(
    db: &impl ConnectionTrait,
    schedule: &Schedule,
    req: &Request<'_>,
) -> AppResult<BTreeMap<i64, u64>> {
    let mut union: Option<sea_orm::sea_query::SelectStatement> = None;
    for (_, obligation, start) in branches(req.obligations) {
        let mut source = bounded(schedule, obligation, start, req);
        source.select.expr_as(source.scope_key.clone(), Alias::new("scope_key"));
        match &mut union {
            None => union = Some(source.select),
            Some(u) => {
                u.union(sea_orm::sea_query::UnionType::All, source.select);
            }
        }
    }
    let Some(union) = union else { return Ok(BTreeMap::new()) };
    let mut grouped = Query::select();
    grouped
        .column(Alias::new("scope_key"))
        .expr_as(Expr::val(1).count(), Alias::new("n"))
        .from_subquery(union, Alias::new("owed"))
        .group_by_col(Alias::new("scope_key"));
    let mut counts = BTreeMap::new();
    for result in db.query_all(&grouped).await? {
        let row = KeyCountRow::from_query_result(&result, "")?;
        *counts.entry(row.scope_key).or_default() += u64::try_from(row.n).unwrap_or(0);
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_a_validation_error() {
        let cursor = Cursor {
            due_at: DateTime::from_timestamp_nanos(1_764_000_000_123_456_789),
            branch: 4,
            anchor: DateTime::from_timestamp_nanos(1_761_000_000_000_000_001),
            id: Uuid::now_v7(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
        assert!(matches!(Cursor::decode("garbage"), Err(AppError::Validation(_))));
        assert!(matches!(Cursor::decode(""), Err(AppError::Validation(_))));
    }
}
