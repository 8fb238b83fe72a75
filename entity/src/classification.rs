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
    /// Decided by the confirmer; `None` until confirmed.
    pub care_level: Option<CareLevel>,
    /// Machine-readable reasons, e.g. `["FATHER_AWAY_SINCE 2025-03-01"]`.
    pub reasons: Json,
    pub since: Date,
    pub until: Option<Date>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTimeUtc>,
    pub note: Option<String>,
    /// What the rules propose from the facts; the confirmer may override it.
    pub suggested_care_level: Option<CareLevel>,
    /// Why that care level, e.g. `["AGE_80_LIVING_ALONE"]`.
    pub care_reasons: Option<Json>,
    /// Why the facts stopped matching, for an `ENDED` classification.
    pub end_reasons: Option<Json>,
    /// A hash of the category's reasons: a rejected suggestion returns only
    /// when this changes, i.e. when the facts behind it change.
    pub fingerprint: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
