//! Audit reads without a global lock (#15): the log becomes several hash
//! chains in one table. Chain 0 carries every write, in the writing
//! transaction as before; reads of sensitive data go to chains 1–16, one per
//! reader (by account), each with a lock of its own, so readers across the
//! district no longer queue on one lock. Rows keep one global `seq`; each
//! row links to the previous row of its own chain.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // A default, so existing rows are chain 0 without being rewritten
        // (PostgreSQL adds such a column without touching the rows, and the
        // append-only trigger does not fire).
        m.alter_table(
            Table::alter()
                .table("audit_log")
                .add_column(ColumnDef::new("chain").small_integer().not_null().default(0))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_audit_log_chain_seq").table("audit_log").col("chain").col("seq").to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ix_audit_log_chain_seq").table("audit_log").to_owned()).await?;
        m.alter_table(Table::alter().table("audit_log").drop_column("chain").to_owned()).await
    }
}
