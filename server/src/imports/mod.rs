//! Bringing existing ledgers (台账) in: households and people from an XLSX,
//! XLS or CSV file, checked whole first (the dry run), written only when
//! the check found no error (or with the error rows skipped, when asked).
//!
//! - [`read`]: the file's rows, whatever its format and encoding;
//!   [`columns`]: which header is which fact; [`text`] and [`record`]:
//!   each row into the registry's values, with the form's own checks.
//! - [`plan`]: the rows against each other and the registry: duplicates,
//!   households, who is registered already, family links.
//! - [`commit`]: the writes, in batches; [`report`]: what the importer
//!   reads, as JSON or as a workbook.
//!
//! The same [`run`] serves `POST /imports/people` and `liushou import
//! people`; a commit checks the file again rather than trusting an earlier
//! dry run, so the server keeps nothing between the two steps.

pub mod bench;
pub mod columns;
pub mod commit;
pub mod plan;
pub mod read;
pub mod record;
pub mod report;
pub mod text;

use serde_json::json;
use sha2::{Digest as _, Sha256};

use crate::{
    audit::{self, Entry},
    auth::Actor,
    db::Db,
    error::{AppError, AppResult, Msg, messages as msg},
    policy::imports as policy,
    registry::person::duplicate,
};
use columns::Field;
pub use columns::Mapping;
pub use report::Report;

/// Largest file the server takes over HTTP; the command line reads larger
/// ones (a district's whole ledger).
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

/// What the importer asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Write (after checking again); otherwise only check.
    pub commit: bool,
    /// Write the good rows even if others have errors.
    pub skip_errors: bool,
    /// The region of rows that name none, and within which names are
    /// looked up.
    pub region: Option<String>,
    /// The sheet to read; the first one otherwise.
    pub sheet: Option<String>,
    pub mapping: Mapping,
    /// Keep every row in the report (for the workbook), not only those
    /// with a message: a district's file has a million rows.
    pub every_row: bool,
}

/// Checks `bytes` (a file named `file_name`) as `actor` would import it
/// and, when asked and possible, writes it. `progress` hears the rows
/// written so far.
#[tracing::instrument(skip_all, fields(role = actor.role.as_str(), commit = options.commit))]
pub async fn run(
    db: &Db,
    actor: &Actor,
    file_name: &str,
    bytes: Vec<u8>,
    options: &Options,
    progress: &(dyn Fn(usize) + Send + Sync),
) -> AppResult<Report> {
    policy::may_check(actor)?;
    if options.commit {
        policy::may_commit(actor)?;
    }
    let identity_hash = hex(&Sha256::digest(&bytes));
    let size = bytes.len();
    let name = file_name.to_owned();
    let mapping = options.mapping.clone();
    let sheet_name = options.sheet.clone();
    // Reading a large workbook is seconds of CPU: off the async threads.
    let today = plan::today();
    // Each row becomes its record as it is read: the cells of a large file
    // are never all in memory.
    let mut sheet = tokio::task::spawn_blocking(move || {
        read::read(&name, &bytes, sheet_name.as_deref(), &mapping, &mut |row| plan::Row::new(record::read(&row, today)))
    })
    .await
    .map_err(AppError::caused("reading an import file"))?
    .map_err(|m| AppError::invalid("file", m))?;
    require_columns(&sheet, options.region.is_some())?;
    let rows = std::mem::take(&mut sheet.rows);
    let file =
        commit::FileIdentity { sha256: identity_hash, bytes: size, format: sheet.format, sheet: sheet.name.clone() };
    let plan = plan::plan(db, actor, rows, options.region.as_deref(), sheet.columns.has(Field::HeadName)).await?;
    refusals(db, actor, &plan).await?;
    let counts = plan.counts();
    if !options.commit {
        let detail = json!({ "file": file, "counts": counts });
        audit::record_alone(db, Some(actor), &actor.meta, Entry::event("import.check", detail)).await?;
        tracing::info!(rows = counts.rows, errors = counts.errors, "import checked");
        return Ok(Report::new(&sheet, plan, counts, options.every_row));
    }
    if counts.errors > 0 && !options.skip_errors {
        let mut report = Report::new(&sheet, plan, counts.clone(), options.every_row);
        report.refused = Some(msg::IMPORT_HAS_ERRORS.with("errors", counts.errors));
        return Ok(report);
    }
    commit::commit(db, actor, &plan, &file, progress).await?;
    if counts.people_created >= 1_000 {
        commit::analyse(db).await;
    }
    tracing::info!(created = counts.people_created, updated = counts.people_updated, "import committed");
    let mut report = Report::new(&sheet, plan, counts, options.every_row);
    report.committed = true;
    Ok(report)
}

/// The columns without which no row can be read are a file error, named.
fn require_columns<T>(sheet: &read::Sheet<T>, has_default_region: bool) -> AppResult<()> {
    let missing = |field: Field, header: &str| -> Option<(String, Msg)> {
        (!sheet.columns.has(field)).then(|| (field.key().to_owned(), msg::IMPORT_COLUMN_MISSING.with("column", header)))
    };
    let mut errors: std::collections::BTreeMap<String, Msg> =
        [missing(Field::Name, "姓名"), missing(Field::IdNumber, "身份证号"), missing(Field::Relation, "与户主关系")]
            .into_iter()
            .flatten()
            .collect();
    if !has_default_region && let Some((k, m)) = missing(Field::Region, "所属村(居)/网格") {
        errors.insert(k, m);
    }
    if errors.is_empty() { Ok(()) } else { Err(AppError::Validation(errors)) }
}

/// ID numbers the file holds that are registered outside the importer's
/// jurisdiction: refused like the form's duplicate check, each audited
/// against the person who holds it, so that an import cannot test numbers
/// unseen. (The form's hourly limit does not apply: a town's ledger meets
/// people registered by a neighbouring town as a matter of course.)
async fn refusals(db: &Db, actor: &Actor, plan: &plan::Plan) -> AppResult<()> {
    if plan.foreign_holders.is_empty() {
        return Ok(());
    }
    let txn = crate::db::begin_write(db).await?;
    for holder in &plan.foreign_holders {
        let entry = Entry {
            action: duplicate::ACTION,
            target_type: None,
            target_id: None,
            person_id: Some(*holder),
            reason: None,
            outcome: "DENIED",
            detail: json!({ "via": "import" }),
        };
        audit::record(&txn, Some(actor), &actor.meta, entry).await?;
    }
    txn.commit().await?;
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
