//! Row-level security (#10): on PostgreSQL the registry tables show and
//! accept only rows inside the key range the session has set, as a second
//! wall behind the scope every query of the server already carries.
//!
//! The range is two settings, `liushou.key_lo` and `liushou.key_hi`, set
//! per transaction by the server (`SET LOCAL` through `set_config(.., true)`)
//! from the caller's jurisdiction, or for the whole session by the server's
//! system connections (daily jobs, the duplicate check, migrations). A
//! session that set neither sees no row and can write none: forgetting the
//! scope fails closed. `NULLIF` because a setting once set in a session
//! reads as `''` after its transaction ends. The condition is a plain range
//! on `scope_key`, so it is served by the same index as the server's own.
//!
//! `FORCE` makes the policy bind the tables' owner too: a server run as the
//! owner (the simple deployment) gets the wall as well. Superusers bypass
//! row security whatever is set; a production server never runs as one.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every table that carries the `scope_key` of a household.
pub const TABLES: [&str; 6] = ["household", "person", "classification", "visit", "alert", "household_visit_mark"];

const POLICY: &str = "liushou_scope";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        for table in TABLES {
            db.execute_unprepared(&format!(
                "ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
                 ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
                 CREATE POLICY {POLICY} ON {table} FOR ALL
                     USING (scope_key BETWEEN NULLIF(current_setting('liushou.key_lo', true), '')::bigint
                                          AND NULLIF(current_setting('liushou.key_hi', true), '')::bigint);"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        for table in TABLES {
            db.execute_unprepared(&format!(
                "DROP POLICY IF EXISTS {POLICY} ON {table};
                 ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;
                 ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;"
            ))
            .await?;
        }
        Ok(())
    }
}
