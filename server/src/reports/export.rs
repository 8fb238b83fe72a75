//! `GET /reports/{id}.xlsx`: a report the caller may read, as a workbook,
//! after its export is audited with the row count.

use entity::region;
use sea_orm::EntityTrait as _;
use serde_json::json;
use uuid::Uuid;

use super::{query, xlsx};
use crate::{
    audit::{self, Entry},
    auth::Actor,
    error::{AppError, AppResult},
};

/// A file name and the workbook's bytes.
pub struct Export {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

#[tracing::instrument(skip_all, fields(role = actor.role.as_str(), report = %id))]
pub async fn export(db: &impl crate::db::BeginWrite, actor: &Actor, id: Uuid) -> AppResult<Export> {
    let report = query::find(db, actor, id).await?.ok_or(AppError::NotFound)?;
    let region = region::Entity::find_by_id(report.region_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("report of a missing region"))?;
    let rows = query::all_rows(db, report.id).await?;
    let bytes = xlsx::workbook(&report, &region, &rows).map_err(AppError::caused("writing a report workbook"))?;
    let detail = json!({ "region": region.code, "period": report.period, "reportVersion": report.report_version, "rows": rows.len() });
    let entry = Entry::write("report.export", "report", report.id, detail);
    // Recorded before a byte leaves: an export of personal data that could
    // not be audited is not sent.
    audit::record_alone(db, Some(actor), &actor.meta, entry).await?;
    let file_name = format!("ledger-{}-{}-v{}.xlsx", region.code, report.period, report.report_version);
    Ok(Export { file_name, bytes })
}
