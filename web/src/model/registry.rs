//! Households, people and counts, each in the shape one query asks for.

use crate::json::from_json;

use super::Region;
use super::enums::{EconomicStatus, MaritalStatus, Relation, ResidenceStatus, SelfCare, Sex};

/// A row of the household table.
#[derive(Clone, Debug, PartialEq)]
pub struct HouseholdRow {
    pub id: String,
    pub address: Option<String>,
    pub region: Option<Region>,
    pub economic_status: Option<EconomicStatus>,
    pub members: Vec<PersonRef>,
}

/// What the map needs of a household, and no more: thousands are loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct HouseholdPoint {
    pub id: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub economic_status: Option<EconomicStatus>,
    pub address: Option<String>,
    /// The members' confirmed classifications, asked for with only
    /// `id category status careLevel`: what the map's colours need.
    pub classifications: Vec<super::Classification>,
}

/// A household page: its facts and its members.
#[derive(Clone, Debug, PartialEq)]
pub struct HouseholdDetail {
    pub id: String,
    pub version: i32,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub economic_status: Option<EconomicStatus>,
    pub region: Option<Region>,
    pub members: Vec<Member>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

/// A row of a household's member table.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub id: String,
    pub name: Option<String>,
    pub sex: Option<Sex>,
    pub age: Option<i32>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub relation_to_head: Option<Relation>,
    pub residence_status: Option<ResidenceStatus>,
}

/// A link to a person: relatives, household members in a list.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonRef {
    pub id: String,
    pub name: Option<String>,
    pub sex: Option<Sex>,
}

/// The household a person page links to.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonHousehold {
    pub id: String,
    pub address: Option<String>,
    pub region: Option<Region>,
    pub members: Vec<PersonRef>,
}

/// A person page: every field the API returns to the caller's role, as
/// given (masked values stay masked).
#[derive(Clone, Debug, PartialEq)]
pub struct PersonDetail {
    pub id: String,
    pub version: i32,
    pub name: Option<String>,
    pub sex: Option<Sex>,
    pub birth_date: Option<String>,
    pub age: Option<i32>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub relation_to_head: Option<Relation>,
    pub residence_status: Option<ResidenceStatus>,
    pub away_since: Option<String>,
    pub away_outside_county: Option<bool>,
    pub guardianship_capable: Option<bool>,
    pub living_alone: Option<bool>,
    pub health: Option<String>,
    pub disability: Option<String>,
    pub self_care: Option<SelfCare>,
    pub marital_status: Option<MaritalStatus>,
    pub father: Option<PersonRef>,
    pub mother: Option<PersonRef>,
    pub spouse: Option<PersonRef>,
    pub household: Option<PersonHousehold>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    /// `None` when the role may not see them.
    pub classifications: Option<Vec<super::Classification>>,
}

/// What a mutation hands back: enough to find the record again.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    pub id: String,
    pub version: i32,
}

/// A child region with the number of households and people in its subtree.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionCount {
    pub region: Region,
    pub households: i64,
    pub people: i64,
}

from_json!(HouseholdRow {
    id: "id",
    address: "address",
    region: "region",
    economic_status: "economicStatus",
    members: "members"
});
from_json!(HouseholdPoint {
    id: "id",
    lat: "lat",
    lng: "lng",
    economic_status: "economicStatus",
    address: "address",
    classifications: "classifications"
});
from_json!(HouseholdDetail {
    id: "id",
    version: "version",
    address: "address",
    lat: "lat",
    lng: "lng",
    economic_status: "economicStatus",
    region: "region",
    members: "members",
    created_at: "createdAt",
    updated_at: "updatedAt"
});
from_json!(Member {
    id: "id",
    name: "name",
    sex: "sex",
    age: "age",
    id_number: "idNumber",
    phone: "phone",
    relation_to_head: "relationToHead",
    residence_status: "residenceStatus"
});
from_json!(PersonRef { id: "id", name: "name", sex: "sex" });
from_json!(PersonHousehold { id: "id", address: "address", region: "region", members: "members" });
from_json!(PersonDetail {
    id: "id",
    version: "version",
    name: "name",
    sex: "sex",
    birth_date: "birthDate",
    age: "age",
    id_number: "idNumber",
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
    father: "father",
    mother: "mother",
    spouse: "spouse",
    household: "household",
    created_at: "createdAt",
    updated_at: "updatedAt",
    classifications: "classifications"
});
from_json!(Saved { id: "id", version: "version" });
