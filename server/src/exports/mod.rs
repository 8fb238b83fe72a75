//! `GET /exports/<list>.xlsx`: a whole filtered list as a workbook, for the
//! staff who keep their ledgers in Excel.
//!
//! The rows are the list's own select (`registry::*::list`,
//! `visits::list::list`, `alerts::list`: the same filters, row scope and
//! refusals as the GraphQL list), read in keyset batches of [`BATCH`] in
//! the lists' order `(scope_key, id)`; the work list, which is no select,
//! through its own pages and cursor (`visits::worklist::page`). Both are
//! written to a constant-memory worksheet, so memory holds one batch of
//! rows and the finished file, never the list. Columns follow the field
//! policy like GraphQL fields ([`sheet`]); the reads the policy audits are
//! recorded per batch on the reader's chain (`person.read_sensitive`, as
//! the guard writes them), and the export itself (`list.export`: list,
//! filters, row count, columns withheld) on the main chain, all before a
//! byte is sent.

mod alerts;
mod classifications;
mod households;
mod labels;
mod people;
mod sheet;
pub mod template;
mod visits;
mod worklist;

use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait as _, QueryFilter as _, QueryOrder as _, QuerySelect as _, Select,
};
use serde_json::{Value, json};
use uuid::Uuid;

pub use crate::policy::exports::ExportList;
use crate::{
    audit::{self, Chain, Entry},
    auth::Actor,
    classifications::ClassificationFilter,
    clock,
    db::Db,
    error::{AppError, AppResult, messages as msg},
    policy::exports::may_export,
    registry::{household::HouseholdFilter, person::PersonFilter},
    visits::{list::VisitFilter, worklist as due},
};
use sheet::Sheet;

/// Most rows one export may hold; a larger list is refused before any row
/// is read, with a message asking for a narrower filter.
pub const MAX_ROWS: u64 = 200_000;

/// Rows read per statement and audited per entry.
const BATCH: u64 = 1_000;

/// A list and its filters, as the app's list takes them.
pub enum Request {
    Households(HouseholdFilter),
    People(PersonFilter),
    Classifications(ClassificationFilter),
    Visits(VisitFilter),
    Alerts(crate::alerts::AlertFilter),
    /// The work list's filter; its page size and cursor are the export's.
    DueVisits(due::Query),
}

impl Request {
    fn list(&self) -> ExportList {
        match self {
            Self::Households(_) => ExportList::Households,
            Self::People(_) => ExportList::People,
            Self::Classifications(_) => ExportList::Classifications,
            Self::Visits(_) => ExportList::Visits,
            Self::Alerts(_) => ExportList::Alerts,
            Self::DueVisits(_) => ExportList::DueVisits,
        }
    }
}

/// A file name and the workbook's bytes.
pub struct Export {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

fn list_name(list: ExportList) -> &'static str {
    match list {
        ExportList::Households => "households",
        ExportList::People => "people",
        ExportList::Classifications => "classifications",
        ExportList::Visits => "visits",
        ExportList::Alerts => "alerts",
        ExportList::DueVisits => "due-visits",
    }
}

/// Filters that hold what someone typed about a person (a name, a phone,
/// an address): the audit log keeps their keyed fingerprints, as it does
/// for other sensitive values, never the text.
const TYPED_FILTERS: [&str; 3] = ["nameContains", "phone", "addressContains"];

/// `filters` as the audit entry records them; see [`TYPED_FILTERS`].
fn audited(mut filters: Value) -> Value {
    if let Value::Object(fields) = &mut filters {
        for key in TYPED_FILTERS {
            if let Some(value) = fields.get_mut(key) {
                *value = audit::fingerprint(value);
            }
        }
    }
    filters
}

/// The list of `request` as the caller may read it; `filters` is what the
/// caller asked for, as sent, for the audit entry.
#[tracing::instrument(skip_all, fields(role = actor.role.as_str(), list = list_name(request.list())))]
pub async fn export(db: &Db, actor: &Actor, request: Request, filters: Value) -> AppResult<Export> {
    use entity::{alert as a, classification as c, household as h, person as p, visit as v};
    let list = request.list();
    may_export(actor, list)?;
    let today = clock::today();
    let mut sheet;
    match request {
        Request::Households(filter) => {
            let select = crate::registry::household::list(db, actor, filter).await?;
            let mut rows =
                Batches::new(db, select, (h::Column::ScopeKey, h::Column::Id), |r| (r.scope_key, r.id)).await?;
            sheet = Sheet::new("户", actor.role, households::COLUMNS).map_err(xlsx)?;
            while let Some(batch) = rows.next(db).await? {
                let ctx = households::context(db, actor, &batch, today).await?;
                for r in batch {
                    households::write(&mut sheet, &ctx, r).map_err(xlsx)?;
                }
                record_reads(db, actor, &mut sheet).await?;
            }
        }
        Request::People(filter) => {
            let select = crate::registry::person::list(db, actor, filter).await?;
            let mut rows =
                Batches::new(db, select, (p::Column::ScopeKey, p::Column::Id), |r| (r.scope_key, r.id)).await?;
            sheet = Sheet::new("人员", actor.role, people::COLUMNS).map_err(xlsx)?;
            while let Some(batch) = rows.next(db).await? {
                for r in batch {
                    people::write(&mut sheet, r, today).map_err(xlsx)?;
                }
                record_reads(db, actor, &mut sheet).await?;
            }
        }
        Request::Classifications(filter) => {
            let select = crate::classifications::list(db, actor, filter).await?;
            let mut rows =
                Batches::new(db, select, (c::Column::ScopeKey, c::Column::Id), |r| (r.scope_key, r.id)).await?;
            sheet = Sheet::new("认定", actor.role, classifications::COLUMNS).map_err(xlsx)?;
            while let Some(batch) = rows.next(db).await? {
                let ids = batch.iter().map(|c| c.person_id).collect();
                let people = classifications::people(db, actor, ids, today).await?;
                for r in batch {
                    classifications::write(&mut sheet, &people, r).map_err(xlsx)?;
                }
                record_reads(db, actor, &mut sheet).await?;
            }
        }
        Request::Visits(filter) => {
            let select = crate::visits::list::list(db, actor, filter).await?;
            let mut rows =
                Batches::new(db, select, (v::Column::ScopeKey, v::Column::Id), |r| (r.scope_key, r.id)).await?;
            sheet = Sheet::new("走访", actor.role, visits::COLUMNS).map_err(xlsx)?;
            while let Some(batch) = rows.next(db).await? {
                let ctx = visits::context(db, actor, &batch, today).await?;
                for r in batch {
                    visits::write(&mut sheet, &ctx, r)?;
                }
                record_reads(db, actor, &mut sheet).await?;
            }
        }
        Request::Alerts(filter) => {
            let select = crate::alerts::list(db, actor, filter).await?;
            let mut rows =
                Batches::new(db, select, (a::Column::ScopeKey, a::Column::Id), |r| (r.scope_key, r.id)).await?;
            sheet = Sheet::new("预警", actor.role, alerts::COLUMNS).map_err(xlsx)?;
            while let Some(batch) = rows.next(db).await? {
                let ctx = alerts::context(db, actor, &batch, today).await?;
                for r in batch {
                    alerts::write(&mut sheet, &ctx, r).map_err(xlsx)?;
                }
                record_reads(db, actor, &mut sheet).await?;
            }
        }
        Request::DueVisits(query) => {
            sheet = Sheet::new("工作清单", actor.role, worklist::COLUMNS).map_err(xlsx)?;
            export_worklist(db, actor, query, today, &mut sheet).await?;
        }
    }
    let rows = sheet.rows();
    let detail =
        json!({ "list": list_name(list), "filters": audited(filters), "rows": rows, "withheld": sheet.withheld() });
    let bytes = sheet.finish().map_err(xlsx)?;
    let entry = Entry::event("list.export", detail);
    // Recorded before a byte leaves: an export that could not be audited is
    // not sent.
    audit::record_alone(db, Some(actor), &actor.meta, entry).await?;
    tracing::info!(rows, "list exported");
    Ok(Export { file_name: format!("{}-{today}.xlsx", list_name(list)), bytes })
}

/// A list's rows in its order `(scope_key, id)`, [`BATCH`] at a time,
/// each batch one statement continuing after the last row of the one
/// before (keyset), so a batch costs the same at the end of the list as
/// at its start.
struct Batches<E: EntityTrait, C> {
    select: Select<E>,
    key: (C, C),
    key_of: fn(&E::Model) -> (i64, Uuid),
    after: Option<(i64, Uuid)>,
    done: bool,
}

impl<E: EntityTrait, C: ColumnTrait> Batches<E, C> {
    /// The batches of `select`, after checking the list against the cap.
    async fn new(db: &Db, select: Select<E>, key: (C, C), key_of: fn(&E::Model) -> (i64, Uuid)) -> AppResult<Self>
    where
        E::Model: Sync,
    {
        check_cap(db, &select).await?;
        Ok(Self { select, key, key_of, after: None, done: false })
    }

    async fn next(&mut self, db: &Db) -> AppResult<Option<Vec<E::Model>>> {
        if self.done {
            return Ok(None);
        }
        let (scope_key, id) = self.key;
        let mut query = self.select.clone();
        if let Some((k, last)) = self.after {
            // A row comparison, which PostgreSQL reads as one range of the
            // `(scope_key, id)` index; spelt with OR it scanned the list
            // again for every batch (92 s for 200,000 households).
            query = query.filter(
                Expr::tuple([scope_key.into_expr(), id.into_expr()]).gt(Expr::tuple([Expr::val(k), Expr::val(last)])),
            );
        }
        let rows = query.order_by_asc(scope_key).order_by_asc(id).limit(BATCH).all(db).await?;
        self.done = (rows.len() as u64) < BATCH;
        self.after = rows.last().map(self.key_of);
        Ok((!rows.is_empty()).then_some(rows))
    }
}

/// The work list, read through its own pages ([`due::page`]) [`BATCH`]
/// items at a time, each page resuming from the last item's cursor: the
/// list is keyset-paged already, and its query is the engine's, not ours.
async fn export_worklist(
    db: &Db,
    actor: &Actor,
    mut query: due::Query,
    today: chrono::NaiveDate,
    sheet: &mut Sheet,
) -> AppResult<()> {
    // An empty page counts the list without reading an item.
    let probe = due::page(db, actor, due::Query { size: 0, after: None, ..query.clone() }).await?;
    check_count(probe.totals.total().await?)?;
    query.size = BATCH;
    loop {
        let page = due::page(db, actor, query.clone()).await?;
        let ctx = worklist::context(db, actor, &page.items, today).await?;
        for item in &page.items {
            worklist::write(sheet, &ctx, item, page.now).map_err(xlsx)?;
        }
        record_reads(db, actor, sheet).await?;
        match page.items.last() {
            Some(last) if page.has_next => query.after = Some(last.cursor()),
            _ => return Ok(()),
        }
    }
}

/// Refuses a list longer than [`MAX_ROWS`], naming both numbers.
async fn check_cap<E: EntityTrait>(db: &Db, select: &Select<E>) -> AppResult<()>
where
    E::Model: Sync,
{
    check_count(select.clone().count(db).await?)
}

fn check_count(rows: u64) -> AppResult<()> {
    if rows > MAX_ROWS {
        return Err(AppError::invalid("filter", msg::EXPORT_TOO_MANY_ROWS.with("max", MAX_ROWS).with("rows", rows)));
    }
    Ok(())
}

/// Writes what the batch read that the policy audits, on the reader's chain.
async fn record_reads(db: &Db, actor: &Actor, sheet: &mut sheet::Sheet) -> AppResult<()> {
    let reads = sheet.take_reads();
    if reads.is_empty() {
        return Ok(());
    }
    let entry = audit::reads::entry(&reads);
    audit::record_alone_on(db, Chain::Reads(actor.user_id), Some(actor), &actor.meta, entry).await
}

fn xlsx(err: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::caused("writing an export workbook")(err)
}
