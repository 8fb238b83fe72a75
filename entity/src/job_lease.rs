//! A lease on a background job, so that of several server instances
//! sharing one database exactly one runs it at a time.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_lease")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    /// The instance holding the lease, if any.
    pub holder: Option<String>,
    /// Unix seconds; a lease past this is free to take.
    pub expires_at: i64,
    /// The last (China) day for which the job ran to completion.
    pub last_completed_on: Option<Date>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
