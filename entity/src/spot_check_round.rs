//! 随机抽查轮次: the district's spot check of one quarter, drawn once with
//! a stored seed; its sample is frozen in `spot_check_item`.

use sea_orm::entity::prelude::*;

use crate::SpotCheckStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spot_check_round")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `2026-Q4` (China time); one round per quarter.
    pub quarter: String,
    /// The seed of the draw: the same seed over the same registry draws the
    /// same sample.
    pub seed: i64,
    /// Households sampled per town, and how many from each stratum.
    pub per_town: i32,
    pub classified: i32,
    pub unclassified: i32,
    /// By when the re-visits are due.
    pub due_on: Date,
    pub status: SpotCheckStatus,
    pub item_count: i32,
    /// SHA-256 over the sampled household ids in draw order: the frozen
    /// sample, checkable against the items at any time.
    pub sample_hash: String,
    pub drawn_by: Uuid,
    pub drawn_at: DateTimeUtc,
    pub closed_by: Option<Uuid>,
    pub closed_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
