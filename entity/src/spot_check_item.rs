//! One sampled household of a spot-check round: who re-visits it by when,
//! who last swept it (so responsibility is visible), and the re-visit.

use sea_orm::entity::prelude::*;

use crate::{SpotCheckItemStatus, SpotCheckStratum};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spot_check_item")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub round_id: Uuid,
    pub household_id: Uuid,
    /// The household's scope key at the draw.
    pub scope_key: i64,
    pub town_id: Uuid,
    /// The household's village, which answers for its sweeps.
    pub village_id: Option<Uuid>,
    pub stratum: SpotCheckStratum,
    /// Place in the town's stratum by draw order (0 first).
    pub rank: i32,
    pub assignee_id: Uuid,
    pub due_on: Date,
    /// The last monthly sweep of the household before the draw.
    pub last_sweep_by: Option<Uuid>,
    pub last_sweep_at: Option<DateTimeUtc>,
    pub status: SpotCheckItemStatus,
    /// The `SPOT_CHECK` visit that checked it.
    pub visit_id: Option<Uuid>,
    pub checked_by: Option<Uuid>,
    pub checked_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
