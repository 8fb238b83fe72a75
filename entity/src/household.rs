//! 户: a registered household in a village (and usually a grid).

use sea_orm::entity::prelude::*;

use crate::EconomicStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "household")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The grid, or the village when the village has no grids.
    pub region_id: Uuid,
    /// The region's padded code; see `region::scope_span`.
    pub scope_key: i64,
    pub address: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub economic_status: EconomicStatus,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
