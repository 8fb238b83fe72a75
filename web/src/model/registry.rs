//! Households, people and counts, each in the shape one query asks for.

use crate::json::decoded;

use super::Region;
use super::enums::{EconomicStatus, KinRelation, MaritalStatus, Relation, ResidenceStatus, SelfCare, Sex};

decoded! {
    /// A row of the household table.
    #[derive(Clone, Debug, PartialEq)]
    pub struct HouseholdRow {
        pub id: String = "id",
        pub address: Option<String> = "address",
        pub region: Option<Region> = "region",
        pub economic_status: Option<EconomicStatus> = "economicStatus",
        pub members: Vec<PersonRef> = "members",
    }
}

decoded! {
    /// What the map needs of a household, and no more: thousands are loaded.
    #[derive(Clone, Debug, PartialEq)]
    pub struct HouseholdPoint {
        pub id: String = "id",
        pub lat: Option<f64> = "lat",
        pub lng: Option<f64> = "lng",
        pub economic_status: Option<EconomicStatus> = "economicStatus",
        pub address: Option<String> = "address",
        /// The members' confirmed classifications, asked for with only
        /// `id category status careLevel`: what the map's colours need.
        pub classifications: Vec<super::Classification> = "classifications",
    }
}

decoded! {
    /// A household page: its facts and its members.
    #[derive(Clone, Debug, PartialEq)]
    pub struct HouseholdDetail {
        pub id: String = "id",
        pub version: i32 = "version",
        pub address: Option<String> = "address",
        pub lat: Option<f64> = "lat",
        pub lng: Option<f64> = "lng",
        pub economic_status: Option<EconomicStatus> = "economicStatus",
        pub region: Option<Region> = "region",
        pub members: Vec<Member> = "members",
        pub created_at: Option<String> = "createdAt",
        pub updated_at: Option<String> = "updatedAt",
    }
}

decoded! {
    /// A row of a household's member table.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Member {
        pub id: String = "id",
        pub name: Option<String> = "name",
        pub sex: Option<Sex> = "sex",
        pub age: Option<i32> = "age",
        pub id_number: Option<String> = "idNumber",
        pub phone: Option<String> = "phone",
        pub relation_to_head: Option<Relation> = "relationToHead",
        pub residence_status: Option<ResidenceStatus> = "residenceStatus",
    }
}

decoded! {
    /// A link to a person: relatives, household members in a list.
    #[derive(Clone, Debug, PartialEq)]
    pub struct PersonRef {
        pub id: String = "id",
        pub name: Option<String> = "name",
        pub sex: Option<Sex> = "sex",
    }
}

decoded! {
    /// The household a person page links to.
    #[derive(Clone, Debug, PartialEq)]
    pub struct PersonHousehold {
        pub id: String = "id",
        pub address: Option<String> = "address",
        pub region: Option<Region> = "region",
        pub members: Vec<PersonRef> = "members",
    }
}

decoded! {
    /// A person page: every field the API returns to the caller's role, as
    /// given (masked values stay masked).
    #[derive(Clone, Debug, PartialEq)]
    pub struct PersonDetail {
        pub id: String = "id",
        pub version: i32 = "version",
        pub name: Option<String> = "name",
        pub sex: Option<Sex> = "sex",
        pub birth_date: Option<String> = "birthDate",
        pub age: Option<i32> = "age",
        pub id_number: Option<String> = "idNumber",
        pub phone: Option<String> = "phone",
        pub relation_to_head: Option<Relation> = "relationToHead",
        pub residence_status: Option<ResidenceStatus> = "residenceStatus",
        pub away_since: Option<String> = "awaySince",
        pub away_outside_county: Option<bool> = "awayOutsideCounty",
        pub guardianship_capable: Option<bool> = "guardianshipCapable",
        pub living_alone: Option<bool> = "livingAlone",
        pub health: Option<String> = "health",
        pub disability: Option<String> = "disability",
        pub self_care: Option<SelfCare> = "selfCare",
        pub marital_status: Option<MaritalStatus> = "maritalStatus",
        pub father: Option<PersonRef> = "father",
        pub mother: Option<PersonRef> = "mother",
        pub spouse: Option<PersonRef> = "spouse",
        pub household: Option<PersonHousehold> = "household",
        pub created_at: Option<String> = "createdAt",
        pub updated_at: Option<String> = "updatedAt",
        /// `None` when the role may not see them.
        pub classifications: Option<Vec<super::Classification>> = "classifications",
        pub relatives: Vec<Relative> = "relatives",
    }
}

decoded! {
    /// 未在本地登记的亲属: a child or parent not registered here.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Relative {
        pub id: String = "id",
        pub version: i32 = "version",
        pub relation: KinRelation = "relation",
        pub away_since: Option<String> = "awaySince",
        pub outside_county: Option<bool> = "outsideCounty",
        pub deceased: bool = "deceased",
        pub guardianship_capable: Option<bool> = "guardianshipCapable",
        pub note: Option<String> = "note",
    }
}

decoded! {
    /// What a mutation hands back: enough to find the record again.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Saved {
        pub id: String = "id",
        pub version: i32 = "version",
    }
}

/// A child region with the number of households and people in its subtree.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionCount {
    pub region: Region,
    pub households: i64,
    pub people: i64,
}
