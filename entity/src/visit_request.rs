//! A one-off visit owed by a deadline, such as the visit within 24 hours
//! after an emergency report. Open until a visit of the requested kind (that
//! saw the person, when one is named) clears it.

use sea_orm::entity::prelude::*;

use crate::VisitKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "visit_request")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub household_id: Uuid,
    pub person_id: Option<Uuid>,
    /// The kind of visit that clears the request.
    pub kind: VisitKind,
    /// The schedule row that sets the deadline, e.g. `EMERGENCY`.
    pub reason: String,
    /// What raised it, e.g. `alert` and the alert's id.
    pub source_type: Option<String>,
    pub source_id: Option<Uuid>,
    pub requested_at: DateTimeUtc,
    pub requested_by: Option<Uuid>,
    pub done_visit_id: Option<Uuid>,
    pub done_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
