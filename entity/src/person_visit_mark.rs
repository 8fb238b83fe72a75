//! The latest visits that saw a person, kept up to date by every recorded
//! visit (see `household_visit_mark`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person_visit_mark")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: Uuid,
    /// The latest visit of any kind that saw the person.
    pub last_seen_at: Option<DateTimeUtc>,
    /// The latest care visit (探访) that saw the person.
    pub last_care_visit_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
