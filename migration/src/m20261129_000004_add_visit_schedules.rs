//! Visits as obligations: the schedule table with the notice's default
//! frequencies, the per-household and per-person marks of the latest
//! relevant visits, the people seen on each visit as rows, one-off visit
//! requests (the 24-hour visit after an emergency report), and the living,
//! safety and health findings of a visit.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Created in this order, dropped in reverse.
const TABLES: [&str; 5] =
    ["visit_schedule", "household_visit_mark", "person_visit_mark", "visit_person", "visit_request"];

/// The notice's frequencies (DOMAIN.md "Care levels and visit frequency",
/// "Screening sweeps"): obligation, unit, every, notice in hours. `MONTH`
/// means calendar periods in China time; `DAY` and `HOUR` roll from the
/// last visit. Frozen here as shipped; the server keeps its own copy as the
/// fallback for a missing row.
const DEFAULTS: [(&str, &str, i32, i32); 6] = [
    ("MONTHLY_SWEEP", "MONTH", 1, 0),
    ("QUARTERLY_SWEEP", "MONTH", 3, 0),
    ("CARE_HIGH", "DAY", 7, 48),
    ("CARE_KEY", "MONTH", 1, 0),
    ("CARE_GENERAL", "MONTH", 3, 0),
    ("EMERGENCY", "HOUR", 24, 24),
];

/// Visit columns added here, dropped by `down()`.
const VISIT_COLUMNS: [&str; 3] = ["living", "safety", "health"];

fn fk(from: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from}_{col}"))
        .from(from, col)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

fn index(table: &'static str, cols: &[&'static str]) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(format!("ix_{table}_{}", cols.join("_"))).table(table);
    for col in cols {
        stmt.col(*col);
    }
    stmt.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("visit_schedule")
                .col(string_len("obligation", 24).primary_key())
                .col(string_len("unit", 8))
                .col(integer("every"))
                .col(integer("notice_hours"))
                .col(timestamp_with_time_zone_null("updated_at"))
                .to_owned(),
        )
        .await?;
        let mut seed = Query::insert();
        seed.into_table("visit_schedule").columns(["obligation", "unit", "every", "notice_hours"]);
        for (obligation, unit, every, notice) in DEFAULTS {
            seed.values([obligation.into(), unit.into(), every.into(), notice.into()])
                .map_err(|err| DbErr::Migration(err.to_string()))?;
        }
        m.exec_stmt(seed).await?;

        m.create_table(
            Table::create()
                .table("household_visit_mark")
                .col(uuid("household_id").primary_key())
                .col(big_integer("scope_key"))
                .col(timestamp_with_time_zone_null("last_visit_at"))
                .col(timestamp_with_time_zone_null("last_monthly_sweep_at"))
                .col(timestamp_with_time_zone_null("last_quarterly_sweep_at"))
                .foreign_key(&mut fk("household_visit_mark", "household_id", "household"))
                .to_owned(),
        )
        .await?;
        // The work list walks these in order of the last sweep (oldest first);
        // coverage counts them per scope key.
        for col in ["last_monthly_sweep_at", "last_quarterly_sweep_at"] {
            m.create_index(index("household_visit_mark", &[col, "household_id"])).await?;
            m.create_index(index("household_visit_mark", &["scope_key", col])).await?;
        }

        m.create_table(
            Table::create()
                .table("person_visit_mark")
                .col(uuid("person_id").primary_key())
                .col(timestamp_with_time_zone_null("last_seen_at"))
                .col(timestamp_with_time_zone_null("last_care_visit_at"))
                .foreign_key(&mut fk("person_visit_mark", "person_id", "person"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("person_visit_mark", &["last_care_visit_at", "person_id"])).await?;

        m.create_table(
            Table::create()
                .table("visit_person")
                .col(uuid("visit_id"))
                .col(uuid("person_id"))
                .primary_key(Index::create().col("visit_id").col("person_id"))
                .foreign_key(&mut fk("visit_person", "visit_id", "visit"))
                .foreign_key(&mut fk("visit_person", "person_id", "person"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("visit_person", &["person_id", "visit_id"])).await?;

        m.create_table(
            Table::create()
                .table("visit_request")
                .col(pk_uuid("id"))
                .col(uuid("household_id"))
                .col(uuid_null("person_id"))
                .col(string_len("kind", 24))
                .col(string_len("reason", 24))
                .col(string_len_null("source_type", 32))
                .col(uuid_null("source_id"))
                .col(timestamp_with_time_zone("requested_at"))
                .col(uuid_null("requested_by"))
                .col(uuid_null("done_visit_id"))
                .col(timestamp_with_time_zone_null("done_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("visit_request", "household_id", "household"))
                .foreign_key(&mut fk("visit_request", "person_id", "person"))
                .foreign_key(&mut fk("visit_request", "done_visit_id", "visit"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("visit_request", &["household_id", "done_at"])).await?;
        m.create_index(index("visit_request", &["done_at", "requested_at"])).await?;

        for col in VISIT_COLUMNS {
            // One column per statement: SQLite alters one thing at a time.
            m.alter_table(Table::alter().table("visit").add_column(text_null(col)).to_owned()).await?;
        }
        // The work list walks households never swept in registration order.
        m.create_index(index("household", &["created_at", "id"])).await?;
        // People under care, per level, in order of confirmation: the work
        // list's walk for those never visited. An expression and a partial
        // index, in the one syntax SQLite and PostgreSQL share.
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX ix_classification_confirmed_care ON classification \
                 (care_level, COALESCE(decided_at, created_at)) WHERE status = 'CONFIRMED'",
            )
            .await?;

        // Visits recorded before this migration (none through the API, which
        // had no way to record one) get their marks, so that nothing is owed
        // twice. Portable SQL: string timestamps on SQLite compare in time
        // order because they all share sqlx's RFC 3339 form.
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO household_visit_mark \
                 (household_id, scope_key, last_visit_at, last_monthly_sweep_at, last_quarterly_sweep_at) \
                 SELECT v.household_id, h.scope_key, MAX(v.visited_at), \
                 MAX(CASE WHEN v.kind IN ('MONTHLY_SWEEP', 'QUARTERLY_SWEEP') THEN v.visited_at END), \
                 MAX(CASE WHEN v.kind = 'QUARTERLY_SWEEP' THEN v.visited_at END) \
                 FROM visit v JOIN household h ON h.id = v.household_id GROUP BY v.household_id, h.scope_key",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ix_classification_confirmed_care").table("classification").to_owned()).await?;
        m.drop_index(Index::drop().name("ix_household_created_at_id").table("household").to_owned()).await?;
        for col in VISIT_COLUMNS {
            m.alter_table(Table::alter().table("visit").drop_column(col).to_owned()).await?;
        }
        for table in TABLES.iter().rev() {
            m.drop_table(Table::drop().table(*table).to_owned()).await?;
        }
        Ok(())
    }
}
