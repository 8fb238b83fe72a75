//! A category held (or suggested) for a person, with its current state.
//! Transitions are kept in `classification_event`.

use sea_orm::entity::prelude::*;

use crate::{CareLevel, Category, ClassificationStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "classification")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub scope_key: i64,
    pub category: Category,
    pub status: ClassificationStatus,
    pub care_level: Option<CareLevel>,
    /// Machine-readable reasons, e.g. `["FATHER_AWAY_SINCE 2025-03-01"]`.
    pub reasons: Json,
    pub since: Date,
    pub until: Option<Date>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTimeUtc>,
    pub note: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
