//! Idempotency keys: one row per (user, `Idempotency-Key`) of a create
//! mutation or `recordVisit`, so that a retried request returns the first
//! result instead of making a second record. Holds no personal data: the
//! request is kept only as a keyed hash, the result only as the id of the
//! record it created.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "idempotency_key";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(TABLE)
                .col(uuid("user_id"))
                .col(string_len("key", 128))
                .col(string_len("operation", 32))
                .col(string_len("fingerprint", 64))
                .col(uuid("claim"))
                .col(timestamp_with_time_zone("lease_until"))
                .col(uuid_null("result_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .primary_key(Index::create().col("user_id").col("key"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_idempotency_key_user_id")
                        .from(TABLE, "user_id")
                        .to("app_user", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // The hourly purge deletes by expiry.
        m.create_index(Index::create().name("ix_idempotency_key_expires_at").table(TABLE).col("expires_at").to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(TABLE).to_owned()).await
    }
}
