//! District spot checks (随机抽查) through the API: a reproducible draw per
//! town and stratum, re-visits whose findings set the registry's paths in
//! motion (a missed report becomes a suggestion, a wrong one is rejected),
//! rates that add up, and the town's answers once the round is closed.

use chrono::Utc;
use entity::{audit_log, visit};
use liushou::reports::period::{Period, PeriodKind};
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
use serde_json::{Value, json};

use crate::{
    db_tests,
    discovery::{UPDATE_PERSON, classifications_of, left_behind_child, someone, years_ago},
    helpers::{Backend, TestApp, error_code, spawn_app},
};

const DRAW: &str = "mutation($q: String!, $n: Int!, $st: SpotCheckStrataInput, $s: Int, $a: [ID!]) {
    drawSpotCheck(quarter: $q, perTown: $n, strata: $st, seed: $s, assigneeIds: $a) {
      id quarter seed perTown classified unclassified status itemCount sampleHash version dueOn } }";

const ROUND: &str = "query($id: ID!) { spotCheckRound(id: $id) { id status version itemCount
    items(first: 100) { totalCount nodes { id version stratum rank status town { id name } village { name }
      household { id members { id name } } lastSweptBy { role } assignee { role }
      findings { id version result category reason rectification person { id } classification { id status } } } }
    rates { town { name } sampled checked villages { village { name } counts { missed wrong } }
      counts { consistent missed wrong dataError unreachable compared toAnswer answered errorRate missedRate } } } }";

const RECORD: &str = "mutation($item: ID!, $v: VisitInput!, $f: [SpotCheckFindingInput!]!) {
    recordSpotCheck(itemId: $item, visit: $v, findings: $f) { id status version findings { result } } }";

const CLOSE: &str = "mutation($id: ID!, $v: Int!) { closeSpotCheck(id: $id, version: $v) { id status version } }";

const ANSWER: &str = "mutation($id: ID!, $v: Int!, $n: String!) {
    answerSpotCheckFinding(id: $id, version: $v, note: $n) { id version rectification rectifiedBy { role } } }";

fn quarter(back: i32) -> String {
    Period::containing(Utc::now(), PeriodKind::Quarter).shift(-back).to_string()
}

/// Households in both towns: in the first, one family with a confirmed
/// left-behind child and three households of one adult each; in the
/// second, two such households. Returns the confirmed child's id.
async fn registry(app: &TestApp) -> String {
    let grid = app.login("grid").await;
    let town = app.login("town").await;
    let town2 = app.login("town2").await;
    let (_, _, _, child) = left_behind_child(app, &grid).await;
    let suggested = classifications_of(app, &town, &child).await;
    let body = app
        .gql(
            &town,
            "mutation($id: ID!) { confirmClassification(id: $id, careLevel: GENERAL) { status } }",
            json!({ "id": suggested[0]["id"] }),
        )
        .await;
    assert_eq!(body["data"]["confirmClassification"]["status"], "CONFIRMED", "{body}");
    for n in 0..3 {
        let h = app.create_household(&grid, &app.regions().grid, &format!("渡口村3排{n}号")).await;
        let adult = json!({ "sex": "FEMALE", "birthDate": years_ago(62 + n) });
        app.add_person(&grid, &h, someone(&format!("赵{n}"), "HEAD", "AT_HOME", adult)).await;
    }
    for n in 0..2 {
        let h = app.create_household(&town2, &app.regions().village_b, &format!("大安村{n}号")).await;
        app.add_person(&town2, &h, someone(&format!("钱{n}"), "HEAD", "AT_HOME", json!({ "sex": "MALE" }))).await;
    }
    child
}

fn round_of(body: &Value) -> Value {
    let r = &body["data"]["drawSpotCheck"];
    assert!(r.is_object(), "{body}");
    r.clone()
}

async fn items(app: &TestApp, token: &str, round: &str) -> (Value, Vec<Value>) {
    let body = app.gql(token, ROUND, json!({ "id": round })).await;
    let r = body["data"]["spotCheckRound"].clone();
    assert!(r.is_object(), "{body}");
    let nodes = r["items"]["nodes"].as_array().unwrap().clone();
    (r, nodes)
}

fn visit_of(item: &Value) -> Value {
    json!({ "householdId": item["household"]["id"], "kind": "SPOT_CHECK", "visitedAt": Utc::now().to_rfc3339(),
            "findings": "抽查走访" })
}

fn members(item: &Value) -> Vec<String> {
    item["household"]["members"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_owned()).collect()
}

fn all(item: &Value, result: &str) -> Value {
    json!(members(item).iter().map(|p| json!({ "personId": p, "result": result })).collect::<Vec<_>>())
}

async fn the_same_seed_draws_the_same_households_per_town_and_stratum(backend: Backend) {
    let app = spawn_app(backend).await;
    registry(&app).await;
    let district = app.login("district").await;

    let first = round_of(
        &app.gql(&district, DRAW, json!({ "q": quarter(1), "n": 2, "st": { "classified": 1 }, "s": 42 })).await,
    );
    assert_eq!((first["seed"].as_i64(), first["status"].as_str()), (Some(42), Some("OPEN")), "{first}");
    assert_eq!((first["classified"].as_i64(), first["unclassified"].as_i64()), (Some(1), Some(1)));
    // Town 1: its one classified household and one of three others; town
    // 2 has nobody classified, so one of its two others.
    assert_eq!(first["itemCount"], 3, "{first}");
    let (_, a) = items(&app, &district, first["id"].as_str().unwrap()).await;
    let strata: Vec<(&str, &str)> =
        a.iter().map(|i| (i["town"]["name"].as_str().unwrap(), i["stratum"].as_str().unwrap())).collect();
    assert_eq!(strata.iter().filter(|s| s.1 == "CLASSIFIED").count(), 1, "{strata:?}");
    assert_eq!(strata.iter().filter(|s| s.0 == "新城镇").count(), 1, "{strata:?}");

    let again = round_of(
        &app.gql(&district, DRAW, json!({ "q": quarter(2), "n": 2, "st": { "classified": 1 }, "s": 42 })).await,
    );
    assert_eq!(again["sampleHash"], first["sampleHash"], "same seed, same registry: the same sample");
    let (_, b) = items(&app, &district, again["id"].as_str().unwrap()).await;
    let households = |v: &[Value]| v.iter().map(|i| i["household"]["id"].clone()).collect::<Vec<_>>();
    assert_eq!(households(&a), households(&b));

    let fresh = round_of(&app.gql(&district, DRAW, json!({ "q": quarter(3), "n": 2 })).await);
    assert!(fresh["seed"].as_i64().is_some_and(|s| s > 0), "a seed is drawn and shown: {fresh}");

    // One round per quarter: the sample is frozen once drawn.
    let body = app.gql(&district, DRAW, json!({ "q": quarter(1), "n": 2, "s": 7 })).await;
    assert_eq!(error_code(&body), Some("VALIDATION"), "{body}");
    assert!(body["errors"][0]["extensions"]["fields"]["quarter"].is_string(), "{body}");
    let drawn = audit_log::Entity::find().filter(audit_log::Column::Action.eq("spotcheck.draw")).all(&app.db).await;
    let drawn = drawn.unwrap();
    assert_eq!(drawn.len(), 3);
    assert_eq!(drawn[0].detail["seed"], 42);
    assert_eq!(drawn[0].detail["sample_hash"], first["sampleHash"]);
}

async fn bad_draws_are_refused_field_by_field_and_only_the_district_draws(backend: Backend) {
    let app = spawn_app(backend).await;
    let district = app.login("district").await;
    for (vars, field) in [
        (json!({ "q": "2026-11", "n": 2 }), "quarter"),
        (json!({ "q": "2999-Q1", "n": 2 }), "quarter"),
        (json!({ "q": "Q3", "n": 2 }), "quarter"),
        (json!({ "q": quarter(1), "n": 0 }), "perTown"),
        (json!({ "q": quarter(1), "n": 201 }), "perTown"),
        (json!({ "q": quarter(1), "n": 2, "st": { "classified": 3 } }), "strata.classified"),
        (json!({ "q": quarter(1), "n": 2, "s": -1 }), "seed"),
        (json!({ "q": quarter(1), "n": 2, "a": vec![uuid::Uuid::nil().to_string(); 51] }), "assigneeIds"),
    ] {
        let body = app.gql(&district, DRAW, vars.clone()).await;
        assert_eq!(error_code(&body), Some("VALIDATION"), "{vars}: {body}");
        assert!(body["errors"][0]["extensions"]["fields"][field].is_string(), "{vars}: {body}");
    }
    for user in ["town", "village", "grid", "admin"] {
        let token = app.login(user).await;
        let body = app.gql(&token, DRAW, json!({ "q": quarter(1), "n": 2 })).await;
        assert_eq!(error_code(&body), Some("FORBIDDEN"), "{user}: {body}");
    }
    let rounds = liushou_rounds(&app).await;
    assert_eq!(rounds, 0, "nothing was drawn");
}

async fn liushou_rounds(app: &TestApp) -> u64 {
    entity::spot_check_round::Entity::find().count(&app.db).await.unwrap()
}

async fn a_round_runs_from_draw_to_the_towns_answers(backend: Backend) {
    let app = spawn_app(backend).await;
    let child = registry(&app).await;
    let district = app.login("district").await;
    let town = app.login("town").await;
    let town2 = app.login("town2").await;
    let round = round_of(
        &app.gql(&district, DRAW, json!({ "q": quarter(1), "n": 2, "st": { "classified": 1 }, "s": 5 })).await,
    );
    let id = round["id"].as_str().unwrap();

    // Open rounds are the district's alone: a town that knew the sample
    // could tidy exactly those records.
    let body = app.gql(&town, "{ spotCheckRounds { id } }", json!({})).await;
    assert_eq!(body["data"]["spotCheckRounds"], json!([]), "{body}");
    let body = app.gql(&town, ROUND, json!({ "id": id })).await;
    assert_eq!(body["data"]["spotCheckRound"], Value::Null, "{body}");

    let (_, list) = items(&app, &district, id).await;
    let family = list.iter().find(|i| i["stratum"] == "CLASSIFIED").unwrap().clone();
    let single =
        list.iter().find(|i| i["stratum"] == "UNCLASSIFIED" && i["town"]["name"] == "小王庄镇").unwrap().clone();
    let other = list.iter().find(|i| i["town"]["name"] == "新城镇").unwrap().clone();
    assert_eq!(family["assignee"]["role"], "DISTRICT");

    // Bad results write nothing and say where.
    let visits_before = visit::Entity::find().count(&app.db).await.unwrap();
    let mut partial = all(&family, "CONSISTENT");
    partial.as_array_mut().unwrap().pop();
    let mut wrong_kind = visit_of(&family);
    wrong_kind["kind"] = json!("CARE_VISIT");
    let missed_without = json!([{ "personId": members(&single)[0], "result": "MISSED", "reason": "子女外出" }]);
    for (item, v, f, field) in [
        (&family, visit_of(&family), partial.clone(), "findings"),
        (&family, wrong_kind, all(&family, "CONSISTENT"), "visit.kind"),
        (&family, visit_of(&single), all(&family, "CONSISTENT"), "visit.householdId"),
        (&single, visit_of(&single), missed_without, "findings.0.category"),
        (
            &single,
            visit_of(&single),
            json!([{ "personId": members(&single)[0], "result": "WRONG", "reason": "x" }]),
            "findings.0.classificationId",
        ),
        (
            &single,
            visit_of(&single),
            json!([{ "personId": members(&single)[0], "result": "DATA_ERROR" }]),
            "findings.0.reason",
        ),
        (
            &single,
            visit_of(&single),
            json!(vec![json!({ "personId": members(&single)[0], "result": "CONSISTENT" }); 51]),
            "findings",
        ),
    ] {
        let body = app.gql(&district, RECORD, json!({ "item": item["id"], "v": v, "f": f })).await;
        assert_eq!(error_code(&body), Some("VALIDATION"), "{field}: {body}");
        assert!(body["errors"][0]["extensions"]["fields"][field].is_string(), "{field}: {body}");
    }
    assert_eq!(visit::Entity::find().count(&app.db).await.unwrap(), visits_before, "nothing written");
    let body = app
        .gql(&town, RECORD, json!({ "item": family["id"], "v": visit_of(&family), "f": all(&family, "CONSISTENT") }))
        .await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "the checked town does not check itself: {body}");

    // The family: the child's classification was wrong (错报).
    let classification = classifications_of(&app, &town, &child).await[0]["id"].clone();
    let findings: Vec<Value> = members(&family)
        .iter()
        .map(|p| {
            if *p == child {
                json!({ "personId": p, "result": "WRONG", "classificationId": classification,
                        "reason": "父母已返乡务农" })
            } else {
                json!({ "personId": p, "result": "CONSISTENT" })
            }
        })
        .collect();
    let body = app.gql(&district, RECORD, json!({ "item": family["id"], "v": visit_of(&family), "f": findings })).await;
    assert_eq!(body["data"]["recordSpotCheck"]["status"], "CHECKED", "{body}");
    let rejected = classifications_of(&app, &town, &child).await;
    assert_eq!(rejected[0]["status"], "REJECTED", "{rejected:?}");
    let last = rejected[0]["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["toStatus"], "REJECTED");
    assert!(last["reason"].as_str().unwrap().contains("父母已返乡务农"), "{last}");

    // The single elderly woman: missed (漏报), her son works far away.
    let woman = members(&single)[0].clone();
    // A reason of the full 500 characters is kept whole on the suggestion.
    let why: String = "其子在外省务工多年，未登记。".chars().cycle().take(500).collect();
    let f = json!([{ "personId": woman, "result": "MISSED", "category": "LEFT_BEHIND_ELDERLY", "reason": why }]);
    let body = app.gql(&district, RECORD, json!({ "item": single["id"], "v": visit_of(&single), "f": f })).await;
    assert_eq!(body["data"]["recordSpotCheck"]["status"], "CHECKED", "{body}");
    let suggested = classifications_of(&app, &town, &woman).await;
    assert_eq!(
        (suggested[0]["status"].as_str(), suggested[0]["category"].as_str()),
        (Some("SUGGESTED"), Some("LEFT_BEHIND_ELDERLY")),
        "{suggested:?}"
    );
    assert_eq!(suggested[0]["reasons"][0]["value"], "STAFF_REPORTED");
    assert_eq!(suggested[0]["note"], json!(why));
    // The rules cannot see her son, and leave the suggestion alone when
    // they run for her again.
    let grid = app.login("grid").await;
    let mut input = someone(
        "赵0",
        "HEAD",
        "AT_HOME",
        json!({ "sex": "FEMALE", "birthDate": years_ago(62), "phone": "13800138000" }),
    );
    input["name"] = json!("赵0");
    let body = app.gql(&grid, UPDATE_PERSON, json!({ "id": woman, "v": 1, "i": input })).await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(classifications_of(&app, &town, &woman).await[0]["status"], "SUGGESTED");

    // Closing needs every household checked.
    let body = app.gql(&district, CLOSE, json!({ "id": id, "v": 1 })).await;
    assert_eq!(error_code(&body), Some("CONFLICT"), "{body}");
    let body = app
        .gql(&district, RECORD, json!({ "item": other["id"], "v": visit_of(&other), "f": all(&other, "UNREACHABLE") }))
        .await;
    assert_eq!(body["data"]["recordSpotCheck"]["status"], "CHECKED", "{body}");
    let body = app
        .gql(&district, RECORD, json!({ "item": other["id"], "v": visit_of(&other), "f": all(&other, "UNREACHABLE") }))
        .await;
    assert_eq!(error_code(&body), Some("CONFLICT"), "checked once: {body}");
    let body = app.gql(&district, CLOSE, json!({ "id": id, "v": 1 })).await;
    assert_eq!(body["data"]["closeSpotCheck"]["status"], "CLOSED", "{body}");

    // The rates add up.
    let (r, _) = items(&app, &district, id).await;
    let rates = r["rates"].as_array().unwrap();
    let first = rates.iter().find(|t| t["town"]["name"] == "小王庄镇").unwrap();
    let c = &first["counts"];
    let people = members(&family).len() as u64 + 1;
    assert_eq!((first["sampled"].as_u64(), first["checked"].as_u64()), (Some(2), Some(2)));
    assert_eq!(
        (c["missed"].as_u64(), c["wrong"].as_u64(), c["consistent"].as_u64()),
        (Some(1), Some(1), Some(people - 2))
    );
    assert_eq!(c["compared"].as_u64(), Some(people));
    let rate = c["errorRate"].as_f64().unwrap();
    assert!((rate - 2.0 / people as f64).abs() < 1e-9, "{c}");
    assert_eq!(first["villages"][0]["village"]["name"], "渡口村");
    assert_eq!(first["villages"][0]["counts"]["missed"], 1);
    let second = rates.iter().find(|t| t["town"]["name"] == "新城镇").unwrap();
    assert_eq!((second["counts"]["unreachable"].as_u64(), second["counts"]["compared"].as_u64()), (Some(1), Some(0)));
    assert_eq!(second["counts"]["errorRate"], Value::Null, "nobody compared: no rate");

    // The same figures in `stats`, over the region asked for.
    let q = "query($r: ID) { stats(regionId: $r) { spotCheck { quarter status sampled checked
        counts { missed wrong unreachable compared } } } }";
    let body = app.gql(&district, q, json!({})).await;
    let all = &body["data"]["stats"]["spotCheck"];
    assert_eq!(
        (all["quarter"].as_str(), all["sampled"].as_u64(), all["checked"].as_u64()),
        (Some(quarter(1).as_str()), Some(3), Some(3)),
        "{body}"
    );
    assert_eq!(
        (all["counts"]["missed"].as_u64(), all["counts"]["wrong"].as_u64(), all["counts"]["unreachable"].as_u64()),
        (Some(1), Some(1), Some(1)),
        "{body}"
    );
    let body = app.gql(&district, q, json!({ "r": app.regions().town2.id.to_string() })).await;
    assert_eq!(body["data"]["stats"]["spotCheck"]["sampled"], 1, "town2 alone: {body}");
    let body = app.gql(&town, q, json!({})).await;
    assert_eq!(body["data"]["stats"]["spotCheck"]["counts"]["compared"].as_u64(), Some(people), "{body}");
    let village = app.login("village").await;
    let body = app.gql(&village, q, json!({})).await;
    assert_eq!(body["data"]["stats"]["spotCheck"], Value::Null, "villages see no rounds: {body}");

    // Closed: the town sees its own households and figures only.
    let (mine, list) = items(&app, &town, id).await;
    assert_eq!(list.len(), 2, "{mine}");
    assert_eq!(mine["rates"].as_array().unwrap().len(), 1);
    let wrong =
        list.iter().flat_map(|i| i["findings"].as_array().unwrap().clone()).find(|f| f["result"] == "WRONG").unwrap();
    let consistent = list
        .iter()
        .flat_map(|i| i["findings"].as_array().unwrap().clone())
        .find(|f| f["result"] == "CONSISTENT")
        .unwrap();
    let body = app.gql(&town, ANSWER, json!({ "id": consistent["id"], "v": 1, "n": "无需整改" })).await;
    assert_eq!(error_code(&body), Some("CONFLICT"), "{body}");
    let body = app.gql(&town2, ANSWER, json!({ "id": wrong["id"], "v": 1, "n": "不是我镇的" })).await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"), "another town's finding: {body}");
    let body = app.gql(&town, ANSWER, json!({ "id": wrong["id"], "v": 1, "n": "  " })).await;
    assert_eq!(error_code(&body), Some("VALIDATION"), "{body}");
    let body = app
        .gql(&town, ANSWER, json!({ "id": wrong["id"], "v": 1, "n": "已核实父母返乡，认定已撤销，网格员已培训" }))
        .await;
    assert_eq!(body["data"]["answerSpotCheckFinding"]["version"], 2, "{body}");
    assert_eq!(body["data"]["answerSpotCheckFinding"]["rectifiedBy"]["role"], "TOWN");
    let body = app.gql(&town, ANSWER, json!({ "id": wrong["id"], "v": 1, "n": "旧版本" })).await;
    assert_eq!(error_code(&body), Some("CONFLICT"), "stale: {body}");
    let (r, _) = items(&app, &town, id).await;
    assert_eq!(r["rates"][0]["counts"]["answered"], 1);

    // Results are frozen once closed.
    let body = app.gql(&town2, "{ spotCheckRounds { id status } }", json!({})).await;
    assert_eq!(body["data"]["spotCheckRounds"][0]["status"], "CLOSED", "{body}");
    let logged: Vec<String> = audit_log::Entity::find()
        .filter(audit_log::Column::Action.starts_with("spotcheck."))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(logged.iter().filter(|a| *a == "spotcheck.record").count(), 3, "{logged:?}");
    assert!(logged.contains(&"spotcheck.close".to_owned()) && logged.contains(&"spotcheck.answer".to_owned()));
    let details = serde_json::to_string(
        &audit_log::Entity::find()
            .filter(audit_log::Column::Action.starts_with("spotcheck."))
            .all(&app.db)
            .await
            .unwrap()
            .iter()
            .map(|e| e.detail.clone())
            .collect::<Vec<_>>(),
    )
    .unwrap();
    assert!(!details.contains("返乡") && !details.contains("赵"), "no free text or names in the audit: {details}");
}

async fn staff_suggest_what_the_rules_missed_within_their_jurisdiction(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村9排1号").await;
    let woman =
        app.add_person(&grid, &h, someone("孙婆", "HEAD", "AT_HOME", json!({ "birthDate": years_ago(70) }))).await;
    let suggest = "mutation($p: ID!, $c: Category!, $r: String!) {
        suggestClassification(personId: $p, category: $c, reason: $r) { id status category reasons { value text } note } }";
    let body = app
        .gql(&grid, suggest, json!({ "p": woman, "c": "LEFT_BEHIND_ELDERLY", "r": "儿子在外地打工，户口已迁出" }))
        .await;
    let s = &body["data"]["suggestClassification"];
    assert_eq!(
        (s["status"].as_str(), s["reasons"][0]["text"].as_str()),
        (Some("SUGGESTED"), Some("工作人员核查发现")),
        "{body}"
    );
    let again = app.gql(&grid, suggest, json!({ "p": woman, "c": "LEFT_BEHIND_ELDERLY", "r": "再报一次" })).await;
    assert_eq!(error_code(&again), Some("VALIDATION"), "one open suggestion per category: {again}");
    let blank = app.gql(&grid, suggest, json!({ "p": woman, "c": "LEFT_BEHIND_WOMAN", "r": " " })).await;
    assert!(blank["errors"][0]["extensions"]["fields"]["reason"].is_string(), "{blank}");
    let town2 = app.login("town2").await;
    let outside = app.gql(&town2, suggest, json!({ "p": woman, "c": "LEFT_BEHIND_WOMAN", "r": "越界" })).await;
    assert_eq!(error_code(&outside), Some("VALIDATION"), "{outside}");
    assert!(outside["errors"][0]["extensions"]["fields"]["personId"].is_string(), "{outside}");
    let admin = app.login("admin").await;
    let refused = app.gql(&admin, suggest, json!({ "p": woman, "c": "LEFT_BEHIND_WOMAN", "r": "管理员" })).await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{refused}");
}

/// A closed round of last quarter over a registry of one household, each
/// of `people` found with a data error (so every finding has a reason);
/// for tests of other things that need findings to read.
pub async fn closed_round_of_one(app: &TestApp, household: &str, people: &[String]) {
    let district = app.login("district").await;
    let round =
        round_of(&app.gql(&district, DRAW, json!({ "q": quarter(1), "n": 1, "st": { "classified": 0 } })).await);
    let (_, list) = items(app, &district, round["id"].as_str().unwrap()).await;
    assert_eq!((list.len(), list[0]["household"]["id"].as_str()), (1, Some(household)), "{list:?}");
    let f: Vec<Value> =
        people.iter().map(|p| json!({ "personId": p, "result": "DATA_ERROR", "reason": "出生日期有误" })).collect();
    let body = app.gql(&district, RECORD, json!({ "item": list[0]["id"], "v": visit_of(&list[0]), "f": f })).await;
    assert!(body["errors"].is_null(), "{body}");
    let body = app.gql(&district, CLOSE, json!({ "id": round["id"], "v": 1 })).await;
    assert_eq!(body["data"]["closeSpotCheck"]["status"], "CLOSED", "{body}");
}

async fn the_demo_starts_with_a_closed_round_of_last_quarter_with_findings(backend: Backend) {
    let app = crate::helpers::spawn_demo(backend, 400).await;
    liushou::discovery::job::run(&app.db, liushou::clock::today(), None).await.unwrap();
    let findings = liushou::demo::spot_checks::seed(&app.db).await.unwrap();
    assert!(findings >= 3, "a wrong, a missed and a data error at least: {findings}");
    let district = app.login("district").await;
    let body = app.gql(&district, "{ spotCheckRounds { id quarter seed status } }", json!({})).await;
    let rounds = body["data"]["spotCheckRounds"].as_array().unwrap_or_else(|| panic!("{body}")).clone();
    assert_eq!(rounds.len(), 1, "{body}");
    assert_eq!(
        (rounds[0]["quarter"].as_str(), rounds[0]["status"].as_str()),
        (Some(quarter(1).as_str()), Some("CLOSED"))
    );
    assert_eq!(rounds[0]["seed"], liushou::demo::spot_checks::SEED);
    let (r, _) = items(&app, &district, rounds[0]["id"].as_str().unwrap()).await;
    let sum =
        |key: &str| r["rates"].as_array().unwrap().iter().map(|t| t["counts"][key].as_u64().unwrap()).sum::<u64>();
    assert!(sum("missed") >= 1 && sum("wrong") >= 1 && sum("dataError") >= 1, "{r}");
    assert_eq!(sum("answered"), 1, "one finding answered by its town: {r}");
    let town = app.login("town").await;
    let (mine, list) = items(&app, &town, rounds[0]["id"].as_str().unwrap()).await;
    assert!(!list.is_empty() && mine["rates"].as_array().unwrap().len() == 1, "{mine}");
}

db_tests!(
    the_demo_starts_with_a_closed_round_of_last_quarter_with_findings,
    the_same_seed_draws_the_same_households_per_town_and_stratum,
    bad_draws_are_refused_field_by_field_and_only_the_district_draws,
    a_round_runs_from_draw_to_the_towns_answers,
    staff_suggest_what_the_rules_missed_within_their_jurisdiction,
);
