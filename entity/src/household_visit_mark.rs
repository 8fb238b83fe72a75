//! The latest visits of a household that matter for its obligations, kept
//! up to date by every recorded visit: a fact derived from `visit`, stored
//! so that the work list reads one row per household instead of scanning
//! every visit ever made.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "household_visit_mark")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub household_id: Uuid,
    /// The household's, kept in step when it moves: coverage counts need no join.
    pub scope_key: i64,
    /// The latest visit of any kind.
    pub last_visit_at: Option<DateTimeUtc>,
    /// The latest visit that counts as the monthly sweep.
    pub last_monthly_sweep_at: Option<DateTimeUtc>,
    /// The latest visit that counts as the town's quarterly sweep.
    pub last_quarterly_sweep_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
