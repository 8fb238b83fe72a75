//! Keeping `household_visit_mark` and `person_visit_mark` up to date inside
//! the transaction that records a visit.
//!
//! Each mark only moves forward (a visit recorded late, for an earlier
//! time, never hides a later one), with one atomic `UPDATE … CASE` per row,
//! so concurrent visits to one household cannot lose each other's mark.

use chrono::{DateTime, Utc};
use entity::{VisitKind, household_visit_mark, person_visit_mark, visit};
use sea_orm::{
    ColumnTrait as _, ConnectionTrait, EntityTrait as _, QueryFilter as _,
    sea_query::{Expr, ExprTrait as _},
};
use uuid::Uuid;

use super::schedule::Obligation;
use crate::error::AppResult;

/// `col = t` unless `col` already holds a later time.
fn forward(col: impl sea_orm::sea_query::IntoColumnRef + Copy, t: DateTime<Utc>) -> Expr {
    Expr::case(Expr::col(col).is_null().or(Expr::col(col).lt(t)), Expr::val(t)).finally(Expr::col(col)).into()
}

/// Moves the marks of the visited household and of everyone seen.
pub async fn record(db: &impl ConnectionTrait, visit: &visit::Model, people: &[Uuid]) -> AppResult<()> {
    let t = visit.visited_at;
    household_visit_mark::Entity::insert(household_visit_mark::ActiveModel {
        household_id: sea_orm::ActiveValue::Set(visit.household_id),
        scope_key: sea_orm::ActiveValue::Set(visit.scope_key),
        ..Default::default()
    })
    .on_conflict_do_nothing()
    .exec_without_returning(db)
    .await?;
    let mut update = household_visit_mark::Entity::update_many()
        .col_expr(household_visit_mark::Column::ScopeKey, Expr::val(visit.scope_key))
        .col_expr(household_visit_mark::Column::LastVisitAt, forward(household_visit_mark::Column::LastVisitAt, t))
        .filter(household_visit_mark::Column::HouseholdId.eq(visit.household_id));
    if Obligation::MonthlySweep.cleared_by(visit.kind) {
        let col = household_visit_mark::Column::LastMonthlySweepAt;
        update = update.col_expr(col, forward(col, t));
    }
    if Obligation::QuarterlySweep.cleared_by(visit.kind) {
        let col = household_visit_mark::Column::LastQuarterlySweepAt;
        update = update.col_expr(col, forward(col, t));
    }
    update.exec(db).await?;

    for &person in people {
        person_visit_mark::Entity::insert(person_visit_mark::ActiveModel {
            person_id: sea_orm::ActiveValue::Set(person),
            ..Default::default()
        })
        .on_conflict_do_nothing()
        .exec_without_returning(db)
        .await?;
        let mut update = person_visit_mark::Entity::update_many()
            .col_expr(person_visit_mark::Column::LastSeenAt, forward(person_visit_mark::Column::LastSeenAt, t))
            .filter(person_visit_mark::Column::PersonId.eq(person));
        if visit.kind == VisitKind::CareVisit {
            let col = person_visit_mark::Column::LastCareVisitAt;
            update = update.col_expr(col, forward(col, t));
        }
        update.exec(db).await?;
    }
    Ok(())
}
