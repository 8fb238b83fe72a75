//! The reporting chain (上报) through the API: village monthly reports,
//! the town's quarterly ledger, decisions, frozen snapshots, the status
//! grid, permissions per role and the XLSX export.

use chrono::Utc;
use entity::audit_log;
use liushou::reports::period::{Period, PeriodKind};
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
use serde_json::{Value, json};

use crate::{
    db_tests,
    discovery::{UPDATE_PERSON, someone, years_ago},
    helpers::{Backend, TestApp, error_code, id_number, spawn_app, spawn_demo},
};

const PREPARE: &str = "mutation($r: ID!, $p: String!) { prepareReport(regionId: $r, period: $p) {
    id version status reportVersion period level rowCount
    totals { people households sweptHouseholds byChange { change count } byCategory { category count }
      byCareLevel { careLevel count } } } }";

const SUBMIT: &str = "mutation($id: ID!, $v: Int!, $reason: String) {
    submitReport(id: $id, version: $v, reason: $reason) { id version status gapReason submittedBy { role } } }";

const ACCEPT: &str = "mutation($id: ID!, $v: Int!, $n: String) {
    acceptReport(id: $id, version: $v, note: $n) { id version status decisionNote decidedBy { role } } }";

const RETURN: &str = "mutation($id: ID!, $v: Int!, $r: String!) {
    returnReport(id: $id, version: $v, reason: $r) { id version status decisionNote } }";

const ROWS: &str = "query($id: ID!, $c: ReportChange, $cat: Category) { report(id: $id) { id status period
    rows(change: $c, category: $cat, first: 100) { totalCount nodes { seq name idNumber birthDate address villageName
      townName change changedFields endReason categories { category status careLevel } careLevel needs } } } }";

const LIST: &str =
    "query($f: ReportFilter) { reports(filter: $f, first: 50) { totalCount nodes { id period status level } } }";

const STATUS: &str = "query($r: ID, $n: Int) { reportStatus(regionId: $r, periods: $n) {
    periods counts { status count } late rows { region { name } cells { period status late report { id } } } } }";

fn month(back: i32) -> String {
    Period::containing(Utc::now(), PeriodKind::Month).shift(-back).to_string()
}

fn quarter() -> String {
    Period::containing(Utc::now(), PeriodKind::Quarter).to_string()
}

fn data<'a>(body: &'a Value, field: &str) -> &'a Value {
    let v = &body["data"][field];
    assert!(v.is_object(), "{field}: {body}");
    v
}

async fn prepare(app: &TestApp, token: &str, region: &entity::region::Model, period: &str) -> Value {
    let body = app.gql(token, PREPARE, json!({ "r": region.id.to_string(), "p": period })).await;
    data(&body, "prepareReport").clone()
}

async fn step(app: &TestApp, token: &str, query: &str, vars: Value, field: &str) -> Value {
    let body = app.gql(token, query, vars).await;
    data(&body, field).clone()
}

async fn submit(app: &TestApp, token: &str, report: &Value) -> Value {
    step(app, token, SUBMIT, json!({ "id": report["id"], "v": report["version"] }), "submitReport").await
}

async fn accept(app: &TestApp, token: &str, report: &Value) -> Value {
    step(app, token, ACCEPT, json!({ "id": report["id"], "v": report["version"], "n": "已核" }), "acceptReport").await
}

async fn rows(app: &TestApp, token: &str, report: &Value, change: Option<&str>) -> Vec<Value> {
    let body = app.gql(token, ROWS, json!({ "id": report["id"], "c": change })).await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["report"]["rows"]["nodes"].as_array().unwrap().clone()
}

fn count_of(list: &Value, key: &str, value: &str) -> u64 {
    list.as_array().unwrap().iter().find(|c| c[key] == value).map_or(0, |c| c["count"].as_u64().unwrap())
}

/// A household in `grid` with both parents away for a year and a child of
/// ten at home (suggested as a left-behind child by the rules). Returns
/// (father id, father input, child id, child input).
async fn family(
    app: &TestApp,
    token: &str,
    address: &str,
    child_name: &str,
    seq: u32,
) -> (String, Value, String, Value) {
    let h = app.create_household(token, &app.regions().grid, address).await;
    let away =
        json!({ "sex": "MALE", "birthDate": "1985-02-01", "awaySince": years_ago(1), "awayOutsideCounty": true });
    let father_input = someone("父亲", "HEAD", "AWAY_WORK", away);
    let father = app.add_person(token, &h, father_input.clone()).await;
    let away = json!({ "sex": "FEMALE", "birthDate": "1987-02-01", "awaySince": years_ago(1) });
    let mother = app.add_person(token, &h, someone("母亲", "SPOUSE", "AWAY_WORK", away)).await;
    let birth = years_ago(10);
    let kid = json!({ "sex": "MALE", "birthDate": birth, "fatherId": father, "motherId": mother,
        "idNumber": id_number(&birth.replace('-', ""), true, seq) });
    let child_input = someone(child_name, "CHILD", "AT_HOME", kid);
    let child = app.add_person(token, &h, child_input.clone()).await;
    (father, father_input, child, child_input)
}

async fn version_of(app: &TestApp, token: &str, person: &str) -> i64 {
    let body = app.gql(token, "query($id: ID!) { person(id: $id) { version } }", json!({ "id": person })).await;
    body["data"]["person"]["version"].as_i64().unwrap_or_else(|| panic!("{body}"))
}

async fn update_person(app: &TestApp, token: &str, person: &str, input: Value) {
    let v = version_of(app, token, person).await;
    let body = app.gql(token, UPDATE_PERSON, json!({ "id": person, "v": v, "i": input })).await;
    assert!(body["errors"].is_null(), "updatePerson: {body}");
}

async fn audited(app: &TestApp, action: &str) -> Vec<audit_log::Model> {
    audit_log::Entity::find().filter(audit_log::Column::Action.eq(action)).all(&app.db).await.unwrap()
}

async fn the_whole_chain_runs_from_village_to_district_with_a_return_on_the_way(backend: Backend) {
    let app = spawn_app(backend).await;
    let r = app.regions();
    let (grid, village, town, district) =
        (app.login("grid").await, app.login("village").await, app.login("town").await, app.login("district").await);
    family(&app, &grid, "渡口村1排1号", "王小", 1).await;

    let v1 = prepare(&app, &village, &r.village, &month(0)).await;
    let v1 = submit(&app, &village, &v1).await;
    let returned =
        step(&app, &town, RETURN, json!({ "id": v1["id"], "v": v1["version"], "r": "走访记录不全" }), "returnReport")
            .await;
    let v2 = prepare(&app, &village, &r.village, &month(0)).await;
    let v2 = submit(&app, &village, &v2).await;
    let v2 = accept(&app, &town, &v2).await;
    let ledger = prepare(&app, &town, &r.town, &quarter()).await;
    let refused = app.gql(&town, SUBMIT, json!({ "id": ledger["id"], "v": ledger["version"] })).await;
    let reason = "小王庄村本季度未报，已督促";
    let sent = step(
        &app,
        &town,
        SUBMIT,
        json!({ "id": ledger["id"], "v": ledger["version"], "reason": reason }),
        "submitReport",
    )
    .await;
    let done = accept(&app, &district, &sent).await;

    assert_eq!(v1["status"], "SUBMITTED");
    assert_eq!(v1["submittedBy"]["role"], "VILLAGE");
    assert_eq!(returned["status"], "RETURNED");
    assert_eq!(returned["decisionNote"], "走访记录不全");
    assert_eq!(v2["status"], "ACCEPTED");
    assert_eq!(v2["decidedBy"]["role"], "TOWN");
    assert_eq!(ledger["level"], "TOWN");
    assert_eq!(ledger["rowCount"], 1, "the ledger lists the town's people: {ledger}");
    assert_eq!(error_code(&refused), Some("VALIDATION"), "{refused}");
    assert!(refused["errors"][0]["extensions"]["fields"]["reason"].as_str().unwrap().contains("小王庄村"), "{refused}");
    assert_eq!(sent["gapReason"], reason);
    assert_eq!(done["status"], "ACCEPTED");
    assert_eq!(done["decidedBy"]["role"], "DISTRICT");
    let prepared = prepare_versions(&app, &village, &r.village).await;
    assert_eq!(prepared, vec![(1, "RETURNED".to_owned()), (2, "ACCEPTED".to_owned())]);
    for action in ["report.prepare", "report.submit", "report.return", "report.accept"] {
        assert!(!audited(&app, action).await.is_empty(), "{action} audited");
    }
    let submits = audited(&app, "report.submit").await;
    assert!(submits.iter().any(|e| e.reason.as_deref() == Some(reason)), "the town's reason is recorded");
}

async fn prepare_versions(app: &TestApp, token: &str, region: &entity::region::Model) -> Vec<(i64, String)> {
    let q = "query($f: ReportFilter) { reports(filter: $f) { nodes { reportVersion status } } }";
    let body = app.gql(token, q, json!({ "f": { "regionId": region.id.to_string(), "period": month(0) } })).await;
    let mut out: Vec<(i64, String)> = body["data"]["reports"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|n| (n["reportVersion"].as_i64().unwrap(), n["status"].as_str().unwrap().to_owned()))
        .collect();
    out.sort();
    out
}

async fn rows_are_frozen_and_the_next_report_shows_new_ended_and_changed(backend: Backend) {
    let app = spawn_app(backend).await;
    let r = app.regions();
    let (grid, village, town) = (app.login("grid").await, app.login("village").await, app.login("town").await);
    let (_, _, a, a_input) = family(&app, &grid, "渡口村1排1号", "王小", 1).await;
    let (b_father, b_father_input, _, _) = family(&app, &grid, "渡口村2排1号", "李小", 2).await;
    let last = prepare(&app, &village, &r.village, &month(1)).await;
    let before = rows(&app, &village, &last, None).await;
    let last = submit(&app, &village, &last).await;
    accept(&app, &town, &last).await;

    // The registry moves on: A is renamed, B's father comes home (B no
    // longer qualifies), C is found.
    let mut renamed = a_input.clone();
    renamed["name"] = json!("王小明");
    update_person(&app, &grid, &a, renamed).await;
    let mut home = b_father_input.clone();
    home["residenceStatus"] = json!("AT_HOME");
    home["awaySince"] = Value::Null;
    home["awayOutsideCounty"] = Value::Null;
    update_person(&app, &grid, &b_father, home).await;
    family(&app, &grid, "渡口村3排1号", "赵小", 3).await;
    let after = rows(&app, &village, &last, None).await;
    let now = prepare(&app, &village, &r.village, &month(0)).await;
    let current = rows(&app, &village, &now, None).await;
    let ended = rows(&app, &village, &now, Some("ENDED")).await;

    assert_eq!(before.len(), 2, "{before:?}");
    assert_eq!(before.iter().map(|r| r["change"].as_str().unwrap()).collect::<Vec<_>>(), ["NEW", "NEW"]);
    assert_eq!(before, after, "an accepted report's rows never change with the registry");
    assert_eq!(before[0]["name"], "王小");
    assert_eq!(before[0]["idNumber"].as_str().unwrap(), "120***************", "stored masked");
    assert_eq!(before[0]["townName"], "小王庄镇");
    assert_eq!(before[0]["villageName"], "渡口村");
    assert_eq!(
        before[0]["categories"],
        json!([{ "category": "LEFT_BEHIND_CHILD", "status": "SUGGESTED", "careLevel": null }])
    );
    let by_name = |name: &str| {
        current.iter().find(|r| r["name"] == name).cloned().unwrap_or_else(|| panic!("{name}: {current:?}"))
    };
    assert_eq!(by_name("王小明")["change"], "CHANGED");
    assert_eq!(by_name("王小明")["changedFields"], json!(["name"]));
    assert_eq!(by_name("赵小")["change"], "NEW");
    assert_eq!(by_name("李小")["change"], "ENDED");
    assert!(by_name("李小")["endReason"].as_str().unwrap().starts_with("ENDED"), "{current:?}");
    assert_eq!(ended.len(), 1, "rows filter by change");
    assert_eq!(now["totals"]["people"], 2, "ENDED rows are not counted as listed: {now}");
    let changes = &now["totals"]["byChange"];
    assert_eq!((count_of(changes, "change", "NEW"), count_of(changes, "change", "ENDED")), (1, 1));
    assert_eq!(count_of(changes, "change", "CHANGED"), 1);
    assert_eq!(count_of(&now["totals"]["byCategory"], "category", "LEFT_BEHIND_CHILD"), 2);
    assert_eq!(now["totals"]["households"], 3);
}

async fn bad_input_writes_nothing_and_says_why(backend: Backend) {
    let app = spawn_app(backend).await;
    let r = app.regions();
    let (village, town, town2) = (app.login("village").await, app.login("town").await, app.login("town2").await);
    let try_prepare = |token: String, region: entity::region::Model, period: String| {
        let app = &app;
        async move { app.gql(&token, PREPARE, json!({ "r": region.id.to_string(), "p": period })).await }
    };

    let future = try_prepare(village.clone(), r.village.clone(), month(-1)).await;
    let malformed = try_prepare(village.clone(), r.village.clone(), "2026-13".into()).await;
    let wrong_kind = try_prepare(village.clone(), r.village.clone(), quarter()).await;
    let foreign = try_prepare(village.clone(), r.village2.clone(), month(0)).await;
    let other_town = try_prepare(town2.clone(), r.town.clone(), quarter()).await;
    let not_its_tier = try_prepare(town.clone(), r.village.clone(), month(0)).await;
    let nothing_yet = app.gql(&town, LIST, json!({})).await;
    let report = prepare(&app, &village, &r.village, &month(0)).await;
    let twice = try_prepare(village.clone(), r.village.clone(), month(0)).await;
    let draft_accepted = app.gql(&town, ACCEPT, json!({ "id": report["id"], "v": report["version"] })).await;
    let stale = app.gql(&village, SUBMIT, json!({ "id": report["id"], "v": 7 })).await;
    let sent = submit(&app, &village, &report).await;
    let again = app.gql(&village, SUBMIT, json!({ "id": report["id"], "v": sent["version"] })).await;
    let no_reason = app.gql(&town, RETURN, json!({ "id": report["id"], "v": sent["version"], "r": "  " })).await;
    let stale_decision = app.gql(&town, ACCEPT, json!({ "id": report["id"], "v": report["version"] })).await;

    assert_eq!(error_code(&future), Some("VALIDATION"), "{future}");
    assert!(future["errors"][0]["extensions"]["fields"]["period"].is_string(), "{future}");
    assert_eq!(error_code(&malformed), Some("VALIDATION"));
    assert_eq!(error_code(&wrong_kind), Some("VALIDATION"), "{wrong_kind}");
    assert_eq!(error_code(&foreign), Some("NOT_FOUND"), "{foreign}");
    assert_eq!(error_code(&other_town), Some("NOT_FOUND"), "{other_town}");
    assert_eq!(error_code(&not_its_tier), Some("FORBIDDEN"), "{not_its_tier}");
    assert_eq!(nothing_yet["data"]["reports"]["totalCount"], 0, "refused prepares wrote nothing");
    assert_eq!(error_code(&twice), Some("CONFLICT"), "{twice}");
    assert_eq!(error_code(&draft_accepted), Some("CONFLICT"), "a draft cannot be decided: {draft_accepted}");
    assert_eq!(error_code(&stale), Some("CONFLICT"), "{stale}");
    assert_eq!(error_code(&again), Some("CONFLICT"), "{again}");
    assert_eq!(error_code(&no_reason), Some("VALIDATION"));
    assert!(no_reason["errors"][0]["extensions"]["fields"]["reason"].is_string());
    assert_eq!(error_code(&stale_decision), Some("CONFLICT"));
    let listed = app.gql(&town, LIST, json!({})).await;
    assert_eq!(listed["data"]["reports"]["totalCount"], 1);
    assert_eq!(listed["data"]["reports"]["nodes"][0]["status"], "SUBMITTED", "refused decisions changed nothing");
    assert_eq!(audited(&app, "report.prepare").await.len(), 1);
    assert_eq!(audited(&app, "report.submit").await.len(), 1);
    assert!(audited(&app, "report.accept").await.is_empty());
}

async fn two_submits_at_once_exactly_one_wins(backend: Backend) {
    let app = spawn_app(backend).await;
    let village = app.login("village").await;
    let report = prepare(&app, &village, &app.regions().village, &month(0)).await;
    let vars = json!({ "id": report["id"], "v": report["version"] });

    let (a, b) = tokio::join!(app.gql(&village, SUBMIT, vars.clone()), app.gql(&village, SUBMIT, vars.clone()));

    let wins = [&a, &b].iter().filter(|body| body["errors"].is_null()).count();
    assert_eq!(wins, 1, "{a} {b}");
    let loser = if a["errors"].is_null() { &b } else { &a };
    assert_eq!(error_code(loser), Some("CONFLICT"), "{loser}");
    assert_eq!(audited(&app, "report.submit").await.len(), 1);
}

async fn two_prepares_at_once_make_one_report(backend: Backend) {
    let app = spawn_app(backend).await;
    let village = app.login("village").await;
    let vars = json!({ "r": app.regions().village.id.to_string(), "p": month(0) });

    let (a, b) = tokio::join!(app.gql(&village, PREPARE, vars.clone()), app.gql(&village, PREPARE, vars.clone()));

    let wins = [&a, &b].iter().filter(|body| body["errors"].is_null()).count();
    assert_eq!(wins, 1, "{a} {b}");
    let loser = if a["errors"].is_null() { &b } else { &a };
    assert_eq!(error_code(loser), Some("CONFLICT"), "{loser}");
    let listed = app.gql(&village, LIST, json!({})).await;
    assert_eq!(listed["data"]["reports"]["totalCount"], 1);
}

async fn each_role_sees_the_reports_of_its_jurisdiction_and_dashboards_only_counts(backend: Backend) {
    let app = spawn_app(backend).await;
    let r = app.regions();
    let grid = app.login("grid").await;
    let (_, _, child, _) = family(&app, &grid, "渡口村1排1号", "王小", 1).await;
    let village = app.login("village").await;
    let mine = prepare(&app, &village, &r.village, &month(0)).await;
    prepare(&app, &app.login("village2").await, &r.village2, &month(0)).await;
    let dashboard = app.dashboard_token(&r.district).await;
    let total = |body: &Value| body["data"]["reports"]["totalCount"].as_u64();

    let mut seen = Vec::new();
    for role in ["grid", "grid2", "village", "village2", "town", "town2", "district", "admin"] {
        let token = app.login(role).await;
        seen.push((role, total(&app.gql(&token, LIST, json!({})).await)));
    }
    let grid_reads = app.gql(&grid, ROWS, json!({ "id": mine["id"] })).await;
    let grid_submits = app.gql(&grid, SUBMIT, json!({ "id": mine["id"], "v": mine["version"] })).await;
    let district = app.login("district").await;
    let sent = submit(&app, &village, &mine).await;
    let district_decides = app.gql(&district, ACCEPT, json!({ "id": sent["id"], "v": sent["version"] })).await;
    let village_decides = app.gql(&village, ACCEPT, json!({ "id": sent["id"], "v": sent["version"] })).await;
    let counts = app.gql(&dashboard, "{ reportStatus { counts { status count } late } }", json!({})).await;
    let dash_rows = app.gql(&dashboard, "{ reportStatus { rows { cells { status } } } }", json!({})).await;
    let dash_list = app.gql(&dashboard, LIST, json!({})).await;
    let probe = app.gql(&app.login("town2").await, ROWS, json!({ "id": mine["id"] })).await;

    assert_eq!(
        seen,
        [
            ("grid", Some(1)),
            ("grid2", Some(1)),
            ("village", Some(1)),
            ("village2", Some(1)),
            ("town", Some(2)),
            ("town2", Some(0)),
            ("district", Some(2)),
            ("admin", None),
        ]
    );
    assert_eq!(grid_reads["data"]["report"]["rows"]["nodes"][0]["name"], "王小", "{grid_reads}");
    assert_eq!(error_code(&grid_submits), Some("FORBIDDEN"));
    assert_eq!(error_code(&district_decides), Some("FORBIDDEN"), "the district decides town ledgers only");
    assert_eq!(error_code(&village_decides), Some("FORBIDDEN"));
    assert!(counts["errors"].is_null(), "{counts}");
    assert_eq!(count_of(&counts["data"]["reportStatus"]["counts"], "status", "MISSING"), 2 * 4, "{counts}");
    assert_eq!(error_code(&dash_rows), Some("FORBIDDEN"), "{dash_rows}");
    assert_eq!(error_code(&dash_list), Some("FORBIDDEN"));
    assert!(probe["data"]["report"].is_null(), "another town's report is as if missing: {probe}");
    let denied = audited(&app, "access.out_of_scope").await;
    assert!(denied.iter().any(|e| e.target_type.as_deref() == Some("report")), "the probe is on record");
    // A row is a child's data: the grid worker's read is on record.
    let child = uuid::Uuid::parse_str(&child).unwrap();
    let reads = audited(&app, "person.read_sensitive").await;
    assert!(
        reads
            .iter()
            .any(|e| e.actor_role.as_deref() == Some("GRID") && e.detail.to_string().contains(&child.to_string())),
        "{reads:?}"
    );
}

async fn the_town_sees_its_villages_by_month_with_late_ones_marked(backend: Backend) {
    let app = spawn_app(backend).await;
    let r = app.regions();
    let (village, town) = (app.login("village").await, app.login("town").await);
    let late = prepare(&app, &village, &r.village, &month(3)).await;
    submit(&app, &village, &late).await;
    prepare(&app, &village, &r.village, &month(0)).await;

    let body = app.gql(&town, STATUS, json!({ "n": 4 })).await;
    let stats = app.gql(&town, "{ stats { lateReports } }", json!({})).await;
    let default_grid = app.gql(&town, STATUS, json!({})).await;
    let capped = app.gql(&town, STATUS, json!({ "n": 1000 })).await;
    let refused = app.gql(&town, STATUS, json!({ "n": 0 })).await;

    let grid = &body["data"]["reportStatus"];
    assert_eq!(grid["periods"], json!([month(3), month(2), month(1), month(0)]), "{body}");
    let rows = grid["rows"].as_array().unwrap();
    assert_eq!(rows.iter().map(|r| r["region"]["name"].as_str().unwrap()).collect::<Vec<_>>(), ["渡口村", "小王庄村"]);
    let cells = rows[0]["cells"].as_array().unwrap();
    assert_eq!((cells[0]["status"].as_str(), cells[0]["late"].as_bool()), (Some("SUBMITTED"), Some(true)), "{body}");
    // Two months back is past its deadline (the 5th of last month) whatever the day.
    assert_eq!((cells[1]["status"].as_str(), cells[1]["late"].as_bool()), (Some("MISSING"), Some(true)));
    assert_eq!((cells[3]["status"].as_str(), cells[3]["late"].as_bool()), (Some("DRAFT"), Some(false)));
    assert!(cells[3]["report"]["id"].is_string());
    // Both villages' months 3 and 2 back are late (4), the submitted one included.
    assert!(grid["late"].as_u64().unwrap() >= 4, "{body}");
    assert_eq!(default_grid["data"]["reportStatus"]["periods"].as_array().unwrap().len(), 6, "six months by default");
    assert_eq!(capped["data"]["reportStatus"]["periods"].as_array().unwrap().len(), 24, "two years at most");
    assert_eq!(refused["errors"][0]["extensions"]["code"], "VALIDATION", "{refused}");
    assert!(refused["errors"][0]["extensions"]["fields"]["periods"].is_string(), "{refused}");
    assert_eq!(stats["data"]["stats"]["lateReports"], default_grid["data"]["reportStatus"]["late"], "{stats}");
}

async fn a_report_downloads_as_a_spreadsheet_with_its_rows_and_totals(backend: Backend) {
    use calamine::{Data, Reader as _, Xlsx, open_workbook_from_rs};
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    family(&app, &grid, "渡口村1排1号", "王小", 1).await;
    family(&app, &grid, "渡口村2排1号", "李小", 2).await;
    let village = app.login("village").await;
    let report = prepare(&app, &village, &app.regions().village, &month(0)).await;
    let url = format!("{}/reports/{}.xlsx", app.base, report["id"].as_str().unwrap());

    let res = app.http.get(&url).bearer_auth(&village).send().await.unwrap();
    let status = res.status().as_u16();
    let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
    let bytes = res.bytes().await.unwrap().to_vec();
    let anonymous = app.http.get(&url).send().await.unwrap().status().as_u16();
    let foreign = app.http.get(&url).bearer_auth(app.login("town2").await).send().await.unwrap().status().as_u16();

    assert_eq!(status, 200);
    assert!(kind.contains("spreadsheetml"), "{kind}");
    assert_eq!((anonymous, foreign), (401, 404));
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("台账").unwrap();
    let text = |row: &[Data]| row.iter().map(ToString::to_string).collect::<Vec<_>>();
    let all: Vec<Vec<String>> = sheet.rows().map(text).collect();
    assert_eq!(all.len(), 3, "header and two rows: {all:?}");
    assert_eq!(&all[0][..7], ["序号", "镇街", "村居", "姓名", "性别", "出生日期", "身份证号(脱敏)"]);
    assert_eq!(all[0][12], "变动情况");
    assert_eq!(&all[1][..5], ["1", "小王庄镇", "渡口村", "王小", "男"]);
    assert_eq!(all[1][6], "120***************");
    assert_eq!(all[1][7], "留守儿童");
    assert_eq!(all[2][3], "李小");
    let totals = book.worksheet_range("汇总").unwrap();
    let totals: Vec<Vec<String>> = totals.rows().map(text).collect();
    assert!(totals.iter().any(|r| r[0] == "留守儿童" && r[1] == "2"), "{totals:?}");
    let exports = audited(&app, "report.export").await;
    assert_eq!(exports.len(), 1, "only the permitted download is recorded");
    assert_eq!(exports[0].detail["rows"], 2);
}

async fn the_demo_starts_with_reports_accepted_returned_and_late(backend: Backend) {
    let app = spawn_demo(backend, 400).await;
    liushou::discovery::job::run(&app.db, liushou::clock::today(), None).await.unwrap();
    liushou::demo::reports::seed(&app.db).await.unwrap();
    let town = app.login("town").await;

    let body = app.gql(&town, STATUS, json!({ "n": 4 })).await;
    let list =
        app.gql(&town, "{ reports(first: 50) { nodes { level status reportVersion decisionNote } } }", json!({})).await;
    let district = app.gql(&app.login("district").await, STATUS, json!({})).await;

    let rows = body["data"]["reportStatus"]["rows"].as_array().unwrap_or_else(|| panic!("{body}"));
    let cells: Vec<&Value> = rows.iter().flat_map(|r| r["cells"].as_array().unwrap()).collect();
    let cell = |status: &str, late: bool| cells.iter().filter(|c| c["status"] == status && c["late"] == late).count();
    assert!(cell("ACCEPTED", false) >= 3, "{body}");
    assert_eq!(cell("ACCEPTED", true), 1, "one late report: {body}");
    assert_eq!(cell("SUBMITTED", false), 1, "one awaiting the town: {body}");
    let nodes = list["data"]["reports"]["nodes"].as_array().unwrap();
    assert!(nodes.iter().any(|n| n["status"] == "RETURNED" && n["decisionNote"].is_string()), "{list}");
    assert!(nodes.iter().any(|n| n["status"] == "ACCEPTED" && n["reportVersion"] == 2), "resubmitted: {list}");
    let towns = district["data"]["reportStatus"]["rows"].as_array().unwrap_or_else(|| panic!("{district}"));
    let accepted_ledgers =
        towns.iter().flat_map(|r| r["cells"].as_array().unwrap()).filter(|c| c["status"] == "ACCEPTED");
    assert_eq!(accepted_ledgers.count(), 1, "小王庄镇's last quarter: {district}");
}

async fn a_changed_deadline_applies_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let village = app.login("village").await;
    let report = prepare(&app, &village, &app.regions().village, &month(0)).await;
    let q = "query($id: ID!) { report(id: $id) { deadline } }";
    let due = |body: Value| {
        let text = body["data"]["report"]["deadline"].as_str().unwrap_or_else(|| panic!("{body}")).to_owned();
        chrono::DateTime::parse_from_rfc3339(&text).unwrap().with_timezone(&Utc)
    };

    let before = due(app.gql(&village, q, json!({ "id": report["id"] })).await);
    liushou::reports::deadline::set(&app.db, entity::RegionLevel::Village, 20).await.unwrap();
    let after = due(app.gql(&village, q, json!({ "id": report["id"] })).await);
    let refused = liushou::reports::deadline::set(&app.db, entity::RegionLevel::Village, 31).await;

    let period = Period::parse(&month(0)).unwrap();
    assert_eq!(before, period.deadline(5), "by the 5th of the next month by default");
    assert_eq!(after, period.deadline(20));
    assert!(refused.is_err(), "a day every month has");
}

db_tests!(
    a_changed_deadline_applies_at_once,
    the_demo_starts_with_reports_accepted_returned_and_late,
    the_whole_chain_runs_from_village_to_district_with_a_return_on_the_way,
    rows_are_frozen_and_the_next_report_shows_new_ended_and_changed,
    bad_input_writes_nothing_and_says_why,
    two_submits_at_once_exactly_one_wins,
    two_prepares_at_once_make_one_report,
    each_role_sees_the_reports_of_its_jurisdiction_and_dashboards_only_counts,
    the_town_sees_its_villages_by_month_with_late_ones_marked,
    a_report_downloads_as_a_spreadsheet_with_its_rows_and_totals,
);
