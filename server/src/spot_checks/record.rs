//! Recording a re-visit of a sampled household: the `SPOT_CHECK` visit, one
//! finding per member, and what each finding sets in motion (a missed
//! report becomes a suggestion for the town to decide, a wrong one is
//! rejected with the checker's reason), all in one transaction.
//!
//! A data error (facts on record are wrong) is recorded with what was found;
//! the district supervises and does not edit records, so the correction is
//! the town's, as its answer to the finding once the round is closed.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use entity::{
    Category, ClassificationStatus, ResidenceStatus, SpotCheckItemStatus, SpotCheckResult, SpotCheckStatus,
    classification, person, spot_check_finding, spot_check_item, spot_check_round,
};
use sea_orm::{ActiveValue::Set, ColumnTrait as _, ConnectionTrait, EntityTrait as _, QueryFilter as _};
use serde_json::json;
use uuid::Uuid;

use crate::{
    auth::Actor,
    classifications,
    db::{self, BeginWrite},
    error::{AppError, AppResult, FieldErrors, Unique, messages as msg, or_taken},
    policy::{scope, spot_checks},
    validate,
    versioned::{self, Audit},
    visits::record::{self as visits, NewVisit},
};

const MAX_REASON: usize = 500;
/// Findings per household: no household has more members (the visit's
/// own limit on people seen is 50).
const MAX_FINDINGS: usize = 50;

/// What the checker found for one member.
#[derive(Debug, Clone)]
pub struct Finding {
    pub person_id: Uuid,
    pub result: SpotCheckResult,
    /// For `MISSED`: the category the person qualifies for.
    pub category: Option<Category>,
    /// For `WRONG`: the classification that should not be.
    pub classification_id: Option<Uuid>,
    pub reason: Option<String>,
}

pub async fn record(
    db: &impl BeginWrite,
    actor: &Actor,
    item_id: Uuid,
    visit: NewVisit,
    findings: Vec<Finding>,
) -> AppResult<spot_check_item::Model> {
    let txn = db::begin_write(db).await?;
    // Checked once, on the item as it stands; the version in the `UPDATE`
    // makes it atomic: of two checkers submitting at once, one gets the
    // conflict.
    let scoped =
        spot_check_item::Entity::find_by_id(item_id).filter(scope::registry(actor, spot_check_item::Column::ScopeKey));
    let item = versioned::current(&txn, scoped, None).await?;
    spot_checks::may_check(actor, &item)?;
    let round = spot_check_round::Entity::find_by_id(item.round_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if round.status != SpotCheckStatus::Open {
        return Err(AppError::Conflict(msg::SPOT_CHECK_CLOSED));
    }
    if item.status != SpotCheckItemStatus::Pending {
        return Err(AppError::Conflict(msg::SPOT_CHECK_HOUSEHOLD_CHECKED));
    }
    let mut e = FieldErrors::default();
    if visit.household_id != item.household_id {
        e.add("visit.householdId", msg::VISIT_HOUSEHOLD_MISMATCH);
    }
    if visit.kind != entity::VisitKind::SpotCheck {
        e.add("visit.kind", msg::VISIT_KIND_NOT_SPOT_CHECK);
    }
    // One finding per member: a list longer than any household is refused
    // before it is walked.
    if findings.len() > MAX_FINDINGS {
        return Err(AppError::invalid("findings", msg::TOO_MANY_FINDINGS.with("max", MAX_FINDINGS)));
    }
    let checked = check(&txn, &item, findings, &mut e).await?;
    e.into_result()?;

    let recorded = visits::record_in(&txn, actor, visit).await.map_err(|err| err.within("visit"))?;
    let now = Utc::now();
    let mut rows = Vec::with_capacity(checked.len());
    for (index, f) in checked.into_iter().enumerate() {
        let classification_id = match f.result {
            SpotCheckResult::Missed => {
                let category = f.category.ok_or_else(|| AppError::internal("missed without a category"))?;
                // The checker's words as they are: `STAFF_REPORTED` already
                // says where the suggestion came from, and a prefix could push
                // a reason of the full length over it.
                let reason = f.reason.as_deref().unwrap_or_default();
                let created = classifications::suggest_in(&txn, actor, f.person.id, category, reason)
                    .await
                    .map_err(|err| err.within(&format!("findings.{index}")))?;
                Some(created.id)
            }
            SpotCheckResult::Wrong => {
                let id = f.classification_id.ok_or_else(|| AppError::internal("wrong without a classification"))?;
                let reason = format!("随机抽查发现错报：{}", f.reason.as_deref().unwrap_or_default());
                classifications::reject_in(&txn, actor, id, reason)
                    .await
                    .map_err(|err| err.within(&format!("findings.{index}")))?;
                Some(id)
            }
            SpotCheckResult::Consistent | SpotCheckResult::DataError | SpotCheckResult::Unreachable => None,
        };
        rows.push(spot_check_finding::ActiveModel {
            id: Set(Uuid::now_v7()),
            item_id: Set(item.id),
            round_id: Set(item.round_id),
            person_id: Set(f.person.id),
            scope_key: Set(f.person.scope_key),
            result: Set(f.result),
            category: Set(f.category),
            classification_id: Set(classification_id),
            reason: Set(f.reason),
            rectification: Set(None),
            rectified_by: Set(None),
            rectified_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        });
    }
    let counts = tally(rows.iter().filter_map(|r| r.result.try_as_ref().copied()));
    spot_check_finding::Entity::insert_many(rows)
        .exec_without_returning(&txn)
        .await
        .map_err(|e| or_taken(e, Unique::SpotCheckFinding, || AppError::Conflict(msg::SPOT_CHECK_HOUSEHOLD_CHECKED)))?;

    let checked = spot_check_item::Model {
        status: SpotCheckItemStatus::Checked,
        visit_id: Some(recorded.id),
        checked_by: Some(actor.user_id),
        checked_at: Some(now),
        ..item.clone()
    };
    // Results by kind only: reasons are free text about people.
    let detail = json!({ "round_id": item.round_id, "visit_id": recorded.id, "results": counts });
    let checked = versioned::update::<spot_check_item::Entity>(
        &txn,
        actor,
        &item,
        checked,
        Audit::given("spotcheck.record", detail),
    )
    .await?;
    crate::idempotency::complete(&txn, item.id).await?;
    txn.commit().await?;
    Ok(checked)
}

/// A finding checked against the household's members.
struct Checked {
    person: person::Model,
    result: SpotCheckResult,
    category: Option<Category>,
    classification_id: Option<Uuid>,
    reason: Option<String>,
}

/// One finding per member living in the household (not for those moved out
/// or deceased), each with what its result needs.
async fn check(
    db: &impl ConnectionTrait,
    item: &spot_check_item::Model,
    findings: Vec<Finding>,
    e: &mut FieldErrors,
) -> AppResult<Vec<Checked>> {
    let members: HashMap<Uuid, person::Model> = person::Entity::find()
        .filter(person::Column::HouseholdId.eq(item.household_id))
        .filter(person::Column::ResidenceStatus.is_not_in([ResidenceStatus::Deceased, ResidenceStatus::MovedOut]))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let open: Vec<classification::Model> = classification::Entity::find()
        .filter(classification::Column::PersonId.is_in(members.keys().copied()))
        .filter(
            classification::Column::Status.is_in([ClassificationStatus::Suggested, ClassificationStatus::Confirmed]),
        )
        .all(db)
        .await?;
    let mut seen = HashSet::new();
    let mut checked = Vec::new();
    for (i, f) in findings.into_iter().enumerate() {
        let at = |field: &str| format!("findings.{i}.{field}");
        let Some(person) = members.get(&f.person_id) else {
            e.add(&at("personId"), msg::NOT_A_MEMBER);
            continue;
        };
        if !seen.insert(f.person_id) {
            e.add(&at("personId"), msg::FINDING_TWICE);
            continue;
        }
        let reason = e.check(&at("reason"), validate::optional_text(f.reason.as_deref(), MAX_REASON)).flatten();
        let needs_reason =
            matches!(f.result, SpotCheckResult::Missed | SpotCheckResult::Wrong | SpotCheckResult::DataError);
        if needs_reason && reason.is_none() {
            e.add(&at("reason"), msg::FINDING_NEEDS_REASON);
        }
        let mut category = None;
        let mut classification_id = None;
        match f.result {
            SpotCheckResult::Missed => match f.category {
                None => e.add(&at("category"), msg::MISSED_NEEDS_CATEGORY),
                Some(c) if open.iter().any(|o| o.person_id == person.id && o.category == c) => {
                    e.add(&at("category"), msg::MISSED_ALREADY_CLASSIFIED);
                }
                Some(c) => category = Some(c),
            },
            SpotCheckResult::Wrong => match f.classification_id {
                Some(id) if open.iter().any(|o| o.id == id && o.person_id == person.id) => {
                    classification_id = Some(id);
                    category = open.iter().find(|o| o.id == id).map(|o| o.category);
                }
                _ => e.add(&at("classificationId"), msg::WRONG_NEEDS_CLASSIFICATION),
            },
            SpotCheckResult::Consistent | SpotCheckResult::DataError | SpotCheckResult::Unreachable => {}
        }
        checked.push(Checked { person: person.clone(), result: f.result, category, classification_id, reason });
    }
    let missing = members.keys().filter(|id| !seen.contains(id)).count();
    if missing > 0 {
        e.add("findings", msg::FINDINGS_MISSING.with("missing", missing));
    }
    Ok(checked)
}

/// Findings by result, for the audit entry and the rates.
pub fn tally(results: impl IntoIterator<Item = SpotCheckResult>) -> serde_json::Value {
    let mut counts: std::collections::BTreeMap<&'static str, u64> = std::collections::BTreeMap::new();
    for r in results {
        *counts.entry(r.as_str()).or_default() += 1;
    }
    json!(counts)
}
