//! When reports are due: configuration read on every request, so a change
//! applies on every instance at once.

use sea_orm::entity::prelude::*;

use crate::RegionLevel;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_deadline")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub level: RegionLevel,
    /// Day of the month after the period by which the report is due
    /// (inclusive, China time).
    pub due_day: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
