//! `GET /exports/<list>.xlsx`: a whole filtered list as a workbook, for the
//! staff who keep their ledgers in Excel.
//!
//! The rows are the list's own select (`registry::*::list`: the same
//! filters, row scope and refusals as the GraphQL list), read in keyset
//! batches of [`BATCH`] in the lists' order `(scope_key, id)` and written to
//! a constant-memory worksheet, so memory holds one batch of rows and the
//! finished file, never the list. Columns follow the field policy like
//! GraphQL fields ([`sheet`]); the reads the policy audits are recorded per
//! batch on the reader's chain (`person.read_sensitive`, as the guard
//! writes them), and the export itself (`list.export`: list, filters, row
//! count, columns withheld) on the main chain, all before a byte is sent.

mod households;
mod labels;
mod people;
mod sheet;

use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait as _, QueryFilter as _, QueryOrder as _, QuerySelect as _,
    Select,
};
use serde_json::{Value, json};
use uuid::Uuid;

pub use crate::policy::exports::ExportList;
use crate::{
    audit::{self, Chain, Entry},
    auth::Actor,
    clock,
    db::Db,
    error::{AppError, AppResult, messages as msg},
    policy::exports::may_export,
    registry::{household::HouseholdFilter, person::PersonFilter},
};

/// Most rows one export may hold; a larger list is refused before any row
/// is read, with a message asking for a narrower filter.
pub const MAX_ROWS: u64 = 200_000;

/// Rows read per statement and audited per entry.
const BATCH: u64 = 1_000;

/// A list and its filters, as the app's list takes them.
pub enum Request {
    Households(HouseholdFilter),
    People(PersonFilter),
}

impl Request {
    fn list(&self) -> ExportList {
        match self {
            Self::Households(_) => ExportList::Households,
            Self::People(_) => ExportList::People,
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
    }
}

/// The list of `request` as the caller may read it; `filters` is what the
/// caller asked for, as sent, for the audit entry.
#[tracing::instrument(skip_all, fields(role = actor.role.as_str(), list = list_name(request.list())))]
pub async fn export(db: &Db, actor: &Actor, request: Request, filters: Value) -> AppResult<Export> {
    let list = request.list();
    may_export(actor, list)?;
    let today = clock::today();
    let mut sheet;
    match request {
        Request::Households(filter) => {
            let select = crate::registry::household::list(db, actor, filter).await?;
            let key = (entity::household::Column::ScopeKey, entity::household::Column::Id);
            check_cap(db, &select).await?;
            sheet = sheet::Sheet::new("户", actor.role, households::COLUMNS).map_err(xlsx)?;
            let mut after = None;
            loop {
                let batch = batch(db, &select, key, after).await?;
                let Some(last) = batch.last() else { break };
                after = Some((last.scope_key, last.id));
                let ctx = households::context(db, actor, &batch).await?;
                for h in batch {
                    households::write(&mut sheet, &ctx, h).map_err(xlsx)?;
                }
                record_reads(db, actor, &mut sheet).await?;
            }
        }
        Request::People(filter) => {
            let select = crate::registry::person::list(db, actor, filter).await?;
            let key = (entity::person::Column::ScopeKey, entity::person::Column::Id);
            check_cap(db, &select).await?;
            sheet = sheet::Sheet::new("人员", actor.role, people::COLUMNS).map_err(xlsx)?;
            let mut after = None;
            loop {
                let batch = batch(db, &select, key, after).await?;
                let Some(last) = batch.last() else { break };
                after = Some((last.scope_key, last.id));
                for p in batch {
                    people::write(&mut sheet, p, today).map_err(xlsx)?;
                }
                record_reads(db, actor, &mut sheet).await?;
            }
        }
    }
    let rows = sheet.rows();
    let detail = json!({ "list": list_name(list), "filters": filters, "rows": rows, "withheld": sheet.withheld() });
    let bytes = sheet.finish().map_err(xlsx)?;
    let entry = Entry::event("list.export", detail);
    // Recorded before a byte leaves: an export that could not be audited is
    // not sent.
    audit::record_alone(db, Some(actor), &actor.meta, entry).await?;
    tracing::info!(rows, "list exported");
    Ok(Export { file_name: format!("{}-{today}.xlsx", list_name(list)), bytes })
}

/// Refuses a list longer than [`MAX_ROWS`], naming both numbers.
async fn check_cap<E: EntityTrait>(db: &Db, select: &Select<E>) -> AppResult<()>
where
    E::Model: Sync,
{
    let rows = select.clone().count(db).await?;
    if rows > MAX_ROWS {
        return Err(AppError::invalid("filter", msg::EXPORT_TOO_MANY_ROWS.with("max", MAX_ROWS).with("rows", rows)));
    }
    Ok(())
}

/// The next [`BATCH`] rows of `select` after `(scope_key, id)`.
async fn batch<E: EntityTrait, C: ColumnTrait>(
    db: &Db,
    select: &Select<E>,
    (scope_key, id): (C, C),
    after: Option<(i64, Uuid)>,
) -> AppResult<Vec<E::Model>> {
    let mut query = select.clone();
    if let Some((k, last)) = after {
        query = query
            .filter(Condition::any().add(scope_key.gt(k)).add(Condition::all().add(scope_key.eq(k)).add(id.gt(last))));
    }
    Ok(query.order_by_asc(scope_key).order_by_asc(id).limit(BATCH).all(db).await?)
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
