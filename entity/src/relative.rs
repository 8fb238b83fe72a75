//! A relative of a person who is not in this registry (a child whose
//! household registration moved to the city, a parent registered in another
//! county): the few facts the discovery rules need, carried on the person.
//! `scope_key` is the person's, so row scope and row-level security apply
//! as to the person, and it follows the person's household when it moves.

use sea_orm::entity::prelude::*;
use serde::Serialize;

use crate::KinRelation;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "relative")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub scope_key: i64,
    pub relation: KinRelation,
    /// Away from home since; `None` while living at home (or back home).
    pub away_since: Option<Date>,
    pub outside_county: Option<bool>,
    pub deceased: bool,
    /// `None`: not recorded (presumed capable, as for registered parents).
    pub guardianship_capable: Option<bool>,
    pub note: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
