//! 人: a registered member of a household.

use sea_orm::entity::prelude::*;

use crate::{MaritalStatus, Relation as FamilyRelation, ResidenceStatus, SelfCare, Sex};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "person")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub household_id: Uuid,
    /// Copied from the household so that row scope needs no join.
    pub scope_key: i64,
    pub name: String,
    /// 18-character 公民身份号码, upper-case X; unique when present.
    #[sea_orm(unique)]
    pub id_number: Option<String>,
    pub sex: Option<Sex>,
    pub birth_date: Option<Date>,
    pub phone: Option<String>,
    pub relation_to_head: FamilyRelation,
    pub residence_status: ResidenceStatus,
    pub away_since: Option<Date>,
    pub away_outside_county: Option<bool>,
    pub guardianship_capable: Option<bool>,
    pub living_alone: Option<bool>,
    pub health: Option<String>,
    pub disability: Option<String>,
    pub self_care: Option<SelfCare>,
    pub marital_status: Option<MaritalStatus>,
    pub father_id: Option<Uuid>,
    pub mother_id: Option<Uuid>,
    pub spouse_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
