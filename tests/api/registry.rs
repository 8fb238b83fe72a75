//! Registering and changing households and people: optimistic locking,
//! history, audit, pagination.

use entity::{audit_log, record_history};
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
use serde_json::json;

use crate::{
    db_tests,
    helpers::{Backend, error_code, id_number, person, spawn_app},
};

const UPDATE_PERSON: &str = "mutation($id: ID!, $v: Int!, $i: PersonInput!) { updatePerson(id: $id, version: $v, input: $i) { version residenceStatus awaySince } }";

async fn a_stale_version_is_a_conflict_and_loses_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let village = app.login("village").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let p = app.add_person(&grid, &h, person("郑七")).await;
    let mut away = person("郑七");
    away["residenceStatus"] = json!("AWAY_WORK");
    away["awaySince"] = json!("2025-03-01");

    let first = app.gql(&grid, UPDATE_PERSON, json!({ "id": p, "v": 1, "i": away })).await;
    let second = app.gql(&village, UPDATE_PERSON, json!({ "id": p, "v": 1, "i": person("郑七") })).await;

    assert_eq!(first["data"]["updatePerson"]["version"], 2, "{first}");
    assert_eq!(error_code(&second), Some("CONFLICT"), "{second}");
    let now = app
        .gql(&grid, "query($id: ID!) { person(id: $id) { residenceStatus awaySince version } }", json!({ "id": p }))
        .await;
    assert_eq!(
        now["data"]["person"],
        json!({ "residenceStatus": "AWAY_WORK", "awaySince": "2025-03-01", "version": 2 })
    );
}

async fn household_updates_are_versioned_too(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let q = "mutation($id: ID!, $v: Int!, $i: HouseholdInput!) { updateHousehold(id: $id, version: $v, input: $i) { version address economicStatus } }";
    let input = json!({ "regionId": app.regions().grid.id.to_string(), "address": "渡口村1排1号东", "economicStatus": "DIBAO" });

    let ok = app.gql(&grid, q, json!({ "id": h, "v": 1, "i": input })).await;
    let stale = app.gql(&grid, q, json!({ "id": h, "v": 1, "i": input })).await;

    assert_eq!(
        ok["data"]["updateHousehold"],
        json!({ "version": 2, "address": "渡口村1排1号东", "economicStatus": "DIBAO" })
    );
    assert_eq!(error_code(&stale), Some("CONFLICT"));
}

async fn every_version_is_kept_and_every_write_audited_without_personal_data(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let id = id_number("19550505", true, 9);
    let mut input = person("冯八");
    input["idNumber"] = json!(id);
    input["phone"] = json!("13912345678");
    let p = app.add_person(&grid, &h, input.clone()).await;
    input["phone"] = json!("13987654321");
    app.gql(&grid, UPDATE_PERSON, json!({ "id": p, "v": 1, "i": input })).await;
    let pid = uuid::Uuid::parse_str(&p).unwrap();

    let versions =
        record_history::Entity::find().filter(record_history::Column::EntityId.eq(pid)).count(&app.db).await.unwrap();
    let entries = audit_log::Entity::find().filter(audit_log::Column::TargetId.eq(pid)).all(&app.db).await.unwrap();

    assert_eq!(versions, 2);
    let actions: Vec<_> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["person.create", "person.update"]);
    let logged = serde_json::to_string(&entries.iter().map(|e| &e.detail).collect::<Vec<_>>()).unwrap();
    for secret in ["冯八", id.as_str(), "13912345678", "13987654321"] {
        assert!(!logged.contains(secret), "audit detail must not hold {secret}");
    }
    assert!(logged.contains("phone"), "the change itself is recorded: {logged}");
}

async fn pages_follow_cursors_to_the_end(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    for i in 0..5 {
        app.create_household(&grid, &app.regions().grid, &format!("渡口村3排{i}号")).await;
    }
    let q = "query($a: String) { households(first: 2, after: $a) { totalCount edges { node { address } } pageInfo { hasNextPage endCursor } } }";

    let mut after = serde_json::Value::Null;
    let mut seen = Vec::new();
    loop {
        let body = app.gql(&grid, q, json!({ "a": after })).await;
        let page = &body["data"]["households"];
        assert_eq!(page["totalCount"], 5, "{body}");
        seen.extend(
            page["edges"].as_array().unwrap().iter().map(|e| e["node"]["address"].as_str().unwrap().to_owned()),
        );
        if !page["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }

    assert_eq!(seen, (0..5).map(|i| format!("渡口村3排{i}号")).collect::<Vec<_>>());
}

async fn a_page_larger_than_the_cap_is_capped(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    for i in 0..101 {
        app.create_household(&grid, &app.regions().grid, &format!("渡口村4排{i}号")).await;
    }

    let capped = app
        .gql(&grid, "{ households(first: 5000) { totalCount edges { cursor } pageInfo { hasNextPage } } }", json!({}))
        .await;
    let negative = app.gql(&grid, "{ households(first: -1) { totalCount } }", json!({})).await;

    let page = &capped["data"]["households"];
    assert_eq!(page["totalCount"], 101, "{capped}");
    assert_eq!(page["edges"].as_array().unwrap().len(), 100);
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    assert_eq!(error_code(&negative), Some("VALIDATION"));
}

async fn moving_a_household_moves_its_members_into_the_new_scope(backend: Backend) {
    let app = spawn_app(backend).await;
    let village = app.login("village").await;
    let h = app.create_household(&village, &app.regions().grid, "渡口村1排1号").await;
    let p = app.add_person(&village, &h, person("褚九")).await;
    let add = "mutation($p: ID!) { addRelative(personId: $p, input: { relation: CHILD }) { id } }";
    let added = app.gql(&village, add, json!({ "p": p })).await;
    assert!(added["errors"].is_null(), "{added}");
    let q = "mutation($id: ID!, $i: HouseholdInput!) { updateHousehold(id: $id, version: 1, input: $i) { version } }";
    app.gql(
        &village,
        q,
        json!({ "id": h, "i": { "regionId": app.regions().grid2.id.to_string(), "address": "渡口村2排5号" } }),
    )
    .await;

    let lookup = "query($id: ID!) { person(id: $id) { id } }";
    let grid = app.gql(&app.login("grid").await, lookup, json!({ "id": p })).await;
    let grid2 = app.gql(&app.login("grid2").await, lookup, json!({ "id": p })).await;

    assert!(grid["data"]["person"].is_null());
    assert_eq!(grid2["data"]["person"]["id"], p);
    let relatives = app
        .gql(&app.login("grid2").await, "query($id: ID!) { person(id: $id) { relatives { id } } }", json!({ "id": p }))
        .await;
    assert_eq!(relatives["data"]["person"]["relatives"][0]["id"], added["data"]["addRelative"]["id"], "{relatives}");
}

async fn an_id_number_sent_back_masked_or_left_out_is_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let town = app.login("town").await;
    let h = app.create_household(&town, &app.regions().grid, "渡口村1排1号").await;
    let id = id_number("19700707", true, 5);
    let mut input = person("卫十");
    input["idNumber"] = json!(id);
    let p = app.add_person(&town, &h, input.clone()).await;
    let read = "query($id: ID!) { person(id: $id) { idNumber version } }";
    let masked = app.gql(&town, read, json!({ "id": p })).await["data"]["person"]["idNumber"].clone();
    let reveal = "mutation($p: ID!) { revealIdNumber(personId: $p, reason: \"核对编辑结果\") }";

    input["idNumber"] = masked;
    let sent_masked = app.gql(&town, UPDATE_PERSON, json!({ "id": p, "v": 1, "i": input })).await;
    input.as_object_mut().unwrap().remove("idNumber");
    let left_out = app.gql(&town, UPDATE_PERSON, json!({ "id": p, "v": 2, "i": input })).await;
    let kept = app.gql(&town, reveal, json!({ "p": p })).await;
    input["idNumber"] = json!("");
    app.gql(&town, UPDATE_PERSON, json!({ "id": p, "v": 3, "i": input })).await;
    let cleared = app.gql(&town, read, json!({ "id": p })).await;

    assert_eq!(sent_masked["data"]["updatePerson"]["version"], 2, "{sent_masked}");
    assert_eq!(left_out["data"]["updatePerson"]["version"], 3, "{left_out}");
    assert_eq!(kept["data"]["revealIdNumber"], id.as_str());
    assert_eq!(cleared["data"]["person"]["idNumber"], serde_json::Value::Null);
}

db_tests!(
    an_id_number_sent_back_masked_or_left_out_is_kept,
    a_stale_version_is_a_conflict_and_loses_nothing,
    household_updates_are_versioned_too,
    every_version_is_kept_and_every_write_audited_without_personal_data,
    pages_follow_cursors_to_the_end,
    a_page_larger_than_the_cap_is_capped,
    moving_a_household_moves_its_members_into_the_new_scope,
);
