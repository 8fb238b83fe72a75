//! Bad input gets `VALIDATION` naming each field, and nothing is written.

use serde_json::{Value, json};

use crate::{
    db_tests,
    helpers::{Backend, TestApp, error_code, id_number, person, spawn_app, with_check},
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
    assert_eq!(p["idNumber"].as_str().unwrap(), "120***************", "masked to the first three digits");
    let reveal = "mutation($p: ID!) { revealIdNumber(personId: $p, reason: \"核对录入结果\") }";
    let stored = app.gql(&town, reveal, json!({ "p": p["id"] })).await;
    assert_eq!(stored["data"]["revealIdNumber"], id.as_str(), "stored upper-case: {stored}");
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

async fn an_id_number_with_a_made_up_area_code_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    // Valid check characters over area codes that name no county.
    for area in ["000000", "990116", "120000"] {
        let mut input = person("钱七");
        input["idNumber"] = json!(with_check(&format!("{area}19830914333")));
        let body = add(&app, &grid, &h, input).await;
        assert_eq!(fields(&body), ["idNumber"], "{area}: {body}");
    }
    assert_eq!(people_count(&app, &grid).await, 0);
}

async fn a_registered_id_number_gets_one_answer_wherever_it_is_and_the_attempt_is_audited(backend: Backend) {
    use entity::audit_log;
    use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
    let app = spawn_app(backend).await;
    let r = app.regions();
    let grid = app.login("grid").await;
    let id = id_number("19620315", false, 40);
    let h = app.create_household(&grid, &r.grid, "渡口村1排1号").await;
    let holder = app
        .add_person(
            &grid,
            &h,
            json!({ "name": "孙大", "idNumber": id, "relationToHead": "HEAD", "residenceStatus": "AT_HOME" }),
        )
        .await;
    let town = app.login("town").await;
    let town2 = app.login("town2").await;
    let inside = app.create_household(&town, &r.village2, "小王庄村9排9号").await;
    let outside = app.create_household(&town2, &r.village_b, "大安村9排9号").await;
    let input = json!({ "name": "孙二", "idNumber": id, "relationToHead": "HEAD", "residenceStatus": "AT_HOME" });

    let same_town = add(&app, &town, &inside, input.clone()).await;
    let other_town = add(&app, &town2, &outside, input).await;

    assert_eq!(fields(&same_town), ["idNumber"], "{same_town}");
    assert_eq!(same_town["errors"][0]["message"], other_town["errors"][0]["message"]);
    assert_eq!(same_town["errors"][0]["extensions"], other_town["errors"][0]["extensions"]);
    let attempts = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("person.duplicate_id_number"))
        .all(&app.db)
        .await
        .unwrap();
    let roles: Vec<_> =
        attempts.iter().map(|e| (e.actor_role.clone().unwrap_or_default(), e.outcome.clone())).collect();
    assert_eq!(roles, [("TOWN".to_owned(), "DENIED".to_owned()), ("TOWN".to_owned(), "DENIED".to_owned())]);
    let holder = uuid::Uuid::parse_str(&holder).unwrap();
    assert!(attempts.iter().all(|e| e.person_id == Some(holder)), "filed under the person whose number was tried");
    assert!(attempts.iter().all(|e| !e.detail.to_string().contains(&id)));
}

async fn a_user_refused_for_duplicates_again_and_again_may_not_try_more_numbers(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let id = id_number("19700101", true, 8);
    app.add_person(
        &grid,
        &h,
        json!({ "name": "冯一", "idNumber": id, "relationToHead": "HEAD", "residenceStatus": "AT_HOME" }),
    )
    .await;
    let again = json!({ "name": "冯二", "idNumber": id, "relationToHead": "OTHER", "residenceStatus": "AT_HOME" });
    for _ in 0..10 {
        assert_eq!(fields(&add(&app, &grid, &h, again.clone()).await), ["idNumber"]);
    }

    let fresh = json!({ "name": "冯三", "idNumber": id_number("19700101", true, 9), "relationToHead": "OTHER", "residenceStatus": "AT_HOME" });
    let body = add(&app, &grid, &h, fresh).await;
    let without_number = add(&app, &grid, &h, person("冯四")).await;

    assert_eq!(error_code(&body), Some("RATE_LIMITED"), "{body}");
    assert!(without_number["data"]["addPerson"]["id"].is_string(), "other registration goes on: {without_number}");
}

async fn percent_and_underscore_in_a_search_are_literal_characters(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村100%安置房").await;
    app.create_household(&grid, &app.regions().grid, "渡口村1排2号").await;
    app.add_person(&grid, &h, person("张_三")).await;
    app.add_person(&grid, &h, person("张小三")).await;
    let households = "query($t: String) { households(filter: { addressContains: $t }) { totalCount } }";
    let people = "query($t: String) { people(filter: { nameContains: $t }) { totalCount } }";
    let count = |body: Value, list: &str| body["data"][list]["totalCount"].as_u64();

    let percent = count(app.gql(&grid, households, json!({ "t": "%" })).await, "households");
    let underscore = count(app.gql(&grid, households, json!({ "t": "_" })).await, "households");
    let name = count(app.gql(&grid, people, json!({ "t": "张_" })).await, "people");

    assert_eq!(percent, Some(1), "only the address with a percent sign");
    assert_eq!(underscore, Some(0));
    assert_eq!(name, Some(1), "张_三, not 张小三");
}

db_tests!(
    an_id_number_with_a_made_up_area_code_is_refused,
    a_registered_id_number_gets_one_answer_wherever_it_is_and_the_attempt_is_audited,
    a_user_refused_for_duplicates_again_and_again_may_not_try_more_numbers,
    percent_and_underscore_in_a_search_are_literal_characters,
    each_bad_field_is_named_and_nothing_is_saved,
    id_numbers_are_normalised_and_give_sex_and_birth_date,
    sex_or_birth_date_contradicting_the_id_number_is_refused,
    future_dates_and_coordinates_outside_china_are_refused,
    a_malformed_date_is_a_validation_error,
    a_duplicate_id_number_names_the_field,
    a_bad_phone_never_appears_in_clear_in_errors,
);
