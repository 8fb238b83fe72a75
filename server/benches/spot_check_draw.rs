//! Drawing a district's spot-check round over 350,000 households on
//! PostgreSQL (issue #12: under 2 s).
//!
//! Works on a fresh database: a copy of `LIUSHOU_BENCH_TEMPLATE` when given
//! (for example the `liushou_bench_350000` database `cargo xtask bench`
//! keeps, which saves the four minutes of seeding), else the demo district
//! seeded with `LIUSHOU_BENCH_HOUSEHOLDS` households (default 350,000). The
//! district confirms 6 % of people (so both strata are large), then
//! `spot_checks::draw::draw` runs for several past quarters, 10 households
//! per town, each round deleted again. The database is dropped at the end.
//!
//! ```sh
//! cargo bench -p liushou-server --bench spot_check_draw
//! LIUSHOU_BENCH_TEMPLATE=liushou_bench_350000 cargo bench -p liushou-server --bench spot_check_draw
//! ```

use std::time::Instant;

use anyhow::Context as _;
use entity::{region, spot_check_item, spot_check_round, user};
use liushou::{
    auth::{Actor, actor::RequestMeta},
    reports::period::{Period, PeriodKind},
    spot_checks::draw::{self, Draw},
};
use sea_orm::{ColumnTrait as _, ConnectionTrait as _, Database, EntityTrait as _, QueryFilter as _};

const RUNS: i32 = 3;

const CONFIRM: &str = "INSERT INTO classification (id, person_id, scope_key, category, status, care_level, reasons, \
     since, decided_at, version, created_at, updated_at) \
     SELECT gen_random_uuid(), p.id, p.scope_key, 'LEFT_BEHIND_ELDERLY', 'CONFIRMED', 'GENERAL', '[]', current_date, \
     now(), 1, now(), now() FROM person p WHERE random() < 0.06 AND NOT EXISTS \
     (SELECT 1 FROM classification c WHERE c.person_id = p.id AND c.category = 'LEFT_BEHIND_ELDERLY')";

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let admin_url =
        std::env::var("LIUSHOU_BENCH_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let template = std::env::var("LIUSHOU_BENCH_TEMPLATE").ok();
    let households: usize =
        std::env::var("LIUSHOU_BENCH_HOUSEHOLDS").ok().and_then(|v| v.parse().ok()).unwrap_or(350_000);
    let name = format!("liushou_bench_draw_{}", std::process::id());
    let admin = Database::connect(&admin_url).await.context("PostgreSQL")?;
    let t = Instant::now();
    match &template {
        Some(t) => admin.execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE {t}")).await?,
        None => admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await?,
    };
    eprintln!("database created in {:.1} s", t.elapsed().as_secs_f64());
    let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(b, _)| b);
    let result = run(&format!("{base}/{name}"), template.is_none().then_some(households)).await;
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
    result
}

async fn run(url: &str, seed: Option<usize>) -> anyhow::Result<()> {
    let db = liushou::db::connect_system(url).await?;
    liushou::db::migrate(&db).await?;
    if let Some(households) = seed {
        let t = Instant::now();
        liushou::demo::seed(&db, &liushou::demo::SeedOptions { households, seed: 11, progress: false }).await?;
        eprintln!("seeded {households} households in {:.1} s", t.elapsed().as_secs_f64());
    }
    db.execute_unprepared(CONFIRM).await?;
    db.execute_unprepared("ANALYZE").await?;
    let count = db
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT count(*) AS n FROM household",
        ))
        .await?
        .context("count")?
        .try_get::<i64>("", "n")?;
    let u = user::Entity::find().filter(user::Column::Username.eq("district")).one(&db).await?.context("district")?;
    let r = region::Entity::find_by_id(u.region_id).one(&db).await?.context("district region")?;
    let actor = Actor::from_models(&u, &r, RequestMeta::default());
    let now = Period::containing(chrono::Utc::now(), PeriodKind::Quarter);
    for run in 1..=RUNS {
        let quarter = now.shift(-8 - run).to_string();
        let input = Draw {
            quarter,
            per_town: 10,
            classified: None,
            seed: Some(i64::from(run)),
            due_on: None,
            assignees: Vec::new(),
        };
        let t = Instant::now();
        let round = draw::draw(&db, &actor, input).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let elapsed = t.elapsed();
        eprintln!("run {run}: {} households sampled from {count} in {:.2} s", round.item_count, elapsed.as_secs_f64());
        spot_check_item::Entity::delete_many().filter(spot_check_item::Column::RoundId.eq(round.id)).exec(&db).await?;
        spot_check_round::Entity::delete_by_id(round.id).exec(&db).await?;
    }
    Ok(())
}
