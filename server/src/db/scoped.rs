//! The database as one request sees it: on PostgreSQL every statement of
//! the request runs with the caller's key range set, so row-level security
//! (migration `m20261202_000010_add_row_security`) hides and refuses every
//! row outside the jurisdiction even where a query forgot its own scope.
//!
//! Reads of a request share one transaction on one connection, begun on the
//! first read with the range set by `set_config(.., true)` (`SET LOCAL`):
//! the request's loaders no longer spread over several connections, and the
//! range cannot leak into another request through the pool. Writes keep
//! their own short transaction ([`Db::begin_write`]), with the same range
//! set, so their locks (the audit chain's, discovery's) are held exactly as
//! long as before and committed before the answer is built; the reads after
//! them see the write, as every statement of a READ COMMITTED transaction
//! takes a fresh snapshot.
//!
//! On SQLite there is no row security; a `Db` is the pool, and the scope
//! inside each query (`policy::scope`) is the only wall.

use std::sync::Arc;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult, Statement,
    TransactionTrait as _,
};
use tokio::sync::Mutex;

use crate::policy::scope::KeyRange;

/// A request's handle on the database; cheap to clone (the loaders of the
/// request each hold one).
#[derive(Clone)]
pub struct Db {
    pool: DatabaseConnection,
    system: DatabaseConnection,
    scope: Option<Arc<Scope>>,
}

struct Scope {
    range: KeyRange,
    reads: Mutex<Reads>,
}

enum Reads {
    NotBegun,
    Open(DatabaseTransaction),
    Closed,
}

impl Db {
    /// The pool as it is: on PostgreSQL the server's request pool sees no
    /// registry row through it (fail closed), the system pool every row.
    pub fn unscoped(pool: &DatabaseConnection, system: &DatabaseConnection) -> Self {
        Self { pool: pool.clone(), system: system.clone(), scope: None }
    }

    /// Statements restricted to `range` by the database itself, where the
    /// database can (PostgreSQL).
    pub fn scoped(pool: &DatabaseConnection, system: &DatabaseConnection, range: KeyRange) -> Self {
        let scope = (pool.get_database_backend() == DbBackend::Postgres)
            .then(|| Arc::new(Scope { range, reads: Mutex::new(Reads::NotBegun) }));
        Self { pool: pool.clone(), system: system.clone(), scope }
    }

    /// The system pool, for the few lookups of a request that must see past
    /// the caller's jurisdiction and answer without saying what they saw:
    /// whether an ID number is registered anywhere (`person::duplicate`).
    /// Every use is named in README's access section.
    pub fn past_scope(&self) -> &DatabaseConnection {
        &self.system
    }

    /// A transaction for a write, with the same range set. See
    /// [`super::begin_write`] for the SQLite side.
    ///
    /// The request's read transaction is ended first, so that a request
    /// does not sit on its read connection while it waits for another: a
    /// burst of requests that each read and then write could otherwise take
    /// every connection for their reads and wait for ever for a second one
    /// (`tests/api/row_security.rs`). The next read begins a new one, and
    /// sees the write once it is committed.
    pub async fn begin_write(&self) -> Result<DatabaseTransaction, DbErr> {
        if let Some(scope) = &self.scope {
            let mut reads = scope.reads.lock().await;
            match std::mem::replace(&mut *reads, Reads::NotBegun) {
                Reads::Open(txn) => txn.commit().await?,
                Reads::NotBegun => {}
                Reads::Closed => {
                    *reads = Reads::Closed;
                    return Err(DbErr::Custom("the request is over".into()));
                }
            }
        }
        let txn = super::begin_on_pool(&self.pool).await?;
        if let Some(scope) = &self.scope {
            set_range(&txn, scope.range).await?;
        }
        Ok(txn)
    }

    /// Ends the request's read transaction. Called once the answer is
    /// complete; a read after it is an error, never a read without the range.
    /// The transaction only read, so committing and rolling back are alike;
    /// it is committed to hand the connection back clean at once.
    pub async fn close(&self) -> Result<(), DbErr> {
        let Some(scope) = &self.scope else { return Ok(()) };
        let mut reads = scope.reads.lock().await;
        match std::mem::replace(&mut *reads, Reads::Closed) {
            Reads::Open(txn) => txn.commit().await,
            Reads::NotBegun | Reads::Closed => Ok(()),
        }
    }

    /// Runs `f` on the request's read transaction, beginning it first.
    async fn on_reads<T, F>(&self, scope: &Scope, f: F) -> Result<T, DbErr>
    where
        F: for<'t> FnOnce(
            &'t DatabaseTransaction,
        ) -> std::pin::Pin<Box<dyn Future<Output = Result<T, DbErr>> + Send + 't>>,
    {
        let mut reads = scope.reads.lock().await;
        if matches!(*reads, Reads::NotBegun) {
            let txn = self.pool.begin().await?;
            set_range(&txn, scope.range).await?;
            *reads = Reads::Open(txn);
        }
        let Reads::Open(txn) = &*reads else {
            return Err(DbErr::Custom("the request's reads are closed".into()));
        };
        let out = f(txn).await;
        if out.is_err() {
            // A failed statement aborts a PostgreSQL transaction; the next
            // read of the request begins a new one rather than fail too.
            if let Reads::Open(txn) = std::mem::replace(&mut *reads, Reads::NotBegun) {
                txn.rollback().await?;
            }
        }
        out
    }
}

/// Sets the key range for the rest of `txn` (`SET LOCAL`: it ends with the
/// transaction and cannot reach the next user of the connection).
pub async fn set_range(txn: &impl ConnectionTrait, range: KeyRange) -> Result<(), DbErr> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT set_config('liushou.key_lo', $1, true), set_config('liushou.key_hi', $2, true)",
        [range.lo.to_string().into(), range.hi.to_string().into()],
    ))
    .await?;
    Ok(())
}

/// Runs `work` on `txn` with every row in range, then puts `range` back:
/// for the system's part of a staff member's write (the discovery rules
/// re-evaluate relatives wherever they are registered, as the daily job
/// would). Nothing of it reaches the caller but what the rules write. On an
/// error the range is not put back: the caller's transaction is rolled
/// back with the error anyway.
pub async fn as_system<T, E: From<DbErr>>(
    txn: &impl ConnectionTrait,
    range: KeyRange,
    work: impl Future<Output = Result<T, E>>,
) -> Result<T, E> {
    set_range(txn, KeyRange::ALL).await?;
    let out = work.await?;
    set_range(txn, range).await?;
    Ok(out)
}

#[async_trait::async_trait]
impl ConnectionTrait for Db {
    fn get_database_backend(&self) -> DbBackend {
        self.pool.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        match &self.scope {
            None => self.pool.execute_raw(stmt).await,
            Some(scope) => self.on_reads(scope, |txn| Box::pin(txn.execute_raw(stmt))).await,
        }
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        match &self.scope {
            None => self.pool.execute_unprepared(sql).await,
            Some(scope) => {
                let sql = sql.to_owned();
                self.on_reads(scope, move |txn| Box::pin(async move { txn.execute_unprepared(&sql).await })).await
            }
        }
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        match &self.scope {
            None => self.pool.query_one_raw(stmt).await,
            Some(scope) => self.on_reads(scope, |txn| Box::pin(txn.query_one_raw(stmt))).await,
        }
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match &self.scope {
            None => self.pool.query_all_raw(stmt).await,
            Some(scope) => self.on_reads(scope, |txn| Box::pin(txn.query_all_raw(stmt))).await,
        }
    }
}
