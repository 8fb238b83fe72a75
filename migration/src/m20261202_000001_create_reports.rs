//! The reporting chain (上报): village monthly reports and town quarterly
//! ledgers (信息台账) as frozen snapshots, their rows, and the deadlines.
//!
//! A report's rows are written once, when it is prepared, and never
//! updated: what a town accepted is what stays on record, whatever the
//! registry says later. ID numbers are stored only in their masked form, so
//! a ledger (and its export) holds no more than any staff tier reads.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Default deadlines: the day of the month after the period by which a
/// report is due (village by the 5th, town by the 10th).
const DEADLINES: [(&str, i32); 2] = [("VILLAGE", 5), ("TOWN", 10)];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("report")
                .col(uuid("id").primary_key())
                .col(uuid("region_id"))
                .col(string_len("level", 24))
                .col(string_len("period", 8))
                .col(timestamp_with_time_zone("period_start"))
                .col(timestamp_with_time_zone("period_end"))
                .col(integer("report_version"))
                .col(string_len("status", 24))
                .col(big_integer("key_lo"))
                .col(big_integer("key_hi"))
                .col(integer("row_count"))
                .col(json_binary("totals"))
                .col(uuid_null("previous_id"))
                .col(uuid("prepared_by"))
                .col(timestamp_with_time_zone("prepared_at"))
                .col(uuid_null("submitted_by"))
                .col(timestamp_with_time_zone_null("submitted_at"))
                .col(text_null("gap_reason"))
                .col(uuid_null("decided_by"))
                .col(timestamp_with_time_zone_null("decided_at"))
                .col(text_null("decision_note"))
                .col(integer("version").default(1))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(
                    ForeignKey::create().name("fk_report_region_id").from("report", "region_id").to("region", "id"),
                )
                .to_owned(),
        )
        .await?;
        // One row per version of a region's period: two people preparing
        // the same version at once cannot both succeed.
        m.create_index(
            Index::create()
                .name("ux_report_region_period_version")
                .table("report")
                .col("region_id")
                .col("period")
                .col("report_version")
                .unique()
                .to_owned(),
        )
        .await?;
        // Row scope: reports of the regions under a caller.
        m.create_index(Index::create().name("ix_report_key_lo").table("report").col("key_lo").to_owned()).await?;

        m.create_table(
            Table::create()
                .table("report_row")
                .col(uuid("id").primary_key())
                .col(uuid("report_id"))
                .col(integer("seq"))
                .col(uuid("person_id"))
                .col(big_integer("scope_key"))
                .col(string_len("town_name", 64))
                .col(string_len("village_name", 64))
                .col(string_len("village_code", 15))
                .col(string_len("address", 200))
                .col(string_len("name", 64))
                .col(string_len_null("sex", 24))
                .col(date_null("birth_date"))
                .col(string_len_null("id_number", 24))
                .col(json_binary("categories"))
                // `,LEFT_BEHIND_CHILD,…,`: filtering by category with a
                // portable LIKE, which a JSON column does not allow on both.
                .col(string_len("category_codes", 100))
                .col(string_len_null("care_level", 24))
                .col(timestamp_with_time_zone_null("last_visit_at"))
                .col(string_len_null("last_visit_kind", 24))
                .col(json_binary("needs"))
                .col(string_len("change", 24))
                .col(json_binary("changed_fields"))
                .col(text_null("end_reason"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_report_row_report_id")
                        .from("report_row", "report_id")
                        .to("report", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_report_row_report_seq")
                .table("report_row")
                .col("report_id")
                .col("seq")
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("report_deadline")
                .col(string_len("level", 24).primary_key())
                .col(integer("due_day"))
                .to_owned(),
        )
        .await?;
        let mut seed = Query::insert();
        seed.into_table("report_deadline").columns(["level", "due_day"]);
        for (level, day) in DEADLINES {
            seed.values([level.into(), day.into()]).map_err(|err| DbErr::Migration(err.to_string()))?;
        }
        m.exec_stmt(seed).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("report_deadline").to_owned()).await?;
        m.drop_table(Table::drop().table("report_row").to_owned()).await?;
        m.drop_table(Table::drop().table("report").to_owned()).await
    }
}
