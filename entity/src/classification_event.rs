//! One transition of a classification: who moved it from what to what, why.

use sea_orm::entity::prelude::*;

use crate::{CareLevel, ClassificationStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "classification_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub classification_id: Uuid,
    pub from_status: Option<ClassificationStatus>,
    pub to_status: ClassificationStatus,
    /// `None` for the rules engine.
    pub actor_id: Option<Uuid>,
    pub reason: Option<String>,
    /// The care level after this event (set on confirmation and overrides).
    pub care_level: Option<CareLevel>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
