//! Loading the facts the rules read, in bulk: a handful of queries per
//! batch whatever its size (subjects, their households and housemates,
//! parents, spouses and children by `IN (…)` lists), never one per person.
//!
//! The rules trust [`Facts`] to be complete for every subject: all members
//! of the subject's household, the linked parents and spouse, every person
//! linking to the subject as father, mother or spouse, and the relatives
//! not registered here that are recorded on the subject. Relatives are loaded
//! only for the subjects whose rules look at them (parents for children
//! under 16, children for people of 60 or over, husbands for married
//! women), which keeps a batch small.

use std::collections::{HashMap, HashSet};

use chrono::{Days, Months, NaiveDate};
use entity::{MaritalStatus, Sex, household, person, region, relative};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Select,
    sea_query::{Expr, ExprTrait as _},
};
use uuid::Uuid;

use super::rules::{Facts, HouseholdFacts, PersonFacts, RelativeFacts};
use crate::error::AppResult;

/// Ids per `IN (…)` list. Small on purpose: sqlx 0.9.0 leaves Nagle's
/// algorithm on (github.com/transact-rs/sqlx/issues/4335, fixed upstream but
/// unreleased), and a statement spanning several TCP segments then waits
/// ~40 ms for a delayed ACK. Measured over TCP on 54,000 people: 5,000 ids
/// per list took 3.0 s, 1,000 took 7.0 s, 250 took 0.6 s (over a Unix
/// socket, 0.9 s at 5,000).
pub const IN_LIST: usize = 250;

/// A household as the job pages through them.
#[derive(Debug, Clone, FromQueryResult)]
pub struct HouseholdRow {
    pub id: Uuid,
    pub region_id: Uuid,
    pub economic_status: entity::EconomicStatus,
}

/// Rural flags of regions, by id.
pub type RuralRegions = HashMap<Uuid, bool>;

/// Every region's rural flag: a few thousand rows, loaded once per run.
pub async fn all_regions(db: &impl ConnectionTrait) -> AppResult<RuralRegions> {
    #[derive(FromQueryResult)]
    struct Row {
        id: Uuid,
        rural: bool,
    }
    let rows = region::Entity::find()
        .select_only()
        .columns([region::Column::Id, region::Column::Rural])
        .into_model::<Row>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.rural)).collect())
}

/// The columns of `person` the rules read, as [`PersonFacts`].
fn select_facts() -> Select<person::Entity> {
    use person::Column as C;
    person::Entity::find()
        .select_only()
        .columns([
            C::Id,
            C::HouseholdId,
            C::ScopeKey,
            C::Sex,
            C::BirthDate,
            C::ResidenceStatus,
            C::AwaySince,
            C::AwayOutsideCounty,
            C::GuardianshipCapable,
            C::LivingAlone,
            C::SelfCare,
            C::MaritalStatus,
            C::FatherId,
            C::MotherId,
            C::SpouseId,
        ])
        .column_as(Expr::col(C::Disability).is_not_null(), "has_disability")
}

/// People matching `condition(chunk)` for each chunk of `ids`.
async fn people_where(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    condition: impl Fn(&[Uuid]) -> Condition,
) -> AppResult<Vec<PersonFacts>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(IN_LIST) {
        out.extend(select_facts().filter(condition(chunk)).into_model::<PersonFacts>().all(db).await?);
    }
    Ok(out)
}

fn by_id(chunk: &[Uuid]) -> Condition {
    Condition::all().add(person::Column::Id.is_in(chunk.iter().copied()))
}

/// Facts for the people `ids` (the write path: a person and the relatives a
/// change may affect). Returns the facts and the subjects found.
pub async fn for_people(db: &impl ConnectionTrait, ids: &[Uuid], on: NaiveDate) -> AppResult<(Facts, Vec<Uuid>)> {
    let subjects = people_where(db, ids, by_id).await?;
    let household_ids: Vec<Uuid> =
        subjects.iter().map(|p| p.household_id).collect::<HashSet<_>>().into_iter().collect();
    let mut households = Vec::new();
    for chunk in household_ids.chunks(IN_LIST) {
        households.extend(
            household::Entity::find()
                .select_only()
                .columns([household::Column::Id, household::Column::RegionId, household::Column::EconomicStatus])
                .filter(household::Column::Id.is_in(chunk.iter().copied()))
                .into_model::<HouseholdRow>()
                .all(db)
                .await?,
        );
    }
    let region_ids: Vec<Uuid> = households.iter().map(|h| h.region_id).collect::<HashSet<_>>().into_iter().collect();
    let mut rural = RuralRegions::new();
    for chunk in region_ids.chunks(IN_LIST) {
        let rows = region::Entity::find().filter(region::Column::Id.is_in(chunk.iter().copied())).all(db).await?;
        rural.extend(rows.into_iter().map(|r| (r.id, r.rural)));
    }
    let subject_ids: Vec<Uuid> = subjects.iter().map(|p| p.id).collect();
    let mut facts = Facts::default();
    add_households(&mut facts, &households, &rural);
    add_relatives(db, &mut facts, &subjects, on).await?;
    add_unregistered(db, &mut facts, &subject_ids).await?;
    let housemates = people_where(db, &household_ids, |c| {
        Condition::all().add(person::Column::HouseholdId.is_in(c.iter().copied()))
    })
    .await?;
    for p in subjects.into_iter().chain(housemates) {
        facts.add_person(p);
    }
    Ok((facts, subject_ids))
}

/// Facts for every member of `households` (the daily job's batch). Every
/// member is a subject.
pub async fn for_households(
    db: &impl ConnectionTrait,
    households: &[HouseholdRow],
    rural: &RuralRegions,
    on: NaiveDate,
) -> AppResult<(Facts, Vec<Uuid>)> {
    let ids: Vec<Uuid> = households.iter().map(|h| h.id).collect();
    let members =
        people_where(db, &ids, |c| Condition::all().add(person::Column::HouseholdId.is_in(c.iter().copied()))).await?;
    let mut facts = Facts::default();
    add_households(&mut facts, households, rural);
    let subject_ids: Vec<Uuid> = members.iter().map(|p| p.id).collect();
    add_relatives(db, &mut facts, &members, on).await?;
    add_unregistered(db, &mut facts, &subject_ids).await?;
    for p in members {
        facts.add_person(p);
    }
    Ok((facts, subject_ids))
}

/// The relatives not registered here that are recorded on `subjects`.
async fn add_unregistered(db: &impl ConnectionTrait, facts: &mut Facts, subjects: &[Uuid]) -> AppResult<()> {
    use relative::Column as C;
    for chunk in subjects.chunks(IN_LIST) {
        let rows = relative::Entity::find()
            .select_only()
            .columns([C::PersonId, C::Relation, C::AwaySince, C::OutsideCounty, C::Deceased, C::GuardianshipCapable])
            .filter(C::PersonId.is_in(chunk.iter().copied()))
            .into_model::<RelativeFacts>()
            .all(db)
            .await?;
        for r in rows {
            facts.add_relative(r);
        }
    }
    Ok(())
}

fn add_households(facts: &mut Facts, households: &[HouseholdRow], rural: &RuralRegions) {
    for h in households {
        let rural = rural.get(&h.region_id).copied().unwrap_or(false);
        facts.add_household(h.id, HouseholdFacts { rural, economic_status: h.economic_status });
    }
}

/// Parents of children, spouses of married women (both link directions)
/// and children of people of 60 or over, wherever they are registered.
async fn add_relatives(
    db: &impl ConnectionTrait,
    facts: &mut Facts,
    subjects: &[PersonFacts],
    on: NaiveDate,
) -> AppResult<()> {
    // Born after the first date: under 16; on or before the second: 60 or
    // over. Two days' slack keeps leap-day birthdays on the safe side (a
    // relative too many costs nothing; the rules decide exactly).
    let slack = Days::new(2);
    let child_born_after = on.checked_sub_months(Months::new(16 * 12)).and_then(|d| d.checked_sub_days(slack));
    let elder_born_by = on.checked_sub_months(Months::new(60 * 12)).and_then(|d| d.checked_add_days(slack));
    let is_child = |p: &PersonFacts| matches!((p.birth_date, child_born_after), (Some(b), Some(l)) if b > l);
    let is_elder = |p: &PersonFacts| matches!((p.birth_date, elder_born_by), (Some(b), Some(l)) if b <= l);
    let is_wife = |p: &PersonFacts| p.sex == Some(Sex::Female) && p.marital_status == Some(MaritalStatus::Married);

    let loaded: HashSet<Uuid> = subjects.iter().map(|p| p.id).collect();
    let mut linked: Vec<Uuid> = subjects
        .iter()
        .flat_map(|p| {
            let parents = if is_child(p) { [p.father_id, p.mother_id] } else { [None, None] };
            let spouse = if is_wife(p) { p.spouse_id } else { None };
            parents.into_iter().chain([spouse]).flatten()
        })
        .filter(|id| !loaded.contains(id) && !facts.contains(*id))
        .collect();
    linked.sort_unstable();
    linked.dedup();
    let elders: Vec<Uuid> = subjects.iter().filter(|p| is_elder(p)).map(|p| p.id).collect();
    let wives: Vec<Uuid> = subjects.iter().filter(|p| is_wife(p)).map(|p| p.id).collect();

    let relatives = people_where(db, &linked, by_id).await?;
    let children = people_where(db, &elders, |c| {
        Condition::any()
            .add(person::Column::FatherId.is_in(c.iter().copied()))
            .add(person::Column::MotherId.is_in(c.iter().copied()))
    })
    .await?;
    let husbands =
        people_where(db, &wives, |c| Condition::all().add(person::Column::SpouseId.is_in(c.iter().copied()))).await?;
    for p in relatives.into_iter().chain(children).chain(husbands) {
        facts.add_person(p);
    }
    Ok(())
}
