//! Connecting to SQLite or PostgreSQL and bringing the schema up to date.

use std::time::Duration;

use anyhow::Context as _;
use migration::MigratorTrait as _;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};

use crate::config::{redact_url, sqlite_path};

pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
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
/// `liushou migrate`.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    if up_to_date(db).await {
        return Ok(());
    }
    migration::Migrator::up(db, None)
        .await
        .context("running migrations (as the database owner: `liushou --database-url <owner URL> migrate`)")
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
pub async fn begin_write(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait as _};
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}
