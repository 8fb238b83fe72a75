//! Demo mode: a synthetic 滨海新区 (120116) with its real towns, 139
//! villages and their grids, a few urban communities, households and people
//! in realistic proportions (including the left-behind cases the rules must
//! find), and the eight demo accounts of API.md, all with password `demo`.
//!
//! Everything but the password salts and row ids follows from
//! [`SeedOptions::seed`]: the same seed gives the same people. The whole
//! seed is one transaction, so a failed run leaves the database empty.

mod accounts;
mod elderly;
mod families;
mod id_number;
mod names;
pub mod pending;
mod people;
mod places;
mod regions;
pub mod reports;
pub mod spot_checks;
#[cfg(test)]
mod tests;

use std::io::IsTerminal as _;
use std::time::Instant;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use entity::{Role, household, person, region, relative, user};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rand::SeedableRng as _;
use rand::rngs::StdRng;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel, TransactionTrait};
use tokio::sync::mpsc;

use people::{Batch, Factory};
use regions::Place;

/// Households generated (and inserted) per round trip of the pipeline.
const BATCH_HOUSEHOLDS: usize = 1_000;
/// Rows per INSERT, so that rows × columns stays under SQLite's default
/// limit of 32,766 bind parameters (PostgreSQL allows 65,535); a test
/// checks it against the entities.
const PERSON_ROWS: usize = 1_200;
const REGION_ROWS: usize = 1_000;

/// What to generate.
pub struct SeedOptions {
    /// Number of households (about 2.7 people each).
    pub households: usize,
    /// Seed of the random generator: the same seed gives the same data.
    pub seed: u64,
    /// Show a progress bar on stderr (only when it is a terminal).
    pub progress: bool,
}

/// What was created.
pub struct SeedSummary {
    pub regions: usize,
    pub households: usize,
    pub people: usize,
    /// Username, role and the name of the region each demo account is bound to.
    pub users: Vec<(String, Role, String)>,
}

/// The database already holds regions; seeding refuses to mix demo data
/// into it. Returned inside the `anyhow::Error` so callers can downcast.
#[derive(Debug)]
pub struct AlreadySeeded;

impl std::fmt::Display for AlreadySeeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the database is already seeded (it has regions); demo data goes only into an empty database")
    }
}

impl std::error::Error for AlreadySeeded {}

/// Usernames of the demo accounts (API.md, "Demo mode").
pub const ACCOUNTS: [&str; 8] = ["admin", "district", "town", "town2", "village", "village2", "grid", "grid2"];

/// Whether the database already holds a region tree (demo or real).
pub async fn is_seeded(db: &DatabaseConnection) -> anyhow::Result<bool> {
    Ok(region::Entity::find().one(db).await?.is_some())
}

/// Whether any demo account still has the demo password: such a database
/// must not be served outside demo mode, where no default password may exist.
pub async fn has_demo_passwords(db: &DatabaseConnection) -> anyhow::Result<bool> {
    use sea_orm::{ColumnTrait as _, QueryFilter as _};
    let users = user::Entity::find().filter(user::Column::Username.is_in(ACCOUNTS)).all(db).await?;
    for u in users {
        let hash = u.password_hash;
        let matches =
            tokio::task::spawn_blocking(move || crate::auth::password::verify(accounts::PASSWORD, Some(&hash)))
                .await
                .context("password check task failed")?;
        if matches {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Seeds an EMPTY, migrated database. Idempotence: if any region exists,
/// returns [`AlreadySeeded`] and writes nothing (the caller decides).
#[tracing::instrument(skip_all, fields(households = opts.households))]
pub async fn seed(db: &DatabaseConnection, opts: &SeedOptions) -> anyhow::Result<SeedSummary> {
    if is_seeded(db).await? {
        return Err(AlreadySeeded.into());
    }
    let started = Instant::now();
    let now = Utc::now();
    let (tree, places, rng) = prepare(opts, now)?;
    let users = accounts::build(&tree, now).await?;
    let summary_users = users
        .iter()
        .map(|u| {
            let region = tree.regions.iter().find(|r| r.id == u.region_id);
            let region_name = region.map(|r| r.name.clone()).unwrap_or_default();
            (u.username.clone(), u.role, region_name)
        })
        .collect();
    let region_count = tree.regions.len();

    let txn = db.begin().await?;
    for chunk in tree.regions.chunks(REGION_ROWS) {
        let rows = chunk.iter().cloned().map(IntoActiveModel::into_active_model);
        region::Entity::insert_many(rows).exec_without_returning(&txn).await?;
    }
    user::Entity::insert_many(users.into_iter().map(IntoActiveModel::into_active_model))
        .exec_without_returning(&txn)
        .await?;

    // Generation runs on a blocking thread while this task inserts the
    // previous batch: the two overlap on a multi-core machine.
    let (tx, mut rx) = mpsc::channel::<Batch>(2);
    let generator = tokio::task::spawn_blocking(move || {
        // A send error means the inserting side has stopped on an error it
        // reports itself: there is nobody left to generate for.
        generate(rng, now, &places, |batch| tx.blocking_send(batch).is_ok());
    });
    let bar = progress_bar(opts);
    let (mut households, mut people) = (0, 0);
    while let Some(batch) = rx.recv().await {
        let made = batch.households.len();
        households += made;
        people += batch.people.len();
        insert_batch(&txn, batch).await?;
        bar.inc(made as u64);
    }
    generator.await.context("the demo data generator failed")?;
    txn.commit().await?;
    // Fresh statistics, or the planner judges the registry by an empty
    // table (autovacuum may be off, and is slow to notice a bulk load).
    db.execute_unprepared("ANALYZE").await?;
    bar.finish_and_clear();
    tracing::info!(
        regions = region_count,
        households,
        people,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "demo data seeded"
    );
    Ok(SeedSummary { regions: region_count, households, people, users: summary_users })
}

/// The region tree, where the households go, and the random stream left
/// for the families: everything that follows from the seed.
fn prepare(opts: &SeedOptions, now: DateTime<Utc>) -> anyhow::Result<(regions::Tree, Vec<Place>, StdRng)> {
    let mut rng = StdRng::seed_from_u64(opts.seed);
    let tree = regions::build(&mut rng, now)?;
    let places = regions::plan(&tree, opts.households, &mut rng);
    Ok((tree, places, rng))
}

/// Fills batches place by place and hands each to `emit`, stopping early
/// when it returns false.
fn generate(rng: StdRng, now: DateTime<Utc>, places: &[Place], mut emit: impl FnMut(Batch) -> bool) {
    let mut factory = Factory::new(rng, now);
    let mut batch = Batch::default();
    for place in places {
        let mut made = 0;
        while made < place.households {
            let room = place.households - made;
            made += families::generate(&mut factory, place, place.first_house + made, room, &mut batch);
            if batch.households.len() >= BATCH_HOUSEHOLDS && !emit(std::mem::take(&mut batch)) {
                return;
            }
        }
    }
    if !batch.households.is_empty() {
        emit(batch);
    }
}

/// Inserts a batch's households, then its people in statements cut at
/// household boundaries (people may only refer to people of the same or
/// an earlier household).
async fn insert_batch(db: &impl ConnectionTrait, batch: Batch) -> Result<(), DbErr> {
    let sizes = statement_sizes(&batch.starts, batch.people.len());
    let households = batch.households.into_iter().map(IntoActiveModel::into_active_model);
    household::Entity::insert_many(households).exec_without_returning(db).await?;
    let mut rows = batch.people.into_iter().map(IntoActiveModel::into_active_model);
    for size in sizes {
        person::Entity::insert_many(rows.by_ref().take(size)).exec_without_returning(db).await?;
    }
    for chunk in batch.relatives.chunks(PERSON_ROWS) {
        let rows = chunk.iter().cloned().map(IntoActiveModel::into_active_model);
        relative::Entity::insert_many(rows).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Sizes of consecutive statements of at most [`PERSON_ROWS`] people (or
/// one whole household, were a household ever larger), each ending where a
/// household ends. `starts` are the households' first indexes, ascending.
fn statement_sizes(starts: &[usize], total: usize) -> Vec<usize> {
    let mut sizes = Vec::new();
    let (mut begin, mut last_start) = (0, 0);
    for &start in starts.iter().chain(std::iter::once(&total)) {
        if start - begin > PERSON_ROWS && last_start > begin {
            sizes.push(last_start - begin);
            begin = last_start;
        }
        last_start = start;
    }
    if total > begin {
        sizes.push(total - begin);
    }
    sizes
}

/// A household counter on stderr when asked for and stderr is a terminal.
fn progress_bar(opts: &SeedOptions) -> ProgressBar {
    if !opts.progress || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(opts.households as u64), ProgressDrawTarget::stderr());
    // The template is a constant; fall back to the plain bar rather than fail the seed.
    let style = ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} 户 {eta}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message("生成演示数据");
    bar
}
