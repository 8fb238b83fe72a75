//! Preparing a town's quarterly ledger (信息台账) over 50,000 households on
//! PostgreSQL (issue #11: under 5 s).
//!
//! Seeds a fresh database with the demo district, adds a year of sweeps and
//! 6 % of people under care, then moves the whole registry into 小王庄镇
//! (scope keys only: the town's span), so one town holds every household.
//! Times `reports::workflow::prepare` (snapshot, comparison, inserts, audit)
//! several times, deleting the report between runs. The database is
//! dropped at the end.
//!
//! ```sh
//! cargo bench -p liushou-server --bench report_prepare
//! LIUSHOU_BENCH_HOUSEHOLDS=50000 LIUSHOU_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench …
//! ```

use std::time::Instant;

use anyhow::Context as _;
use entity::{region, report, user};
use liushou::{
    auth::{Actor, actor::RequestMeta},
    reports::{
        period::{Period, PeriodKind},
        workflow,
    },
};
use sea_orm::{ColumnTrait as _, ConnectionTrait as _, Database, EntityTrait as _, QueryFilter as _};

const RUNS: usize = 3;

const FACTS: &[&str] = &[
    "INSERT INTO visit (id, household_id, scope_key, visitor_id, kind, visited_at, person_ids, needs, \
     policies_explained, follow_up, created_at) \
     SELECT gen_random_uuid(), h.id, h.scope_key, $1, 'MONTHLY_SWEEP', now() - random() * interval '45 days', \
     '[]', '[\"MEDICAL\"]', '[]', false, now() FROM household h WHERE random() < 0.7",
    "INSERT INTO visit (id, household_id, scope_key, visitor_id, kind, visited_at, person_ids, needs, \
     policies_explained, follow_up, created_at) \
     SELECT gen_random_uuid(), h.id, h.scope_key, $1, 'QUARTERLY_SWEEP', now() - random() * interval '80 days', \
     '[]', '[]', '[]', false, now() FROM household h WHERE random() < 0.4",
    "INSERT INTO household_visit_mark (household_id, scope_key, last_visit_at, last_monthly_sweep_at, \
     last_quarterly_sweep_at) SELECT household_id, MAX(scope_key), MAX(visited_at), MAX(visited_at), \
     MAX(CASE WHEN kind = 'QUARTERLY_SWEEP' THEN visited_at END) FROM visit GROUP BY household_id",
    "INSERT INTO classification (id, person_id, scope_key, category, status, care_level, reasons, since, decided_at, \
     version, created_at, updated_at) \
     SELECT gen_random_uuid(), p.id, p.scope_key, 'LEFT_BEHIND_ELDERLY', 'CONFIRMED', \
     CASE WHEN p.r < 0.1 THEN 'HIGH' WHEN p.r < 0.4 THEN 'KEY' ELSE 'GENERAL' END, '[]', current_date, \
     now(), 1, now(), now() FROM (SELECT id, scope_key, random() AS r FROM person WHERE random() < 0.06) p",
    "UPDATE household SET scope_key = 120116157000000 + scope_key % 1000000",
    "UPDATE person SET scope_key = 120116157000000 + scope_key % 1000000",
    "UPDATE classification SET scope_key = 120116157000000 + scope_key % 1000000",
    "UPDATE visit SET scope_key = 120116157000000 + scope_key % 1000000",
    "UPDATE household_visit_mark SET scope_key = 120116157000000 + scope_key % 1000000",
    "ANALYZE",
];

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let admin_url =
        std::env::var("LIUSHOU_BENCH_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let households: usize =
        std::env::var("LIUSHOU_BENCH_HOUSEHOLDS").ok().and_then(|v| v.parse().ok()).unwrap_or(50_000);
    let name = format!("liushou_bench_reports_{}", std::process::id());
    let admin = Database::connect(&admin_url).await.context("PostgreSQL")?;
    admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await?;
    let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(b, _)| b);
    let result = run(&format!("{base}/{name}"), households).await;
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
    result
}

async fn run(url: &str, households: usize) -> anyhow::Result<()> {
    let db = liushou::db::connect_system(url).await?;
    liushou::db::migrate(&db).await?;
    let started = Instant::now();
    liushou::demo::seed(&db, &liushou::demo::SeedOptions { households, seed: 11, progress: false }).await?;
    let town_user = user::Entity::find().filter(user::Column::Username.eq("town")).one(&db).await?.context("town")?;
    for sql in FACTS {
        let stmt = sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            *sql,
            if sql.contains("$1") { vec![town_user.id.into()] } else { vec![] },
        );
        db.execute_raw(stmt).await?;
    }
    let town = region::Entity::find_by_id(town_user.region_id).one(&db).await?.context("town region")?;
    let actor = Actor::from_models(&town_user, &town, RequestMeta::default());
    eprintln!("seeded {households} households in {:.1} s", started.elapsed().as_secs_f64());
    let quarter = Period::containing(chrono::Utc::now(), PeriodKind::Quarter);
    // Where the time goes: the snapshot alone, then the whole step.
    let t = Instant::now();
    let rows = liushou::reports::snapshot::build(&db, &town, &[]).await?;
    eprintln!("snapshot alone: {} rows in {:.2} s", rows.len(), t.elapsed().as_secs_f64());
    let t = Instant::now();
    liushou::reports::snapshot::coverage(&db, &town, quarter).await?;
    eprintln!("coverage alone: {:.2} s", t.elapsed().as_secs_f64());
    for run in 1..=RUNS {
        let t = Instant::now();
        let made = workflow::prepare(&db, &actor, town.id, quarter).await?;
        let elapsed = t.elapsed();
        eprintln!("run {run}: ledger of {} rows in {:.2} s", made.row_count, elapsed.as_secs_f64());
        report::Entity::delete_by_id(made.id).exec(&db).await?;
    }
    Ok(())
}
