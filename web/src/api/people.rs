//! People: one person's page, adding one to a household, editing one.

use serde::{Deserialize, Serialize};

use super::care::classification_fields;
use super::regions::region_with_trail;
use super::{ApiError, execute, missing_if_bad_id};
use crate::model::{MaritalStatus, PersonDetail, Relation, ResidenceStatus, Saved, SelfCare, Sex};

/// `PersonInput`: the whole person, as `updatePerson` replaces it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
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

/// One person with relatives and household; `None` when missing or out of reach.
pub async fn detail(token: Option<String>, id: String) -> Result<Option<PersonDetail>, ApiError> {
    const QUERY: &str = concat!(
        "query Person($id: ID!) { person(id: $id) {
            id version name sex birthDate age idNumber phone relationToHead residenceStatus
            awaySince awayOutsideCounty guardianshipCapable livingAlone health disability
            selfCare maritalStatus createdAt updatedAt
            father { id name } mother { id name } spouse { id name }
            classifications { ",
        classification_fields!(),
        " }
            household { id address members { id name sex } region { ",
        region_with_trail!(),
        " } }
        } }"
    );
    #[derive(Serialize)]
    struct Vars {
        id: String,
    }
    #[derive(Deserialize)]
    struct Data {
        person: Option<PersonDetail>,
    }
    missing_if_bad_id(execute("Person", QUERY, &Vars { id }, token).await.map(|data: Data| data.person))
}

/// Registers a person in a household.
pub async fn add(token: Option<String>, household_id: String, input: PersonInput) -> Result<Saved, ApiError> {
    const QUERY: &str = "mutation AddPerson($householdId: ID!, $input: PersonInput!) {
        addPerson(householdId: $householdId, input: $input) { id version }
    }";
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Vars {
        household_id: String,
        input: PersonInput,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        add_person: Saved,
    }
    let data: Data = execute("AddPerson", QUERY, &Vars { household_id, input }, token).await?;
    Ok(data.add_person)
}

/// Replaces a person's facts; `version` is the one last read.
pub async fn update(token: Option<String>, id: String, version: i32, input: PersonInput) -> Result<Saved, ApiError> {
    const QUERY: &str = "mutation UpdatePerson($id: ID!, $version: Int!, $input: PersonInput!) {
        updatePerson(id: $id, version: $version, input: $input) { id version }
    }";
    #[derive(Serialize)]
    struct Vars {
        id: String,
        version: i32,
        input: PersonInput,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Data {
        update_person: Saved,
    }
    let data: Data = execute("UpdatePerson", QUERY, &Vars { id, version, input }, token).await?;
    Ok(data.update_person)
}
