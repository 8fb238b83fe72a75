//! 属地管理: each account sees exactly its subtree, through lists, lookups
//! by id and nested links alike.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::{
    db_tests,
    helpers::{Backend, TestApp, error_code, person, spawn_app},
};

/// One household in each leaf of the fixture, created by the account that
/// owns it; returns their ids as (grid, grid2, village2, town2).
async fn one_household_per_leaf(app: &TestApp) -> [String; 4] {
    let r = app.regions();
    [
        app.create_household(&app.login("grid").await, &r.grid, "渡口村1排1号").await,
        app.create_household(&app.login("grid2").await, &r.grid2, "渡口村2排1号").await,
        app.create_household(&app.login("village2").await, &r.village2, "小王庄村1排1号").await,
        app.create_household(&app.login("town2").await, &r.village_b, "大安村1排1号").await,
    ]
}

async fn visible_households(app: &TestApp, username: &str) -> BTreeSet<String> {
    let token = app.login(username).await;
    let body = app.gql(&token, "{ households(first: 100) { totalCount edges { node { id } } } }", json!({})).await;
    let edges = body["data"]["households"]["edges"].as_array().unwrap_or_else(|| panic!("{username}: {body}"));
    assert_eq!(body["data"]["households"]["totalCount"].as_u64(), Some(edges.len() as u64));
    edges.iter().map(|e| e["node"]["id"].as_str().unwrap().to_owned()).collect()
}

fn set(ids: &[&String]) -> BTreeSet<String> {
    ids.iter().map(|s| (*s).clone()).collect()
}

async fn each_account_lists_exactly_its_subtree(backend: Backend) {
    let app = spawn_app(backend).await;
    let [g1, g2, v2, t2] = one_household_per_leaf(&app).await;

    let expected = [
        ("grid", set(&[&g1])),
        ("grid2", set(&[&g2])),
        ("village", set(&[&g1, &g2])),
        ("village2", set(&[&v2])),
        ("town", set(&[&g1, &g2, &v2])),
        ("town2", set(&[&t2])),
        ("district", set(&[&g1, &g2, &v2, &t2])),
    ];
    for (username, households) in expected {
        assert_eq!(visible_households(&app, username).await, households, "{username}");
    }
}

async fn lookups_outside_the_subtree_are_null_like_missing_ones(backend: Backend) {
    let app = spawn_app(backend).await;
    let [g1, g2, _, _] = one_household_per_leaf(&app).await;
    let grid = app.login("grid").await;
    let member = app.add_person(&app.login("grid2").await, &g2, person("李四")).await;
    let q = "query($h: ID!, $p: ID!) { household(id: $h) { id } person(id: $p) { id } }";

    let foreign = app.gql(&grid, q, json!({ "h": g2, "p": member })).await;
    let missing = app.gql(&grid, q, json!({ "h": uuid::Uuid::now_v7(), "p": uuid::Uuid::now_v7() })).await;
    let own = app.gql(&grid, q, json!({ "h": g1, "p": member })).await;

    assert_eq!(foreign, missing);
    assert_eq!(foreign["data"], json!({ "household": null, "person": null }));
    assert_eq!(own["data"]["household"]["id"], g1);
}

async fn writes_outside_the_subtree_are_not_found(backend: Backend) {
    let app = spawn_app(backend).await;
    let [_, g2, _, _] = one_household_per_leaf(&app).await;
    let grid = app.login("grid").await;
    let q = "mutation($id: ID!, $i: HouseholdInput!) { updateHousehold(id: $id, version: 1, input: $i) { id } }";
    let input = json!({ "regionId": app.regions().grid.id.to_string(), "address": "x" });

    let update = app.gql(&grid, q, json!({ "id": g2, "i": input })).await;
    let add = app
        .gql(
            &grid,
            "mutation($h: ID!, $i: PersonInput!) { addPerson(householdId: $h, input: $i) { id } }",
            json!({ "h": g2, "i": person("王五") }),
        )
        .await;
    let create = app
        .gql(
            &grid,
            "mutation($i: HouseholdInput!) { createHousehold(input: $i) { id } }",
            json!({ "i": { "regionId": app.regions().grid2.id.to_string(), "address": "渡口村9排9号" } }),
        )
        .await;

    assert_eq!(error_code(&update), Some("NOT_FOUND"), "{update}");
    assert_eq!(error_code(&add), Some("VALIDATION"));
    assert!(add["errors"][0]["extensions"]["fields"]["householdId"].is_string());
    assert_eq!(error_code(&create), Some("VALIDATION"));
    assert!(create["errors"][0]["extensions"]["fields"]["regionId"].is_string());
}

async fn a_relative_in_another_jurisdiction_shows_as_null(backend: Backend) {
    let app = spawn_app(backend).await;
    let [g1, g2, _, _] = one_household_per_leaf(&app).await;
    let village = app.login("village").await;
    // The village links a child in grid 1 to a father registered in grid 2.
    let father = app.add_person(&village, &g2, json!({ "name": "张父", "sex": "MALE", "relationToHead": "HEAD", "residenceStatus": "AWAY_WORK", "awaySince": "2025-01-01" })).await;
    let child = app
        .add_person(
            &village,
            &g1,
            json!({ "name": "张子", "relationToHead": "CHILD", "residenceStatus": "AT_HOME", "fatherId": father }),
        )
        .await;
    let q = "query($id: ID!) { person(id: $id) { father { name household { address } } } }";

    let seen_by_village = app.gql(&village, q, json!({ "id": child })).await;
    let seen_by_grid = app.gql(&app.login("grid").await, q, json!({ "id": child })).await;

    assert_eq!(seen_by_village["data"]["person"]["father"]["name"], "张父");
    assert_eq!(seen_by_village["data"]["person"]["father"]["household"]["address"], "渡口村2排1号");
    assert_eq!(seen_by_grid["data"]["person"]["father"], Value::Null, "{seen_by_grid}");
    assert!(seen_by_grid["errors"].is_null(), "null, not an error: {seen_by_grid}");
}

async fn region_trees_start_at_the_callers_region(backend: Backend) {
    let app = spawn_app(backend).await;
    let town = app.login("town").await;
    let q = "query($p: ID) { regions(parentId: $p) { code } }";

    let root = app.gql(&town, q, json!({ "p": null })).await;
    let villages = app.gql(&town, q, json!({ "p": app.regions().town.id.to_string() })).await;
    let sibling_town = app.gql(&town, q, json!({ "p": app.regions().town2.id.to_string() })).await;
    let district = app.gql(&town, q, json!({ "p": app.regions().district.id.to_string() })).await;

    assert_eq!(root["data"]["regions"], json!([{ "code": "120116157" }]));
    assert_eq!(villages["data"]["regions"], json!([{ "code": "120116157201" }, { "code": "120116157202" }]));
    assert_eq!(sibling_town["data"]["regions"], json!([]));
    assert_eq!(district["data"]["regions"], json!([{ "code": "120116157" }]), "only its own branch: {district}");
}

async fn admins_see_no_households_or_people(backend: Backend) {
    let app = spawn_app(backend).await;
    one_household_per_leaf(&app).await;
    let admin = app.login("admin").await;

    let body = app.gql(&admin, "{ households { totalCount } }", json!({})).await;

    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
}

async fn the_district_reads_but_does_not_edit_the_registry(backend: Backend) {
    let app = spawn_app(backend).await;
    let district = app.login("district").await;

    let body = app
        .gql(
            &district,
            "mutation($i: HouseholdInput!) { createHousehold(input: $i) { id } }",
            json!({ "i": { "regionId": app.regions().grid.id.to_string(), "address": "渡口村1排2号" } }),
        )
        .await;

    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
}

async fn regions_above_or_beside_the_jurisdiction_are_null(backend: Backend) {
    let app = spawn_app(backend).await;
    let village = app.login("village").await;
    let q = "query($id: ID!) { region(id: $id) { code parent { code parent { code } } } }";

    let own = app.gql(&village, q, json!({ "id": app.regions().grid.id.to_string() })).await;
    let sibling = app.gql(&village, q, json!({ "id": app.regions().village2.id.to_string() })).await;

    assert_eq!(
        own["data"]["region"],
        json!({ "code": "120116157201001", "parent": { "code": "120116157201", "parent": null } })
    );
    assert_eq!(sibling["data"]["region"], Value::Null);
}

async fn a_town_admin_sees_and_revokes_only_its_towns_tokens(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.login("admin").await;
    let create_user = "mutation($i: UserInput!) { createUser(input: $i) { id } }";
    let input = json!({ "username": "town.admin", "displayName": "镇管理员", "role": "ADMIN", "regionId": app.regions().town.id.to_string(), "password": "a-long-password-1" });
    app.gql(&admin, create_user, json!({ "i": input })).await;
    let town_admin = app
        .post(
            None,
            "mutation { login(username: \"town.admin\", password: \"a-long-password-1\") { token } }",
            json!({}),
        )
        .await
        .1["data"]["login"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let create = "mutation($r: ID!) { createApiToken(name: \"t\", regionId: $r) { apiToken { id } } }";
    let district_token = app.gql(&admin, create, json!({ "r": app.regions().district.id.to_string() })).await;
    let town_token = app.gql(&town_admin, create, json!({ "r": app.regions().town.id.to_string() })).await;
    let district_id = district_token["data"]["createApiToken"]["apiToken"]["id"].as_str().unwrap();

    let listed = app.gql(&town_admin, "{ apiTokens { totalCount } }", json!({})).await;
    let revoke =
        app.gql(&town_admin, "mutation($id: ID!) { revokeApiToken(id: $id) }", json!({ "id": district_id })).await;

    assert!(town_token["data"]["createApiToken"]["apiToken"]["id"].is_string(), "{town_token}");
    assert_eq!(listed["data"]["apiTokens"]["totalCount"], 1);
    assert_eq!(error_code(&revoke), Some("NOT_FOUND"));
}

async fn a_link_the_caller_cannot_see_survives_an_update(backend: Backend) {
    let app = spawn_app(backend).await;
    let [g1, g2, _, _] = one_household_per_leaf(&app).await;
    let village = app.login("village").await;
    let father = app
        .add_person(
            &village,
            &g2,
            json!({ "name": "孔父", "sex": "MALE", "relationToHead": "HEAD", "residenceStatus": "AWAY_WORK" }),
        )
        .await;
    let mut child =
        json!({ "name": "孔子", "relationToHead": "CHILD", "residenceStatus": "AT_HOME", "fatherId": father });
    let id = app.add_person(&village, &g1, child.clone()).await;
    let grid = app.login("grid").await;
    child["fatherId"] = Value::Null;
    child["livingAlone"] = json!(false);

    let update = "mutation($id: ID!, $i: PersonInput!) { updatePerson(id: $id, version: 1, input: $i) { version } }";
    let body = app.gql(&grid, update, json!({ "id": id, "i": child })).await;
    let seen = app.gql(&village, "query($id: ID!) { person(id: $id) { father { id } } }", json!({ "id": id })).await;

    assert_eq!(body["data"]["updatePerson"]["version"], 2, "{body}");
    assert_eq!(
        seen["data"]["person"]["father"]["id"],
        father.as_str(),
        "the grid could not see the father, so kept him"
    );
}

db_tests!(
    each_account_lists_exactly_its_subtree,
    lookups_outside_the_subtree_are_null_like_missing_ones,
    writes_outside_the_subtree_are_not_found,
    a_relative_in_another_jurisdiction_shows_as_null,
    region_trees_start_at_the_callers_region,
    admins_see_no_households_or_people,
    the_district_reads_but_does_not_edit_the_registry,
    regions_above_or_beside_the_jurisdiction_are_null,
    a_town_admin_sees_and_revokes_only_its_towns_tokens,
    a_link_the_caller_cannot_see_survives_an_update,
);
