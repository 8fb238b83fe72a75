//! 入户走访 / 探访: one visit to one household.

use sea_orm::entity::prelude::*;

use crate::VisitKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "visit")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub household_id: Uuid,
    pub scope_key: i64,
    pub visitor_id: Uuid,
    pub kind: VisitKind,
    pub visited_at: DateTimeUtc,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    /// Ids of the people seen.
    pub person_ids: Json,
    pub findings: Option<String>,
    /// `Need` values.
    pub needs: Json,
    pub policies_explained: Json,
    pub follow_up: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
