//! The report's life: prepared (rows frozen), submitted, then accepted or
//! returned by the tier above; a returned report is followed by its next
//! version. Every step is one transaction, written over the version the
//! caller read, and audited.

use chrono::Utc;
use entity::{RegionLevel, ReportStatus, region, report, report_row};
use sea_orm::{
    ColumnTrait as _, ConnectionTrait, EntityTrait as _, IntoActiveModel as _, QueryFilter as _, QueryOrder as _,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    deadline,
    period::{Period, PeriodKind},
    snapshot::{self, Row},
};
use crate::{
    auth::Actor,
    db,
    error::{AppError, AppResult, Unique, messages as msg},
    policy::{self, Action, scope},
    validate,
    versioned::{self, Audit},
};

/// Rows per INSERT: small statements keep clear of sqlx's Nagle delay on
/// PostgreSQL (see the README's discovery notes).
const INSERT_CHUNK: usize = 25;

/// Prepares the next version of `region_id`'s report for `period`: the
/// first, or the one after a returned report. Its rows are taken from the
/// registry now and never change afterwards.
#[tracing::instrument(skip_all, fields(role = actor.role.as_str(), %region_id, %period))]
pub async fn prepare(
    db: &impl crate::db::BeginWrite,
    actor: &Actor,
    region_id: Uuid,
    period: Period,
) -> AppResult<report::Model> {
    policy::may(actor, Action::PrepareReport)?;
    let region = region::Entity::find_by_id(region_id)
        .filter(scope::regions(actor, region::Column::KeyLo))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::reports::may_prepare(actor, &region)?;
    if PeriodKind::of_level(region.level) != Some(period.kind()) {
        return Err(AppError::invalid("period", msg::PERIOD_KIND_FOR_LEVEL));
    }
    let now = Utc::now();
    if period.start() > now {
        return Err(AppError::invalid("period", msg::PERIOD_NOT_STARTED));
    }
    let txn = db::begin_write(db).await?;
    let latest = report::Entity::find()
        .filter(report::Column::RegionId.eq(region.id))
        .filter(report::Column::Period.eq(period.to_string()))
        .order_by_desc(report::Column::ReportVersion)
        .one(&txn)
        .await?;
    let report_version = match &latest {
        None => 1,
        Some(r) if r.status == ReportStatus::Returned => r.report_version + 1,
        Some(_) => {
            return Err(AppError::Conflict(msg::REPORT_EXISTS));
        }
    };
    let previous = report::Entity::find()
        .filter(report::Column::RegionId.eq(region.id))
        .filter(report::Column::Status.eq(ReportStatus::Accepted))
        .filter(report::Column::PeriodStart.lt(period.start()))
        .order_by_desc(report::Column::PeriodStart)
        .one(&txn)
        .await?;
    let previous_rows = match &previous {
        Some(p) => report_row::Entity::find().filter(report_row::Column::ReportId.eq(p.id)).all(&txn).await?,
        None => Vec::new(),
    };
    let rows = snapshot::build(&txn, &region, &previous_rows).await?;
    let (households, swept) = snapshot::coverage(&txn, &region, period).await?;
    let totals = snapshot::totals(&rows, households, swept);
    let id = Uuid::now_v7();
    let model = report::Model {
        id,
        region_id: region.id,
        level: region.level,
        period: period.to_string(),
        period_start: period.start(),
        period_end: period.end(),
        report_version,
        status: ReportStatus::Draft,
        key_lo: region.key_lo,
        key_hi: region.key_hi,
        row_count: i32::try_from(rows.len()).unwrap_or(i32::MAX),
        totals,
        previous_id: previous.map(|p| p.id),
        prepared_by: actor.user_id,
        prepared_at: now,
        submitted_by: None,
        submitted_at: None,
        gap_reason: None,
        decided_by: None,
        decided_at: None,
        decision_note: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let detail = json!({
        "region": region.code, "period": model.period, "reportVersion": report_version, "rows": model.row_count,
    });
    // Two prepares at once both read "no report yet"; the index decides.
    let audit =
        Audit::given("report.prepare", detail).or_taken(Unique::ReportVersion, AppError::Conflict(msg::REPORT_EXISTS));
    // The frozen rows refer to the report: they go in after it.
    let model = versioned::create::<report::Entity>(&txn, actor, model, audit).await?;
    insert_rows(&txn, id, rows).await?;
    txn.commit().await?;
    Ok(model)
}

async fn insert_rows(txn: &impl ConnectionTrait, report_id: Uuid, rows: Vec<Row>) -> AppResult<()> {
    let models: Vec<report_row::ActiveModel> = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            report_row::Model {
                id: Uuid::now_v7(),
                report_id,
                seq: i32::try_from(i + 1).unwrap_or(i32::MAX),
                person_id: r.person_id,
                scope_key: r.scope_key,
                town_name: r.town_name,
                village_name: r.village_name,
                village_code: r.village_code,
                address: r.address,
                name: r.name,
                sex: r.sex,
                birth_date: r.birth_date,
                id_number: r.id_number,
                category_codes: category_codes(&r.categories),
                categories: r.categories,
                care_level: r.care_level,
                last_visit_at: r.last_visit_at,
                last_visit_kind: r.last_visit_kind,
                needs: r.needs,
                change: r.change,
                changed_fields: json!(r.changed_fields),
                end_reason: r.end_reason,
            }
            .into_active_model()
        })
        .collect();
    for chunk in models.chunks(INSERT_CHUNK) {
        report_row::Entity::insert_many(chunk.to_vec()).exec_without_returning(txn).await?;
    }
    Ok(())
}

fn category_codes(categories: &serde_json::Value) -> String {
    let codes: Vec<&str> = categories.as_array().into_iter().flatten().filter_map(|c| c["category"].as_str()).collect();
    format!(",{},", codes.join(","))
}

/// The report `id` in the caller's row scope.
fn scoped(actor: &Actor, id: Uuid) -> sea_orm::Select<report::Entity> {
    report::Entity::find_by_id(id).filter(scope::reports(actor))
}

/// Submits a draft to the tier above. A town must state `reason` when a
/// village report of the quarter is missing, still a draft or returned.
#[tracing::instrument(skip_all, fields(role = actor.role.as_str(), report = %id))]
pub async fn submit(
    db: &impl crate::db::BeginWrite,
    actor: &Actor,
    id: Uuid,
    version: i32,
    reason: Option<&str>,
) -> AppResult<report::Model> {
    policy::may(actor, Action::PrepareReport)?;
    let reason = validate::optional_text(reason, 500).map_err(|m| AppError::invalid("reason", m))?;
    let txn = db::begin_write(db).await?;
    let current = versioned::current(&txn, scoped(actor, id), Some(version)).await?;
    policy::reports::may_submit(actor, &current)?;
    if current.status != ReportStatus::Draft {
        return Err(AppError::Conflict(msg::REPORT_NOT_DRAFT));
    }
    let mut gaps = Vec::new();
    if current.level == RegionLevel::Town {
        gaps = village_gaps(&txn, &current).await?;
        if !gaps.is_empty() && reason.is_none() {
            let listed: Vec<String> = gaps.iter().map(|(name, period)| format!("{name} {period}")).collect();
            return Err(AppError::invalid("reason", msg::VILLAGE_GAPS_NEED_REASON.with("gaps", listed.join("、"))));
        }
    }
    let now = Utc::now();
    let next = report::Model {
        status: ReportStatus::Submitted,
        submitted_by: Some(actor.user_id),
        submitted_at: Some(now),
        gap_reason: if gaps.is_empty() { None } else { reason.clone() },
        ..current.clone()
    };
    let detail = json!({
        "status": { "before": current.status, "after": ReportStatus::Submitted },
        "gaps": gaps.iter().map(|(name, period)| json!({ "village": name, "period": period })).collect::<Vec<_>>(),
    });
    let audit = Audit::given("report.submit", detail).because(if gaps.is_empty() { None } else { reason });
    let updated = versioned::update::<report::Entity>(&txn, actor, &current, next, audit).await?;
    txn.commit().await?;
    Ok(updated)
}

/// What the tier above decides on a submitted report.
#[derive(Debug, Clone)]
pub enum Decision {
    Accept { note: Option<String> },
    Return { reason: String },
}

impl Decision {
    /// Checks the text a decision carries: a return needs a reason.
    pub fn accept(note: Option<&str>) -> AppResult<Self> {
        let note = validate::optional_text(note, 500).map_err(|m| AppError::invalid("note", m))?;
        Ok(Self::Accept { note })
    }

    pub fn give_back(reason: &str) -> AppResult<Self> {
        let reason = validate::required_text(reason, 500).map_err(|m| AppError::invalid("reason", m))?;
        Ok(Self::Return { reason })
    }
}

/// Accepts or returns a submitted report of the tier below.
#[tracing::instrument(skip_all, fields(role = actor.role.as_str(), report = %id))]
pub async fn decide(
    db: &impl crate::db::BeginWrite,
    actor: &Actor,
    id: Uuid,
    version: i32,
    decision: Decision,
) -> AppResult<report::Model> {
    policy::may(actor, Action::DecideReport)?;
    let txn = db::begin_write(db).await?;
    let current = versioned::current(&txn, scoped(actor, id), Some(version)).await?;
    policy::reports::may_decide(actor, &current)?;
    if current.status != ReportStatus::Submitted {
        return Err(AppError::Conflict(msg::REPORT_NOT_SUBMITTED));
    }
    let (status, note, action) = match decision {
        Decision::Accept { note } => (ReportStatus::Accepted, note, "report.accept"),
        Decision::Return { reason } => (ReportStatus::Returned, Some(reason), "report.return"),
    };
    let next = report::Model {
        status,
        decided_by: Some(actor.user_id),
        decided_at: Some(Utc::now()),
        decision_note: note.clone(),
        ..current.clone()
    };
    let detail = json!({ "status": { "before": current.status, "after": status } });
    let audit = Audit::given(action, detail).because(note);
    let updated = versioned::update::<report::Entity>(&txn, actor, &current, next, audit).await?;
    txn.commit().await?;
    Ok(updated)
}

/// (village name, month) of each village of the town whose monthly report
/// of the ledger's quarter is missing, still a draft or returned.
async fn village_gaps(txn: &impl ConnectionTrait, ledger: &report::Model) -> AppResult<Vec<(String, String)>> {
    let quarter = Period::parse(&ledger.period).map_err(AppError::internal)?;
    let villages = region::Entity::find()
        .filter(region::Column::ParentId.eq(ledger.region_id))
        .filter(region::Column::Level.eq(RegionLevel::Village))
        .order_by_asc(region::Column::Code)
        .all(txn)
        .await?;
    let months: Vec<String> = quarter.months().iter().map(ToString::to_string).collect();
    let reports = report::Entity::find()
        .filter(report::Column::Level.eq(RegionLevel::Village))
        .filter(report::Column::KeyLo.between(ledger.key_lo, ledger.key_hi))
        .filter(report::Column::Period.is_in(months.clone()))
        .all(txn)
        .await?;
    let mut gaps = Vec::new();
    for v in &villages {
        for m in &months {
            let latest =
                reports.iter().filter(|r| r.region_id == v.id && &r.period == m).max_by_key(|r| r.report_version);
            let fine = latest.is_some_and(|r| matches!(r.status, ReportStatus::Submitted | ReportStatus::Accepted));
            if !fine {
                gaps.push((v.name.clone(), m.clone()));
            }
        }
    }
    Ok(gaps)
}

/// When a report of `level` for `period` is due, from the configured day.
pub async fn due(db: &impl ConnectionTrait, level: RegionLevel, period: Period) -> AppResult<chrono::DateTime<Utc>> {
    Ok(period.deadline(deadline::due_day(db, level).await?))
}
