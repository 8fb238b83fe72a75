//! Person writes: every field validated at once, links to relatives checked
//! against the caller's jurisdiction, optimistic locking, history and audit
//! in one transaction.

use crate::db::Db;
use chrono::{NaiveDate, Utc};
use entity::{MaritalStatus, Relation, ResidenceStatus, SelfCare, Sex, household, person};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect as _};
use uuid::Uuid;

use super::PersonFacts;
use crate::{
    auth::Actor,
    clock, db, discovery,
    error::{AppError, AppResult, FieldErrors, Unique, messages as msg},
    policy::{
        self, Action,
        fields::{self, Field},
        scope,
    },
    validate::{self, IdNumber},
    versioned::{self, Audit},
};

/// Fields whose values never enter the audit log in clear.
const SENSITIVE: &[&str] = &["name", "id_number", "phone", "birth_date", "health", "disability"];

/// The facts of a person after validation; everything but identity and
/// bookkeeping columns.
struct Valid {
    name: String,
    id_number: Option<String>,
    sex: Option<Sex>,
    birth_date: Option<NaiveDate>,
    phone: Option<String>,
    relation_to_head: Relation,
    residence_status: ResidenceStatus,
    away_since: Option<NaiveDate>,
    away_outside_county: Option<bool>,
    guardianship_capable: Option<bool>,
    living_alone: Option<bool>,
    health: Option<String>,
    disability: Option<String>,
    self_care: Option<SelfCare>,
    marital_status: Option<MaritalStatus>,
    father_id: Option<Uuid>,
    mother_id: Option<Uuid>,
    spouse_id: Option<Uuid>,
}

/// Checks every field and reports all problems at once. `current` is the
/// person being updated (a person cannot be his or her own relative).
async fn validate(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: PersonFacts,
    current: Option<&person::Model>,
) -> AppResult<Valid> {
    let this = current.map(|p| p.id);
    let today = clock::today();
    let mut e = FieldErrors::default();
    let name = e.check("name", validate::required_text(&input.name, 50));

    let id = match input.id_number.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => e.check("idNumber", IdNumber::parse(raw)),
        None => None,
    };
    let mut sex = input.sex;
    let mut birth_date = input.birth_date;
    if let Some(id) = &id {
        match sex {
            Some(s) if s != id.sex => e.add("sex", msg::SEX_CONTRADICTS_ID_NUMBER),
            _ => sex = Some(id.sex),
        }
        match birth_date {
            Some(b) if b != id.birth_date => e.add("birthDate", msg::BIRTH_DATE_CONTRADICTS_ID_NUMBER),
            _ => birth_date = Some(id.birth_date),
        }
    }
    if let Some(b) = birth_date {
        e.check("birthDate", validate::not_future(b, today));
    }

    let phone = match input.phone.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => e.check("phone", validate::phone(raw)),
        None => None,
    };

    // Someone who moved out has whereabouts too: since when, and whether
    // outside the county (the elderly rule reads both).
    let away = input.residence_status.is_away() || input.residence_status == ResidenceStatus::MovedOut;
    if let Some(since) = input.away_since {
        if !away {
            e.add("awaySince", msg::AWAY_SINCE_ONLY_WHEN_AWAY);
        } else if let Some(birth) = birth_date
            && since < birth
        {
            e.add("awaySince", msg::AWAY_SINCE_BEFORE_BIRTH);
        } else {
            e.check("awaySince", validate::not_future(since, today));
        }
    }
    if input.away_outside_county.is_some() && !away {
        e.add("awayOutsideCounty", msg::OUTSIDE_COUNTY_ONLY_WHEN_AWAY);
    }

    let health = e.check("health", validate::optional_text(input.health.as_deref(), 500)).flatten();
    let disability = e.check("disability", validate::optional_text(input.disability.as_deref(), 500)).flatten();

    let (father_id, mother_id, spouse_id) = (input.father_id, input.mother_id, input.spouse_id);
    // A link kept as it was is not checked again: it was checked when it was
    // made, and the relative may live outside this caller's jurisdiction
    // (a grid worker updating a child whose father is registered elsewhere).
    let kept =
        |link: Option<Uuid>, old: fn(&person::Model) -> Option<Uuid>| link.is_some() && current.map(old) == Some(link);
    if !kept(father_id, |p| p.father_id) {
        check_relative(db, actor, &mut e, "fatherId", father_id, this, Some(Sex::Female)).await?;
    }
    if !kept(mother_id, |p| p.mother_id) {
        check_relative(db, actor, &mut e, "motherId", mother_id, this, Some(Sex::Male)).await?;
    }
    if !kept(spouse_id, |p| p.spouse_id) {
        check_relative(db, actor, &mut e, "spouseId", spouse_id, this, None).await?;
    }
    if spouse_id.is_some() && (spouse_id == father_id || spouse_id == mother_id) {
        e.add("spouseId", msg::SPOUSE_IS_PARENT);
    }

    e.into_result()?;
    let name = name.ok_or_else(|| AppError::internal("person validation passed without a name"))?;
    Ok(Valid {
        name,
        id_number: id.map(|id| id.value),
        sex,
        birth_date,
        phone,
        relation_to_head: input.relation_to_head,
        residence_status: input.residence_status,
        away_since: input.away_since,
        away_outside_county: input.away_outside_county,
        guardianship_capable: input.guardianship_capable,
        living_alone: input.living_alone,
        health,
        disability,
        self_care: input.self_care,
        marital_status: input.marital_status,
        father_id,
        mother_id,
        spouse_id,
    })
}

fn id_number_taken() -> AppError {
    AppError::invalid("idNumber", msg::ID_NUMBER_TAKEN)
}

/// A relative must be someone the caller can see (relatives may live in
/// another household, but not outside the caller's knowledge), must not be
/// the person, and must not have the wrong sex for the link.
async fn check_relative(
    db: &impl ConnectionTrait,
    actor: &Actor,
    errors: &mut FieldErrors,
    field: &str,
    relative: Option<Uuid>,
    this: Option<Uuid>,
    wrong_sex: Option<Sex>,
) -> AppResult<()> {
    let Some(id) = relative else { return Ok(()) };
    if Some(id) == this {
        errors.add(field, msg::LINK_TO_SELF);
        return Ok(());
    }
    let found = person::Entity::find_by_id(id).filter(scope::registry(actor, person::Column::ScopeKey)).one(db).await?;
    match found {
        None => errors.add(field, msg::LINKED_PERSON_NOT_FOUND),
        Some(p) if p.sex.is_some() && p.sex == wrong_sex => errors.add(field, msg::LINKED_PERSON_SEX),
        Some(_) => {}
    }
    Ok(())
}

/// A relative outside the caller's jurisdiction reads as `null`; sent back
/// like that in a full-replacement update it means "unchanged", not "remove
/// the link" — the caller cannot know the link exists.
async fn keep_hidden_links(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    input: &mut PersonFacts,
    current: &person::Model,
) -> AppResult<()> {
    let linked: Vec<Uuid> = [current.father_id, current.mother_id, current.spouse_id].into_iter().flatten().collect();
    if linked.is_empty() {
        return Ok(());
    }
    let visible: Vec<Uuid> = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .filter(person::Column::Id.is_in(linked))
        .filter(scope::registry(actor, person::Column::ScopeKey))
        .into_tuple()
        .all(txn)
        .await?;
    for (sent, stored) in [
        (&mut input.father_id, current.father_id),
        (&mut input.mother_id, current.mother_id),
        (&mut input.spouse_id, current.spouse_id),
    ] {
        if let (None, Some(id)) = (&sent, stored)
            && !visible.contains(&id)
        {
            *sent = Some(id);
        }
    }
    Ok(())
}

fn apply(valid: Valid, base: person::Model) -> person::Model {
    person::Model {
        name: valid.name,
        id_number: valid.id_number,
        sex: valid.sex,
        birth_date: valid.birth_date,
        phone: valid.phone,
        relation_to_head: valid.relation_to_head,
        residence_status: valid.residence_status,
        away_since: valid.away_since,
        away_outside_county: valid.away_outside_county,
        guardianship_capable: valid.guardianship_capable,
        living_alone: valid.living_alone,
        health: valid.health,
        disability: valid.disability,
        self_care: valid.self_care,
        marital_status: valid.marital_status,
        father_id: valid.father_id,
        mother_id: valid.mother_id,
        spouse_id: valid.spouse_id,
        ..base
    }
}

pub async fn add(db: &Db, actor: &Actor, household_id: Uuid, input: PersonFacts) -> AppResult<person::Model> {
    policy::may(actor, Action::EditRegistry)?;
    super::duplicate::check(db, actor, input.id_number.as_deref(), None).await?;
    let txn = db::begin_write(db).await?;
    let household = household::Entity::find_by_id(household_id)
        .filter(scope::registry(actor, household::Column::ScopeKey))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::invalid("householdId", msg::HOUSEHOLD_NOT_IN_SCOPE))?;
    let valid = validate(&txn, actor, input, None).await?;
    let now = Utc::now();
    let blank = person::Model {
        id: Uuid::now_v7(),
        household_id: household.id,
        scope_key: household.scope_key,
        name: String::new(),
        id_number: None,
        sex: None,
        birth_date: None,
        phone: None,
        relation_to_head: Relation::Other,
        residence_status: ResidenceStatus::AtHome,
        away_since: None,
        away_outside_county: None,
        guardianship_capable: None,
        living_alone: None,
        health: None,
        disability: None,
        self_care: None,
        marital_status: None,
        father_id: None,
        mother_id: None,
        spouse_id: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    // Same transaction: the registry and its classifications never disagree.
    let model = versioned::create_then::<person::Entity>(
        &txn,
        actor,
        apply(valid, blank),
        // The check before the transaction misses a registration racing this one.
        Audit::diff("person.create", SENSITIVE).or_taken(Unique::PersonIdNumber, id_number_taken()),
        async |m| rules_after(&txn, actor, None, m).await,
    )
    .await?;
    crate::idempotency::complete(&txn, model.id).await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn update(db: &Db, actor: &Actor, id: Uuid, version: i32, input: PersonFacts) -> AppResult<person::Model> {
    policy::may(actor, Action::EditRegistry)?;
    // A foreign person is `NOT_FOUND` before anything is said about the
    // number sent for it.
    let visible = person::Entity::find_by_id(id).filter(scope::registry(actor, person::Column::ScopeKey));
    if visible.select_only().column(person::Column::Id).into_tuple::<Uuid>().one(db).await?.is_none() {
        return Err(AppError::NotFound);
    }
    super::duplicate::check(db, actor, input.id_number.as_deref(), Some(id)).await?;
    let txn = db::begin_write(db).await?;
    let updated = update_in(&txn, actor, id, version, input).await?;
    txn.commit().await?;
    Ok(updated)
}

/// [`update`] inside the caller's transaction, so that a larger write (a
/// visit with its change reports) is saved whole or not at all. Every path
/// that changes a person goes through here: validation, the version check,
/// history and audit.
pub async fn update_in(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    version: i32,
    input: PersonFacts,
) -> AppResult<person::Model> {
    policy::may(actor, Action::EditRegistry)?;
    let scoped = person::Entity::find_by_id(id).filter(scope::registry(actor, person::Column::ScopeKey));
    let current = versioned::current(txn, scoped, Some(version)).await?;
    let mut input = input;
    input.id_number = fields::resolve_masked_input(
        actor,
        Field::IdNumber,
        input.id_number,
        current.id_number.as_deref(),
        fields::mask_id_number,
    );
    input.phone =
        fields::resolve_masked_input(actor, Field::Phone, input.phone, current.phone.as_deref(), fields::mask_phone);
    keep_hidden_links(txn, actor, &mut input, &current).await?;
    let valid = validate(txn, actor, input, Some(&current)).await?;
    versioned::update_then::<person::Entity>(
        txn,
        actor,
        &current,
        apply(valid, current.clone()),
        Audit::diff("person.update", SENSITIVE).or_taken(Unique::PersonIdNumber, id_number_taken()),
        async |m| rules_after(txn, actor, Some(&current), m).await,
    )
    .await
}

/// The rules re-evaluated for the person and their relatives wherever
/// those are registered, so the registry and its classifications never
/// disagree.
async fn rules_after(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    before: Option<&person::Model>,
    after: &person::Model,
) -> AppResult<()> {
    db::as_system(txn, scope::rows(actor), discovery::after_person_write(txn, before, after, &actor.meta)).await?;
    Ok(())
}
