//! One-off visit requests: a visit owed by a deadline rather than on a
//! schedule. Today that is the visit within 24 hours after an emergency
//! report (DOMAIN.md, care levels); the alert machinery (issue #4) is to
//! open one when it raises a mandatory-report alert, by calling [`open`]
//! inside its own transaction. District spot checks and return visits after
//! assistance can reuse the same table with their own reasons.

use chrono::{DateTime, SubsecRound as _, Utc};
use entity::{visit, visit_request};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, Condition, ConnectionTrait, EntityTrait as _, QueryFilter as _, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use super::schedule::Obligation;
use crate::{
    audit::{self, Entry},
    auth::{Actor, actor::RequestMeta},
    error::AppResult,
};

/// What raised a request, for tracing it back (e.g. `("alert", id)`).
#[derive(Debug, Clone)]
pub struct Source {
    pub kind: &'static str,
    pub id: Option<Uuid>,
}

/// Opens an emergency visit request for a household (and the person in
/// danger, when known), due per the `EMERGENCY` schedule row after
/// `reported_at`. The caller has checked jurisdiction; the write is audited
/// here, in the caller's transaction.
pub async fn open(
    db: &impl ConnectionTrait,
    actor: Option<&Actor>,
    meta: &RequestMeta,
    household_id: Uuid,
    person_id: Option<Uuid>,
    reported_at: DateTime<Utc>,
    source: Source,
) -> AppResult<Uuid> {
    let id = Uuid::now_v7();
    let row = visit_request::ActiveModel {
        id: Set(id),
        household_id: Set(household_id),
        person_id: Set(person_id),
        kind: Set(Obligation::Emergency.kind()),
        reason: Set(Obligation::Emergency.key().to_owned()),
        source_type: Set(Some(source.kind.to_owned())),
        source_id: Set(source.id),
        // Microseconds, like PostgreSQL, so both databases page alike.
        requested_at: Set(reported_at.trunc_subsecs(6)),
        requested_by: Set(actor.map(|a| a.user_id)),
        done_visit_id: Set(None),
        done_at: Set(None),
        created_at: Set(Utc::now()),
    };
    visit_request::Entity::insert(row).exec_without_returning(db).await?;
    let detail = json!({ "reason": Obligation::Emergency.key(), "household_id": household_id, "source": source.kind });
    audit::record(db, actor, meta, Entry::write("visit_request.open", "visit_request", id, detail)).await?;
    Ok(id)
}

/// Closes the open requests this visit answers: same household, the
/// requested kind, at or after the report, and (when a person was named)
/// a visit that saw that person. Returns how many it closed.
pub async fn clear(db: &impl ConnectionTrait, visit: &visit::Model, people: &[Uuid]) -> AppResult<u64> {
    let person = Condition::any()
        .add(visit_request::Column::PersonId.is_null())
        .add(visit_request::Column::PersonId.is_in(people.iter().copied()));
    let res = visit_request::Entity::update_many()
        .col_expr(visit_request::Column::DoneVisitId, Expr::val(visit.id))
        .col_expr(visit_request::Column::DoneAt, Expr::val(Utc::now()))
        .filter(visit_request::Column::HouseholdId.eq(visit.household_id))
        .filter(visit_request::Column::DoneAt.is_null())
        .filter(visit_request::Column::Kind.eq(visit.kind))
        .filter(visit_request::Column::RequestedAt.lte(visit.visited_at))
        .filter(person)
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
