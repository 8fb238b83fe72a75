//! The one write path of versioned records (optimistic locking): every
//! create, update and removal of a row with a `version` goes through here,
//! so that none of them can skip a step.
//!
//! An update is: find the row in the caller's scope → refuse a version
//! other than the one the caller read → `UPDATE … WHERE id = ? AND version
//! = ?` → refuse unless exactly that row was written (a concurrent writer
//! got in between the read and the write) → history snapshot for the
//! records that keep one → the domain's own follow-up (the rules
//! re-evaluated) → audit entry. All inside the caller's transaction, which
//! the caller commits: a step that fails rolls back the others, so a lost
//! race is a `CONFLICT` with nothing audited as done.
//!
//! Only the columns that differ between the row read and the row to write
//! are sent, so a write never puts back a column it did not mean to change
//! (a login's counters on an account, a scope key moved with its household).

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait as _, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    Iterable as _, QueryFilter as _, Select,
};
use serde_json::Value;
use uuid::Uuid;

use crate::{
    audit::{self, Entry},
    auth::Actor,
    error::{AppError, AppResult, Unique, or_taken},
    history,
};

/// A table written under optimistic locking. Implemented by [`versioned!`]
/// for every entity with `id`, `version` and `updated_at` columns.
pub trait Versioned: EntityTrait<Model: Clone + IntoActiveModel<Self::ActiveModel>> {
    /// The record's name in the history and as the audit target.
    const NAME: &'static str;

    fn id(model: &Self::Model) -> Uuid;
    fn version(model: &Self::Model) -> i32;
    /// `model` as `version`, written at `now`.
    fn stamped(model: Self::Model, version: i32, now: DateTime<Utc>) -> Self::Model;
    fn id_column() -> Self::Column;
    fn version_column() -> Self::Column;
    /// The version kept in `record_history`, for the registry's records
    /// (what was known about a family, and when); `None` for the others,
    /// whose steps are kept as events or in the audit log. Accounts have no
    /// snapshot at all: it would hold the password hash.
    fn history(model: &Self::Model) -> AppResult<Option<Value>>;
}

macro_rules! versioned {
    (@history true, $model:ident) => {
        serde_json::to_value($model).map(Some).map_err(AppError::internal)
    };
    (@history false, $model:ident) => {{
        let _ = $model;
        Ok(None)
    }};
    ($($entity:ident: $name:literal, history: $history:tt;)*) => {$(
        impl Versioned for entity::$entity::Entity {
            const NAME: &'static str = $name;

            fn id(model: &Self::Model) -> Uuid {
                model.id
            }
            fn version(model: &Self::Model) -> i32 {
                model.version
            }
            fn stamped(model: Self::Model, version: i32, now: DateTime<Utc>) -> Self::Model {
                entity::$entity::Model { version, updated_at: now, ..model }
            }
            fn id_column() -> Self::Column {
                entity::$entity::Column::Id
            }
            fn version_column() -> Self::Column {
                entity::$entity::Column::Version
            }
            fn history(model: &Self::Model) -> AppResult<Option<Value>> {
                versioned!(@history $history, model)
            }
        }
    )*};
}

versioned! {
    household: "household", history: true;
    person: "person", history: true;
    relative: "relative", history: true;
    classification: "classification", history: false;
    alert: "alert", history: false;
    user: "user", history: false;
    report: "report", history: false;
    spot_check_round: "spot_check_round", history: false;
    spot_check_item: "spot_check_item", history: false;
    spot_check_finding: "spot_check_finding", history: false;
}

/// How a write is audited.
pub struct Audit {
    pub action: &'static str,
    pub detail: Detail,
    /// The person the record is about, when it is not a person itself: the
    /// audit log's "who read or changed data about this person" needs it.
    pub person_id: Option<Uuid>,
    /// The caller's stated reason, when the step needs one.
    pub reason: Option<String>,
    /// A unique index the write may run into, and what that means to the
    /// caller (an ID number already registered): a check before the
    /// transaction misses a write racing this one.
    pub taken: Option<(Unique, AppError)>,
}

pub enum Detail {
    /// The fields that changed, before and after, with `sensitive` ones as
    /// fingerprints (see [`audit::diff`]); for records with a history.
    Diff(&'static [&'static str]),
    /// What the domain says happened (a decision, a status change).
    Given(Value),
}

impl Audit {
    pub fn diff(action: &'static str, sensitive: &'static [&'static str]) -> Self {
        Self { action, detail: Detail::Diff(sensitive), person_id: None, reason: None, taken: None }
    }

    pub fn given(action: &'static str, detail: Value) -> Self {
        Self { action, detail: Detail::Given(detail), person_id: None, reason: None, taken: None }
    }

    pub fn about(mut self, person_id: Uuid) -> Self {
        self.person_id = Some(person_id);
        self
    }

    pub fn because(mut self, reason: Option<String>) -> Self {
        self.reason = reason;
        self
    }

    pub fn or_taken(mut self, index: Unique, taken: AppError) -> Self {
        self.taken = Some((index, taken));
        self
    }

    /// A database failure of the write itself, as the caller should see it.
    fn failed(&self, err: DbErr) -> AppError {
        match &self.taken {
            Some((index, taken)) => or_taken(err, *index, || taken.clone()),
            None => err.into(),
        }
    }
}

/// The row `scoped` finds (a query already narrowed to the caller's scope
/// and the row's id), at the version the caller read when it sent one:
/// `NOT_FOUND` when it is missing or outside the scope (the two read the
/// same), `CONFLICT` when it changed since. Writes decided on the row's
/// current state (acknowledging an alert) send `None` and are still
/// guarded by the version in the `UPDATE`.
pub async fn current<E: Versioned>(
    db: &impl ConnectionTrait,
    scoped: Select<E>,
    version: Option<i32>,
) -> AppResult<E::Model> {
    let found = scoped.one(db).await?.ok_or(AppError::NotFound)?;
    match version {
        Some(v) if v != E::version(&found) => Err(AppError::stale()),
        _ => Ok(found),
    }
}

/// Inserts `model` (at version 1) with its history and audit entry.
pub async fn create<E: Versioned>(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    model: E::Model,
    audit: Audit,
) -> AppResult<E::Model> {
    create_then::<E>(txn, actor, model, audit, async |_| Ok(())).await
}

/// [`create`], with `then` run after the history and before the audit
/// entry: the rules re-evaluated for the new record take the discovery lock,
/// which must come before the audit chain's (see `discovery::lock`).
pub async fn create_then<E: Versioned>(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    model: E::Model,
    audit: Audit,
    then: impl AsyncFnOnce(&E::Model) -> AppResult<()>,
) -> AppResult<E::Model> {
    E::insert(model.clone().into_active_model()).exec_without_returning(txn).await.map_err(|e| audit.failed(e))?;
    finish::<E>(txn, actor, &model, None, false, audit, then).await?;
    Ok(model)
}

/// Inserts `models` (each at version 1) with their history snapshots, as
/// a bulk write whose one audit entry the caller records (an import's
/// batch, audited with its counts): a row-by-row create would write an
/// entry per person and take minutes for a town's ledger.
pub async fn create_many<E: Versioned>(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    models: &[E::Model],
) -> AppResult<()> {
    if models.is_empty() {
        return Ok(());
    }
    E::insert_many(models.iter().cloned().map(IntoActiveModel::into_active_model)).exec_without_returning(txn).await?;
    let mut snapshots = Vec::with_capacity(models.len());
    for model in models {
        if let Some(snapshot) = E::history(model)? {
            snapshots.push((E::id(model), E::version(model), snapshot));
        }
    }
    history::record_many(txn, E::NAME, snapshots, Some(actor.user_id)).await
}

/// Writes `after` over `before` (the row [`current`] returned), as the next
/// version. Returns the row as written.
pub async fn update<E: Versioned>(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    before: &E::Model,
    after: E::Model,
    audit: Audit,
) -> AppResult<E::Model> {
    update_then::<E>(txn, actor, before, after, audit, async |_| Ok(())).await
}

/// [`update`], with `then` run after the history and before the audit entry
/// (see [`create_then`]).
pub async fn update_then<E: Versioned>(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    before: &E::Model,
    after: E::Model,
    audit: Audit,
    then: impl AsyncFnOnce(&E::Model) -> AppResult<()>,
) -> AppResult<E::Model> {
    let after = write_over::<E>(txn, before, after, Utc::now())
        .await
        .map_err(|e| audit.failed(e))?
        .ok_or_else(AppError::stale)?;
    finish::<E>(txn, actor, &after, Some(before), false, audit, then).await?;
    Ok(after)
}

/// The guarded `UPDATE` alone: `after` written as the next version of
/// `before`, at `now`, only if the row is still at `before`'s version.
/// `None` when it is not (someone else wrote it since it was read). For the
/// rules engine, whose lost races are left for its next run and whose run
/// is audited as a whole; every staff write goes through [`update`].
pub async fn overwrite<E: Versioned>(
    db: &impl ConnectionTrait,
    before: &E::Model,
    after: E::Model,
    now: DateTime<Utc>,
) -> AppResult<Option<E::Model>> {
    Ok(write_over::<E>(db, before, after, now).await?)
}

async fn write_over<E: Versioned>(
    db: &impl ConnectionTrait,
    before: &E::Model,
    after: E::Model,
    now: DateTime<Utc>,
) -> Result<Option<E::Model>, DbErr> {
    // The next version of the row read, whatever `after` carries.
    let after = E::stamped(after, E::version(before) + 1, now);
    let written = E::update_many()
        .set(changed::<E>(before, &after))
        .filter(E::id_column().eq(E::id(before)))
        .filter(E::version_column().eq(E::version(before)))
        .exec(db)
        .await?;
    Ok((written.rows_affected == 1).then_some(after))
}

/// Deletes `before` at its version. The history keeps its last facts,
/// marked removed, as the next version: nothing about a family is lost.
pub async fn remove_then<E: Versioned>(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    before: &E::Model,
    audit: Audit,
    then: impl AsyncFnOnce(&E::Model) -> AppResult<()>,
) -> AppResult<()> {
    let removed = E::delete_many()
        .filter(E::id_column().eq(E::id(before)))
        .filter(E::version_column().eq(E::version(before)))
        .exec(txn)
        .await?;
    if removed.rows_affected != 1 {
        return Err(AppError::stale());
    }
    let gone = E::stamped(before.clone(), E::version(before) + 1, Utc::now());
    finish::<E>(txn, actor, &gone, Some(before), true, audit, then).await
}

/// History, the domain's follow-up and the audit entry, in that order.
/// `model` is the row as it now stands (for a removal, its last facts as
/// the next version, kept in the history marked removed).
async fn finish<E: Versioned>(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    model: &E::Model,
    before: Option<&E::Model>,
    removed: bool,
    audit: Audit,
    then: impl AsyncFnOnce(&E::Model) -> AppResult<()>,
) -> AppResult<()> {
    let id = E::id(model);
    let mut after = E::history(model)?;
    if removed && let Some(Value::Object(map)) = &mut after {
        map.insert("removed".into(), Value::Bool(true));
    }
    if let Some(snapshot) = &after {
        history::record(txn, E::NAME, id, E::version(model), snapshot.clone(), Some(actor.user_id)).await?;
    }
    then(model).await?;
    let detail = match audit.detail {
        Detail::Diff(sensitive) => {
            let before = before.map(E::history).transpose()?.flatten();
            audit::diff(before.as_ref(), &after.unwrap_or(Value::Null), sensitive)
        }
        Detail::Given(detail) => detail,
    };
    let mut entry = Entry::write(audit.action, E::NAME, id, detail);
    if audit.person_id.is_some() {
        entry.person_id = audit.person_id;
    }
    entry.reason = audit.reason;
    audit::record(txn, Some(actor), &actor.meta, entry).await
}

/// The columns of `after` that differ from `before`, and nothing else.
fn changed<E: Versioned>(before: &E::Model, after: &E::Model) -> E::ActiveModel {
    let old = before.clone().into_active_model();
    let mut new = after.clone().into_active_model();
    for column in E::Column::iter() {
        let differs = match (old.get(column), new.get(column)) {
            (ActiveValue::Unchanged(a) | ActiveValue::Set(a), ActiveValue::Unchanged(b) | ActiveValue::Set(b)) => {
                a != b
            }
            _ => false,
        };
        if differs {
            new.reset(column);
        } else {
            new.not_set(column);
        }
    }
    new
}

#[cfg(test)]
mod tests {
    use super::*;
    use entity::{KinRelation, relative};

    fn relative() -> relative::Model {
        let at = DateTime::from_timestamp(1_760_000_000, 0).expect("a valid time");
        relative::Model {
            id: Uuid::nil(),
            person_id: Uuid::max(),
            scope_key: 7,
            relation: KinRelation::Father,
            away_since: None,
            outside_county: Some(true),
            deceased: false,
            guardianship_capable: None,
            note: None,
            version: 3,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn only_the_columns_that_changed_are_written() {
        let before = relative();
        let after = relative::Entity::stamped(relative::Model { deceased: true, ..before.clone() }, 4, Utc::now());
        let changes = changed::<relative::Entity>(&before, &after);
        let set: Vec<String> = <relative::Entity as EntityTrait>::Column::iter()
            .filter(|c| matches!(changes.get(*c), ActiveValue::Set(_)))
            .map(|c| format!("{c:?}"))
            .collect();
        assert_eq!(set, ["Deceased", "Version", "UpdatedAt"]);
        // A scope key moved meanwhile by the household's move is not put back.
        assert!(matches!(changes.get(relative::Column::ScopeKey), ActiveValue::NotSet));
    }
}
