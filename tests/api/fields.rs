//! The field matrix: every guarded field × every role, as the API returns it.

use serde_json::{Value, json};

use crate::{
    db_tests,
    helpers::{Backend, TestApp, id_number, spawn_app},
};

#[derive(Debug, Clone, Copy)]
enum Expect {
    Clear,
    Masked(&'static str),
    Hidden,
}

const PERSON: &str = "query($id: ID!) { person(id: $id) { name idNumber phone birthDate age health disability household { address lat lng } } }";

/// A person in grid 1 (inside every staff account's subtree but grid2's and
/// village2's and town2's) with every sensitive field filled.
async fn subject(app: &TestApp) -> (String, String) {
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let id = id_number("19600101", true, 4);
    let input = json!({
        "name": "王大", "idNumber": id, "phone": "13812345678", "relationToHead": "HEAD",
        "residenceStatus": "AT_HOME", "health": "高血压", "disability": "肢体残疾二级",
    });
    (app.add_person(&grid, &h, input).await, id)
}

fn check(role: &str, field: &str, got: &Value, clear: &Value, expect: Expect, errors: &Value) {
    match expect {
        Expect::Clear => assert_eq!(got, clear, "{role} {field} in clear"),
        Expect::Masked(pattern) => assert_eq!(got.as_str(), Some(pattern), "{role} {field} masked"),
        Expect::Hidden => {
            assert!(got.is_null(), "{role} {field} hidden");
            assert!(errors.to_string().contains("FORBIDDEN"), "{role} {field}: FORBIDDEN on the path: {errors}");
        }
    }
}

async fn every_guarded_field_shows_as_the_policy_says_for_every_role(backend: Backend) {
    use Expect::*;
    let app = spawn_app(backend).await;
    let (person, _) = subject(&app).await;
    let masked_id = "120***************";
    let table: [(&str, [Expect; 3]); 6] = [
        // role: [idNumber, phone, everything else]
        ("grid", [Masked(masked_id), Clear, Clear]),
        ("village", [Masked(masked_id), Clear, Clear]),
        ("town", [Masked(masked_id), Clear, Clear]),
        ("district", [Masked(masked_id), Masked("138****5678"), Clear]),
        ("admin", [Hidden, Hidden, Hidden]),
        ("dashboard", [Hidden, Hidden, Hidden]),
    ];
    let grid = app.login("grid").await;
    let clear = app.gql(&grid, PERSON, json!({ "id": person })).await["data"]["person"].clone();
    let dashboard = app.dashboard_token(&app.regions().district).await;

    for (role, [id_rule, phone_rule, other_rule]) in table {
        let token = if role == "dashboard" { dashboard.clone() } else { app.login(role).await };
        let (_, body) = app.post(Some(&token), PERSON, json!({ "id": person })).await;
        let errors = &body["errors"];
        let got = &body["data"]["person"];
        let field = |name: &str| got.get(name).cloned().unwrap_or(Value::Null);
        check(role, "idNumber", &field("idNumber"), &clear["idNumber"], id_rule, errors);
        check(role, "phone", &field("phone"), &clear["phone"], phone_rule, errors);
        for name in ["name", "birthDate", "age", "health", "disability"] {
            check(role, name, &field(name), &clear[name], other_rule, errors);
        }
        let household = got.get("household").cloned().unwrap_or(Value::Null);
        for name in ["address", "lat", "lng"] {
            let value = household.get(name).cloned().unwrap_or(Value::Null);
            check(role, name, &value, &clear["household"][name], other_rule, errors);
        }
    }
    assert_eq!(clear["name"], "王大");
    assert_eq!(clear["health"], "高血压");
}

async fn filtering_on_a_field_read_masked_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    subject(&app).await;
    let q = "{ people(filter: { phone: \"13812345678\" }) { totalCount } }";

    let town = app.gql(&app.login("town").await, q, json!({})).await;
    let district = app.gql(&app.login("district").await, q, json!({})).await;

    assert_eq!(town["data"]["people"]["totalCount"], 1, "{town}");
    assert_eq!(district["errors"][0]["extensions"]["code"], "FORBIDDEN", "district sees phones masked: {district}");
}

db_tests!(every_guarded_field_shows_as_the_policy_says_for_every_role, filtering_on_a_field_read_masked_is_refused);
