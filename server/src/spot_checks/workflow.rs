//! The round's steps after the draw: the district closes it once every
//! sampled household is checked, and each town answers its findings with
//! its rectification (整改). Both are versioned writes, audited.

use chrono::Utc;
use entity::{SpotCheckItemStatus, SpotCheckStatus, spot_check_finding, spot_check_item, spot_check_round};
use sea_orm::{ActiveValue::Set, ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
use serde_json::json;
use uuid::Uuid;

use crate::{
    audit::{self, Entry},
    auth::Actor,
    db::{self, BeginWrite},
    error::{AppError, AppResult, messages as msg},
    policy::{scope, spot_checks},
    validate,
};

const MAX_NOTE: usize = 1000;

/// Closes round `id` at `version`: from then on the towns see their
/// findings and the results cannot change.
pub async fn close(db: &impl BeginWrite, actor: &Actor, id: Uuid, version: i32) -> AppResult<spot_check_round::Model> {
    spot_checks::may_run(actor)?;
    let txn = db::begin_write(db).await?;
    let round = spot_check_round::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if round.version != version {
        return Err(AppError::stale());
    }
    if round.status != SpotCheckStatus::Open {
        return Err(AppError::Conflict(msg::SPOT_CHECK_ALREADY_CLOSED));
    }
    let pending = spot_check_item::Entity::find()
        .filter(spot_check_item::Column::RoundId.eq(id))
        .filter(spot_check_item::Column::Status.eq(SpotCheckItemStatus::Pending))
        .count(&txn)
        .await?;
    if pending > 0 {
        return Err(AppError::Conflict(msg::SPOT_CHECK_PENDING.with("pending", pending)));
    }
    let now = Utc::now();
    let written = spot_check_round::Entity::update_many()
        .set(spot_check_round::ActiveModel {
            status: Set(SpotCheckStatus::Closed),
            closed_by: Set(Some(actor.user_id)),
            closed_at: Set(Some(now)),
            version: Set(version + 1),
            updated_at: Set(now),
            ..Default::default()
        })
        .filter(spot_check_round::Column::Id.eq(id))
        .filter(spot_check_round::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if written.rows_affected != 1 {
        return Err(AppError::stale());
    }
    let detail =
        json!({ "quarter": round.quarter, "status": { "before": round.status, "after": SpotCheckStatus::Closed } });
    audit::record(&txn, Some(actor), &actor.meta, Entry::write("spotcheck.close", "spot_check_round", id, detail))
        .await?;
    txn.commit().await?;
    spot_check_round::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

/// The town's answer to finding `id` at `version`: what it corrected and
/// how (整改说明). An answer may be revised; each revision is audited.
pub async fn answer(
    db: &impl BeginWrite,
    actor: &Actor,
    id: Uuid,
    version: i32,
    note: &str,
) -> AppResult<spot_check_finding::Model> {
    let note = validate::required_text(note, MAX_NOTE).map_err(|m| AppError::invalid("note", m))?;
    let txn = db::begin_write(db).await?;
    let finding = spot_check_finding::Entity::find_by_id(id)
        .filter(scope::registry(actor, spot_check_finding::Column::ScopeKey))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let item = spot_check_item::Entity::find_by_id(finding.item_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let round = spot_check_round::Entity::find_by_id(finding.round_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if !spot_checks::may_see(actor, &round) {
        return Err(AppError::NotFound);
    }
    spot_checks::may_answer(actor, &round, &item, finding.result)?;
    if finding.version != version {
        return Err(AppError::stale());
    }
    let now = Utc::now();
    let written = spot_check_finding::Entity::update_many()
        .set(spot_check_finding::ActiveModel {
            rectification: Set(Some(note.clone())),
            rectified_by: Set(Some(actor.user_id)),
            rectified_at: Set(Some(now)),
            version: Set(version + 1),
            updated_at: Set(now),
            ..Default::default()
        })
        .filter(spot_check_finding::Column::Id.eq(id))
        .filter(spot_check_finding::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if written.rows_affected != 1 {
        return Err(AppError::stale());
    }
    let detail = json!({
        "result": finding.result,
        "revised": finding.rectification.is_some(),
        "note": audit::fingerprint(&json!(note)),
    });
    let mut entry = Entry::write("spotcheck.answer", "spot_check_finding", id, detail);
    entry.person_id = Some(finding.person_id);
    audit::record(&txn, Some(actor), &actor.meta, entry).await?;
    txn.commit().await?;
    spot_check_finding::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}
