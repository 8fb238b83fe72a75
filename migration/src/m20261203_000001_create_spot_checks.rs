//! District spot checks (随机抽查): a quarter's round drawn from the
//! registry with a stored seed, its items (one sampled household each), and
//! the findings per person that the district's re-visit produced.
//!
//! A round is drawn once per quarter and its sample is frozen: the items
//! and a hash over their household ids are written in the draw's
//! transaction and never re-drawn. Items and findings carry the
//! household's `scope_key`, so a town sees its own and row-level security
//! covers them as it covers the registry.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables with a household's `scope_key`, under the same row policy
/// as the registry (see `m20261202_000010_add_row_security`).
const SCOPED: [&str; 2] = ["spot_check_item", "spot_check_finding"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("spot_check_round")
                .col(uuid("id").primary_key())
                .col(string_len("quarter", 8).unique_key())
                .col(big_integer("seed"))
                .col(integer("per_town"))
                .col(integer("classified"))
                .col(integer("unclassified"))
                .col(date("due_on"))
                .col(string_len("status", 24))
                .col(integer("item_count"))
                .col(string_len("sample_hash", 64))
                .col(uuid("drawn_by"))
                .col(timestamp_with_time_zone("drawn_at"))
                .col(uuid_null("closed_by"))
                .col(timestamp_with_time_zone_null("closed_at"))
                .col(integer("version").default(1))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("spot_check_item")
                .col(uuid("id").primary_key())
                .col(uuid("round_id"))
                .col(uuid("household_id"))
                .col(big_integer("scope_key"))
                .col(uuid("town_id"))
                .col(uuid_null("village_id"))
                .col(string_len("stratum", 24))
                .col(integer("rank"))
                .col(uuid("assignee_id"))
                .col(date("due_on"))
                .col(uuid_null("last_sweep_by"))
                .col(timestamp_with_time_zone_null("last_sweep_at"))
                .col(string_len("status", 24))
                .col(uuid_null("visit_id"))
                .col(uuid_null("checked_by"))
                .col(timestamp_with_time_zone_null("checked_at"))
                .col(integer("version").default(1))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_spot_check_item_round_id")
                        .from("spot_check_item", "round_id")
                        .to("spot_check_round", "id"),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_spot_check_item_household_id")
                        .from("spot_check_item", "household_id")
                        .to("household", "id"),
                )
                .to_owned(),
        )
        .await?;
        // A household is sampled at most once per round; the index also
        // serves a round's items in scope order.
        m.create_index(
            Index::create()
                .name("ux_spot_check_item_round_household")
                .table("spot_check_item")
                .col("round_id")
                .col("household_id")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_spot_check_item_round_scope")
                .table("spot_check_item")
                .col("round_id")
                .col("scope_key")
                .col("id")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("spot_check_finding")
                .col(uuid("id").primary_key())
                .col(uuid("item_id"))
                .col(uuid("round_id"))
                .col(uuid("person_id"))
                .col(big_integer("scope_key"))
                .col(string_len("result", 24))
                .col(string_len_null("category", 24))
                .col(uuid_null("classification_id"))
                .col(text_null("reason"))
                .col(text_null("rectification"))
                .col(uuid_null("rectified_by"))
                .col(timestamp_with_time_zone_null("rectified_at"))
                .col(integer("version").default(1))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_spot_check_finding_item_id")
                        .from("spot_check_finding", "item_id")
                        .to("spot_check_item", "id"),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_spot_check_finding_person_id")
                        .from("spot_check_finding", "person_id")
                        .to("person", "id"),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_spot_check_finding_item_person")
                .table("spot_check_finding")
                .col("item_id")
                .col("person_id")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_spot_check_finding_round_scope")
                .table("spot_check_finding")
                .col("round_id")
                .col("scope_key")
                .to_owned(),
        )
        .await?;

        let db = m.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            for table in SCOPED {
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
                     ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
                     CREATE POLICY liushou_scope ON {table} FOR ALL
                         USING (scope_key BETWEEN NULLIF(current_setting('liushou.key_lo', true), '')::bigint
                                              AND NULLIF(current_setting('liushou.key_hi', true), '')::bigint);"
                ))
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["spot_check_finding", "spot_check_item", "spot_check_round"] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
