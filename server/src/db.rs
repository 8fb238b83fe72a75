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

pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    migration::Migrator::up(db, None).await.context("running migrations")
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
