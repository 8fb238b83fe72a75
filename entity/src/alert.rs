//! 强制报告: an alert about a child that the town and the district must
//! acknowledge. One alert covers one episode: while the situation lasts
//! (`cleared_on` is null) no second alert of the same kind is raised.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "alert")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    /// Copied from the person so that row scope needs no join.
    pub scope_key: i64,
    pub kind: AlertKind,
    pub status: AlertStatus,
    /// Machine-readable reasons, like a classification's.
    pub reasons: Json,
    pub raised_at: DateTimeUtc,
    /// The day the rules first found the situation over; `None` while it lasts.
    pub cleared_on: Option<Date>,
    pub acknowledged_by: Option<Uuid>,
    pub acknowledged_at: Option<DateTimeUtc>,
    pub note: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// What the alert is about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize, async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AlertKind {
    /// 独居: a child under 16 recorded as living alone.
    #[sea_orm(string_value = "CHILD_LIVING_ALONE")]
    ChildLivingAlone,
    /// 监护缺失: a parent without guardianship capacity and no capable
    /// adult at home.
    #[sea_orm(string_value = "GUARDIAN_INCAPABLE")]
    GuardianIncapable,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize, async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AlertStatus {
    #[sea_orm(string_value = "OPEN")]
    Open,
    #[sea_orm(string_value = "ACKNOWLEDGED")]
    Acknowledged,
}

impl AlertKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ChildLivingAlone => "CHILD_LIVING_ALONE",
            Self::GuardianIncapable => "GUARDIAN_INCAPABLE",
        }
    }
}
