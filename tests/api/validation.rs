//! Bad input gets `VALIDATION` naming each field, and nothing is written.

use serde_json::{Value, json};

use crate::{
    db_tests,
    helpers::{Backend, TestApp, error_code, id_number, person, spawn_app},
};

const ADD: &str =
    "mutation($h: ID!, $i: PersonInput!) { addPerson(householdId: $h, input: $i) { id idNumber sex birthDate phone } }";

async fn add(app: &TestApp, token: &str, household: &str, input: Value) -> Value {
    app.gql(token, ADD, json!({ "h": household, "i": input })).await
}

fn fields(body: &Value) -> Vec<String> {
    let mut names: Vec<String> =
        body["errors"][0]["extensions"]["fields"].as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
    names.sort();
    names
}

async fn people_count(app: &TestApp, token: &str) -> u64 {
    app.gql(token, "{ people { totalCount } }", json!({})).await["data"]["people"]["totalCount"].as_u64().unwrap()
}

async fn each_bad_field_is_named_and_nothing_is_saved(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let mut bad_check = id_number("20150301", true, 1);
    bad_check.replace_range(17.., if bad_check.ends_with('0') { "1" } else { "0" });

    let body = add(
        &app,
        &grid,
        &h,
        json!({
            "name": "  ",
            "idNumber": bad_check,
            "phone": "12345",
            "relationToHead": "CHILD",
            "residenceStatus": "AT_HOME",
            "awaySince": "2025-01-01",
        }),
    )
    .await;

    assert_eq!(error_code(&body), Some("VALIDATION"), "{body}");
    assert_eq!(fields(&body), ["awaySince", "idNumber", "name", "phone"]);
    assert_eq!(people_count(&app, &grid).await, 0);
}

async fn id_numbers_are_normalised_and_give_sex_and_birth_date(backend: Backend) {
    let app = spawn_app(backend).await;
    let town = app.login("town").await;
    let h = app.create_household(&town, &app.regions().village2, "小王庄村2排3号").await;
    let id = id_number("20121105", false, 7);
    let lower = id.to_lowercase();

    let body = add(
        &app,
        &town,
        &h,
        json!({ "name": "刘小花", "idNumber": lower, "relationToHead": "CHILD", "residenceStatus": "AT_HOME" }),
    )
    .await;

    let p = &body["data"]["addPerson"];
    assert_eq!(p["sex"], "FEMALE", "{body}");
    assert_eq!(p["birthDate"], "2012-11-05");
    assert_eq!(p["idNumber"].as_str().unwrap(), format!("120***********{}", &id[14..]), "masked, upper-case");
}

async fn sex_or_birth_date_contradicting_the_id_number_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;

    let body = add(
        &app,
        &grid,
        &h,
        json!({ "name": "赵一", "idNumber": id_number("19500101", true, 3), "sex": "FEMALE", "birthDate": "1950-01-02", "relationToHead": "HEAD", "residenceStatus": "AT_HOME" }),
    )
    .await;

    assert_eq!(fields(&body), ["birthDate", "sex"], "{body}");
}

async fn future_dates_and_coordinates_outside_china_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(2)).format("%Y-%m-%d").to_string();

    let future = add(
        &app,
        &grid,
        &h,
        json!({ "name": "钱二", "birthDate": tomorrow, "relationToHead": "CHILD", "residenceStatus": "AT_HOME" }),
    )
    .await;
    let outside = app
        .gql(
            &grid,
            "mutation($i: HouseholdInput!) { createHousehold(input: $i) { id } }",
            json!({ "i": { "regionId": app.regions().grid.id.to_string(), "address": "x", "lat": 48.85, "lng": 2.35 } }),
        )
        .await;

    assert_eq!(fields(&future), ["birthDate"], "{future}");
    assert_eq!(fields(&outside), ["lat"], "{outside}");
}

async fn a_malformed_date_is_a_validation_error(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;

    let body = add(
        &app,
        &grid,
        &h,
        json!({ "name": "孙三", "birthDate": "2020-13-45", "relationToHead": "CHILD", "residenceStatus": "AT_HOME" }),
    )
    .await;

    assert_eq!(error_code(&body), Some("VALIDATION"), "{body}");
    assert!(!body["errors"][0]["message"].as_str().unwrap().contains("SELECT"));
}

async fn a_duplicate_id_number_names_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let id = id_number("19800101", true, 1);
    app.add_person(
        &grid,
        &h,
        json!({ "name": "周一", "idNumber": id, "relationToHead": "HEAD", "residenceStatus": "AT_HOME" }),
    )
    .await;

    let body = add(
        &app,
        &grid,
        &h,
        json!({ "name": "周二", "idNumber": id, "relationToHead": "SIBLING", "residenceStatus": "AT_HOME" }),
    )
    .await;

    assert_eq!(fields(&body), ["idNumber"], "{body}");
    let message = body["errors"][0]["message"].as_str().unwrap().to_lowercase();
    assert!(!message.contains("unique") && !message.contains("constraint"), "no SQL text: {message}");
}

async fn a_bad_phone_never_appears_in_clear_in_errors(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let mut input = person("吴六");
    input["phone"] = json!("0223456789012");

    let body = add(&app, &grid, &h, input).await;

    assert_eq!(fields(&body), ["phone"]);
    assert!(!body.to_string().contains("0223456789012"));
}

db_tests!(
    each_bad_field_is_named_and_nothing_is_saved,
    id_numbers_are_normalised_and_give_sex_and_birth_date,
    sex_or_birth_date_contradicting_the_id_number_is_refused,
    future_dates_and_coordinates_outside_china_are_refused,
    a_malformed_date_is_a_validation_error,
    a_duplicate_id_number_names_the_field,
    a_bad_phone_never_appears_in_clear_in_errors,
);
