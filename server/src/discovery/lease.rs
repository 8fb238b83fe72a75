//! A lease in the database (`job_lease`), so that of several server
//! instances sharing one database exactly one runs a job at a time, and a
//! daily job runs once per day. Taking it is one atomic `UPDATE … WHERE
//! expires_at < now`: portable across SQLite and PostgreSQL, and safe
//! without an in-process flag. A crashed holder's lease simply expires.

use std::time::Duration;

use chrono::{NaiveDate, Utc};
use entity::job_lease;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait as _, QueryFilter, sea_query::Expr,
};
use uuid::Uuid;

use crate::error::AppResult;

pub struct Lease {
    name: &'static str,
    /// This instance (a fresh id per process).
    holder: String,
    ttl: Duration,
}

impl Lease {
    pub fn new(name: &'static str, ttl: Duration) -> Self {
        Self { name, holder: Uuid::now_v7().to_string(), ttl }
    }

    fn expiry(&self) -> i64 {
        Utc::now().timestamp().saturating_add(i64::try_from(self.ttl.as_secs()).unwrap_or(i64::MAX))
    }

    /// Takes the lease if nobody holds it (or we do). With `due_on`, only if
    /// the job has not yet completed for that day.
    pub async fn acquire(&self, db: &impl ConnectionTrait, due_on: Option<NaiveDate>) -> AppResult<bool> {
        let row = job_lease::ActiveModel {
            name: Set(self.name.to_owned()),
            holder: Set(None),
            expires_at: Set(0),
            last_completed_on: Set(None),
            updated_at: Set(Utc::now()),
        };
        // The row exists once; a second insert is a harmless conflict.
        job_lease::Entity::insert(row)
            .on_conflict_do_nothing_on([job_lease::Column::Name])
            .exec_without_returning(db)
            .await?;
        let free = Condition::any()
            .add(job_lease::Column::ExpiresAt.lt(Utc::now().timestamp()))
            .add(job_lease::Column::Holder.eq(self.holder.as_str()));
        let mut take = Condition::all().add(free);
        if let Some(day) = due_on {
            take = take.add(
                Condition::any()
                    .add(job_lease::Column::LastCompletedOn.is_null())
                    .add(job_lease::Column::LastCompletedOn.lt(day)),
            );
        }
        let res = job_lease::Entity::update_many()
            .col_expr(job_lease::Column::Holder, Expr::value(self.holder.as_str()))
            .col_expr(job_lease::Column::ExpiresAt, Expr::value(self.expiry()))
            .col_expr(job_lease::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(job_lease::Column::Name.eq(self.name))
            .filter(take)
            .exec(db)
            .await?;
        Ok(res.rows_affected == 1)
    }

    /// Extends a lease we hold; `false` if it was lost (expired and taken).
    pub async fn renew(&self, db: &impl ConnectionTrait) -> AppResult<bool> {
        let res = job_lease::Entity::update_many()
            .col_expr(job_lease::Column::ExpiresAt, Expr::value(self.expiry()))
            .col_expr(job_lease::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(job_lease::Column::Name.eq(self.name))
            .filter(job_lease::Column::Holder.eq(self.holder.as_str()))
            .exec(db)
            .await?;
        Ok(res.rows_affected == 1)
    }

    /// Gives the lease up, recording `completed_on` when the run finished.
    pub async fn release(&self, db: &impl ConnectionTrait, completed_on: Option<NaiveDate>) -> AppResult<()> {
        let mut update = job_lease::Entity::update_many()
            .col_expr(job_lease::Column::Holder, Expr::value(Option::<String>::None))
            .col_expr(job_lease::Column::ExpiresAt, Expr::value(0))
            .col_expr(job_lease::Column::UpdatedAt, Expr::value(Utc::now()));
        if let Some(day) = completed_on {
            update = update.col_expr(job_lease::Column::LastCompletedOn, Expr::value(day));
        }
        update
            .filter(job_lease::Column::Name.eq(self.name))
            .filter(job_lease::Column::Holder.eq(self.holder.as_str()))
            .exec(db)
            .await?;
        Ok(())
    }
}
