//! People: one person's page, adding one to a household, editing one.

use super::{ApiError, execute, execute_once, missing_if_bad_id, queries};
use crate::json::{self, ToJson, to_json};
use crate::model::{MaritalStatus, PersonDetail, Relation, ResidenceStatus, Saved, SelfCare, Sex};

/// `PersonInput`: the whole person, as `updatePerson` replaces it.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonInput {
    pub name: String,
    pub id_number: Option<String>,
    pub sex: Option<Sex>,
    pub birth_date: Option<String>,
    pub phone: Option<String>,
    pub relation_to_head: Relation,
    pub residence_status: ResidenceStatus,
    pub away_since: Option<String>,
    pub away_outside_county: Option<bool>,
    pub guardianship_capable: Option<bool>,
    pub living_alone: Option<bool>,
    pub health: Option<String>,
    pub disability: Option<String>,
    pub self_care: Option<SelfCare>,
    pub marital_status: Option<MaritalStatus>,
    pub father_id: Option<String>,
    pub mother_id: Option<String>,
    pub spouse_id: Option<String>,
}

to_json!(PersonInput {
    name: "name",
    id_number: "idNumber",
    sex: "sex",
    birth_date: "birthDate",
    phone: "phone",
    relation_to_head: "relationToHead",
    residence_status: "residenceStatus",
    away_since: "awaySince",
    away_outside_county: "awayOutsideCounty",
    guardianship_capable: "guardianshipCapable",
    living_alone: "livingAlone",
    health: "health",
    disability: "disability",
    self_care: "selfCare",
    marital_status: "maritalStatus",
    father_id: "fatherId",
    mother_id: "motherId",
    spouse_id: "spouseId",
});

/// One person with relatives and household; `None` when missing or out of reach.
pub async fn detail(token: Option<String>, id: String) -> Result<Option<PersonDetail>, ApiError> {
    let vars = json::object(vec![("id", id.to_json())]);
    missing_if_bad_id(execute(&queries::PERSON, vars, token).await)
}

/// Registers a person in a household.
pub async fn add(token: Option<String>, household_id: String, input: PersonInput) -> Result<Saved, ApiError> {
    let vars = json::object(vec![("householdId", household_id.to_json()), ("input", input.to_json())]);
    execute_once(&queries::ADD_PERSON, vars, token).await
}

/// Replaces a person's facts; `version` is the one last read.
pub async fn update(token: Option<String>, id: String, version: i32, input: PersonInput) -> Result<Saved, ApiError> {
    let vars = json::object(vec![("id", id.to_json()), ("version", version.to_json()), ("input", input.to_json())]);
    execute(&queries::UPDATE_PERSON, vars, token).await
}
