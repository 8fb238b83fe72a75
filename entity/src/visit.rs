//! 入户走访 / 探访: one visit to one household.

use sea_orm::entity::prelude::*;

use crate::VisitKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
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
    /// Ids of the people seen (also in `visit_person`, which is indexed).
    pub person_ids: Json,
    pub findings: Option<String>,
    /// `Need` values.
    pub needs: Json,
    pub policies_explained: Json,
    pub follow_up: bool,
    pub created_at: DateTimeUtc,
    /// 生活状况 found on the visit.
    pub living: Option<String>,
    /// 安全状况.
    pub safety: Option<String>,
    /// 健康状况.
    pub health: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
