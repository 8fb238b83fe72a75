//! Connecting to SQLite or PostgreSQL and bringing the schema up to date.

pub mod scoped;
pub mod search;

pub use scoped::{Db, as_system, set_range};

use std::time::Duration;

use anyhow::Context as _;
use migration::MigratorTrait as _;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};

use crate::config::{redact_url, sqlite_path};

/// Longest a single PostgreSQL statement may run unless
/// `LIUSHOU_STATEMENT_TIMEOUT_SECS` says otherwise (`0`: no limit). Equal to
/// the HTTP request timeout: a request's statements should not keep working
/// after its answer has gone. The daily discovery job keeps every statement
/// small (its longest, `ANALYZE` of three tables, takes seconds at a million
/// people), and demo seeding inserts at most 1,200 rows per statement, so
/// neither comes near it; migrations run without it (see [`migrate`]).
pub const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(30);

/// The statement timeout from the environment; `None` for no limit.
pub fn statement_timeout() -> anyhow::Result<Option<Duration>> {
    let secs = match std::env::var("LIUSHOU_STATEMENT_TIMEOUT_SECS") {
        Ok(raw) => {
            raw.trim().parse::<u64>().context("LIUSHOU_STATEMENT_TIMEOUT_SECS must be a whole number of seconds")?
        }
        Err(_) => DEFAULT_STATEMENT_TIMEOUT.as_secs(),
    };
    Ok((secs > 0).then(|| Duration::from_secs(secs)))
}

/// The requests' pool: on PostgreSQL its sessions set no key range, so
/// they see registry rows only inside a request's [`Db`].
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    connect_as(url, false).await
}

/// A pool for the command line and the system's own work, whose sessions
/// see every row (see [`system_pool`]).
pub async fn connect_system(url: &str) -> anyhow::Result<DatabaseConnection> {
    connect_as(url, true).await
}

async fn connect_as(url: &str, system: bool) -> anyhow::Result<DatabaseConnection> {
    if let Some(file) = sqlite_path(url)
        && let Some(dir) = file.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(if url.starts_with("sqlite") { 4 } else { 16 })
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        // Statement logging would carry names and ID numbers into the log.
        .sqlx_logging(false);
    if system {
        opts.map_sqlx_postgres_pool_opts(|pool| {
            use sea_orm::sqlx::Executor as _;
            pool.after_connect(|conn, _| Box::pin(async move { conn.execute(SYSTEM_RANGE).await.map(|_| ()) }))
        });
    }
    if let Some(timeout) = statement_timeout()? {
        // PostgreSQL only; sea-orm ignores it for SQLite, whose statements
        // run in-process and whose lock waits sqlx already bounds.
        opts.statement_timeout(timeout);
    }
    let db = Database::connect(opts).await.with_context(|| format!("connecting to {}", redact_url(url)))?;
    if db.get_database_backend() == DbBackend::Sqlite {
        // WAL lets readers proceed during a write and persists in the file.
        // sqlx already sets foreign_keys and a busy timeout per connection.
        db.execute_unprepared("PRAGMA journal_mode = WAL").await?;
    }
    Ok(db)
}

/// Brings the schema up to date, touching nothing when it already is: a
/// server connected as the plain application role (see [`grant_app_role`])
/// may not create or alter tables, and need not when the owner has run
/// `liushou migrate`. On PostgreSQL the migrations run on a connection of
/// their own without the statement timeout: building an index or
/// backfilling a column of a large registry may rightly take longer than
/// any request.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    const HINT: &str = "running migrations (as the database owner: `liushou --database-url <owner URL> migrate`)";
    if up_to_date(db).await {
        return Ok(());
    }
    if db.get_database_backend() != DbBackend::Postgres {
        return migration::Migrator::up(db, None).await.context(HINT);
    }
    use sea_orm::sqlx::{Executor as _, postgres::PgPoolOptions};
    let options = (*db.get_postgres_connection_pool().connect_options()).clone();
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute("SET statement_timeout = 0").await?;
                conn.execute(SYSTEM_RANGE).await.map(|_| ())
            })
        })
        .connect_with(options)
        .await
        .context("connecting for migrations")?;
    let unlimited = sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(pool);
    let result = migration::Migrator::up(&unlimited, None).await.context(HINT);
    unlimited.close().await.context("closing the migration connection")?;
    result
}

/// Session settings of a system connection: every row in range (see
/// migration `m20261202_000010_add_row_security`).
const SYSTEM_RANGE: &str = "SET liushou.key_lo = '0'; SET liushou.key_hi = '9223372036854775807';";

/// The pool for the system's own work, which sees every row: the daily
/// jobs, the lookups that must see past a caller's jurisdiction (whether a
/// probed id exists at all, whether an ID number is registered anywhere),
/// demo seeding and the command line. On PostgreSQL a small pool of its own
/// whose sessions set the whole key range; requests never get it as their
/// `Db`. On SQLite, which has no row security, the same pool.
pub async fn system_pool(pool: &DatabaseConnection) -> anyhow::Result<DatabaseConnection> {
    if pool.get_database_backend() != DbBackend::Postgres {
        return Ok(pool.clone());
    }
    use sea_orm::sqlx::{Executor as _, postgres::PgPoolOptions};
    let options = (*pool.get_postgres_connection_pool().connect_options()).clone();
    let system = PgPoolOptions::new()
        .max_connections(4)
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(|conn, _| Box::pin(async move { conn.execute(SYSTEM_RANGE).await.map(|_| ()) }))
        .connect_with(options)
        .await
        .context("connecting the system pool")?;
    Ok(sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(system))
}

/// Whether every migration of this build is recorded as applied. Read
/// directly: sea-orm's own check first creates its table if missing, which
/// a role without CREATE may not even attempt. Any failure means "no".
async fn up_to_date(db: &DatabaseConnection) -> bool {
    let stmt = sea_orm::Statement::from_string(db.get_database_backend(), "SELECT version FROM seaql_migrations");
    let Ok(rows) = db.query_all_raw(stmt).await else { return false };
    let applied: std::collections::HashSet<String> =
        rows.iter().filter_map(|row| row.try_get::<String>("", "version").ok()).collect();
    migration::Migrator::migrations().iter().all(|m| applied.contains(m.name()))
}

/// Grants the plain role the server runs as exactly what it needs on
/// PostgreSQL, after the owner migrated: read and write the registry, append
/// to the audit log and nothing more (no UPDATE, DELETE or TRUNCATE there),
/// read the migration state. The role owns nothing, so it can neither alter
/// a table nor disable the audit log's triggers. Run again after every
/// migration (`liushou migrate --grant-to <role>` does), so new tables are
/// covered. A no-op on SQLite, which has no roles.
pub async fn grant_app_role(db: &DatabaseConnection, role: &str) -> anyhow::Result<()> {
    let valid = role.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && role.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    anyhow::ensure!(valid, "a role name is lower-case letters, digits and `_`: {role}");
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let owner: Option<String> = db
        .query_one_raw(sea_orm::Statement::from_string(DbBackend::Postgres, "SELECT current_user::text AS u"))
        .await?
        .and_then(|row| row.try_get("", "u").ok());
    anyhow::ensure!(owner.as_deref() != Some(role), "grant to a role other than the owner running the migration");
    // `role` is checked above to be a plain identifier: safe to splice.
    let grants = format!(
        "GRANT USAGE ON SCHEMA public TO {role};
         REVOKE CREATE ON SCHEMA public FROM {role};
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
         GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
         REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM {role};
         REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON seaql_migrations FROM {role};"
    );
    db.execute_unprepared(&grants).await.with_context(|| format!("granting to {role}"))?;
    Ok(())
}

/// `SELECT 1`, for the health check.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}

/// A transaction for a write. On SQLite it takes the write lock up front
/// (`BEGIN IMMEDIATE`): a deferred transaction that reads and then writes can
/// fail outright when another writer got in between, instead of waiting.
///
/// On a request's [`Db`], the transaction is held to the caller's key range.
pub async fn begin_write(db: &impl BeginWrite) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    db.begin_write().await
}

/// What a write transaction can be begun on: a pool (the system's work)
/// or a request's [`Db`].
pub trait BeginWrite: ConnectionTrait + Send + Sync {
    fn begin_write(&self) -> impl Future<Output = Result<sea_orm::DatabaseTransaction, sea_orm::DbErr>> + Send;
}

impl BeginWrite for DatabaseConnection {
    fn begin_write(&self) -> impl Future<Output = Result<sea_orm::DatabaseTransaction, sea_orm::DbErr>> + Send {
        begin_on_pool(self)
    }
}

impl BeginWrite for Db {
    fn begin_write(&self) -> impl Future<Output = Result<sea_orm::DatabaseTransaction, sea_orm::DbErr>> + Send {
        Db::begin_write(self)
    }
}

async fn begin_on_pool(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait as _};
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Plans every statement of the transaction for its own parameters
/// (PostgreSQL; a no-op on SQLite). For bulk work whose `IN` lists of
/// hundreds of keys come with a jurisdiction's range: after five runs of a
/// prepared statement PostgreSQL may switch to a generic plan, which
/// cannot know that the range holds the whole table and reads all of it
/// through the range's index (4 s per lookup of 500 ID numbers in a town of
/// 100,000 people), where the plan for the actual values takes the ID
/// numbers' index (1 ms).
pub async fn custom_plans(txn: &impl ConnectionTrait) -> Result<(), sea_orm::DbErr> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared("SET LOCAL plan_cache_mode = force_custom_plan").await?;
    }
    Ok(())
}

/// Takes PostgreSQL advisory lock `key` until the transaction ends; a no-op
/// on SQLite, where write transactions are exclusive already.
pub async fn lock(txn: &impl ConnectionTrait, key: i64) -> Result<(), sea_orm::DbErr> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(sea_orm::Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [key.into()],
        ))
        .await?;
    }
    Ok(())
}
