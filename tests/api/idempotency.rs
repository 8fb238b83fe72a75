//! `Idempotency-Key` on the create mutations and `recordVisit`: a retry
//! gives the first result instead of a second record, for the same user
//! and the same request only.

use chrono::{Duration, Utc};
use entity::{api_token, household, idempotency_key, person, user, visit};
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _, sea_query::Expr};
use serde_json::{Value, json};

use crate::{
    db_tests,
    helpers::{Backend, TestApp, error_code, id_number, person, spawn_app},
    visit_support::{RECORD, registered_days_ago, visit},
};

const CREATE_HOUSEHOLD: &str = "mutation($i: HouseholdInput!) { createHousehold(input: $i) { id address } }";

/// POSTs `query` by `token` with an `Idempotency-Key` header of raw bytes.
async fn keyed(app: &TestApp, token: &str, key: &[u8], query: &str, variables: Value) -> Value {
    let res = app
        .http
        .post(format!("{}/graphql", app.base))
        .bearer_auth(token)
        .header("Idempotency-Key", reqwest::header::HeaderValue::from_bytes(key).unwrap())
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .expect("request sent");
    res.json().await.expect("JSON body")
}

fn household_input(app: &TestApp, address: &str) -> Value {
    json!({ "i": { "regionId": app.regions().grid.id.to_string(), "address": address } })
}

async fn households(app: &TestApp) -> u64 {
    household::Entity::find().count(&app.db).await.unwrap()
}

fn header_error(body: &Value) -> bool {
    error_code(body) == Some("VALIDATION") && body["errors"][0]["extensions"]["fields"]["Idempotency-Key"].is_string()
}

async fn a_retried_create_household_makes_one_household_and_answers_with_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let vars = household_input(&app, "渡口村3排7号");

    let first = keyed(&app, &grid, b"0193a1b2-7c3d-7e4f-8a5b-6c7d8e9fa0b1", CREATE_HOUSEHOLD, vars.clone()).await;
    let retry = keyed(&app, &grid, b"0193a1b2-7c3d-7e4f-8a5b-6c7d8e9fa0b1", CREATE_HOUSEHOLD, vars).await;

    assert!(first["data"]["createHousehold"]["id"].is_string(), "{first}");
    assert_eq!(retry, first, "the retry answers with the first result");
    assert_eq!(households(&app).await, 1);
    let stored = idempotency_key::Entity::find().one(&app.db).await.unwrap().expect("the key is kept");
    assert_eq!(stored.result_id.map(|id| id.to_string()).as_deref(), first["data"]["createHousehold"]["id"].as_str());
    let row = format!("{stored:?}");
    assert!(!row.contains("渡口村") && !row.contains("createHousehold(input"), "no request content kept: {row}");
}

async fn a_key_reused_for_another_request_is_refused_and_runs_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    keyed(&app, &grid, b"k-1", CREATE_HOUSEHOLD, household_input(&app, "渡口村3排7号")).await;

    let other = keyed(&app, &grid, b"k-1", CREATE_HOUSEHOLD, household_input(&app, "渡口村3排8号")).await;

    assert!(header_error(&other), "{other}");
    assert_eq!(households(&app).await, 1);
}

async fn a_key_belongs_to_its_user_and_never_answers_with_another_users_record(backend: Backend) {
    let app = spawn_app(backend).await;
    let vars = household_input(&app, "渡口村3排7号");
    let grid = keyed(&app, &app.login("grid").await, b"same", CREATE_HOUSEHOLD, vars.clone()).await;

    let village = keyed(&app, &app.login("village").await, b"same", CREATE_HOUSEHOLD, vars).await;

    let (a, b) = (&grid["data"]["createHousehold"]["id"], &village["data"]["createHousehold"]["id"]);
    assert!(a.is_string() && b.is_string() && a != b, "each user gets their own record: {grid} {village}");
    assert_eq!(households(&app).await, 2);
}

async fn a_failed_request_is_not_remembered_and_its_key_can_be_used_again(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let failed = keyed(&app, &grid, b"k-2", CREATE_HOUSEHOLD, household_input(&app, "")).await;

    let fixed = keyed(&app, &grid, b"k-2", CREATE_HOUSEHOLD, household_input(&app, "渡口村3排7号")).await;

    assert!(failed["errors"][0]["extensions"]["fields"]["address"].is_string(), "{failed}");
    assert!(fixed["data"]["createHousehold"]["id"].is_string(), "{fixed}");
    assert_eq!(households(&app).await, 1);
}

async fn racing_duplicates_of_a_visit_record_it_once_and_all_answer_with_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    registered_days_ago(&app, &h, 1).await;
    let vars = json!({ "i": visit(&h, "MONTHLY_SWEEP", Utc::now() - Duration::hours(1)) });

    let app = std::sync::Arc::new(app);

    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (app, grid, vars) = (app.clone(), grid.clone(), vars.clone());
            tokio::spawn(async move { keyed(&app, &grid, b"outbox-entry-1", RECORD, vars).await })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }

    assert_eq!(visit::Entity::find().count(&app.db).await.unwrap(), 1, "exactly one attempt ran");
    let ids: Vec<&Value> = answers.iter().map(|a| &a["data"]["recordVisit"]["id"]).collect();
    assert!(ids.iter().all(|id| id.is_string() && *id == ids[0]), "every attempt answers with it: {answers:?}");
}

async fn every_create_honours_the_key(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let admin = app.login("admin").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let mut someone = person("王奶奶");
    someone["idNumber"] = json!(id_number("19480301", false, 12));
    let user_input = json!({ "username": "wang.grid", "displayName": "新同事", "role": "GRID",
        "regionId": app.regions().grid.id.to_string(), "password": "a-long-password-1" });
    let cases = [
        (
            &grid,
            "mutation($h: ID!, $i: PersonInput!) { addPerson(householdId: $h, input: $i) { id idNumber } }",
            json!({ "h": h, "i": someone }),
            "addPerson",
        ),
        (
            &admin,
            "mutation($i: UserInput!) { createUser(input: $i) { id username } }",
            json!({ "i": user_input }),
            "createUser",
        ),
    ];

    for (token, query, vars, field) in cases {
        let first = keyed(&app, token, field.as_bytes(), query, vars.clone()).await;
        let retry = keyed(&app, token, field.as_bytes(), query, vars).await;

        assert!(first["data"][field]["id"].is_string(), "{field}: {first}");
        assert_eq!(retry, first, "{field}");
    }
    assert_eq!(person::Entity::find().count(&app.db).await.unwrap(), 1);
    assert_eq!(user::Entity::find().filter(user::Column::Username.eq("wang.grid")).count(&app.db).await.unwrap(), 1);
}

async fn a_retried_api_token_is_not_made_twice_nor_its_secret_shown_again(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.login("admin").await;
    let query = "mutation($r: ID!) { createApiToken(name: \"看板\", regionId: $r) { token apiToken { id } } }";
    let vars = json!({ "r": app.regions().town.id.to_string() });
    let first = keyed(&app, &admin, b"tok", query, vars.clone()).await;

    let retry = keyed(&app, &admin, b"tok", query, vars).await;

    assert!(first["data"]["createApiToken"]["token"].is_string(), "{first}");
    assert_eq!(error_code(&retry), Some("CONFLICT"), "{retry}");
    assert!(!retry.to_string().contains(first["data"]["createApiToken"]["token"].as_str().unwrap()));
    assert_eq!(api_token::Entity::find().count(&app.db).await.unwrap(), 1);
}

async fn a_replay_reads_the_record_through_todays_scope(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let vars = household_input(&app, "渡口村3排7号");
    let first = keyed(&app, &grid, b"moved", CREATE_HOUSEHOLD, vars.clone()).await;
    let id = first["data"]["createHousehold"]["id"].as_str().unwrap();
    // The village moves the household into the neighbouring grid.
    let moved = app
        .gql(
            &app.login("village").await,
            "mutation($id: ID!, $i: HouseholdInput!) { updateHousehold(id: $id, version: 1, input: $i) { id } }",
            json!({ "id": id, "i": { "regionId": app.regions().grid2.id.to_string(), "address": "渡口村3排7号" } }),
        )
        .await;
    assert!(moved["errors"].is_null(), "{moved}");

    let retry = keyed(&app, &grid, b"moved", CREATE_HOUSEHOLD, vars).await;

    assert_eq!(error_code(&retry), Some("NOT_FOUND"), "out of the grid worker's scope now: {retry}");
    assert_eq!(households(&app).await, 1);
}

async fn malformed_keys_are_refused_naming_the_header(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let long = [b'a'; 129];

    for key in [&long[..], b"two words", b"tab\there", "键".as_bytes(), b""] {
        let body = keyed(&app, &grid, key, CREATE_HOUSEHOLD, household_input(&app, "渡口村3排7号")).await;

        assert!(header_error(&body), "{key:?}: {body}");
    }
    assert_eq!(households(&app).await, 0);
}

async fn a_key_on_a_mutation_that_does_not_create_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let update =
        "mutation($id: ID!, $i: HouseholdInput!) { updateHousehold(id: $id, version: 1, input: $i) { version } }";

    let body = keyed(&app, &grid, b"upd", update, json!({ "id": h, "i": household_input(&app, "新地址")["i"] })).await;

    assert!(header_error(&body), "{body}");
    let row = household::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.version, 1, "nothing ran");
}

async fn an_expired_key_is_forgotten_and_purged(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let vars = household_input(&app, "渡口村3排7号");
    keyed(&app, &grid, b"old", CREATE_HOUSEHOLD, vars.clone()).await;
    keyed(&app, &grid, b"other", CREATE_HOUSEHOLD, household_input(&app, "渡口村3排8号")).await;
    idempotency_key::Entity::update_many()
        .col_expr(idempotency_key::Column::ExpiresAt, Expr::val(Utc::now() - Duration::minutes(1)))
        .exec(&app.db)
        .await
        .unwrap();

    let again = keyed(&app, &grid, b"old", CREATE_HOUSEHOLD, vars).await;
    liushou::idempotency::purge(&app.db).await;

    assert!(again["data"]["createHousehold"]["id"].is_string(), "{again}");
    assert_eq!(households(&app).await, 3, "an expired key no longer guards the request");
    let left = idempotency_key::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(
        left.iter().map(|k| k.key.as_str()).collect::<Vec<_>>(),
        ["old"],
        "the fresh key stays, the expired one goes"
    );
}

async fn a_request_still_running_is_a_conflict_and_one_whose_server_died_is_taken_over(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let vars = household_input(&app, "渡口村3排7号");
    keyed(&app, &grid, b"in-flight", CREATE_HOUSEHOLD, vars.clone()).await;
    // The key as an attempt holds it while it runs: no result yet.
    let hold = |lease: chrono::DateTime<Utc>| {
        idempotency_key::Entity::update_many()
            .col_expr(idempotency_key::Column::ResultId, Expr::value(Option::<uuid::Uuid>::None))
            .col_expr(idempotency_key::Column::LeaseUntil, Expr::val(lease))
            .exec(&app.db)
    };
    hold(Utc::now() + Duration::minutes(5)).await.unwrap();

    let running = keyed(&app, &grid, b"in-flight", CREATE_HOUSEHOLD, vars.clone()).await;
    hold(Utc::now() - Duration::seconds(1)).await.unwrap();
    let taken_over = keyed(&app, &grid, b"in-flight", CREATE_HOUSEHOLD, vars.clone()).await;
    let replayed = keyed(&app, &grid, b"in-flight", CREATE_HOUSEHOLD, vars).await;

    assert_eq!(error_code(&running), Some("CONFLICT"), "retry later: {running}");
    assert!(taken_over["data"]["createHousehold"]["id"].is_string(), "{taken_over}");
    assert_eq!(replayed, taken_over);
    assert_eq!(households(&app).await, 2, "one by the first attempt, one by the attempt that took over");
}

db_tests!(
    a_retried_create_household_makes_one_household_and_answers_with_it,
    a_key_reused_for_another_request_is_refused_and_runs_nothing,
    a_key_belongs_to_its_user_and_never_answers_with_another_users_record,
    a_failed_request_is_not_remembered_and_its_key_can_be_used_again,
    racing_duplicates_of_a_visit_record_it_once_and_all_answer_with_it,
    every_create_honours_the_key,
    a_retried_api_token_is_not_made_twice_nor_its_secret_shown_again,
    a_replay_reads_the_record_through_todays_scope,
    malformed_keys_are_refused_naming_the_header,
    a_key_on_a_mutation_that_does_not_create_is_refused,
    an_expired_key_is_forgotten_and_purged,
    a_request_still_running_is_a_conflict_and_one_whose_server_died_is_taken_over,
);
