//! Writes of unregistered relatives: checked against the person (in the
//! caller's jurisdiction) and the relatives already recorded, versioned,
//! kept in the history, audited under the person, and followed by a
//! re-evaluation of the person in the same transaction.

use chrono::{NaiveDate, Utc};
use entity::{KinRelation, person, relative};
use sea_orm::{ColumnTrait as _, ConnectionTrait, EntityTrait as _, QueryFilter as _};
use uuid::Uuid;

use crate::{
    auth::Actor,
    db::{self, Db},
    discovery,
    error::{AppError, AppResult},
    policy::{self, Action, scope},
    versioned::{self, Audit},
};

mod validate;

/// An unregistered relative's facts as staff send them, before validation.
#[derive(Debug, Clone)]
pub struct RelativeFacts {
    pub relation: KinRelation,
    /// Away from home since: not in the future, and for a child not before
    /// the person's birth.
    pub away_since: Option<NaiveDate>,
    /// Only with `away_since`.
    pub outside_county: Option<bool>,
    /// Default `false`; a deceased relative has no `away_since`.
    pub deceased: Option<bool>,
    /// Only for a father or mother.
    pub guardianship_capable: Option<bool>,
    pub note: Option<String>,
}

/// Free text never enters the audit log in clear.
const SENSITIVE: &[&str] = &["note"];

pub async fn add(db: &Db, actor: &Actor, person_id: Uuid, input: RelativeFacts) -> AppResult<relative::Model> {
    policy::may(actor, Action::EditRegistry)?;
    let txn = db::begin_write(db).await?;
    let person = person_in_scope(&txn, actor, person_id).await?;
    let others = of_person(&txn, actor, person.id).await?;
    let valid = validate::relative(input, &person, &others)?;
    let now = Utc::now();
    let blank = relative::Model {
        id: Uuid::now_v7(),
        person_id: person.id,
        scope_key: person.scope_key,
        relation: valid.relation,
        away_since: None,
        outside_county: None,
        deceased: false,
        guardianship_capable: None,
        note: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let audit = Audit::diff("relative.create", SENSITIVE).about(person.id);
    let model = versioned::create_then::<relative::Entity>(&txn, actor, apply(valid, blank), audit, async |m| {
        rules_after(&txn, actor, m).await
    })
    .await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    input: RelativeFacts,
) -> AppResult<relative::Model> {
    policy::may(actor, Action::EditRegistry)?;
    let txn = db::begin_write(db).await?;
    let current = versioned::current(&txn, in_scope(actor, id), Some(version)).await?;
    let person = person_in_scope(&txn, actor, current.person_id).await?;
    let others: Vec<_> = of_person(&txn, actor, person.id).await?.into_iter().filter(|r| r.id != id).collect();
    let valid = validate::relative(input, &person, &others)?;
    let audit = Audit::diff("relative.update", SENSITIVE).about(person.id);
    let updated = versioned::update_then::<relative::Entity>(
        &txn,
        actor,
        &current,
        apply(valid, current.clone()),
        audit,
        async |m| rules_after(&txn, actor, m).await,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

pub async fn remove(db: &Db, actor: &Actor, id: Uuid, version: i32) -> AppResult<()> {
    policy::may(actor, Action::EditRegistry)?;
    let txn = db::begin_write(db).await?;
    let current = versioned::current(&txn, in_scope(actor, id), Some(version)).await?;
    let audit = Audit::diff("relative.remove", SENSITIVE).about(current.person_id);
    versioned::remove_then::<relative::Entity>(&txn, actor, &current, audit, async |m| {
        rules_after(&txn, actor, m).await
    })
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The person re-evaluated after a change to their relatives: a parent who
/// died or came home changes whether the child is left behind.
async fn rules_after(txn: &impl ConnectionTrait, actor: &Actor, model: &relative::Model) -> AppResult<()> {
    db::as_system(txn, scope::rows(actor), discovery::after_relative_write(txn, model.person_id, &actor.meta)).await?;
    Ok(())
}

/// `base` with the checked facts in place.
fn apply(valid: validate::Valid, base: relative::Model) -> relative::Model {
    relative::Model {
        relation: valid.relation,
        away_since: valid.away_since,
        outside_county: valid.outside_county,
        deceased: valid.deceased,
        guardianship_capable: valid.guardianship_capable,
        note: valid.note,
        ..base
    }
}

async fn person_in_scope(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> AppResult<person::Model> {
    person::Entity::find_by_id(id)
        .filter(scope::registry(actor, person::Column::ScopeKey))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

fn in_scope(actor: &Actor, id: Uuid) -> sea_orm::Select<relative::Entity> {
    relative::Entity::find_by_id(id).filter(scope::registry(actor, relative::Column::ScopeKey))
}

async fn of_person(db: &impl ConnectionTrait, actor: &Actor, person_id: Uuid) -> AppResult<Vec<relative::Model>> {
    Ok(relative::Entity::find()
        .filter(relative::Column::PersonId.eq(person_id))
        .filter(scope::registry(actor, relative::Column::ScopeKey))
        .all(db)
        .await?)
}
