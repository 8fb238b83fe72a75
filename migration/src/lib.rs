//! Schema migrations. Append-only: a shipped migration is never edited, a
//! change is a new file named `mYYYYMMDD_NNNNNN_<verb>_<thing>`. Every
//! migration runs on SQLite and PostgreSQL and has a working `down()`.

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_create_core_tables;
mod m20261129_000002_harden_audit_log;
mod m20261129_000003_add_discovery;
mod m20261129_000004_add_visit_schedules;
mod m20261130_000020_add_account_approval;
mod m20261130_000050_create_idempotency_keys;
mod m20261202_000001_create_reports;
pub mod m20261202_000010_add_row_security;
mod m20261202_000020_add_scope_order_indexes;
mod m20261202_000030_add_audit_chains;
mod m20261203_000001_create_spot_checks;
mod m20261203_000010_add_relatives;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_create_core_tables::Migration),
            Box::new(m20261129_000002_harden_audit_log::Migration),
            Box::new(m20261129_000003_add_discovery::Migration),
            Box::new(m20261129_000004_add_visit_schedules::Migration),
            Box::new(m20261130_000020_add_account_approval::Migration),
            Box::new(m20261130_000050_create_idempotency_keys::Migration),
            Box::new(m20261202_000001_create_reports::Migration),
            Box::new(m20261202_000010_add_row_security::Migration),
            Box::new(m20261202_000020_add_scope_order_indexes::Migration),
            Box::new(m20261202_000030_add_audit_chains::Migration),
            Box::new(m20261203_000001_create_spot_checks::Migration),
            Box::new(m20261203_000010_add_relatives::Migration),
        ]
    }
}
