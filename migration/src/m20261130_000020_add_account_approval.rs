//! The two-person rule for accounts that can read personal data, and
//! sessions that end: an account's approval state (who asked for which
//! change, when; why it was refused) and a session generation that every
//! login token carries and every request compares.
//!
//! Existing accounts are in force (`APPROVED`, generation 0): they were
//! created before the rule, by operators, and their tokens stay valid until
//! the next change that ends sessions.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn columns() -> [ColumnDef; 6] {
    [
        string_len("approval", 24).default("APPROVED").to_owned(),
        string_len("pending_changes", 200).default("").to_owned(),
        uuid_null("approval_requested_by"),
        timestamp_with_time_zone_null("approval_requested_at"),
        text_null("refusal_reason"),
        integer("session_generation").default(0).to_owned(),
    ]
}

const NAMES: [&str; 6] = [
    "approval",
    "pending_changes",
    "approval_requested_by",
    "approval_requested_at",
    "refusal_reason",
    "session_generation",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for mut col in columns() {
            // One column per statement: SQLite alters one thing at a time.
            m.alter_table(Table::alter().table("app_user").add_column(&mut col).to_owned()).await?;
        }
        // The approvers' queue: pending accounts, by region.
        m.create_index(
            Index::create()
                .name("ix_app_user_approval_region_id")
                .table("app_user")
                .col("approval")
                .col("region_id")
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ix_app_user_approval_region_id").table("app_user").to_owned()).await?;
        for name in NAMES.iter().rev() {
            m.alter_table(Table::alter().table("app_user").drop_column(*name).to_owned()).await?;
        }
        Ok(())
    }
}
