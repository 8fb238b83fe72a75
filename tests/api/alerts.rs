//! Mandatory-report alerts (强制报告) through the API.

use serde_json::{Value, json};

use crate::{
    db_tests,
    discovery::{UPDATE_PERSON, someone, years_ago},
    helpers::{Backend, error_code, spawn_app},
};

const ALERTS: &str = "query($f: AlertFilter) { alerts(filter: $f, first: 20) {
    totalCount edges { node { id status kind reasons { value text } clearedOn note acknowledgedBy { role } person { id } } } } }";

const ACKNOWLEDGE: &str = "mutation($id: ID!, $n: String!) { acknowledgeAlert(id: $id, note: $n) { id status note acknowledgedBy { role } } }";

async fn alerts_of(app: &crate::helpers::TestApp, token: &str) -> Vec<Value> {
    let body = app.gql(token, ALERTS, json!({ "f": null })).await;
    let edges = body["data"]["alerts"]["edges"].as_array().unwrap_or_else(|| panic!("{body}"));
    edges.iter().map(|e| e["node"].clone()).collect()
}

async fn a_child_living_alone_raises_one_alert_that_the_town_acknowledges(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let town = app.login("town").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村3排1号").await;
    let input = someone("赵小", "HEAD", "AT_HOME", json!({ "birthDate": years_ago(12), "livingAlone": true }));
    let child = app.add_person(&grid, &h, input.clone()).await;

    let raised = alerts_of(&app, &town).await;
    let id = raised[0]["id"].clone();
    let by_grid = app.gql(&grid, ACKNOWLEDGE, json!({ "id": id, "n": "已上门" })).await;
    let by_town = app.gql(&town, ACKNOWLEDGE, json!({ "id": id, "n": "已联系其祖母接回照料" })).await;
    let again = app.gql(&town, ACKNOWLEDGE, json!({ "id": id, "n": "再次确认" })).await;
    // Still alone after another edit: the same situation, no second alert.
    app.gql(&grid, UPDATE_PERSON, json!({ "id": child, "v": 1, "i": input })).await;

    assert_eq!(raised.len(), 1, "{raised:?}");
    assert_eq!(raised[0]["kind"], "CHILD_LIVING_ALONE");
    assert_eq!(raised[0]["status"], "OPEN");
    assert_eq!(raised[0]["person"]["id"], json!(child));
    assert_eq!(raised[0]["reasons"], json!([{ "value": "CHILD_LIVING_ALONE", "text": "儿童独居" }]));
    assert_eq!(error_code(&by_grid), Some("FORBIDDEN"), "{by_grid}");
    assert_eq!(
        by_town["data"]["acknowledgeAlert"],
        json!({ "id": id, "status": "ACKNOWLEDGED", "note": "已联系其祖母接回照料", "acknowledgedBy": { "role": "TOWN" } })
    );
    assert_eq!(error_code(&again), Some("CONFLICT"), "{again}");
    assert_eq!(alerts_of(&app, &town).await.len(), 1, "no second alert while the situation lasts");
}

async fn a_mandatory_report_puts_an_emergency_visit_on_the_work_list(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村3排2号").await;
    let input = someone("钱小", "HEAD", "AT_HOME", json!({ "birthDate": years_ago(9), "livingAlone": true }));
    let child = app.add_person(&grid, &h, input).await;
    let q = "{ dueVisits(first: 100) { edges { node { reason kind household { id } person { id } } } } }";

    let body = app.gql(&grid, q, json!({})).await;

    let rows = body["data"]["dueVisits"]["edges"].as_array().unwrap_or_else(|| panic!("{body}"));
    let emergency: Vec<&Value> = rows.iter().map(|e| &e["node"]).filter(|n| n["reason"] == "EMERGENCY").collect();
    assert_eq!(emergency.len(), 1, "{body}");
    assert_eq!(emergency[0]["household"]["id"], json!(h));
    assert_eq!(emergency[0]["person"]["id"], json!(child));
}

async fn a_child_whose_only_guardian_is_incapable_raises_an_alert_that_clears(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村3排2号").await;
    let mother_input = someone(
        "钱母",
        "HEAD",
        "AT_HOME",
        json!({ "sex": "FEMALE", "birthDate": "1984-03-03", "guardianshipCapable": false }),
    );
    let mother = app.add_person(&grid, &h, mother_input).await;
    let kid = json!({ "birthDate": years_ago(6), "motherId": mother });
    app.add_person(&grid, &h, someone("钱小", "CHILD", "AT_HOME", kid)).await;
    let raised = alerts_of(&app, &grid).await;

    // A grandmother moves in: somebody capable is at home now.
    let grandma = json!({ "sex": "FEMALE", "birthDate": "1958-01-01" });
    app.add_person(&grid, &h, someone("孙奶奶", "PARENT", "AT_HOME", grandma)).await;
    let after = alerts_of(&app, &grid).await;

    assert_eq!(raised.len(), 1, "{raised:?}");
    assert_eq!(raised[0]["kind"], "GUARDIAN_INCAPABLE");
    let reasons: Vec<_> = raised[0]["reasons"].as_array().unwrap().iter().map(|r| r["value"].clone()).collect();
    assert_eq!(reasons, [json!("MOTHER_NO_GUARDIANSHIP"), json!("NO_CARER_AT_HOME")]);
    assert_eq!(after[0]["status"], "OPEN", "cleared, but still to be acknowledged");
    assert_eq!(after[0]["clearedOn"], json!(liushou::clock::today().to_string()));
}

async fn alerts_outside_the_jurisdiction_are_invisible(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村3排3号").await;
    let input = someone("周小", "HEAD", "AT_HOME", json!({ "birthDate": years_ago(9), "livingAlone": true }));
    app.add_person(&grid, &h, input).await;
    let id = alerts_of(&app, &grid).await[0]["id"].clone();

    let town2 = app.login("town2").await;
    let listed = alerts_of(&app, &town2).await;
    let ack = app.gql(&town2, ACKNOWLEDGE, json!({ "id": id, "n": "x" })).await;

    assert!(listed.is_empty(), "{listed:?}");
    assert_eq!(error_code(&ack), Some("NOT_FOUND"), "{ack}");
}

db_tests!(
    a_mandatory_report_puts_an_emergency_visit_on_the_work_list,
    a_child_living_alone_raises_one_alert_that_the_town_acknowledges,
    a_child_whose_only_guardian_is_incapable_raises_an_alert_that_clears,
    alerts_outside_the_jurisdiction_are_invisible,
);
