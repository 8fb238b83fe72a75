//! The registry (regions, users, households, people), classifications,
//! visits, history and the audit log.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Creation order; `down()` drops in reverse so foreign keys never dangle.
const TABLES: [&str; 10] = [
    "region",
    "app_user",
    "api_token",
    "household",
    "person",
    "record_history",
    "classification",
    "classification_event",
    "visit",
    "audit_log",
];

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

fn stamps(t: &mut TableCreateStatement) -> &mut TableCreateStatement {
    t.col(integer("version").default(1))
        .col(timestamp_with_time_zone("created_at"))
        .col(timestamp_with_time_zone("updated_at"))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            stamps(
                Table::create()
                    .table("region")
                    .col(pk_uuid("id"))
                    .col(uuid_null("parent_id"))
                    .col(string_len("level", 24))
                    .col(string_len_uniq("code", 15))
                    .col(string("name"))
                    .col(boolean("rural"))
                    .col(big_integer("key_lo"))
                    .col(big_integer("key_hi"))
                    .col(double_null("lat"))
                    .col(double_null("lng"))
                    .foreign_key(&mut fk("region", "parent_id", "region")),
            )
            .to_owned(),
        )
        .await?;
        m.create_index(index("region", &["parent_id"])).await?;
        m.create_index(index("region", &["key_lo"])).await?;

        m.create_table(
            stamps(
                Table::create()
                    .table("app_user")
                    .col(pk_uuid("id"))
                    .col(string_len_uniq("username", 64))
                    .col(string("display_name"))
                    .col(string_len("role", 24))
                    .col(uuid("region_id"))
                    .col(string("password_hash"))
                    .col(boolean("active"))
                    .foreign_key(&mut fk("app_user", "region_id", "region")),
            )
            .to_owned(),
        )
        .await?;
        m.create_index(index("app_user", &["region_id"])).await?;

        m.create_table(
            Table::create()
                .table("api_token")
                .col(pk_uuid("id"))
                .col(string("name"))
                .col(uuid("region_id"))
                .col(string_len_uniq("token_hash", 64))
                .col(timestamp_with_time_zone_null("expires_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .col(uuid("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("api_token", "region_id", "region"))
                .foreign_key(&mut fk("api_token", "created_by", "app_user"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            stamps(
                Table::create()
                    .table("household")
                    .col(pk_uuid("id"))
                    .col(uuid("region_id"))
                    .col(big_integer("scope_key"))
                    .col(string("address"))
                    .col(double_null("lat"))
                    .col(double_null("lng"))
                    .col(string_len("economic_status", 24))
                    .foreign_key(&mut fk("household", "region_id", "region")),
            )
            .to_owned(),
        )
        .await?;
        m.create_index(index("household", &["scope_key"])).await?;
        m.create_index(index("household", &["region_id"])).await?;

        m.create_table(
            stamps(
                Table::create()
                    .table("person")
                    .col(pk_uuid("id"))
                    .col(uuid("household_id"))
                    .col(big_integer("scope_key"))
                    .col(string("name"))
                    .col(string_len_null("id_number", 18).unique_key())
                    .col(string_len_null("sex", 24))
                    .col(date_null("birth_date"))
                    .col(string_len_null("phone", 20))
                    .col(string_len("relation_to_head", 24))
                    .col(string_len("residence_status", 24))
                    .col(date_null("away_since"))
                    .col(boolean_null("away_outside_county"))
                    .col(boolean_null("guardianship_capable"))
                    .col(boolean_null("living_alone"))
                    .col(text_null("health"))
                    .col(text_null("disability"))
                    .col(string_len_null("self_care", 24))
                    .col(string_len_null("marital_status", 24))
                    .col(uuid_null("father_id"))
                    .col(uuid_null("mother_id"))
                    .col(uuid_null("spouse_id"))
                    .foreign_key(&mut fk("person", "household_id", "household"))
                    .foreign_key(&mut fk("person", "father_id", "person"))
                    .foreign_key(&mut fk("person", "mother_id", "person"))
                    .foreign_key(&mut fk("person", "spouse_id", "person")),
            )
            .to_owned(),
        )
        .await?;
        for col in ["household_id", "scope_key", "father_id", "mother_id", "spouse_id"] {
            m.create_index(index("person", &[col])).await?;
        }

        m.create_table(
            Table::create()
                .table("record_history")
                .col(pk_uuid("id"))
                .col(string_len("entity", 24))
                .col(uuid("entity_id"))
                .col(integer("version"))
                .col(json_binary("snapshot"))
                .col(uuid_null("changed_by"))
                .col(timestamp_with_time_zone("changed_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("record_history", &["entity_id", "version"]).unique().to_owned()).await?;

        m.create_table(
            stamps(
                Table::create()
                    .table("classification")
                    .col(pk_uuid("id"))
                    .col(uuid("person_id"))
                    .col(big_integer("scope_key"))
                    .col(string_len("category", 24))
                    .col(string_len("status", 24))
                    .col(string_len_null("care_level", 24))
                    .col(json_binary("reasons"))
                    .col(date("since"))
                    .col(date_null("until"))
                    .col(uuid_null("decided_by"))
                    .col(timestamp_with_time_zone_null("decided_at"))
                    .col(text_null("note"))
                    .foreign_key(&mut fk("classification", "person_id", "person")),
            )
            .to_owned(),
        )
        .await?;
        for cols in [&["person_id"][..], &["scope_key"], &["status", "scope_key"]] {
            m.create_index(index("classification", cols)).await?;
        }

        m.create_table(
            Table::create()
                .table("classification_event")
                .col(pk_uuid("id"))
                .col(uuid("classification_id"))
                .col(string_len_null("from_status", 24))
                .col(string_len("to_status", 24))
                .col(uuid_null("actor_id"))
                .col(text_null("reason"))
                .col(timestamp_with_time_zone("at"))
                .foreign_key(&mut fk("classification_event", "classification_id", "classification"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("classification_event", &["classification_id"])).await?;

        m.create_table(
            Table::create()
                .table("visit")
                .col(pk_uuid("id"))
                .col(uuid("household_id"))
                .col(big_integer("scope_key"))
                .col(uuid("visitor_id"))
                .col(string_len("kind", 24))
                .col(timestamp_with_time_zone("visited_at"))
                .col(double_null("lat"))
                .col(double_null("lng"))
                .col(json_binary("person_ids"))
                .col(text_null("findings"))
                .col(json_binary("needs"))
                .col(json_binary("policies_explained"))
                .col(boolean("follow_up"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("visit", "household_id", "household"))
                .foreign_key(&mut fk("visit", "visitor_id", "app_user"))
                .to_owned(),
        )
        .await?;
        for cols in [&["household_id", "visited_at"][..], &["scope_key", "visited_at"]] {
            m.create_index(index("visit", cols)).await?;
        }

        m.create_table(
            Table::create()
                .table("audit_log")
                .col(big_pk_auto("seq"))
                .col(uuid_uniq("id"))
                .col(timestamp_with_time_zone("at"))
                .col(uuid_null("actor_id"))
                .col(string_len_null("actor_role", 24))
                .col(string_len_null("actor_region", 15))
                .col(string_len("action", 64))
                .col(string_len_null("target_type", 32))
                .col(uuid_null("target_id"))
                .col(uuid_null("person_id"))
                .col(text_null("reason"))
                .col(string_len_null("request_id", 64))
                .col(string_len_null("ip", 64))
                .col(string_len("outcome", 24))
                .col(json_binary("detail"))
                .col(string_len("prev_hash", 64))
                .col(string_len("hash", 64))
                .to_owned(),
        )
        .await?;
        for cols in [&["at"][..], &["actor_id", "at"], &["target_id"], &["person_id"]] {
            m.create_index(index("audit_log", cols)).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES.iter().rev() {
            m.drop_table(Table::drop().table(*table).to_owned()).await?;
        }
        Ok(())
    }
}
