//! The field matrix: every guarded field × every role, as the API returns it.

use serde_json::{Value, json};

use crate::{
    db_tests,
    discovery::{someone, years_ago},
    helpers::{Backend, TestApp, id_number, spawn_app},
    visit_support::{record_ok, registered_days_ago, visit},
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

/// Where each type with guarded fields is reached: a query with a `SEL`
/// placeholder for the selection, answered under the alias `x`.
const ENTRY: &[(&str, &str)] = &[
    ("Person", "query($p: ID!) { x: person(id: $p) { SEL } }"),
    ("Household", "query($h: ID!) { x: household(id: $h) { SEL } }"),
    ("Relative", "query($p: ID!) { x: person(id: $p) { relatives { SEL } } }"),
    ("Visit", "{ x: visits(first: 10) { nodes { SEL } } }"),
    ("Classification", "{ x: classifications(first: 10) { nodes { SEL } } }"),
    ("Reason", "{ x: classifications(first: 10) { nodes { reasons { SEL } } } }"),
    ("ClassificationEvent", "{ x: classifications(first: 10) { nodes { history { SEL } } } }"),
    ("Alert", "{ x: alerts(first: 10) { nodes { SEL } } }"),
    ("ReportRow", "{ x: reports(first: 10) { nodes { rows(first: 10) { nodes { SEL } } } } }"),
    ("ReportCategory", "{ x: reports(first: 10) { nodes { rows(first: 10) { nodes { categories { SEL } } } } } }"),
    ("SpotCheckFinding", "{ x: spotCheckRounds { items(first: 10) { nodes { findings { SEL } } } } }"),
];

/// Reads every field the rules call guarded, as a town cadre who may read
/// them all, over data where every one of them has a value. The field
/// policy withholds a guarded field whose resolver does not go through it
/// (`INTERNAL`), so a new guarded field that bypasses the policy fails here;
/// a type that gains guarded fields must be given an entry in `ENTRY`.
async fn every_guarded_field_of_the_schema_is_read_through_the_field_policy(backend: Backend) {
    use liushou::policy::rules::{Rule, rule, sdl_fields};
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村9排1号").await;
    let away = json!({ "birthDate": "1985-02-01", "awaySince": years_ago(1), "awayOutsideCounty": true });
    let father = app.add_person(&grid, &h, someone("王父", "HEAD", "AWAY_WORK", away.clone())).await;
    let mother = app.add_person(&grid, &h, someone("李母", "SPOUSE", "AWAY_WORK", away)).await;
    let kid = json!({ "birthDate": years_ago(9), "fatherId": father, "motherId": mother, "livingAlone": true,
        "phone": "13812345678", "health": "哮喘", "disability": "无", "idNumber": id_number(&years_ago(9).replace('-', ""), true, 7) });
    let child = app.add_person(&grid, &h, someone("王小", "CHILD", "AT_HOME", kid)).await;
    let relative = json!({ "p": child, "i": { "relation": "CHILD", "note": "备注" } });
    let added = app
        .gql(&grid, "mutation($p: ID!, $i: RelativeInput!) { addRelative(personId: $p, input: $i) { id } }", relative)
        .await;
    assert!(added["errors"].is_null(), "{added}");
    registered_days_ago(&app, &h, 2).await;
    let mut v = visit(&h, "CARE_VISIT", chrono::Utc::now() - chrono::Duration::hours(1));
    v["personIds"] = json!([child]);
    v["health"] = json!("咳嗽");
    v["lat"] = json!(38.9);
    v["lng"] = json!(117.5);
    record_ok(&app, &grid, v).await;
    let village = app.login("village").await;
    let period =
        liushou::reports::period::Period::containing(chrono::Utc::now(), liushou::reports::period::PeriodKind::Month);
    let prepared = app
        .gql(
            &village,
            "mutation($r: ID!, $p: String!) { prepareReport(regionId: $r, period: $p) { id } }",
            json!({ "r": app.regions().village.id.to_string(), "p": period.to_string() }),
        )
        .await;
    assert!(prepared["errors"].is_null(), "{prepared}");
    crate::spot_checks::closed_round_of_one(&app, &h, &[father, mother, child.clone()]).await;
    let town = app.login("town").await;

    let sdl = liushou::graphql::sdl();
    let all = sdl_fields(&sdl);
    let objects: std::collections::BTreeSet<&str> = all.iter().map(|(t, _, _)| t.as_str()).collect();
    let mut guarded: std::collections::BTreeMap<&str, Vec<(&str, &str)>> = Default::default();
    for (ty, field, ret) in &all {
        if matches!(rule(ty, field), Some(Rule::Guarded(_))) {
            guarded.entry(ty.as_str()).or_default().push((field.as_str(), ret.as_str()));
        }
    }
    assert!(guarded.len() >= 5, "the walk found the guarded types: {guarded:?}");
    let mut read = 0;
    for (ty, fields) in &guarded {
        let entry = ENTRY.iter().find(|(t, _)| t == ty).map(|(_, q)| *q);
        let entry = entry.unwrap_or_else(|| panic!("{ty} has guarded fields: add it to ENTRY so they are read"));
        let selection: Vec<String> = fields
            .iter()
            .map(|(f, ret)| if objects.contains(ret) { format!("{f} {{ __typename }}") } else { (*f).to_owned() })
            .collect();
        let query = entry.replace("SEL", &selection.join(" "));
        let body = app.gql(&town, &query, json!({ "p": child, "h": h })).await;

        assert!(body["errors"].is_null(), "{ty}: every guarded field resolves through the policy: {body}");
        let text = body["data"]["x"].to_string();
        for (f, _) in fields {
            assert!(text.contains(&format!("\"{f}\"")), "{ty}.{f} was read: {body}");
            read += 1;
        }
    }
    assert!(read >= 40, "{read} guarded fields read");
}

db_tests!(
    every_guarded_field_shows_as_the_policy_says_for_every_role,
    filtering_on_a_field_read_masked_is_refused,
    every_guarded_field_of_the_schema_is_read_through_the_field_policy,
);
