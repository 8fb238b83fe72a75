//! How often each visit obligation recurs (DOMAIN.md: "frequencies are
//! configuration, not code"). One row per obligation; the server reads the
//! table on every computation, so a change applies at once on every
//! instance.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "visit_schedule")]
pub struct Model {
    /// `MONTHLY_SWEEP`, `QUARTERLY_SWEEP`, `CARE_HIGH`, `CARE_KEY`,
    /// `CARE_GENERAL` or `EMERGENCY`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub obligation: String,
    /// `HOUR` or `DAY` (a rolling interval since the last visit) or `MONTH`
    /// (calendar periods of `every` months in China time, aligned to 1 January).
    pub unit: String,
    pub every: i32,
    /// Rolling intervals only: how many hours before it is due an
    /// obligation appears on the work list.
    pub notice_hours: i32,
    pub updated_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
