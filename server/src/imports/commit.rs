//! Writing a checked plan: whole households in batches of about
//! [`BATCH_ROWS`] rows, each batch one transaction with its new
//! households and people (bulk inserts with their history), the updates of
//! registered people (through the registry's own update path), the rules
//! re-evaluated for everyone the batch touched, and one audit entry with
//! the batch's counts.
//!
//! A batch that fails rolls back alone and stops the import; the batches
//! before it stay. Importing the file again finishes the job: what is
//! already there is `UNCHANGED`.

use chrono::Utc;
use entity::{Relation, ResidenceStatus, person};
use sea_orm::ConnectionTrait as _;
use serde_json::json;
use uuid::Uuid;

use super::plan::{Action, Household, Plan};
use crate::{
    audit::{self, Entry},
    auth::Actor,
    clock,
    db::{self, Db},
    discovery,
    error::AppResult,
    policy::scope,
    registry, versioned,
};

/// Rows per transaction: a town's village in a few batches, small enough
/// that a batch's bulk insert stays within SQLite's parameter limit.
pub const BATCH_ROWS: usize = 500;

/// The file's identity in the audit entries (its content hash, never its
/// name, which may name a person).
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileIdentity {
    pub sha256: String,
    pub bytes: usize,
    pub format: &'static str,
    pub sheet: String,
}

/// Writes `plan` (which had no errors, or whose error rows are skipped).
/// `progress` hears the rows done so far.
pub async fn commit(
    db: &Db,
    actor: &Actor,
    plan: &Plan,
    file: &FileIdentity,
    progress: &(dyn Fn(usize) + Send + Sync),
) -> AppResult<()> {
    let mut batch: Vec<usize> = Vec::new();
    let mut rows_in_batch = 0;
    let mut done = 0;
    let mut number = 0;
    for (g, group) in plan.groups.iter().enumerate() {
        batch.push(g);
        rows_in_batch += group.rows.len();
        if rows_in_batch >= BATCH_ROWS || g + 1 == plan.groups.len() {
            number += 1;
            write_batch(db, actor, plan, &batch, file, number).await?;
            done += rows_in_batch;
            progress(done);
            batch.clear();
            rows_in_batch = 0;
        }
    }
    Ok(())
}

async fn write_batch(
    db: &Db,
    actor: &Actor,
    plan: &Plan,
    groups: &[usize],
    file: &FileIdentity,
    number: usize,
) -> AppResult<()> {
    let now = Utc::now();
    let mut households = Vec::new();
    let mut people = Vec::new();
    let mut updates = Vec::new();
    let mut touched: Vec<Uuid> = Vec::new();
    for &g in groups {
        let group = &plan.groups[g];
        let (household_id, scope_key) = match &group.household {
            Household::Existing(h) => (h.id, h.scope_key),
            Household::New(h) => (h.id, h.scope_key),
            Household::None => continue,
        };
        let mut creates = false;
        for &i in &group.rows {
            let row = &plan.rows[i];
            match row.action {
                Action::Create => {
                    creates = true;
                    people.push(new_person(row, household_id, scope_key, now));
                    touched.extend(
                        [Some(row.person_id), row.father_id, row.mother_id, row.spouse_id].into_iter().flatten(),
                    );
                }
                Action::Update => updates.push(i),
                Action::Unchanged | Action::Skip => {}
            }
        }
        if let Household::New(h) = &group.household
            && creates
        {
            households.push(h.clone());
        }
    }
    if people.is_empty() && updates.is_empty() {
        return Ok(());
    }
    let txn = db::begin_write(db).await?;
    db::custom_plans(&txn).await?;
    // The rules' lock before the audit chain's, as every write takes them.
    discovery::lock(&txn).await?;
    versioned::create_many::<entity::household::Entity>(&txn, actor, &households).await?;
    versioned::create_many::<person::Entity>(&txn, actor, &people).await?;
    for &i in &updates {
        let row = &plan.rows[i];
        let (Some(existing), Some(facts)) = (&row.existing, &row.update) else { continue };
        registry::person::update_in(&txn, actor, existing.id, existing.version, (**facts).clone()).await?;
    }
    // Everyone whose outcome the new people change: themselves, the
    // relatives they were linked to, and their housemates (a carer at
    // home or not).
    let household_ids: Vec<Uuid> = people.iter().map(|p| p.household_id).collect();
    touched.extend(housemates(&txn, &household_ids).await?);
    touched.sort_unstable();
    touched.dedup();
    db::as_system(&txn, scope::rows(actor), discovery::evaluate(&txn, &touched, clock::today(), &actor.meta)).await?;
    let detail = json!({
        "file": file,
        "batch": number,
        "households_created": households.len(),
        "people_created": people.len(),
        "people_updated": updates.len(),
    });
    audit::record(&txn, Some(actor), &actor.meta, Entry::event("import.commit", detail)).await?;
    txn.commit().await?;
    Ok(())
}

/// The registered members of `households` (the new people are among them
/// once inserted).
async fn housemates(txn: &impl sea_orm::ConnectionTrait, households: &[Uuid]) -> AppResult<Vec<Uuid>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let mut ids = Vec::new();
    let mut unique = households.to_vec();
    unique.sort_unstable();
    unique.dedup();
    for chunk in unique.chunks(500) {
        let found: Vec<Uuid> = person::Entity::find()
            .select_only()
            .column(person::Column::Id)
            .filter(person::Column::HouseholdId.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(txn)
            .await?;
        ids.extend(found);
    }
    Ok(ids)
}

fn new_person(row: &super::plan::Row, household_id: Uuid, scope_key: i64, now: chrono::DateTime<Utc>) -> person::Model {
    let r = &row.record;
    person::Model {
        id: row.person_id,
        household_id,
        scope_key,
        name: r.name.as_deref().unwrap_or_default().to_owned(),
        id_number: r.id.as_ref().map(|id| id.value.clone()),
        sex: r.sex,
        birth_date: r.birth_date,
        phone: r.phone.as_deref().map(str::to_owned),
        relation_to_head: r.relation.unwrap_or(Relation::Other),
        residence_status: r.residence.unwrap_or(ResidenceStatus::AtHome),
        away_since: r.away_since,
        away_outside_county: r.away_outside_county,
        guardianship_capable: None,
        living_alone: r.living_alone,
        health: r.health.as_deref().map(str::to_owned),
        disability: r.disability.as_deref().map(str::to_owned),
        self_care: r.self_care,
        marital_status: r.marital,
        father_id: row.father_id,
        mother_id: row.mother_id,
        spouse_id: row.spouse_id,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

/// After a large import on PostgreSQL, fresh statistics, so that the
/// planner does not keep reading the tables as the small ones they were
/// (autovacuum may be off, or not yet have run). A role that may not
/// analyse the tables only loses the speed-up.
pub async fn analyse(db: &Db) {
    if db.past_scope().get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return;
    }
    for table in ["household", "person", "classification", "record_history"] {
        if let Err(err) = db.past_scope().execute_unprepared(&format!("ANALYZE {table}")).await {
            tracing::warn!(table, error = %err, "could not analyse a table after an import");
        }
    }
}
