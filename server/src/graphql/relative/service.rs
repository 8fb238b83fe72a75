//! Writes of unregistered relatives: checked against the person (in the
//! caller's jurisdiction) and the relatives already recorded, versioned,
//! kept in the history, audited under the person, and followed by a
//! re-evaluation of the person in the same transaction.

use chrono::Utc;
use entity::{person, relative};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, Condition, ConnectionTrait, EntityTrait as _, QueryFilter as _,
};
use serde_json::Value;
use uuid::Uuid;

use super::{types::RelativeInput, validate};
use crate::{
    audit::{self, Entry},
    auth::Actor,
    db::{self, Db},
    discovery,
    error::{AppError, AppResult},
    history,
    policy::{self, Action, scope},
};

/// Free text never enters the audit log in clear.
const SENSITIVE: &[&str] = &["note"];

pub async fn add(db: &Db, actor: &Actor, person_id: Uuid, input: RelativeInput) -> AppResult<relative::Model> {
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
    let model = apply(valid, blank);
    relative::Entity::insert(relative::ActiveModel::from(model.clone())).exec_without_returning(&txn).await?;
    let after = snapshot(&model)?;
    written(&txn, actor, "relative.create", &model, None, after).await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    input: RelativeInput,
) -> AppResult<relative::Model> {
    policy::may(actor, Action::EditRegistry)?;
    let txn = db::begin_write(db).await?;
    let current = in_scope(&txn, actor, id).await?;
    if current.version != version {
        return Err(AppError::stale());
    }
    let person = person_in_scope(&txn, actor, current.person_id).await?;
    let others: Vec<_> = of_person(&txn, actor, person.id).await?.into_iter().filter(|r| r.id != id).collect();
    let valid = validate::relative(input, &person, &others)?;
    let updated = relative::Model { version: version + 1, updated_at: Utc::now(), ..apply(valid, current.clone()) };
    let res = relative::Entity::update_many()
        .set(relative::ActiveModel::from(updated.clone()).reset_all())
        .filter(at_version(id, version))
        .exec(&txn)
        .await?;
    exactly_one(res.rows_affected)?;
    let after = snapshot(&updated)?;
    written(&txn, actor, "relative.update", &updated, Some(snapshot(&current)?), after).await?;
    txn.commit().await?;
    Ok(updated)
}

pub async fn remove(db: &Db, actor: &Actor, id: Uuid, version: i32) -> AppResult<()> {
    policy::may(actor, Action::EditRegistry)?;
    let txn = db::begin_write(db).await?;
    let current = in_scope(&txn, actor, id).await?;
    let res = relative::Entity::delete_many().filter(at_version(id, version)).exec(&txn).await?;
    exactly_one(res.rows_affected)?;
    // The history keeps the last facts, marked removed, as the next version.
    let mut last = snapshot(&current)?;
    if let Value::Object(map) = &mut last {
        map.insert("removed".into(), Value::Bool(true));
    }
    let gone = relative::Model { version: version + 1, ..current.clone() };
    written(&txn, actor, "relative.remove", &gone, Some(snapshot(&current)?), last).await?;
    txn.commit().await?;
    Ok(())
}

/// History, re-evaluation and audit of one write, in that order: the
/// discovery lock comes before the audit chain's (see `discovery::lock`).
async fn written(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    action: &'static str,
    model: &relative::Model,
    before: Option<Value>,
    after: Value,
) -> AppResult<()> {
    history::record(txn, "relative", model.id, model.version, after.clone(), Some(actor.user_id)).await?;
    db::as_system(txn, scope::rows(actor), discovery::after_relative_write(txn, model.person_id, &actor.meta)).await?;
    let mut entry = Entry::write(action, "relative", model.id, audit::diff(before.as_ref(), &after, SENSITIVE));
    entry.person_id = Some(model.person_id);
    audit::record(txn, Some(actor), &actor.meta, entry).await
}

/// The row `id` as it was at `version`: the only one a write may touch,
/// so that of two edits from the same version one is a `CONFLICT`.
fn at_version(id: Uuid, version: i32) -> Condition {
    Condition::all().add(relative::Column::Id.eq(id)).add(relative::Column::Version.eq(version))
}

fn exactly_one(rows_affected: u64) -> AppResult<()> {
    if rows_affected == 1 { Ok(()) } else { Err(AppError::stale()) }
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

fn snapshot(model: &relative::Model) -> AppResult<Value> {
    serde_json::to_value(model).map_err(AppError::caused("serialising a snapshot"))
}

async fn person_in_scope(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> AppResult<person::Model> {
    person::Entity::find_by_id(id)
        .filter(scope::registry(actor, person::Column::ScopeKey))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn in_scope(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> AppResult<relative::Model> {
    relative::Entity::find_by_id(id)
        .filter(scope::registry(actor, relative::Column::ScopeKey))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn of_person(db: &impl ConnectionTrait, actor: &Actor, person_id: Uuid) -> AppResult<Vec<relative::Model>> {
    Ok(relative::Entity::find()
        .filter(relative::Column::PersonId.eq(person_id))
        .filter(scope::registry(actor, relative::Column::ScopeKey))
        .all(db)
        .await?)
}
