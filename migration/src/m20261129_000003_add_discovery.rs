//! Active discovery (issue #4): what the rules engine keeps on a
//! classification (suggested care level, its reasons, why it ended, the
//! fingerprint that stops a rejected suggestion from returning), the care
//! level on each classification event, mandatory-report alerts, and the
//! lease that lets one of several server instances run the daily job.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Columns added to `classification`, one statement each: SQLite alters
/// one column at a time.
fn classification_columns() -> [ColumnDef; 4] {
    [
        string_len_null("suggested_care_level", 24),
        json_binary_null("care_reasons"),
        json_binary_null("end_reasons"),
        string_len_null("fingerprint", 32),
    ]
}

/// At most one open (suggested or confirmed) classification per person and
/// category, and one alert per person and kind while its situation lasts.
/// Partial indexes have the same syntax on SQLite and PostgreSQL.
const UNIQUE_OPEN: [(&str, &str); 2] = [
    (
        "ux_classification_open",
        "CREATE UNIQUE INDEX ux_classification_open ON classification (person_id, category) \
         WHERE status IN ('SUGGESTED', 'CONFIRMED')",
    ),
    (
        "ux_alert_uncleared",
        "CREATE UNIQUE INDEX ux_alert_uncleared ON alert (person_id, kind) WHERE cleared_on IS NULL",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for mut col in classification_columns() {
            m.alter_table(Table::alter().table("classification").add_column(&mut col).to_owned()).await?;
        }
        m.alter_table(
            Table::alter().table("classification_event").add_column(string_len_null("care_level", 24)).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("alert")
                .col(pk_uuid("id"))
                .col(uuid("person_id"))
                .col(big_integer("scope_key"))
                .col(string_len("kind", 24))
                .col(string_len("status", 24))
                .col(json_binary("reasons"))
                .col(timestamp_with_time_zone("raised_at"))
                .col(date_null("cleared_on"))
                .col(uuid_null("acknowledged_by"))
                .col(timestamp_with_time_zone_null("acknowledged_at"))
                .col(text_null("note"))
                .col(integer("version").default(1))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_alert_person_id")
                        .from("alert", "person_id")
                        .to("person", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_alert_acknowledged_by")
                        .from("alert", "acknowledged_by")
                        .to("app_user", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_alert_status_scope_key").table("alert").col("status").col("scope_key").to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_alert_scope_key").table("alert").col("scope_key").to_owned()).await?;

        m.create_table(
            Table::create()
                .table("job_lease")
                .col(string_len("name", 64).primary_key())
                .col(string_len_null("holder", 64))
                .col(big_integer("expires_at"))
                .col(date_null("last_completed_on"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;

        for (_, sql) in UNIQUE_OPEN {
            m.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in UNIQUE_OPEN {
            m.get_connection().execute_unprepared(&format!("DROP INDEX IF EXISTS {name}")).await?;
        }
        m.drop_table(Table::drop().table("job_lease").to_owned()).await?;
        m.drop_table(Table::drop().table("alert").to_owned()).await?;
        m.alter_table(Table::alter().table("classification_event").drop_column("care_level").to_owned()).await?;
        for col in classification_columns().iter().rev() {
            let name = col.get_column_name();
            m.alter_table(Table::alter().table("classification").drop_column(name).to_owned()).await?;
        }
        Ok(())
    }
}
