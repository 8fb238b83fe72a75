//! 主动发现 (active discovery): the rules that find left-behind children,
//! elderly people and women from the registry's facts, and what keeps every
//! classification true over time.
//!
//! - [`rules`]: the national definitions as pure functions (read these
//!   beside DOMAIN.md); [`reasons`]: their vocabulary, machine-readable and
//!   in Chinese.
//! - [`facts`]: bulk loading of what the rules read; [`apply`]: writing the
//!   differences as suggestions, endings, events and alerts.
//! - When they run: in the same transaction as every registry write that
//!   can change an outcome ([`after_person_write`], [`after_household_write`],
//!   [`after_relative_write`]),
//!   and daily for date-driven changes ([`job`], scheduled by [`schedule`]
//!   under a database [`lease`] so one of several instances runs it).
//!
//! Every write of the engine is audited with no actor (the system) and its
//! classification events carry no actor either.

pub mod apply;
pub mod bench;
pub mod facts;
pub mod job;
pub mod lease;
pub mod reasons;
pub mod rules;
pub mod schedule;

use chrono::NaiveDate;
use entity::{alert, classification, household, person};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait as _, sea_query::Expr,
};
use uuid::Uuid;

pub use apply::Summary;

use crate::{auth::actor::RequestMeta, clock, error::AppResult};

/// PostgreSQL advisory lock taken by every transaction that evaluates
/// rules, before it reads facts. It orders evaluations: a transaction that
/// changed a relative is committed before the next one reads, so two
/// concurrent writes cannot each judge on the other's stale facts. SQLite
/// write transactions are exclusive already (`db::begin_write`).
const DISCOVERY_LOCK: i64 = 0x006c_6975_6469_7363; // "liudisc"

/// Takes [`DISCOVERY_LOCK`] until the transaction ends.
///
/// Lock order: this lock first, the audit chain's lock (`audit::record`)
/// second, in every transaction. A write that audited before evaluating
/// would hold the chain while waiting here, and the daily job, holding this
/// lock, would wait for the chain at the end of its batch: a deadlock.
pub async fn lock(db: &impl ConnectionTrait) -> AppResult<()> {
    Ok(crate::db::lock(db, DISCOVERY_LOCK).await?)
}

/// Re-evaluates `ids` on `on` and writes the differences.
pub async fn evaluate(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    on: NaiveDate,
    meta: &RequestMeta,
) -> AppResult<Summary> {
    let (facts, subjects) = facts::for_people(db, ids, on).await?;
    apply::reconcile(db, &facts, &subjects, on, meta).await
}

/// After a person was added or changed, inside the same transaction:
/// re-evaluates the person and everyone whose outcome can depend on the
/// person's facts, wherever registered: parents and spouse (before and
/// after the change, since a link may have moved), children (the elderly
/// rule), whoever names the person as spouse, and housemates (a carer at
/// home or not, for the alert rule).
pub async fn after_person_write(
    db: &impl ConnectionTrait,
    before: Option<&person::Model>,
    after: &person::Model,
    meta: &RequestMeta,
) -> AppResult<Summary> {
    lock(db).await?;
    let mut ids = vec![after.id];
    for p in [before, Some(after)].into_iter().flatten() {
        ids.extend([p.father_id, p.mother_id, p.spouse_id].into_iter().flatten());
    }
    let linked: Vec<Uuid> = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .filter(
            Condition::any()
                .add(person::Column::FatherId.eq(after.id))
                .add(person::Column::MotherId.eq(after.id))
                .add(person::Column::SpouseId.eq(after.id))
                .add(person::Column::HouseholdId.eq(after.household_id)),
        )
        .into_tuple()
        .all(db)
        .await?;
    ids.extend(linked);
    ids.sort_unstable();
    ids.dedup();
    evaluate(db, &ids, clock::today(), meta).await
}

/// After an unregistered relative of `person_id` was added, changed or
/// removed, inside the same transaction: only that person's outcomes read
/// it.
pub async fn after_relative_write(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    meta: &RequestMeta,
) -> AppResult<Summary> {
    lock(db).await?;
    evaluate(db, &[person_id], clock::today(), meta).await
}

/// After a household changed (its region, hence rural or not and its scope,
/// or its economic status), inside the same transaction: classifications
/// and alerts follow the members into the new scope, and every member is
/// re-evaluated.
pub async fn after_household_write(
    db: &impl ConnectionTrait,
    household: &household::Model,
    meta: &RequestMeta,
) -> AppResult<Summary> {
    lock(db).await?;
    let members = || {
        person::Entity::find()
            .select_only()
            .column(person::Column::Id)
            .filter(person::Column::HouseholdId.eq(household.id))
            .into_query()
    };
    classification::Entity::update_many()
        .col_expr(classification::Column::ScopeKey, Expr::value(household.scope_key))
        .filter(classification::Column::PersonId.in_subquery(members()))
        .filter(classification::Column::ScopeKey.ne(household.scope_key))
        .exec(db)
        .await?;
    alert::Entity::update_many()
        .col_expr(alert::Column::ScopeKey, Expr::value(household.scope_key))
        .filter(alert::Column::PersonId.in_subquery(members()))
        .filter(alert::Column::ScopeKey.ne(household.scope_key))
        .exec(db)
        .await?;
    let ids: Vec<Uuid> = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .filter(person::Column::HouseholdId.eq(household.id))
        .into_tuple()
        .all(db)
        .await?;
    evaluate(db, &ids, clock::today(), meta).await
}
