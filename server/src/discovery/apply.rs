//! From rule outcomes to stored classifications and alerts (分类动态管理):
//! compare what the rules say with what is stored, write only the
//! differences, keep every transition as a `classification_event`, and
//! audit the batch, all inside the caller's transaction.
//!
//! | stored \ rules say | match | no match |
//! |---|---|---|
//! | nothing open, last one `REJECTED` with the same fingerprint | nothing (not re-suggested) | nothing |
//! | nothing open otherwise | new `SUGGESTED` | nothing |
//! | `SUGGESTED` / `CONFIRMED` | reasons and care suggestion refreshed if changed | `ENDED`, with why and when |
//!
//! Alerts: a situation that holds with no uncleared alert of its kind
//! raises one; an uncleared alert whose situation no longer holds is marked
//! cleared (it stays open until someone acknowledges it).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    Category, ClassificationStatus as Status,
    alert::{self, AlertKind, AlertStatus},
    classification, classification_event,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel as _, QueryFilter, QueryOrder, QuerySelect as _,
    sea_query::{Expr, ExprTrait as _},
};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};
use uuid::Uuid;

use super::{
    reasons::{self, Reason},
    rules::{self, AlertOutcome, Care, Facts, Outcome, PersonFacts},
};
use crate::{
    audit::{self, Entry},
    auth::actor::RequestMeta,
    error::AppResult,
    versioned,
};

/// Rows per multi-row INSERT: small enough to fit a few TCP segments (see
/// `facts::IN_LIST` on why that matters), large enough to save round trips.
const INSERT_ROWS: usize = 25;

/// What one reconciliation changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub people: u64,
    pub suggested: u64,
    pub refreshed: u64,
    pub ended: u64,
    pub alerts_raised: u64,
    pub alerts_cleared: u64,
}

impl std::ops::AddAssign for Summary {
    fn add_assign(&mut self, o: Self) {
        self.people += o.people;
        self.suggested += o.suggested;
        self.refreshed += o.refreshed;
        self.ended += o.ended;
        self.alerts_raised += o.alerts_raised;
        self.alerts_cleared += o.alerts_cleared;
    }
}

/// Whether a classification is still in force (suggested or confirmed).
pub fn is_open(status: Status) -> bool {
    matches!(status, Status::Suggested | Status::Confirmed)
}

/// A short hash of a category's reasons: equal facts, equal fingerprint.
pub fn fingerprint(category: Category, reasons: &[Reason]) -> String {
    let text: Vec<String> = reasons.iter().map(ToString::to_string).collect();
    let digest = Sha256::digest(format!("{}|{}", category.as_str(), text.join("|")).as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// An event of the rules engine (no actor).
pub fn event(
    c: &classification::Model,
    from: Option<Status>,
    reason: String,
    at: DateTime<Utc>,
) -> classification_event::Model {
    classification_event::Model {
        id: Uuid::now_v7(),
        classification_id: c.id,
        from_status: from,
        to_status: c.status,
        actor_id: None,
        reason: Some(reason),
        care_level: c.care_level,
        at,
    }
}

fn joined(reasons: &[Reason]) -> String {
    reasons.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// Evaluates `subjects` against `facts` on `on` and writes the differences.
pub async fn reconcile(
    db: &impl ConnectionTrait,
    facts: &Facts,
    subjects: &[Uuid],
    on: NaiveDate,
    meta: &RequestMeta,
) -> AppResult<Summary> {
    let mut history: HashMap<(Uuid, Category), Vec<classification::Model>> = HashMap::new();
    let mut uncleared: HashMap<(Uuid, AlertKind), alert::Model> = HashMap::new();
    for chunk in subjects.chunks(super::facts::IN_LIST) {
        let rows = classification::Entity::find()
            .filter(classification::Column::PersonId.is_in(chunk.iter().copied()))
            .order_by_asc(classification::Column::Id)
            .all(db)
            .await?;
        for c in rows {
            history.entry((c.person_id, c.category)).or_default().push(c);
        }
        let alerts = alert::Entity::find()
            .filter(alert::Column::PersonId.is_in(chunk.iter().copied()))
            .filter(alert::Column::ClearedOn.is_null())
            .all(db)
            .await?;
        uncleared.extend(alerts.into_iter().map(|a| ((a.person_id, a.kind), a)));
    }

    let mut plan = Plan { on, now: Utc::now(), ..Plan::default() };
    for &id in subjects {
        let (Some(p), Some(eval)) = (facts.person(id), rules::evaluate(facts, id, on)) else { continue };
        plan.summary.people += 1;
        for outcome in &eval.outcomes {
            let past = history.get(&(id, outcome.category)).map(Vec::as_slice).unwrap_or_default();
            plan.classification(p, outcome, &eval.care, past);
        }
        for situation in &eval.alerts {
            plan.alert(p, situation, uncleared.get(&(id, situation.kind)));
        }
    }
    plan.execute(db, meta).await
}

/// The writes one reconciliation will make.
#[derive(Default)]
struct Plan {
    on: NaiveDate,
    now: DateTime<Utc>,
    inserts: Vec<classification::Model>,
    /// New state of an open classification, the version it was read at, the
    /// status it had and the event reason.
    /// (as read, as it should be, why) of classifications the rules change.
    updates: Vec<(classification::Model, classification::Model, String)>,
    events: Vec<classification_event::Model>,
    raised: Vec<alert::Model>,
    cleared: Vec<Uuid>,
    alert_log: Vec<Value>,
    summary: Summary,
}

impl Plan {
    fn classification(&mut self, p: &PersonFacts, outcome: &Outcome, care: &Care, past: &[classification::Model]) {
        let reasons_json = reasons::to_json(&outcome.reasons);
        let care_json = reasons::to_json(&care.reasons);
        let print = fingerprint(outcome.category, &outcome.reasons);
        let open = past.iter().rev().find(|c| is_open(c.status));
        match (outcome.matched, open) {
            (true, Some(c)) => {
                let same = c.reasons == reasons_json
                    && c.suggested_care_level == Some(care.level)
                    && c.care_reasons.as_ref() == Some(&care_json)
                    && c.fingerprint.as_deref() == Some(print.as_str());
                if !same {
                    let new = classification::Model {
                        reasons: reasons_json,
                        suggested_care_level: Some(care.level),
                        care_reasons: Some(care_json),
                        fingerprint: Some(print),
                        updated_at: self.now,
                        ..c.clone()
                    };
                    let why = format!("FACTS_CHANGED: {}", joined(&outcome.reasons));
                    self.updates.push((c.clone(), new, why));
                }
            }
            (true, None) => {
                let rejected_as_is = past
                    .last()
                    .is_some_and(|c| c.status == Status::Rejected && c.fingerprint.as_deref() == Some(print.as_str()));
                if !rejected_as_is {
                    self.suggest(p, outcome, care, reasons_json, care_json, print);
                }
            }
            // A classification staff raised (no fingerprint) rests on facts
            // the rules cannot see: staff decide and end it, until the facts
            // are recorded and the rules match it (the arm above gives it a
            // fingerprint, and from then on the rules keep it).
            (false, Some(c)) if c.fingerprint.is_none() => {}
            (false, Some(c)) => {
                let ended = classification::Model {
                    status: Status::Ended,
                    until: Some(self.on),
                    end_reasons: Some(reasons::to_json(&outcome.reasons)),
                    updated_at: self.now,
                    ..c.clone()
                };
                self.updates.push((c.clone(), ended, joined(&outcome.reasons)));
            }
            (false, None) => {}
        }
    }

    fn suggest(
        &mut self,
        p: &PersonFacts,
        outcome: &Outcome,
        care: &Care,
        reasons: Value,
        care_json: Value,
        print: String,
    ) {
        let c = classification::Model {
            id: Uuid::now_v7(),
            person_id: p.id,
            scope_key: p.scope_key,
            category: outcome.category,
            status: Status::Suggested,
            care_level: None,
            reasons,
            since: self.on,
            until: None,
            decided_by: None,
            decided_at: None,
            note: None,
            suggested_care_level: Some(care.level),
            care_reasons: Some(care_json),
            end_reasons: None,
            fingerprint: Some(print),
            version: 1,
            created_at: self.now,
            updated_at: self.now,
        };
        self.events.push(event(&c, None, joined(&outcome.reasons), self.now));
        self.summary.suggested += 1;
        self.inserts.push(c);
    }

    fn alert(&mut self, p: &PersonFacts, situation: &AlertOutcome, current: Option<&alert::Model>) {
        match (situation.holds, current) {
            (true, None) => {
                let a = alert::Model {
                    id: Uuid::now_v7(),
                    person_id: p.id,
                    scope_key: p.scope_key,
                    kind: situation.kind,
                    status: AlertStatus::Open,
                    reasons: reasons::to_json(&situation.reasons),
                    raised_at: self.now,
                    cleared_on: None,
                    acknowledged_by: None,
                    acknowledged_at: None,
                    note: None,
                    version: 1,
                    created_at: self.now,
                    updated_at: self.now,
                };
                self.alert_log.push(json!({ "id": a.id, "kind": a.kind, "change": "RAISED" }));
                self.summary.alerts_raised += 1;
                self.raised.push(a);
            }
            (false, Some(a)) => {
                self.alert_log.push(json!({ "id": a.id, "kind": a.kind, "change": "CLEARED" }));
                self.summary.alerts_cleared += 1;
                self.cleared.push(a.id);
            }
            _ => {}
        }
    }

    async fn execute(mut self, db: &impl ConnectionTrait, meta: &RequestMeta) -> AppResult<Summary> {
        for (read, new, why) in std::mem::take(&mut self.updates) {
            // The run's own record of what changed is its summary entry
            // (see `run`), not one audit entry per classification.
            let Some(new) = versioned::overwrite::<classification::Entity>(db, &read, new, self.now).await? else {
                // Decided by staff since we read it; the next run sees the new state.
                tracing::debug!(classification = %read.id, "changed concurrently; left for the next run");
                continue;
            };
            if new.status == Status::Ended {
                self.summary.ended += 1;
            } else {
                self.summary.refreshed += 1;
            }
            self.events.push(event(&new, Some(read.status), why, self.now));
        }
        for chunk in self.inserts.chunks(INSERT_ROWS) {
            let rows = chunk.iter().cloned().map(|c| c.into_active_model());
            classification::Entity::insert_many(rows).exec_without_returning(db).await?;
        }
        for chunk in self.events.chunks(INSERT_ROWS) {
            let rows = chunk.iter().cloned().map(|e| e.into_active_model());
            classification_event::Entity::insert_many(rows).exec_without_returning(db).await?;
        }
        for chunk in self.raised.chunks(INSERT_ROWS) {
            let rows = chunk.iter().cloned().map(|a| a.into_active_model());
            alert::Entity::insert_many(rows).exec_without_returning(db).await?;
        }
        // A mandatory report owes a visit within the emergency deadline
        // (24 h by default): it goes on the work lists of everyone covering
        // the household.
        if !self.raised.is_empty() {
            let people: HashMap<Uuid, Uuid> = entity::person::Entity::find()
                .select_only()
                .columns([entity::person::Column::Id, entity::person::Column::HouseholdId])
                .filter(entity::person::Column::Id.is_in(self.raised.iter().map(|a| a.person_id)))
                .into_tuple::<(Uuid, Uuid)>()
                .all(db)
                .await?
                .into_iter()
                .collect();
            for a in &self.raised {
                if let Some(household) = people.get(&a.person_id) {
                    let source = crate::visits::requests::Source { kind: "alert", id: Some(a.id) };
                    crate::visits::requests::open(db, None, meta, *household, Some(a.person_id), a.raised_at, source)
                        .await?;
                }
            }
        }
        for chunk in self.cleared.chunks(INSERT_ROWS) {
            alert::Entity::update_many()
                .col_expr(alert::Column::ClearedOn, Expr::value(self.on))
                .col_expr(alert::Column::Version, Expr::col(alert::Column::Version).add(1))
                .col_expr(alert::Column::UpdatedAt, Expr::value(self.now))
                .filter(alert::Column::Id.is_in(chunk.iter().copied()))
                .exec(db)
                .await?;
        }
        if !self.events.is_empty() || !self.alert_log.is_empty() {
            audit::record(db, None, meta, self.audit_entry()).await?;
        }
        Ok(self.summary)
    }

    /// One audit entry for the whole transaction: counts, the alerts, and a
    /// digest of exactly the classification events written with it (ids and
    /// transitions), so the hash chain commits to every change while the
    /// entry stays small. No names or facts of people.
    fn audit_entry(&self) -> Entry {
        let mut digest = Sha256::new();
        for e in &self.events {
            let from = e.from_status.map_or("", |s| s.as_str());
            digest.update(format!("{} {} {} {}\n", e.id, e.classification_id, from, e.to_status.as_str()));
        }
        let s = self.summary;
        let detail = json!({
            "date": self.on,
            "people": s.people,
            "suggested": s.suggested,
            "refreshed": s.refreshed,
            "ended": s.ended,
            "events": self.events.len(),
            "events_sha256": digest.finalize().iter().map(|b| format!("{b:02x}")).collect::<String>(),
            "alerts": self.alert_log,
        });
        Entry::event("discovery.evaluate", detail)
    }
}
