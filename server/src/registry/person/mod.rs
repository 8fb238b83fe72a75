//! People (人): their facts, the duplicate check of ID numbers, the
//! audited reveal of a full number, and the scoped list.

pub mod duplicate;
mod list;
pub mod reveal;
mod write;

use chrono::NaiveDate;
use entity::{MaritalStatus, Relation, ResidenceStatus, SelfCare, Sex, person};
use uuid::Uuid;

pub use list::{PersonFilter, list};
pub use write::{add, update, update_in};

/// A person's facts as staff send them (registration, or a full
/// replacement on update), before validation: what
/// [`add`] and [`update`] check and store.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonFacts {
    pub name: String,
    /// As typed; for an update, a value the caller reads masked and sends
    /// back masked (or leaves out) keeps the stored one; `""` clears it.
    pub id_number: Option<String>,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    pub phone: Option<String>,
    pub relation_to_head: Relation,
    pub residence_status: ResidenceStatus,
    pub away_since: Option<NaiveDate>,
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
}

impl From<&person::Model> for PersonFacts {
    /// The facts on record, as a starting point for a change of some of
    /// them (a visit's change report).
    fn from(p: &person::Model) -> Self {
        Self {
            name: p.name.clone(),
            id_number: p.id_number.clone(),
            sex: p.sex,
            birth_date: p.birth_date,
            phone: p.phone.clone(),
            relation_to_head: p.relation_to_head,
            residence_status: p.residence_status,
            away_since: p.away_since,
            away_outside_county: p.away_outside_county,
            guardianship_capable: p.guardianship_capable,
            living_alone: p.living_alone,
            health: p.health.clone(),
            disability: p.disability.clone(),
            self_care: p.self_care,
            marital_status: p.marital_status,
            father_id: p.father_id,
            mother_id: p.mother_id,
            spouse_id: p.spouse_id,
        }
    }
}
