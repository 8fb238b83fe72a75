//! Active discovery through the API: suggestions appear with the writes
//! that cause them, towns decide, facts that stop matching end a
//! classification, and a rejection sticks until the facts change.

use chrono::{Months, NaiveDate};
use entity::audit_log;
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
use serde_json::{Value, json};

use crate::{
    db_tests,
    helpers::{Backend, TestApp, error_code, person, spawn_app},
};

pub const UPDATE_PERSON: &str =
    "mutation($id: ID!, $v: Int!, $i: PersonInput!) { updatePerson(id: $id, version: $v, input: $i) { version } }";

pub const CLASSIFICATIONS: &str = "query($f: ClassificationFilter) { classifications(filter: $f, first: 50) {
    totalCount edges { node { id version status category careLevel suggestedCareLevel
      reasons { value text } careReasons { value } endReasons { value } since until note
      decidedBy { displayName role } history { fromStatus toStatus bySystem reason careLevel } } } } }";

const CONFIRM: &str = "mutation($id: ID!, $l: CareLevel!, $n: String) {
    confirmClassification(id: $id, careLevel: $l, note: $n) { id status careLevel note decidedBy { role } } }";

const REJECT: &str = "mutation($id: ID!, $r: String!) { rejectClassification(id: $id, reason: $r) { id status note } }";

pub fn today() -> NaiveDate {
    liushou::clock::today()
}

pub fn years_ago(years: u32) -> String {
    today().checked_sub_months(Months::new(12 * years)).unwrap().to_string()
}

/// A person input with the given residence and extra fields.
pub fn someone(name: &str, relation: &str, status: &str, extra: Value) -> Value {
    let mut input = person(name);
    input["relationToHead"] = json!(relation);
    input["residenceStatus"] = json!(status);
    for (k, v) in extra.as_object().unwrap() {
        input[k] = v.clone();
    }
    input
}

/// A rural family in `grid`'s household: father and mother away for work
/// for a year, and their ten-year-old son at home. Returns (household,
/// father, mother, child).
pub async fn left_behind_child(app: &TestApp, token: &str) -> (String, String, String, String) {
    let h = app.create_household(token, &app.regions().grid, "渡口村1排1号").await;
    let away =
        json!({ "sex": "MALE", "birthDate": "1985-02-01", "awaySince": years_ago(1), "awayOutsideCounty": true });
    let father = app.add_person(token, &h, someone("王父", "HEAD", "AWAY_WORK", away)).await;
    let away = json!({ "sex": "FEMALE", "birthDate": "1987-02-01", "awaySince": years_ago(1) });
    let mother = app.add_person(token, &h, someone("李母", "SPOUSE", "AWAY_WORK", away)).await;
    let kid = json!({ "sex": "MALE", "birthDate": years_ago(10), "fatherId": father, "motherId": mother });
    let child = app.add_person(token, &h, someone("王小", "CHILD", "AT_HOME", kid)).await;
    (h, father, mother, child)
}

/// The classifications of one person, as `token` sees them.
pub async fn classifications_of(app: &TestApp, token: &str, person: &str) -> Vec<Value> {
    let body = app.gql(token, CLASSIFICATIONS, json!({ "f": { "personId": person } })).await;
    let edges = body["data"]["classifications"]["edges"].as_array().unwrap_or_else(|| panic!("{body}"));
    edges.iter().map(|e| e["node"].clone()).collect()
}

async fn a_suggestion_appears_when_a_child_is_added_with_both_parents_away(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;

    let (_, _, _, child) = left_behind_child(&app, &grid).await;

    let found = classifications_of(&app, &grid, &child).await;
    assert_eq!(found.len(), 1, "{found:?}");
    let c = &found[0];
    assert_eq!((c["category"].as_str(), c["status"].as_str()), (Some("LEFT_BEHIND_CHILD"), Some("SUGGESTED")));
    let away = format!("FATHER_AWAY_SINCE {}", years_ago(1));
    assert_eq!(c["reasons"][0]["value"], json!(away));
    assert!(c["reasons"][0]["text"].as_str().unwrap().starts_with("父亲自"), "{c}");
    assert_eq!(c["suggestedCareLevel"], "GENERAL");
    assert_eq!(c["since"], json!(today().to_string()));
    assert_eq!(
        c["history"],
        json!([{ "fromStatus": null, "toStatus": "SUGGESTED", "bySystem": true,
        "reason": format!("{away}, MOTHER_AWAY_SINCE {}", years_ago(1)), "careLevel": null }])
    );
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("discovery.evaluate"))
        .all(&app.db)
        .await
        .unwrap();
    let suggesting: Vec<_> = audited.iter().filter(|e| e.detail["suggested"] == 1).collect();
    assert_eq!(suggesting.len(), 1, "the suggestion is audited with the write that caused it");
    assert_eq!((suggesting[0].actor_id, suggesting[0].detail["events"].as_u64()), (None, Some(1)), "by the system");
    let logged = serde_json::to_string(&suggesting[0].detail).unwrap();
    assert!(!logged.contains("王") && !logged.contains("FATHER"), "no names or facts in the audit: {logged}");
}

async fn a_change_to_a_parent_in_another_household_suggests_the_child(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let grid2 = app.login("grid2").await;
    let town = app.login("town").await;
    let h1 = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let h2 = app.create_household(&grid2, &app.regions().grid2, "渡口村2排1号").await;
    let mother_input = someone("李母", "HEAD", "AT_HOME", json!({ "sex": "FEMALE", "birthDate": "1987-02-01" }));
    let mother = app.add_person(&grid2, &h2, mother_input.clone()).await;
    let father_input = someone("王父", "HEAD", "AWAY_WORK", json!({ "sex": "MALE", "awaySince": years_ago(2) }));
    let father = app.add_person(&grid, &h1, father_input).await;
    // The village sees both grids, so it can link the child to both parents.
    let village = app.login("village").await;
    let kid = json!({ "birthDate": years_ago(8), "fatherId": father, "motherId": mother });
    let child = app.add_person(&village, &h1, someone("王小", "CHILD", "AT_HOME", kid)).await;
    assert!(classifications_of(&app, &town, &child).await.is_empty(), "mother at home: not left behind");

    let mut incapable = mother_input;
    incapable["guardianshipCapable"] = json!(false);
    let body = app.gql(&grid2, UPDATE_PERSON, json!({ "id": mother, "v": 1, "i": incapable })).await;

    assert_eq!(body["data"]["updatePerson"]["version"], 2, "{body}");
    let found = classifications_of(&app, &town, &child).await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["status"], "SUGGESTED");
    assert_eq!(found[0]["suggestedCareLevel"], "HIGH", "an incapable guardian means high care");
    let reasons: Vec<&str> =
        found[0]["reasons"].as_array().unwrap().iter().map(|r| r["value"].as_str().unwrap()).collect();
    assert_eq!(reasons, [format!("FATHER_AWAY_SINCE {}", years_ago(2)).as_str(), "MOTHER_NO_GUARDIANSHIP"]);
}

async fn a_town_confirms_with_a_care_level_of_its_choice(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let town = app.login("town").await;
    let (_, _, _, child) = left_behind_child(&app, &grid).await;
    let id = classifications_of(&app, &grid, &child).await[0]["id"].clone();

    let body = app.gql(&town, CONFIRM, json!({ "id": id, "l": "KEY", "n": "入户核实属实" })).await;

    assert_eq!(
        body["data"]["confirmClassification"],
        json!({ "id": id, "status": "CONFIRMED", "careLevel": "KEY", "note": "入户核实属实", "decidedBy": { "role": "TOWN" } }),
        "{body}"
    );
    let c = &classifications_of(&app, &grid, &child).await[0];
    let steps: Vec<_> =
        c["history"].as_array().unwrap().iter().map(|e| (e["toStatus"].clone(), e["bySystem"].clone())).collect();
    assert_eq!(steps, [(json!("SUGGESTED"), json!(true)), (json!("CONFIRMED"), json!(false))]);
    assert_eq!(c["history"][1]["careLevel"], "KEY");
}

async fn only_towns_and_the_district_decide_and_only_in_their_jurisdiction(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let (_, _, _, child) = left_behind_child(&app, &grid).await;
    let id = classifications_of(&app, &grid, &child).await[0]["id"].clone();
    let table = [
        ("grid", Some("FORBIDDEN")),
        ("village", Some("FORBIDDEN")),
        ("admin", Some("FORBIDDEN")),
        ("town2", Some("NOT_FOUND")),
        ("town", None),
        ("district", None),
    ];
    for (username, expected) in table {
        let token = app.login(username).await;

        let confirm = app.gql(&token, CONFIRM, json!({ "id": id, "l": "HIGH" })).await;

        assert_eq!(error_code(&confirm), expected, "{username}: {confirm}");
        if expected.is_none() {
            assert_eq!(confirm["data"]["confirmClassification"]["status"], "CONFIRMED", "{username}");
        }
    }
}

async fn classifications_outside_the_jurisdiction_are_invisible(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let (h, _, _, child) = left_behind_child(&app, &grid).await;
    let id = classifications_of(&app, &grid, &child).await[0]["id"].clone();
    let town2 = app.login("town2").await;
    let grid2 = app.login("grid2").await;

    let listed = app.gql(&town2, CLASSIFICATIONS, json!({ "f": null })).await;
    let one = app.gql(&grid2, "query($id: ID!) { classification(id: $id) { id } }", json!({ "id": id })).await;
    let nested = app
        .gql(
            &app.login("village").await,
            "query($h: ID!) { household(id: $h) { classifications { id } } }",
            json!({ "h": h }),
        )
        .await;

    assert_eq!(listed["data"]["classifications"]["totalCount"], 0, "{listed}");
    assert_eq!(one["data"]["classification"], Value::Null, "{one}");
    assert_eq!(nested["data"]["household"]["classifications"][0]["id"], id, "in scope for the village: {nested}");
}

async fn a_parent_returning_ends_the_classification_with_why_and_when(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let town = app.login("town").await;
    let (_, father, _, child) = left_behind_child(&app, &grid).await;
    let id = classifications_of(&app, &grid, &child).await[0]["id"].clone();
    app.gql(&town, CONFIRM, json!({ "id": id, "l": "GENERAL" })).await;

    let home = someone("王父", "HEAD", "AT_HOME", json!({ "sex": "MALE", "birthDate": "1985-02-01" }));
    let body = app.gql(&grid, UPDATE_PERSON, json!({ "id": father, "v": 1, "i": home })).await;

    assert_eq!(body["data"]["updatePerson"]["version"], 2, "{body}");
    let c = &classifications_of(&app, &grid, &child).await[0];
    assert_eq!(c["status"], "ENDED");
    assert_eq!(c["until"], json!(today().to_string()));
    assert_eq!(c["endReasons"], json!([{ "value": "FATHER_AT_HOME" }]));
    let steps: Vec<_> = c["history"].as_array().unwrap().iter().map(|e| e["toStatus"].clone()).collect();
    assert_eq!(steps, [json!("SUGGESTED"), json!("CONFIRMED"), json!("ENDED")]);
    let closed = app.gql(&town, CONFIRM, json!({ "id": id, "l": "HIGH" })).await;
    assert_eq!(error_code(&closed), Some("CONFLICT"), "an ended classification is not decided again");
}

async fn a_rejected_suggestion_does_not_return_until_the_facts_change(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let town = app.login("town").await;
    let (_, father, _, child) = left_behind_child(&app, &grid).await;
    let id = classifications_of(&app, &grid, &child).await[0]["id"].clone();
    let rejected = app.gql(&town, REJECT, json!({ "id": id, "r": "父亲每周回家" })).await;
    assert_eq!(rejected["data"]["rejectClassification"]["status"], "REJECTED", "{rejected}");

    // A change that does not touch the facts behind the rule, and a daily run.
    let mut father_input = someone(
        "王父",
        "HEAD",
        "AWAY_WORK",
        json!({ "sex": "MALE", "birthDate": "1985-02-01", "awaySince": years_ago(1), "awayOutsideCounty": true }),
    );
    father_input["phone"] = json!("13812345678");
    app.gql(&grid, UPDATE_PERSON, json!({ "id": father, "v": 1, "i": father_input.clone() })).await;
    liushou::discovery::job::run(&app.db, today(), None).await.unwrap();
    let after_noise = classifications_of(&app, &grid, &child).await;

    // A new absence: the facts behind the rule changed.
    father_input["awaySince"] = json!(today().checked_sub_months(Months::new(2)).unwrap().to_string());
    app.gql(&grid, UPDATE_PERSON, json!({ "id": father, "v": 2, "i": father_input })).await;
    let after_change = classifications_of(&app, &grid, &child).await;

    assert_eq!(after_noise.len(), 1, "not suggested again: {after_noise:?}");
    assert_eq!(after_noise[0]["status"], "REJECTED");
    let statuses: Vec<_> = after_change.iter().map(|c| c["status"].clone()).collect();
    assert_eq!(statuses, [json!("REJECTED"), json!("SUGGESTED")]);
}

async fn rejecting_needs_a_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let (_, _, _, child) = left_behind_child(&app, &grid).await;
    let id = classifications_of(&app, &grid, &child).await[0]["id"].clone();

    let body = app.gql(&app.login("town").await, REJECT, json!({ "id": id, "r": "  " })).await;

    assert_eq!(error_code(&body), Some("VALIDATION"), "{body}");
    assert!(body["errors"][0]["extensions"]["fields"]["reason"].is_string(), "{body}");
}

db_tests!(
    a_suggestion_appears_when_a_child_is_added_with_both_parents_away,
    a_change_to_a_parent_in_another_household_suggests_the_child,
    a_town_confirms_with_a_care_level_of_its_choice,
    only_towns_and_the_district_decide_and_only_in_their_jurisdiction,
    classifications_outside_the_jurisdiction_are_invisible,
    a_parent_returning_ends_the_classification_with_why_and_when,
    a_rejected_suggestion_does_not_return_until_the_facts_change,
    rejecting_needs_a_reason,
);
