//! Registry lists page by `(scope_key, id)` (#15): one index serves both the
//! jurisdiction's range and the page order, so a page of a region costs the
//! same few index entries wherever the region's rows lie in id order. Each
//! replaces the table's index on `scope_key` alone, which it covers.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tables whose `scope_key`-only index the composite replaces.
const REPLACING: [&str; 4] = ["household", "person", "classification", "alert"];
/// Visits keep their `(scope_key, visited_at)` index for the coverage
/// figures and get the page order beside it.
const ADDED: [&str; 1] = ["visit"];

fn order_index(table: &str) -> IndexCreateStatement {
    Index::create()
        .name(format!("ix_{table}_scope_key_id"))
        .table(table.to_owned())
        .col("scope_key")
        .col("id")
        .to_owned()
}

fn key_index(table: &str) -> IndexCreateStatement {
    Index::create().name(format!("ix_{table}_scope_key")).table(table.to_owned()).col("scope_key").to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in REPLACING.iter().chain(&ADDED) {
            m.create_index(order_index(table)).await?;
        }
        for table in REPLACING {
            m.drop_index(Index::drop().name(format!("ix_{table}_scope_key")).table(table.to_owned()).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in REPLACING {
            m.create_index(key_index(table)).await?;
        }
        for table in REPLACING.iter().chain(&ADDED) {
            m.drop_index(Index::drop().name(format!("ix_{table}_scope_key_id")).table(table.to_owned()).to_owned())
                .await?;
        }
        Ok(())
    }
}
