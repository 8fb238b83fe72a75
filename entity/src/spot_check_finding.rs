//! The result of a spot check for one person of the sampled household,
//! and the town's rectification (整改) of it.

use sea_orm::entity::prelude::*;

use crate::{Category, SpotCheckResult};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spot_check_finding")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub item_id: Uuid,
    pub round_id: Uuid,
    pub person_id: Uuid,
    pub scope_key: i64,
    pub result: SpotCheckResult,
    /// For a missed report: the category the person should have had.
    pub category: Option<Category>,
    /// The suggestion a missed report created, or the classification a
    /// wrong report rejected.
    pub classification_id: Option<Uuid>,
    /// The checker's reason (free text: may name people).
    pub reason: Option<String>,
    /// The town's answer (整改说明), once the round is closed.
    pub rectification: Option<String>,
    pub rectified_by: Option<Uuid>,
    pub rectified_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
