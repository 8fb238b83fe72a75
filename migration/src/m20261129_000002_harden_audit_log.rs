//! Access control (#3): indexes for throttling and audit queries, and on
//! PostgreSQL a trigger that makes the audit log append-only.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: [(&str, &[&str]); 3] = [
    ("ix_audit_log_action_target_id_at", &["action", "target_id", "at"]),
    ("ix_audit_log_action_ip_at", &["action", "ip", "at"]),
    ("ix_audit_log_action_actor_id_at", &["action", "actor_id", "at"]),
];

/// Refuses UPDATE, DELETE and TRUNCATE: accountability data is only ever
/// appended. (SQLite has no such guard; its deployments are single-machine
/// demos, and `liushou audit verify` detects tampering on both.)
const APPEND_ONLY: &str = r#"
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
"#;

const DROP_APPEND_ONLY: &str = r#"
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
DROP TRIGGER IF EXISTS audit_log_no_update_delete ON audit_log;
DROP FUNCTION IF EXISTS audit_log_append_only();
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, cols) in INDEXES {
            let mut stmt = Index::create();
            stmt.name(name).table("audit_log");
            for col in cols {
                stmt.col(*col);
            }
            m.create_index(stmt).await?;
        }
        let db = m.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(APPEND_ONLY).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(DROP_APPEND_ONLY).await?;
        }
        for (name, _) in INDEXES {
            m.drop_index(Index::drop().name(name).table("audit_log").to_owned()).await?;
        }
        Ok(())
    }
}
