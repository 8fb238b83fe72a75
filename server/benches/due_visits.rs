//! `dueVisits` at district scale on PostgreSQL (issue #5: under 100 ms for
//! the whole district with 100,000 households).
//!
//! Seeds a fresh database with the demo district (`liushou::demo::seed`),
//! spreads registrations over the past year, adds sweeps, confirmed
//! classifications with care visits and open emergency requests, then times
//! GraphQL requests through the real schema (resolvers, loaders, SQL; no
//! HTTP) and prints min / median / max. The database is dropped at the end.
//!
//! ```sh
//! cargo bench -p liushou-server --bench due_visits
//! LIUSHOU_BENCH_HOUSEHOLDS=20000 LIUSHOU_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench …
//! ```
//!
//! `LIUSHOU_BENCH_KEEP=1` keeps the database for `EXPLAIN` sessions.

use std::{
    io::Write as _,
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::Context as _;
use entity::user;
use liushou::{
    auth::{
        Actor,
        actor::RequestMeta,
        jwt::{JwtKeys, Session},
    },
    config::{Mode, Settings},
    db::Db,
    graphql::{AppSchema, AppState, Caller, build_schema, loaders::Loaders},
};
use sea_orm::{
    ColumnTrait as _, ConnectionTrait as _, Database, DatabaseConnection, EntityTrait as _, QueryFilter as _,
};

const RUNS: usize = 20;
const WARM_UP: usize = 3;

/// What the numbers are meant to resemble: a year of registrations, about
/// half the households swept this month, a town sweep for a third within
/// the quarter, 6 % of people under care (10 % HIGH, 30 % KEY), half of
/// them visited within the month, 50 open emergency requests.
const FACTS: &[&str] = &[
    "UPDATE household SET created_at = now() - random() * interval '365 days'",
    "INSERT INTO visit (id, household_id, scope_key, visitor_id, kind, visited_at, person_ids, needs, \
     policies_explained, follow_up, created_at) \
     SELECT gen_random_uuid(), h.id, h.scope_key, $1, 'MONTHLY_SWEEP', \
     GREATEST(h.created_at, now() - random() * interval '45 days'), '[]', '[]', '[]', false, now() \
     FROM household h WHERE random() < 0.7",
    "INSERT INTO visit (id, household_id, scope_key, visitor_id, kind, visited_at, person_ids, needs, \
     policies_explained, follow_up, created_at) \
     SELECT gen_random_uuid(), h.id, h.scope_key, $1, 'QUARTERLY_SWEEP', \
     GREATEST(h.created_at, now() - random() * interval '100 days'), '[]', '[]', '[]', false, now() \
     FROM household h WHERE random() < 0.4",
    "INSERT INTO household_visit_mark (household_id, scope_key, last_visit_at, last_monthly_sweep_at, \
     last_quarterly_sweep_at) \
     SELECT household_id, MAX(scope_key), MAX(visited_at), MAX(visited_at), \
     MAX(CASE WHEN kind = 'QUARTERLY_SWEEP' THEN visited_at END) FROM visit GROUP BY household_id",
    "INSERT INTO classification (id, person_id, scope_key, category, status, care_level, reasons, since, decided_at, \
     version, created_at, updated_at) \
     SELECT gen_random_uuid(), p.id, p.scope_key, 'LEFT_BEHIND_ELDERLY', 'CONFIRMED', \
     CASE WHEN p.r < 0.1 THEN 'HIGH' WHEN p.r < 0.4 THEN 'KEY' ELSE 'GENERAL' END, '[]', current_date, \
     now() - random() * interval '180 days', 1, now(), now() \
     FROM (SELECT id, scope_key, random() AS r FROM person WHERE random() < 0.06) p",
    "INSERT INTO person_visit_mark (person_id, last_seen_at, last_care_visit_at) \
     SELECT person_id, t, t FROM (SELECT person_id, now() - random() * interval '30 days' AS t \
     FROM classification WHERE random() < 0.5) c",
    "INSERT INTO visit_request (id, household_id, kind, reason, source_type, requested_at, created_at) \
     SELECT gen_random_uuid(), id, 'CARE_VISIT', 'EMERGENCY', 'bench', now() - random() * interval '48 hours', now() \
     FROM household ORDER BY random() LIMIT 50",
    "ANALYZE",
];

const PAGE: &str = "query($f: DueVisitFilter) { dueVisits(filter: $f, first: 20) { pageInfo { hasNextPage endCursor } \
    edges { node { household { id address region { name } } person { id name } kind reason dueAt overdue lastVisitAt } } } }";
const TOTALS: &str = "query($f: DueVisitFilter) { dueVisits(filter: $f, first: 0) { totalCount overdueCount } }";
const COVERAGE: &str = "{ stats { totals { households sweptThisMonthShare sweptThisQuarterShare overdueCareVisits } \
    children { figures { sweptThisMonth sweptThisQuarter overdueCareVisits } } } }";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let admin_url =
        std::env::var("LIUSHOU_BENCH_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let households = std::env::var("LIUSHOU_BENCH_HOUSEHOLDS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let name = format!("liushou_bench_{}", uuid::Uuid::now_v7().simple());
    let admin = Database::connect(&admin_url).await.context("PostgreSQL at LIUSHOU_BENCH_PG_URL")?;
    admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await?;
    let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(b, _)| b);
    let result = run(&format!("{base}/{name}"), households).await;
    if std::env::var_os("LIUSHOU_BENCH_KEEP").is_some() {
        // For EXPLAIN sessions; drop it by hand afterwards.
        writeln!(std::io::stdout().lock(), "kept database {name}")?;
    } else {
        admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
    }
    result
}

async fn run(url: &str, households: usize) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let pool = liushou::db::connect(url).await?;
    liushou::db::migrate(&pool).await?;
    // Seeding and the fixture's facts are the system's work.
    let db = liushou::db::system_pool(&pool).await?;
    let started = Instant::now();
    let opts = liushou::demo::SeedOptions { households, seed: 120_116, progress: false };
    let summary = liushou::demo::seed(&db, &opts).await?;
    let grid = account(&db, "grid").await?;
    for sql in FACTS {
        let stmt = sea_orm::Statement::from_sql_and_values(db.get_database_backend(), *sql, [grid.user_id.into()]);
        if sql.contains("$1") {
            db.execute_raw(stmt).await?
        } else {
            db.execute_unprepared(sql).await?
        };
    }
    let counts = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT (SELECT COUNT(*) FROM visit) AS visits, (SELECT COUNT(*) FROM classification) AS classified",
        ))
        .await?
        .context("counts")?;
    writeln!(
        out,
        "seeded {} households, {} people, {} visits, {} under care in {:.0?}",
        summary.households,
        summary.people,
        counts.try_get::<i64>("", "visits")?,
        counts.try_get::<i64>("", "classified")?,
        started.elapsed()
    )?;

    let settings = Settings {
        database_url: url.to_owned(),
        bind: "127.0.0.1:0".parse()?,
        web_dir: std::env::temp_dir(),
        mode: Mode::Production,
        jwt_secret: b"bench-secret-bench-secret-bench-secret".to_vec(),
        token_ttl: Duration::from_secs(600),
    };
    let state = AppState {
        db: pool.clone(),
        system: db.clone(),
        jwt: JwtKeys::new(&settings.jwt_secret)?,
        settings: Arc::new(settings),
    };
    let schema = build_schema(Some(state), false);
    let district = account(&db, "district").await?;
    let town = account(&db, "town").await?;
    let cases = [
        ("district: its list (overdue), first 20", &district, PAGE, serde_json::json!({})),
        ("district: everything open, first 20", &district, PAGE, serde_json::json!({ "f": { "overdueOnly": false } })),
        ("district: totalCount + overdueCount", &district, TOTALS, serde_json::json!({})),
        ("town: its list, first 20", &town, PAGE, serde_json::json!({})),
        ("town: totalCount + overdueCount", &town, TOTALS, serde_json::json!({})),
        ("grid: its list, first 20", &grid, PAGE, serde_json::json!({})),
        ("district: stats coverage (21 regions)", &district, COVERAGE, serde_json::json!({})),
    ];
    writeln!(out, "{:<40} {:>9} {:>9} {:>9}   ({RUNS} runs)", "request", "min", "median", "max")?;
    for (label, actor, query, vars) in cases {
        let mut times = Vec::with_capacity(RUNS);
        for i in 0..WARM_UP + RUNS {
            let t = Instant::now();
            execute(&schema, &pool, &db, actor, query, vars.clone()).await?;
            if i >= WARM_UP {
                times.push(t.elapsed());
            }
        }
        times.sort();
        writeln!(out, "{label:<40} {:>9.1?} {:>9.1?} {:>9.1?}", times[0], times[RUNS / 2], times[RUNS - 1])?;
    }
    Ok(())
}

async fn account(db: &DatabaseConnection, username: &str) -> anyhow::Result<Actor> {
    let user =
        user::Entity::find().filter(user::Column::Username.eq(username)).one(db).await?.context(username.to_owned())?;
    let session = Session { user: user.id, generation: user.session_generation };
    Ok(Actor::load(db, session, RequestMeta::default()).await?)
}

/// One request as the HTTP handler runs it, minus the socket.
async fn execute(
    schema: &AppSchema,
    pool: &DatabaseConnection,
    system: &DatabaseConnection,
    actor: &Actor,
    query: &str,
    vars: serde_json::Value,
) -> anyhow::Result<()> {
    let db = Db::scoped(pool, system, liushou::policy::scope::rows(actor));
    let request = async_graphql::Request::new(query)
        .variables(async_graphql::Variables::from_json(vars))
        .data(Loaders::new(&db, actor))
        .data(Caller { actor: Some(actor.clone()), meta: RequestMeta::default() })
        .data(db.clone());
    let response = schema.execute(request).await;
    db.close().await?;
    anyhow::ensure!(response.errors.is_empty(), "{:?}", response.errors);
    Ok(())
}
