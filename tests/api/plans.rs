//! Scoped pages at district scale (#15), on PostgreSQL with data skewed the
//! way real registries are: the demo registers its district place by place,
//! so the last town's households are the newest ids. Each list's page
//! statement is run again under EXPLAIN ANALYZE with the values the server
//! sent: no sequential scan of a registry table, no sort, and only a page's
//! worth of rows read, on the first page and on a later one. And one page of
//! households with their members and classifications costs a fixed number
//! of statements, whatever the page size.

use entity::{RegionLevel, household, region};
use liushou::db::Db;
use liushou::policy::scope::KeyRange;
use sea_orm::{
    ColumnTrait as _, ConnectionTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _, QueryOrder as _,
    Statement,
};
use serde_json::{Value, json};

use crate::helpers::{Backend, Recorder, TestApp, spawn_demo_recorded};

const HOUSEHOLDS: usize = 3_000;

/// Rows a page of 50 may scan or drop: the page and the one after it, with
/// slack, far below the hundreds of the town's own rows that a sort reads
/// or the thousands of other towns' rows a walk of the primary key drops.
const MAX_READ: u64 = 150;

/// The largest town among those not registered first: its rows come after
/// other towns' in id order, and it has many pages.
async fn skewed_town(app: &TestApp) -> (region::Model, u64) {
    let oldest = household::Entity::find().order_by_asc(household::Column::Id).one(&app.db).await.unwrap().unwrap();
    let towns = region::Entity::find().filter(region::Column::Level.eq(RegionLevel::Town)).all(&app.db).await.unwrap();
    let mut best = None;
    for town in towns.into_iter().filter(|t| !(t.key_lo..=t.key_hi).contains(&oldest.scope_key)) {
        let n = household::Entity::find()
            .filter(household::Column::ScopeKey.between(town.key_lo, town.key_hi))
            .count(&app.db)
            .await
            .unwrap();
        if best.as_ref().is_none_or(|(_, m)| n > *m) {
            best = Some((town, n));
        }
    }
    best.unwrap()
}

/// The plan of `stmt` as the district's request runs it.
async fn explain(app: &TestApp, district: KeyRange, stmt: &Statement) -> Vec<String> {
    let pool = liushou::db::connect(&app.database_url).await.unwrap();
    let db = Db::scoped(&pool, &app.db, district);
    let explained = Statement {
        sql: format!("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {}", stmt.sql),
        values: stmt.values.clone(),
        db_backend: stmt.db_backend,
    };
    let rows = db.query_all_raw(explained).await.unwrap();
    db.close().await.unwrap();
    rows.iter().map(|row| row.try_get::<String>("", "QUERY PLAN").unwrap()).collect()
}

/// Asserts the plan of the statement reading `table`'s page: no
/// sequential scan, and the scans together produce and drop no more than a
/// page's worth of rows (a sort of the whole region, or a walk of the
/// primary key past other regions' rows, reads thousands).
fn assert_page_plan(what: &str, table: &str, rows: u64, plan: &[String]) {
    let text = plan.join("\n");
    // A table of a page or two is read whole by any sensible plan.
    if rows > MAX_READ {
        assert!(!text.contains(&format!("Seq Scan on {table}")), "{what}: a sequential scan\n{text}");
    }
    let number = |line: &str, after: &str| -> u64 {
        line.split(after)
            .nth(1)
            .map_or(0, |rest| rest.split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap())
    };
    let read: u64 = plan
        .iter()
        .filter(|line| line.contains("Scan") && line.contains("actual rows="))
        .map(|line| number(line, "actual rows=") * number(line, "loops=").max(1))
        .sum();
    let removed: u64 = plan.iter().map(|line| number(line, "Rows Removed by Filter: ")).sum();
    assert!(read + removed <= MAX_READ, "{what}: {read} rows scanned, {removed} dropped\n{text}");
}

/// The page statement of `table` among those a request sent.
fn page_statement<'a>(stmts: &'a [Statement], table: &str) -> &'a Statement {
    stmts
        .iter()
        .find(|s| s.sql.contains(&format!("FROM \"{table}\"")) && s.sql.contains("LIMIT") && !s.sql.contains("COUNT("))
        .unwrap_or_else(|| panic!("no page of {table} in {stmts:#?}"))
}

/// One request as `token`, with what it sent the database.
async fn recorded(
    app: &TestApp,
    recorder: &Recorder,
    token: &str,
    query: &str,
    vars: Value,
) -> (Value, Vec<Statement>) {
    let (body, stmts) = recorder.during(app.gql(token, query, vars)).await;
    assert!(body["errors"].is_null(), "{body}");
    // The range itself is set by the first statement of each transaction.
    (body, stmts.into_iter().filter(|s| !s.sql.contains("set_config")).collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_scoped_list_reads_one_page_of_its_index_on_skewed_data() {
    let (app, recorder) = spawn_demo_recorded(Backend::Postgres, HOUSEHOLDS).await;
    liushou::discovery::job::run(&app.db, liushou::clock::today(), None).await.unwrap();
    app.db.execute_unprepared("ANALYZE").await.unwrap();
    let district = region::Entity::find()
        .filter(region::Column::Level.eq(RegionLevel::District))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let district_range = KeyRange { lo: district.key_lo, hi: district.key_hi };
    let (town, households) = skewed_town(&app).await;
    assert!(households > 4 * MAX_READ, "the town must be larger than what a page may read: {households}");
    let token = app.login("district").await;

    let lists = [
        ("households", "household", "households(filter: { regionId: $r }, first: 50, after: $a)", "id"),
        ("people", "person", "people(filter: { regionId: $r }, first: 50, after: $a)", "id"),
        ("classifications", "classification", "classifications(filter: { regionId: $r }, first: 50, after: $a)", "id"),
        ("alerts", "alert", "alerts(filter: { regionId: $r }, first: 50, after: $a)", "id"),
    ];
    for (field, table, call, node) in lists {
        let query = format!(
            "query($r: ID!, $a: String) {{ {call} {{ edges {{ node {{ {node} }} }} pageInfo {{ endCursor hasNextPage }} }} }}"
        );
        let counted =
            Statement::from_string(sea_orm::DbBackend::Postgres, format!("SELECT COUNT(*) AS n FROM {table}"));
        let rows = app.db.query_one_raw(counted).await.unwrap().unwrap().try_get::<i64>("", "n").unwrap();
        let rows = u64::try_from(rows).unwrap();
        let mut after = Value::Null;
        for page in 1..=2 {
            let (body, stmts) = recorded(&app, &recorder, &token, &query, json!({ "r": town.id, "a": after })).await;
            let plan = explain(&app, district_range, page_statement(&stmts, table)).await;
            assert_page_plan(&format!("{field}, page {page}"), table, rows, &plan);
            let info = &body["data"][field]["pageInfo"];
            if info["hasNextPage"] != true {
                break;
            }
            after = info["endCursor"].clone();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_of_households_with_members_and_classifications_costs_a_fixed_number_of_statements() {
    let (app, recorder) = spawn_demo_recorded(Backend::Postgres, 600).await;
    liushou::discovery::job::run(&app.db, liushou::clock::today(), None).await.unwrap();
    let token = app.login("district").await;
    let query = "query($n: Int) { households(first: $n) { edges { node { id address members { id name
        classifications { status category } } } } } }";
    let mut totals = Vec::new();
    for size in [5, 50, 100] {
        let (body, stmts) = recorded(&app, &recorder, &token, query, json!({ "n": size })).await;
        let edges = body["data"]["households"]["edges"].as_array().unwrap();
        assert_eq!(edges.len(), size, "{body}");
        let members: usize = edges.iter().map(|e| e["node"]["members"].as_array().unwrap().len()).sum();
        assert!(members > size, "the page has members to load: {members}");
        // The page, its members, their classifications: one statement each.
        let registry: Vec<&Statement> = stmts
            .iter()
            .filter(|s| {
                ["household", "person", "classification"].iter().any(|t| s.sql.contains(&format!("FROM \"{t}\"")))
            })
            .collect();
        assert_eq!(registry.len(), 3, "{size} households:\n{registry:#?}");
        totals.push(stmts.len());
    }
    // Besides: the caller's account and region, and the audit entry of the
    // children's data read; none of it grows with the page either.
    assert!(totals.windows(2).all(|w| w[0] == w[1]), "statements per request by page size: {totals:?}");
    assert!(totals[0] <= 8, "{totals:?}");
}
