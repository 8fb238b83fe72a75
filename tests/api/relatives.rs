//! Relatives outside the registry through the API: recorded on a person by
//! the tiers that edit the registry, checked field by field, scoped like
//! the person, audited, and read by the discovery rules like linked people.

use chrono::Months;
use entity::{audit_log, record_history, relative};
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
use serde_json::{Value, json};

use crate::{
    db_tests,
    discovery::{CLASSIFICATIONS, someone, today, years_ago},
    helpers::{Backend, TestApp, error_code, spawn_app},
};

const ADD: &str = "mutation($p: ID!, $i: RelativeInput!) { addRelative(personId: $p, input: $i) {
    id version relation awaySince outsideCounty deceased guardianshipCapable note } }";
const UPDATE: &str =
    "mutation($id: ID!, $v: Int!, $i: RelativeInput!) { updateRelative(id: $id, version: $v, input: $i) {
    id version awaySince } }";
const REMOVE: &str = "mutation($id: ID!, $v: Int!) { removeRelative(id: $id, version: $v) }";
const RELATIVES: &str =
    "query($id: ID!) { person(id: $id) { relatives { id relation awaySince outsideCounty note } } }";

fn months_ago(months: u32) -> String {
    today().checked_sub_months(Months::new(months)).unwrap().to_string()
}

/// A child of the elder, not registered here, away outside the county.
fn child_away(since: &str) -> Value {
    json!({ "relation": "CHILD", "awaySince": since, "outsideCounty": true, "note": "户口已迁至天津市区" })
}

/// A man of 70 living alone in `grid`'s village with no registered child.
async fn elder(app: &TestApp, token: &str) -> String {
    let h = app.create_household(token, &app.regions().grid, "渡口村3排1号").await;
    let input = someone("张大爷", "HEAD", "AT_HOME", json!({ "sex": "MALE", "birthDate": years_ago(70) }));
    app.add_person(token, &h, input).await
}

async fn add(app: &TestApp, token: &str, person: &str, input: Value) -> Value {
    app.gql(token, ADD, json!({ "p": person, "i": input })).await
}

/// The reason codes of the open elderly suggestion, if any (each test has
/// one elder).
async fn elderly_reasons(app: &TestApp, token: &str) -> Option<Vec<String>> {
    let body = app.gql(token, CLASSIFICATIONS, json!({ "f": { "category": "LEFT_BEHIND_ELDERLY" } })).await;
    assert!(body["errors"].is_null(), "{body}");
    let edges = body["data"]["classifications"]["edges"].as_array().cloned().unwrap_or_default();
    edges.iter().find(|e| e["node"]["status"] == "SUGGESTED").map(|e| {
        e["node"]["reasons"].as_array().unwrap().iter().map(|r| r["value"].as_str().unwrap().to_owned()).collect()
    })
}

async fn an_elder_whose_only_child_is_unregistered_and_away_seven_months_is_suggested(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let elder = elder(&app, &grid).await;
    assert_eq!(elderly_reasons(&app, &grid).await, None, "no child known: nothing suggested");
    let since = months_ago(7);

    let body = add(&app, &grid, &elder, child_away(&since)).await;

    assert!(body["errors"].is_null(), "{body}");
    let added = &body["data"]["addRelative"];
    assert_eq!((added["relation"].as_str(), added["awaySince"].as_str()), (Some("CHILD"), Some(since.as_str())));
    let reasons = elderly_reasons(&app, &app.login("town").await).await;
    assert_eq!(reasons, Some(vec![format!("UNREGISTERED_CHILD_AWAY_OUTSIDE_COUNTY_SINCE {since}")]));
    let read = app.gql(&grid, RELATIVES, json!({ "id": elder })).await;
    assert_eq!(read["data"]["person"]["relatives"][0]["note"], "户口已迁至天津市区", "{read}");
}

async fn an_elder_whose_unregistered_child_came_home_is_not_suggested_and_a_suggestion_ends(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let elder = elder(&app, &grid).await;
    let home = add(&app, &grid, &elder, json!({ "relation": "CHILD" })).await;
    assert!(home["errors"].is_null(), "{home}");
    assert_eq!(elderly_reasons(&app, &grid).await, None, "a child at home: not left behind");

    let body = add(&app, &grid, &elder, child_away(&months_ago(7))).await;
    let id = body["data"]["addRelative"]["id"].as_str().unwrap().to_owned();
    assert_eq!(elderly_reasons(&app, &grid).await, None, "one child at home still blocks");
    let removed = app.gql(&grid, REMOVE, json!({ "id": home["data"]["addRelative"]["id"], "v": 1 })).await;
    assert_eq!(removed["data"]["removeRelative"], true, "{removed}");
    assert!(elderly_reasons(&app, &grid).await.is_some(), "the only child left is away");

    // The child comes back: `awaySince` cleared.
    let back = app.gql(&grid, UPDATE, json!({ "id": id, "v": 1, "i": { "relation": "CHILD" } })).await;

    assert_eq!(back["data"]["updateRelative"]["version"], 2, "{back}");
    assert_eq!(elderly_reasons(&app, &grid).await, None, "the suggestion ended");
    let stale = app.gql(&grid, UPDATE, json!({ "id": id, "v": 1, "i": { "relation": "CHILD" } })).await;
    assert_eq!(error_code(&stale), Some("CONFLICT"), "{stale}");
    let history = record_history::Entity::find()
        .filter(record_history::Column::Entity.eq("relative"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(history, 4, "two created, one changed, one removed");
    let audited: Vec<String> = audit_log::Entity::find()
        .filter(audit_log::Column::TargetType.eq("relative"))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(audited.len(), 4, "{audited:?}");
    assert!(audited.iter().any(|a| a == "relative.remove"), "{audited:?}");
}

async fn bad_relative_facts_are_validation_errors_naming_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let elder = elder(&app, &grid).await;
    let tomorrow = today().succ_opt().unwrap().to_string();
    let table = [
        (json!({ "relation": "CHILD", "awaySince": tomorrow }), "awaySince"),
        (json!({ "relation": "CHILD", "awaySince": years_ago(80) }), "awaySince"),
        (json!({ "relation": "CHILD", "awaySince": years_ago(1), "deceased": true }), "awaySince"),
        (json!({ "relation": "CHILD", "outsideCounty": true }), "outsideCounty"),
        (json!({ "relation": "CHILD", "guardianshipCapable": false }), "guardianshipCapable"),
        (json!({ "relation": "CHILD", "note": "字".repeat(501) }), "note"),
    ];
    for (input, field) in table {
        let body = add(&app, &grid, &elder, input.clone()).await;

        assert_eq!(error_code(&body), Some("VALIDATION"), "{input}: {body}");
        assert!(body["errors"][0]["extensions"]["fields"][field].is_string(), "{input}: {body}");
    }
    let father = add(&app, &grid, &elder, json!({ "relation": "FATHER", "deceased": true })).await;
    assert!(father["errors"].is_null(), "{father}");
    let second = add(&app, &grid, &elder, json!({ "relation": "FATHER" })).await;
    assert!(second["errors"][0]["extensions"]["fields"]["relation"].is_string(), "one father: {second}");
    assert_eq!(relative::Entity::find().count(&app.db).await.unwrap(), 1, "nothing invalid was saved");
}

async fn only_registry_editors_of_the_jurisdiction_see_and_write_relatives(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let elder = elder(&app, &grid).await;
    let body = add(&app, &grid, &elder, child_away(&years_ago(1))).await;
    let id = body["data"]["addRelative"]["id"].as_str().unwrap().to_owned();

    // The district reads but does not edit; admins neither.
    for username in ["district", "admin"] {
        let token = app.login(username).await;
        let refused = add(&app, &token, &elder, child_away(&years_ago(1))).await;
        assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{username}: {refused}");
        let refused = app.gql(&token, REMOVE, json!({ "id": id, "v": 1 })).await;
        assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{username}: {refused}");
    }
    let district = app.gql(&app.login("district").await, RELATIVES, json!({ "id": elder })).await;
    assert_eq!(district["data"]["person"]["relatives"][0]["id"], id.as_str(), "{district}");

    // Another town, and a sibling village: as if neither existed.
    for username in ["town2", "village2"] {
        let token = app.login(username).await;
        let read = app.gql(&token, RELATIVES, json!({ "id": elder })).await;
        assert!(read["data"]["person"].is_null(), "{username}: {read}");
        let added = add(&app, &token, &elder, child_away(&years_ago(1))).await;
        assert_eq!(error_code(&added), Some("NOT_FOUND"), "{username}: {added}");
        let updated = app.gql(&token, UPDATE, json!({ "id": id, "v": 1, "i": { "relation": "CHILD" } })).await;
        assert_eq!(error_code(&updated), Some("NOT_FOUND"), "{username}: {updated}");
        let removed = app.gql(&token, REMOVE, json!({ "id": id, "v": 1 })).await;
        assert_eq!(error_code(&removed), Some("NOT_FOUND"), "{username}: {removed}");
    }
    let row = relative::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!((row.version, row.away_since.map(|d| d.to_string())), (1, Some(years_ago(1))), "untouched");
}

db_tests!(
    an_elder_whose_only_child_is_unregistered_and_away_seven_months_is_suggested,
    an_elder_whose_unregistered_child_came_home_is_not_suggested_and_a_suggestion_ends,
    bad_relative_facts_are_validation_errors_naming_the_field,
    only_registry_editors_of_the_jurisdiction_see_and_write_relatives,
);
