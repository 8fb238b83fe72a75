//! The second wall (PostgreSQL row-level security): with the server's own
//! scope left out of a query altogether, the database still returns and
//! accepts only rows of the caller's jurisdiction. Every other PostgreSQL
//! test meets the wall too, since the server under test connects as an
//! owner role that is neither a superuser nor exempt from row security.

use entity::{household, person};
use liushou::db::{self, Db};
use liushou::policy::scope::KeyRange;
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, ConnectionTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _,
    Statement,
};
use serde_json::json;

use crate::helpers::{Backend, TestApp, person as person_input, spawn_app};

/// A household with one member in the grid (town 小王庄镇) and one in
/// village_b (town 新城镇), each registered by its own staff.
async fn two_towns() -> (TestApp, KeyRange) {
    let app = spawn_app(Backend::Postgres).await;
    let grid = app.login("grid").await;
    let town2 = app.login("town2").await;
    let here = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    app.add_person(&grid, &here, person_input("张三")).await;
    let there = app.create_household(&town2, &app.regions().village_b, "大安村2排2号").await;
    app.add_person(&town2, &there, person_input("李四")).await;
    let town = &app.regions().town;
    let range = KeyRange { lo: town.key_lo, hi: town.key_hi };
    (app, range)
}

/// The household of the other town, read as the system.
async fn foreign_household(app: &TestApp) -> household::Model {
    let town2 = &app.regions().town2;
    household::Entity::find()
        .filter(household::Column::ScopeKey.between(town2.key_lo, town2.key_hi))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_under_test_is_not_exempt_from_row_security() {
    let app = spawn_app(Backend::Postgres).await;
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user",
        ))
        .await
        .unwrap()
        .unwrap();
    let (superuser, bypass): (bool, bool) =
        (row.try_get("", "rolsuper").unwrap(), row.try_get("", "rolbypassrls").unwrap());
    assert!(!superuser && !bypass, "the tests would never meet the wall as a superuser");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unfiltered_reads_of_a_request_return_no_foreign_row() {
    let (app, town) = two_towns().await;
    let pool = db::connect(&app.database_url).await.unwrap();
    let request = Db::scoped(&pool, &app.db, town);

    // No filter at all: the query the application would send if it forgot
    // its scope.
    let households = household::Entity::find().all(&request).await.unwrap();
    let people = person::Entity::find().all(&request).await.unwrap();
    assert_eq!(households.len(), 1, "only the town's own household: {households:?}");
    assert_eq!(people.len(), 1);
    assert!(households.iter().all(|h| (town.lo..=town.hi).contains(&h.scope_key)));
    assert!(people.iter().all(|p| (town.lo..=town.hi).contains(&p.scope_key)));
    // The system sees both towns.
    assert_eq!(household::Entity::find().count(&app.db).await.unwrap(), 2);

    // A foreign id asked for by name is not there either.
    let foreign = foreign_household(&app).await;
    assert!(household::Entity::find_by_id(foreign.id).one(&request).await.unwrap().is_none());
    request.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_of_a_request_cannot_touch_or_create_foreign_rows() {
    let (app, town) = two_towns().await;
    let pool = db::connect(&app.database_url).await.unwrap();
    let request = Db::scoped(&pool, &app.db, town);
    let foreign = foreign_household(&app).await;

    let txn = request.begin_write().await.unwrap();
    let moved = household::Entity::update_many()
        .col_expr(household::Column::Address, sea_orm::sea_query::Expr::value("改写"))
        .filter(household::Column::Id.eq(foreign.id))
        .exec(&txn)
        .await
        .unwrap();
    assert_eq!(moved.rows_affected, 0, "a foreign row is not there to update");
    let mut copy: household::ActiveModel = foreign.clone().into();
    copy.id = Set(uuid::Uuid::now_v7());
    copy.address = Set("伪造".into());
    let inserted = household::Entity::insert(copy).exec_without_returning(&txn).await;
    let err = inserted.expect_err("a row outside the range is refused").to_string();
    assert!(err.contains("row-level security"), "{err}");
    drop(txn);

    let after = household::Entity::find_by_id(foreign.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(after.address, foreign.address);
    assert_eq!(household::Entity::find().count(&app.db).await.unwrap(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_without_a_range_sees_nothing_and_a_closed_request_reads_nothing() {
    let (app, town) = two_towns().await;
    let pool = db::connect(&app.database_url).await.unwrap();
    // The requests' pool by itself: what a statement that bypassed the
    // request's handle would get.
    assert_eq!(household::Entity::find().count(&pool).await.unwrap(), 0);
    assert_eq!(person::Entity::find().count(&pool).await.unwrap(), 0);

    let request = Db::scoped(&pool, &app.db, town);
    assert_eq!(household::Entity::find().count(&request).await.unwrap(), 1);
    request.close().await.unwrap();
    let after = household::Entity::find().count(&request).await;
    assert!(after.is_err(), "a read after the request ended must fail, not run without its range");
    // The range ended with the transaction: the connection it used, back in
    // the pool, sees nothing again.
    for _ in 0..4 {
        assert_eq!(household::Entity::find().count(&pool).await.unwrap(), 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_answers_are_unchanged_behind_the_wall() {
    // Through the server: the same lists as the application's own scope
    // gives, for each tier (the wall must not hide what the policy allows).
    let (app, _) = two_towns().await;
    let count = "{ households(first: 50) { totalCount edges { node { address members { name } } } } }";
    for (user, addresses) in [
        ("grid", vec!["渡口村1排1号"]),
        ("town", vec!["渡口村1排1号"]),
        ("town2", vec!["大安村2排2号"]),
        ("district", vec!["渡口村1排1号", "大安村2排2号"]),
    ] {
        let token = app.login(user).await;
        let body = app.gql(&token, count, json!({})).await;
        let mut seen: Vec<&str> = body["data"]["households"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["address"].as_str().unwrap())
            .collect();
        seen.sort_unstable();
        let mut addresses = addresses;
        addresses.sort_unstable();
        assert_eq!(seen, addresses, "{user}: {body}");
        assert_eq!(body["data"]["households"]["totalCount"], addresses.len(), "{user}: {body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_requests_that_read_then_write_does_not_exhaust_the_pool() {
    // addPerson with an ID number reads (the duplicate check) before it
    // writes. Were the read transaction kept while the write waits for a
    // second connection, 40 at once would hold all 16 and wait for ever.
    let app = std::sync::Arc::new(spawn_app(Backend::Postgres).await);
    let grid = app.login("grid").await;
    let household = app.create_household(&grid, &app.regions().grid, "渡口村3排3号").await;
    let query = "mutation($h: ID!, $i: PersonInput!) { addPerson(householdId: $h, input: $i) { id name } }";
    let mut adds = tokio::task::JoinSet::new();
    for i in 0..40u32 {
        let (app, grid, household) = (app.clone(), grid.clone(), household.clone());
        let mut input = person_input(&format!("成员{i}"));
        input["idNumber"] = json!(crate::helpers::id_number("19800101", i % 2 == 0, 100 + i));
        adds.spawn(async move { app.gql(&grid, query, json!({ "h": household, "i": input })).await });
    }
    let answers: Vec<_> = adds.join_all().await;
    for body in &answers {
        assert!(body["errors"].is_null(), "{body}");
    }
    assert_eq!(person::Entity::find().count(&app.db).await.unwrap(), 40);
}
