//! The round's steps after the draw: the district closes it once every
//! sampled household is checked, and each town answers its findings with
//! its rectification (整改). Both are versioned writes, audited.

use chrono::Utc;
use entity::{SpotCheckItemStatus, SpotCheckStatus, spot_check_finding, spot_check_item, spot_check_round};
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
use serde_json::json;
use uuid::Uuid;

use crate::{
    audit,
    auth::Actor,
    db::{self, BeginWrite},
    error::{AppError, AppResult, messages as msg},
    policy::{scope, spot_checks},
    validate,
    versioned::{self, Audit},
};

const MAX_NOTE: usize = 1000;

/// Closes round `id` at `version`: from then on the towns see their
/// findings and the results cannot change.
pub async fn close(db: &impl BeginWrite, actor: &Actor, id: Uuid, version: i32) -> AppResult<spot_check_round::Model> {
    spot_checks::may_run(actor)?;
    let txn = db::begin_write(db).await?;
    let round = versioned::current(&txn, spot_check_round::Entity::find_by_id(id), Some(version)).await?;
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
    let closed = spot_check_round::Model {
        status: SpotCheckStatus::Closed,
        closed_by: Some(actor.user_id),
        closed_at: Some(Utc::now()),
        ..round.clone()
    };
    let detail =
        json!({ "quarter": round.quarter, "status": { "before": round.status, "after": SpotCheckStatus::Closed } });
    let audit = Audit::given("spotcheck.close", detail);
    let closed = versioned::update::<spot_check_round::Entity>(&txn, actor, &round, closed, audit).await?;
    txn.commit().await?;
    Ok(closed)
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
    let scoped =
        spot_check_finding::Entity::find_by_id(id).filter(scope::registry(actor, spot_check_finding::Column::ScopeKey));
    let finding = versioned::current(&txn, scoped, None).await?;
    let item = spot_check_item::Entity::find_by_id(finding.item_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let round = spot_check_round::Entity::find_by_id(finding.round_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if !spot_checks::may_see(actor, &round) {
        return Err(AppError::NotFound);
    }
    spot_checks::may_answer(actor, &round, &item, finding.result)?;
    // After the permission checks: a caller who may not answer learns
    // nothing from the version.
    if finding.version != version {
        return Err(AppError::stale());
    }
    let answered = spot_check_finding::Model {
        rectification: Some(note.clone()),
        rectified_by: Some(actor.user_id),
        rectified_at: Some(Utc::now()),
        ..finding.clone()
    };
    let detail = json!({
        "result": finding.result,
        "revised": finding.rectification.is_some(),
        "note": audit::fingerprint(&json!(note)),
    });
    let audit = Audit::given("spotcheck.answer", detail).about(finding.person_id);
    let answered = versioned::update::<spot_check_finding::Entity>(&txn, actor, &finding, answered, audit).await?;
    txn.commit().await?;
    Ok(answered)
}
