//! Ledgers in (`POST /imports/people`): a town's generated 10,000-person
//! workbook with every kind of bad row planted, checked, committed once
//! and again, and read back through the export; the file errors; CSV in
//! GB18030; updates of registered people; who may import.

use std::collections::BTreeSet;

use calamine::{Data, Reader as _, Xlsx, open_workbook_from_rs};
use entity::{audit_log, household, person};
use rust_xlsxwriter::{Format, Formula, Workbook};
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
use serde_json::{Value, json};

use crate::{
    db_tests,
    discovery::someone,
    helpers::{Backend, TestApp, id_number, spawn_app},
};

const HEADERS: [&str; 12] = [
    "户主姓名",
    "姓名",
    "与户主关系",
    "身份证号",
    "性别",
    "出生日期",
    "联系电话",
    "现住址",
    "所属村(居)/网格",
    "外出务工",
    "外出时间",
    "外出地点",
];

/// One cell of a generated sheet.
#[derive(Clone)]
enum Cell {
    Text(String),
    /// A date-formatted cell holding an Excel serial number.
    Date(f64),
    Number(f64),
    Formula(&'static str),
}

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// A row of [`HEADERS`] and the error code planted in it, if any.
struct Line {
    cells: Vec<Cell>,
    planted: Option<&'static str>,
}

fn xlsx(rows: &[Line]) -> Vec<u8> {
    let mut book = Workbook::new();
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = book.add_worksheet();
    sheet.set_name("人员").unwrap();
    // A title line above the headers, as village ledgers have.
    sheet.write_string(0, 0, "小王庄镇留守人员信息台账").unwrap();
    for (col, h) in (0u16..).zip(HEADERS) {
        sheet.write_string(1, col, h).unwrap();
    }
    for (row, line) in (2u32..).zip(rows) {
        for (col, cell) in (0u16..).zip(&line.cells) {
            match cell {
                Cell::Text(s) if s.is_empty() => {}
                Cell::Text(s) => {
                    sheet.write_string_with_format(row, col, s, &text).unwrap();
                }
                Cell::Date(serial) => {
                    sheet.write_number_with_format(row, col, *serial, &date).unwrap();
                }
                Cell::Number(n) => {
                    sheet.write_number(row, col, *n).unwrap();
                }
                Cell::Formula(f) => {
                    sheet.write_formula(row, col, Formula::new(*f)).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// Days since 1899-12-30 (Excel's serial) of `2020-03-15` and the like.
fn serial(date: &str) -> f64 {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    (d - epoch).num_days() as f64
}

fn birth(year: i32, day_offset: u32) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap() + chrono::Days::new(u64::from(day_offset));
    d.format("%Y%m%d").to_string()
}

/// `households` families of four in the town's villages (a head and a
/// spouse away for work, a child, a grandmother at home), the region
/// written by code, by grid code and by name; ID numbers typed with
/// spaces, a lower-case x or full-width digits on some rows.
fn ledger(households: u32) -> Vec<Line> {
    let mut rows = Vec::new();
    let regions = ["120116157201", "120116157201001", "小王庄村", "渡口村/渡口村第2网格"];
    for h in 0..households {
        let head = format!("王{h}");
        let address = format!("第{}排{}号", h / 50, h % 50);
        let region = regions[(h % 4) as usize];
        let people = [
            (head.clone(), "户主", id_number(&birth(1975, h), true, 1), "是"),
            (format!("李{h}"), "妻子", id_number(&birth(1977, h), false, 1), "是"),
            (format!("王小{h}"), "子女", id_number(&birth(2016, h % 3000), h % 2 == 0, 2), "否"),
            (format!("赵{h}"), "母亲", id_number(&birth(1950, h), false, 3), "否"),
        ];
        for (i, (name, relation, id, away)) in people.into_iter().enumerate() {
            let id = match (h % 7, i) {
                (0, 0) => id.to_lowercase(),
                (1, 1) => format!("{} {} {}", &id[..6], &id[6..14], &id[14..]),
                (2, 3) => id.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect(),
                _ => id,
            };
            let since = if away == "是" {
                if h % 2 == 0 { Cell::Date(serial("2020-03-15")) } else { t("2021年5月") }
            } else {
                t("")
            };
            let place = if away == "是" { "广东省深圳市" } else { "" };
            let cells = vec![
                t(head.clone()),
                t(name),
                t(relation),
                t(id),
                t(""),
                t(""),
                t(if i == 0 { "13812345678" } else { "" }),
                t(address.clone()),
                t(region),
                t(away),
                since,
                t(place),
            ];
            rows.push(Line { cells, planted: None });
        }
    }
    rows
}

/// Plants one bad row of every kind over `rows` (changing rows of the
/// last households) and returns the ID number registered in the other
/// town that row `taken` repeats.
fn plant(rows: &mut [Line], taken: &str) {
    let n = rows.len();
    let mut at = n - 1;
    let mut next = |rows: &mut [Line], code: &'static str, change: &dyn Fn(&mut Vec<Cell>)| {
        change(&mut rows[at].cells);
        rows[at].planted = Some(code);
        at -= 4;
    };
    next(rows, "ID_NUMBER_CHECKSUM", &|c| {
        if let Cell::Text(id) = &c[3] {
            let mut id = id.clone();
            let last = if id.ends_with('0') { '1' } else { '0' };
            id.pop();
            id.push(last);
            c[3] = t(id);
        }
    });
    next(rows, "REQUIRED", &|c| c[1] = t(""));
    next(rows, "IMPORT_VALUE_UNKNOWN", &|c| c[2] = t("邻居"));
    next(rows, "IMPORT_FORMULA", &|c| c[1] = Cell::Formula("=A1"));
    next(rows, "IMPORT_ID_NUMBER_AS_NUMBER", &|c| {
        if let Cell::Text(id) = &c[3] {
            c[3] = Cell::Number(id.parse::<f64>().unwrap_or(1.2e17));
        }
    });
    next(rows, "REGION_NOT_IN_SCOPE", &|c| c[8] = t("120116151201"));
    next(rows, "PHONE_INVALID", &|c| c[6] = t("022-2555"));
    next(rows, "DATE_IN_FUTURE", &|c| {
        c[9] = t("是");
        c[10] = t("2099-01-01");
    });
    next(rows, "IMPORT_DATE_FORMAT", &|c| c[10] = t("去年春节后"));
    next(rows, "SEX_CONTRADICTS_ID_NUMBER", &|c| c[4] = t("男"));
    next(rows, "ID_NUMBER_TAKEN", &|c| c[3] = t(taken));
    next(rows, "IMPORT_SECOND_HEAD", &|c| c[2] = t("户主"));
    // The same person twice in one household: the later row is the error.
    let (first, second) = (at - 1, at);
    let copy = rows[first].cells.clone();
    rows[second].cells = copy;
    rows[second].planted = Some("IMPORT_DUPLICATE_ROW");
    // One person in two households: both rows.
    let (a, b) = (second - 8 - 2, second - 16 - 2);
    let id = rows[a].cells[3].clone();
    rows[b].cells[3] = id;
    rows[a].planted = Some("IMPORT_PERSON_IN_TWO_HOUSEHOLDS");
    rows[b].planted = Some("IMPORT_PERSON_IN_TWO_HOUSEHOLDS");
}

/// Status and JSON body of an import request.
async fn import(app: &TestApp, token: Option<&str>, query: &str, body: Vec<u8>) -> (u16, Value) {
    let mut req = app.http.post(format!("{}/imports/people{query}", app.base)).body(body);
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn error_code(body: &Value) -> (String, Value) {
    let ext = &body["errors"][0]["extensions"];
    (ext["code"].as_str().unwrap_or_default().to_owned(), ext["messages"].clone())
}

/// `(line, code)` of every error the report lists.
fn errors(report: &Value) -> BTreeSet<(u64, String)> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            r["messages"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| m["severity"] == "ERROR")
                .map(|m| (r["line"].as_u64().unwrap(), m["code"].as_str().unwrap().to_owned()))
                .collect::<Vec<_>>()
        })
        .collect()
}

async fn people_in(app: &TestApp, region: &entity::region::Model) -> u64 {
    person::Entity::find()
        .filter(person::Column::ScopeKey.between(region.key_lo, region.key_hi))
        .count(&app.db)
        .await
        .unwrap()
}

async fn a_ten_thousand_person_ledger_imports_exactly_its_good_rows_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let town = app.login("town").await;
    let r = app.regions();
    // Someone the other town registered, whose number a row repeats.
    let town2 = app.login("town2").await;
    let elsewhere = app.create_household(&town2, &r.village_b, "大安村1号").await;
    let taken = id_number("19800101", true, 9);
    app.add_person(&town2, &elsewhere, someone("孙某", "HEAD", "AT_HOME", json!({ "idNumber": taken }))).await;

    let mut rows = ledger(2_500);
    plant(&mut rows, &taken);
    let planted: BTreeSet<(u64, String)> =
        rows.iter().enumerate().filter_map(|(i, l)| l.planted.map(|code| (i as u64 + 3, code.to_owned()))).collect();
    let bad = planted.len() as u64;
    let file = xlsx(&rows);

    let (status, report) = import(&app, Some(&town), "?fileName=ledger.xlsx", file.clone()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["counts"]["rows"], 10_000);
    assert_eq!(errors(&report), planted, "the dry run reports exactly the planted errors");
    assert_eq!(report["counts"]["errors"], bad);
    assert_eq!(report["counts"]["peopleCreated"], 10_000 - bad);
    assert_eq!(report["counts"]["householdsCreated"], 2_500);
    assert_eq!(report["committed"], false);
    assert_eq!(people_in(&app, &r.town).await, 0, "a dry run writes nothing");

    let (_, refused) = import(&app, Some(&town), "?mode=commit&fileName=ledger.xlsx", file.clone()).await;
    assert_eq!(refused["committed"], false);
    assert_eq!(refused["refused"]["code"], "IMPORT_HAS_ERRORS");
    assert_eq!(people_in(&app, &r.town).await, 0, "errors and no skip: nothing written");

    let (status, done) = import(&app, Some(&town), "?mode=commit&skipErrors=true", file.clone()).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["committed"], true);
    assert_eq!(people_in(&app, &r.town).await, 10_000 - bad, "exactly the good rows");
    let households = household::Entity::find()
        .filter(household::Column::ScopeKey.between(r.town.key_lo, r.town.key_hi))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(households, 2_500);
    // A family as the app shows it: links inferred, the region by name,
    // the rules run (both parents away: a left-behind child).
    let child = person::Entity::find().filter(person::Column::Name.eq("王小2")).one(&app.db).await.unwrap().unwrap();
    let father = person::Entity::find().filter(person::Column::Name.eq("王2")).one(&app.db).await.unwrap().unwrap();
    let mother = person::Entity::find().filter(person::Column::Name.eq("李2")).one(&app.db).await.unwrap().unwrap();
    assert_eq!((child.father_id, child.mother_id), (Some(father.id), Some(mother.id)));
    assert_eq!(father.spouse_id, Some(mother.id));
    assert_eq!(child.scope_key, r.village2.key_lo, "小王庄村 by name");
    assert_eq!(father.away_since, chrono::NaiveDate::from_ymd_opt(2020, 3, 15), "a date cell");
    assert_eq!(father.away_outside_county, Some(true));
    for (name, id) in [("王0", id_number(&birth(1975, 0), true, 1)), ("李1", id_number(&birth(1977, 1), false, 1))] {
        let p = person::Entity::find().filter(person::Column::Name.eq(name)).one(&app.db).await.unwrap().unwrap();
        assert_eq!(p.id_number, Some(id), "{name}: typed with a lower-case x or spaces, stored normalised");
    }
    let body =
        app.gql(&town, "{ classifications(filter: { category: LEFT_BEHIND_CHILD }) { totalCount } }", json!({})).await;
    assert!(body["data"]["classifications"]["totalCount"].as_i64().unwrap() > 1_000, "{body}");
    let commits =
        audit_log::Entity::find().filter(audit_log::Column::Action.eq("import.commit")).all(&app.db).await.unwrap();
    let created: u64 = commits.iter().map(|e| e.detail["people_created"].as_u64().unwrap()).sum();
    assert_eq!(created, 10_000 - bad, "the batches' audit entries count what they wrote");

    let (_, again) = import(&app, Some(&town), "?mode=commit&skipErrors=true", file).await;
    assert_eq!(again["counts"]["peopleCreated"], 0);
    assert_eq!(again["counts"]["peopleUpdated"], 0);
    assert_eq!(again["counts"]["peopleUnchanged"], 10_000 - bad, "a second commit changes nothing");
    assert_eq!(people_in(&app, &r.town).await, 10_000 - bad);

    // Read back as staff take lists out.
    let res = app.http.get(format!("{}/exports/people.xlsx", app.base)).bearer_auth(&town).send().await.unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(res.bytes().await.unwrap().to_vec())).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let names: BTreeSet<String> = sheet.rows().skip(1).map(|r| r[2].to_string()).collect();
    assert_eq!(names.len() as u64, 10_000 - bad, "every person once");
    assert!(names.contains("王小2") && !names.contains("孙某"));
    assert!(matches!(sheet.get_value((0, 2)), Some(Data::String(s)) if s == "姓名"));
}

async fn bad_files_and_options_are_file_errors_and_write_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let town = app.login("town").await;
    let code = |body: &Value| error_code(body);

    let (s, pdf) = import(&app, Some(&town), "", b"%PDF-1.7 not a sheet".to_vec()).await;
    assert_eq!((s, code(&pdf).0.as_str()), (400, "VALIDATION"));
    assert_eq!(code(&pdf).1["file"]["code"], "IMPORT_NOT_A_SPREADSHEET");
    let (_, broken) = import(&app, Some(&town), "", b"PK\x03\x04 not a zip".to_vec()).await;
    assert_eq!(code(&broken).1["file"]["code"], "IMPORT_UNREADABLE");
    let (_, empty) = import(&app, Some(&town), "", xlsx(&[])).await;
    assert_eq!(code(&empty).1["file"]["code"], "IMPORT_EMPTY_SHEET");
    let (_, headless) = import(&app, Some(&town), "", "编号,备注\n1,2\n".as_bytes().to_vec()).await;
    assert_eq!(code(&headless).1["file"]["code"], "IMPORT_NO_HEADER");
    let (_, missing) = import(&app, Some(&town), "", "姓名,性别\n张三,男\n".as_bytes().to_vec()).await;
    let missing = code(&missing).1;
    assert_eq!(missing["idNumber"]["code"], "IMPORT_COLUMN_MISSING");
    assert_eq!(missing["relation"]["code"], "IMPORT_COLUMN_MISSING");
    assert_eq!(missing["region"]["code"], "IMPORT_COLUMN_MISSING");
    let (_, sheetless) = import(&app, Some(&town), "?sheet=Sheet9", xlsx(&ledger(1))).await;
    assert_eq!(code(&sheetless).1["file"]["code"], "IMPORT_SHEET_NOT_FOUND");
    let (s, typo) = import(&app, Some(&town), "?mod=commit", xlsx(&ledger(1))).await;
    assert_eq!((s, code(&typo).1["options"]["code"].as_str()), (400, Some("IMPORT_OPTION_INVALID")));
    let (_, mapping) = import(&app, Some(&town), "?mapping=%7B%22a%22%3A%22nmae%22%7D", xlsx(&ledger(1))).await;
    assert_eq!(code(&mapping).1["mapping"]["code"], "IMPORT_MAPPING_INVALID");
    let (_, region) = import(&app, Some(&town), "?region=120116151201", xlsx(&ledger(1))).await;
    assert_eq!(code(&region).1["region"]["code"], "REGION_NOT_IN_SCOPE", "another town's village");
    let huge = vec![b'a'; 20 * 1024 * 1024 + 1];
    let (s, too_large) = import(&app, Some(&town), "", huge).await;
    assert_eq!((s, code(&too_large).1["file"]["code"].as_str()), (413, Some("IMPORT_FILE_TOO_LARGE")));
    assert_eq!(people_in(&app, &app.regions().district).await, 0);
}

async fn only_towns_commit_and_the_district_may_check(backend: Backend) {
    let app = spawn_app(backend).await;
    let file = xlsx(&ledger(2));
    for (user, mode, status) in [
        ("grid", "check", 403),
        ("village", "check", 403),
        ("admin", "check", 403),
        ("district", "commit", 403),
        ("district", "check", 200),
    ] {
        let token = app.login(user).await;
        let (s, body) = import(&app, Some(&token), &format!("?mode={mode}"), file.clone()).await;
        assert_eq!(s, status, "{user} {mode}: {body}");
    }
    let (s, _) = import(&app, None, "", file.clone()).await;
    assert_eq!(s, 401);
    let other = app.login("town2").await;
    let (_, foreign) = import(&app, Some(&other), "?mode=commit", file).await;
    assert_eq!(foreign["committed"], false, "another town's villages are not the caller's");
    assert!(errors(&foreign).iter().all(|(_, code)| code == "REGION_NOT_IN_SCOPE"), "{foreign}");
    assert_eq!(people_in(&app, &app.regions().district).await, 0);
}

async fn a_gb18030_csv_updates_registered_people_and_keeps_households(backend: Backend) {
    let app = spawn_app(backend).await;
    let town = app.login("town").await;
    let r = app.regions();
    let h = app.create_household(&town, &r.village, "渡口村3排7号").await;
    let head_id = id_number("19700101", true, 1);
    let head = app.add_person(&town, &h, someone("王大山", "HEAD", "AT_HOME", json!({ "idNumber": head_id }))).await;
    let other = app.create_household(&town, &r.village, "渡口村9排1号").await;
    let moved_id = id_number("19720101", false, 1);
    app.add_person(&town, &other, someone("刘芳", "HEAD", "AT_HOME", json!({ "idNumber": moved_id }))).await;
    let kid_id = id_number("20180101", true, 4);
    let csv = format!(
        "户主姓名,姓名,与户主关系,身份证号,联系电话,现住址,所属村(居)/网格,外出务工,外出时间\n\
         王大山,王大山,户主,{head_id},13900001111,渡口村3排7号,渡口村,是,2024-05\n\
         王大山,王小明,儿子,{kid_id},,渡口村3排7号,渡口村,否,\n\
         王大山,刘芳,其他,{moved_id},,渡口村3排7号,渡口村,否,\n"
    );
    let (gb, _, _) = encoding_rs::GB18030.encode(&csv);
    let (status, report) = import(&app, Some(&town), "?mode=commit&skipErrors=true&fileName=a.csv", gb.to_vec()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["format"], "CSV");
    assert_eq!(report["counts"]["peopleUpdated"], 1);
    assert_eq!(report["counts"]["peopleCreated"], 1);
    assert_eq!(errors(&report), BTreeSet::from([(4, "IMPORT_PERSON_IN_OTHER_HOUSEHOLD".to_owned())]));
    let updated = person::Entity::find_by_id(head.parse::<uuid::Uuid>().unwrap()).one(&app.db).await.unwrap().unwrap();
    assert_eq!((updated.phone.as_deref(), updated.version), (Some("13900001111"), 2));
    assert_eq!(updated.away_since, chrono::NaiveDate::from_ymd_opt(2024, 5, 1));
    let kid = person::Entity::find().filter(person::Column::Name.eq("王小明")).one(&app.db).await.unwrap().unwrap();
    assert_eq!(kid.household_id.to_string(), h, "joined the registered household");
    assert_eq!(kid.father_id, Some(updated.id), "linked to the registered head");
    // The update went through the registry's own path: its history and
    // audit entry.
    let entries = audit_log::Entity::find().filter(audit_log::Column::Action.eq("person.update")).count(&app.db).await;
    assert_eq!(entries.unwrap(), 1);
}

async fn the_command_line_checks_then_imports_as_a_towns_account(backend: Backend) {
    let app = spawn_app(backend).await;
    let dir = std::env::temp_dir().join(format!("liushou-import-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("台账.xlsx");
    let mut rows = ledger(3);
    rows[5].cells[6] = t("12345");
    std::fs::write(&file, xlsx(&rows)).unwrap();
    let report = dir.join("report.xlsx");
    let run = |extra: &[&str]| {
        let mut cmd = std::process::Command::new(crate::real_server::binary());
        cmd.args(["--database-url", &app.database_url, "import", "people"]).arg(&file).args(["--user", "town"]);
        cmd.args(extra).env("RUST_LOG", "warn").output().unwrap()
    };

    let checked = run(&["--dry-run", "--report", report.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&checked.stdout).into_owned();
    assert!(checked.status.success(), "{out}{}", String::from_utf8_lossy(&checked.stderr));
    assert!(out.contains("12 行（通过 11，提醒 0，错误 1）"), "{out}");
    assert!(out.contains("第8行\t错误\t联系电话：手机号应为11位大陆手机号码"), "{out}");
    assert_eq!(people_in(&app, &app.regions().town).await, 0);
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(std::fs::read(&report).unwrap())).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(sheet.rows().count(), 13, "the workbook report has every row");

    let refused = run(&[]);
    assert!(!refused.status.success(), "a row with an error: nothing written, and the exit status says so");
    assert_eq!(people_in(&app, &app.regions().town).await, 0);
    let done = run(&["--skip-errors"]);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    assert!(String::from_utf8_lossy(&done.stdout).contains("已导入：新增 3 户、11 人"));
    assert_eq!(people_in(&app, &app.regions().town).await, 11);
    let nobody = std::process::Command::new(crate::real_server::binary())
        .args(["--database-url", &app.database_url, "import", "people"])
        .arg(&file)
        .args(["--user", "nobody"])
        .output()
        .unwrap();
    assert!(!nobody.status.success());
    std::fs::remove_dir_all(&dir).ok();
}

db_tests!(
    the_command_line_checks_then_imports_as_a_towns_account,
    a_ten_thousand_person_ledger_imports_exactly_its_good_rows_once,
    bad_files_and_options_are_file_errors_and_write_nothing,
    only_towns_commit_and_the_district_may_check,
    a_gb18030_csv_updates_registered_people_and_keeps_households,
);
