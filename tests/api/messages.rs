//! Errors speak in codes as well as Chinese (#17): `extensions.messages`
//! names each field's message by a stable code with parameters,
//! `messageCode` a conflict's, while `fields` keeps the Chinese text; and a
//! unique index is told apart by its name on both databases.

use entity::{person, user};
use liushou::error::{AppError, Unique, or_taken, unique_violation};
use sea_orm::{ActiveModelTrait as _, EntityTrait as _, IntoActiveModel as _};
use serde_json::{Value, json};

use crate::{
    approvals::user_input,
    db_tests,
    helpers::{Backend, error_code, id_number, person, spawn_app},
};

const ADD: &str = "mutation($h: ID!, $i: PersonInput!) { addPerson(householdId: $h, input: $i) { id } }";

fn message<'a>(body: &'a Value, field: &str) -> &'a Value {
    &body["errors"][0]["extensions"]["messages"][field]
}

async fn a_validation_error_names_each_message_by_code_with_its_parameters(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let mut input = person(&"长".repeat(51));
    input["phone"] = json!("12345");

    let body = app.gql(&grid, ADD, json!({ "h": h, "i": input })).await;

    assert_eq!(error_code(&body), Some("VALIDATION"), "{body}");
    assert_eq!(*message(&body, "name"), json!({ "code": "TEXT_TOO_LONG", "params": { "max": "50" } }), "{body}");
    assert_eq!(*message(&body, "phone"), json!({ "code": "PHONE_INVALID", "params": {} }), "{body}");
    let fields = &body["errors"][0]["extensions"]["fields"];
    assert_eq!(fields["name"], "不能超过50个字", "the Chinese text stays: {body}");
    assert_eq!(fields["phone"], "手机号应为11位大陆手机号码");
}

async fn registrations_racing_for_one_id_number_lose_on_the_field_by_code(backend: Backend) {
    let app = std::sync::Arc::new(spawn_app(backend).await);
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let id = id_number("19800101", true, 7);

    // Sent together, several pass the check before the transaction, and
    // the unique index refuses all but one.
    let mut adds = tokio::task::JoinSet::new();
    for i in 0..6 {
        let (app, grid, h) = (app.clone(), grid.clone(), h.clone());
        let input = json!({ "name": format!("周{i}"), "idNumber": id, "relationToHead": "SIBLING", "residenceStatus": "AT_HOME" });
        adds.spawn(async move { app.gql(&grid, ADD, json!({ "h": h, "i": input })).await });
    }
    let answers = adds.join_all().await;

    let made = answers.iter().filter(|a| a["errors"].is_null()).count();
    assert_eq!(made, 1, "{answers:?}");
    for lost in answers.iter().filter(|a| !a["errors"].is_null()) {
        assert_eq!(error_code(lost), Some("VALIDATION"), "{lost}");
        assert_eq!(message(lost, "idNumber")["code"], "ID_NUMBER_TAKEN", "{lost}");
        assert_eq!(lost["errors"][0]["extensions"]["fields"]["idNumber"], "该身份证号已登记");
    }
}

async fn unique_indexes_are_told_apart_by_name_on_both_databases(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let id = id_number("19800101", true, 8);
    let p = app
        .add_person(
            &grid,
            &h,
            json!({ "name": "周一", "idNumber": id, "relationToHead": "HEAD", "residenceStatus": "AT_HOME" }),
        )
        .await;
    let holder = person::Entity::find_by_id(p.parse::<uuid::Uuid>().unwrap()).one(&app.db).await.unwrap().unwrap();
    let account = user::Entity::find().one(&app.db).await.unwrap().unwrap();

    let twin = person::Model { id: uuid::Uuid::now_v7(), ..holder }.into_active_model().reset_all();
    let same_id = person::Entity::insert(twin).exec_without_returning(&app.db).await.unwrap_err();
    let namesake = user::Model { id: uuid::Uuid::now_v7(), ..account }.into_active_model().reset_all();
    let same_name = user::Entity::insert(namesake).exec_without_returning(&app.db).await.unwrap_err();

    assert!(unique_violation(&same_id, Unique::PersonIdNumber), "{same_id}");
    assert!(!unique_violation(&same_id, Unique::Username), "{same_id}");
    assert!(unique_violation(&same_name, Unique::Username), "{same_name}");
    assert!(!unique_violation(&same_name, Unique::PersonIdNumber), "{same_name}");
    let unexpected = or_taken(same_name, Unique::ReportVersion, || AppError::NotFound);
    assert_eq!(unexpected.code(), "INTERNAL", "a violation the write does not expect stays internal");
}

async fn a_taken_username_is_a_field_message_by_code(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.login("admin").await;
    let create = "mutation($i: UserInput!) { createUser(input: $i) { id } }";

    let body = app.gql(&admin, create, json!({ "i": user_input("grid", "GRID", app.regions().grid.id) })).await;

    assert_eq!(error_code(&body), Some("VALIDATION"), "{body}");
    assert_eq!(message(&body, "username")["code"], "USERNAME_TAKEN", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["fields"]["username"], "用户名已存在");
}

async fn a_stale_version_is_a_conflict_with_its_message_code(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let p = app.add_person(&grid, &h, person("郑七")).await;
    let update =
        "mutation($id: ID!, $v: Int!, $i: PersonInput!) { updatePerson(id: $id, version: $v, input: $i) { version } }";

    let first = app.gql(&grid, update, json!({ "id": p, "v": 1, "i": person("郑七") })).await;
    let stale = app.gql(&grid, update, json!({ "id": p, "v": 1, "i": person("郑七") })).await;

    assert!(first["errors"].is_null(), "{first}");
    assert_eq!(error_code(&stale), Some("CONFLICT"), "{stale}");
    let ext = &stale["errors"][0]["extensions"];
    assert_eq!(ext["messageCode"], "STALE_VERSION", "{stale}");
    assert_eq!(stale["errors"][0]["message"], "数据已被他人修改，请刷新后重试");
}

db_tests!(
    a_validation_error_names_each_message_by_code_with_its_parameters,
    registrations_racing_for_one_id_number_lose_on_the_field_by_code,
    unique_indexes_are_told_apart_by_name_on_both_databases,
    a_taken_username_is_a_field_message_by_code,
    a_stale_version_is_a_conflict_with_its_message_code,
);
