//! Relatives outside the registry (#12): facts about a person's children or
//! parents who are not registered here, read by the discovery rules like
//! linked people. Each row carries its person's `scope_key` and sits behind
//! the same row-level security policy as the other registry tables.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const POLICY: &str = "liushou_scope";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("relative")
                .col(pk_uuid("id"))
                .col(uuid("person_id"))
                .col(big_integer("scope_key"))
                .col(string_len("relation", 24))
                .col(date_null("away_since"))
                .col(boolean_null("outside_county"))
                .col(boolean("deceased").default(false))
                .col(boolean_null("guardianship_capable"))
                .col(text_null("note"))
                .col(integer("version").default(1))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_relative_person_id")
                        .from("relative", "person_id")
                        .to("person", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_relative_person_id").table("relative").col("person_id").to_owned())
            .await?;
        m.create_index(Index::create().name("ix_relative_scope_key").table("relative").col("scope_key").to_owned())
            .await?;
        let db = m.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            // The policy of m20261202_000010_add_row_security, repeated rather
            // than shared: migrations are append-only, and a helper changed
            // later would silently change what a shipped migration did.
            db.execute_unprepared(&format!(
                "ALTER TABLE relative ENABLE ROW LEVEL SECURITY;
                 ALTER TABLE relative FORCE ROW LEVEL SECURITY;
                 CREATE POLICY {POLICY} ON relative FOR ALL
                     USING (scope_key BETWEEN NULLIF(current_setting('liushou.key_lo', true), '')::bigint
                                          AND NULLIF(current_setting('liushou.key_hi', true), '')::bigint);"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(&format!("DROP POLICY IF EXISTS {POLICY} ON relative;")).await?;
        }
        m.drop_table(Table::drop().table("relative").to_owned()).await?;
        Ok(())
    }
}
