//! Whole lists out as spreadsheets (`GET /exports/<list>.xlsx`): the same
//! rows, filters and refusals as the GraphQL list, masked and audited as
//! its reads are, past the first page, and refused above the cap.

use calamine::{Data, Reader as _, Xlsx, open_workbook_from_rs};
use entity::audit_log;
use sea_orm::{ColumnTrait as _, ConnectionTrait as _, EntityTrait as _, QueryFilter as _, QueryOrder as _};
use serde_json::{Value, json};

mod care;

use crate::{
    db_tests,
    discovery::{someone, years_ago},
    helpers::{Backend, TestApp, id_number, spawn_app, spawn_demo},
};

/// Status, body and, for a workbook, its first sheet as text.
pub(super) async fn download(app: &TestApp, token: Option<&str>, path: &str) -> (u16, Value, Vec<Vec<String>>) {
    let mut req = app.http.get(format!("{}{path}", app.base));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let is_xlsx = res.headers().get("content-type").is_some_and(|k| k.to_str().unwrap().contains("spreadsheetml"));
    let bytes = res.bytes().await.unwrap().to_vec();
    if !is_xlsx {
        return (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null), Vec::new());
    }
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows = sheet.rows().map(|r| r.iter().map(Data::to_string).collect()).collect();
    (status, Value::Null, rows)
}

/// The column named `title` of a sheet read by [`download`].
pub(super) fn column<'a>(rows: &'a [Vec<String>], title: &str) -> Vec<&'a str> {
    let i = rows[0].iter().position(|t| t == title).unwrap_or_else(|| panic!("no column {title}: {:?}", rows[0]));
    rows[1..].iter().map(|r| r.get(i).map_or("", String::as_str)).collect()
}

pub(super) async fn entries(app: &TestApp, action: &str, role: &str) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .filter(audit_log::Column::ActorRole.eq(role))
        .order_by_asc(audit_log::Column::Seq)
        .all(&app.db)
        .await
        .unwrap()
}

/// Fields recorded as read for `person` in `role`'s read entries.
pub(super) async fn read_fields(app: &TestApp, role: &str, person: &str) -> Vec<String> {
    let mut fields: Vec<String> = entries(app, "person.read_sensitive", role)
        .await
        .iter()
        .flat_map(|e| e.detail["reads"].as_array().unwrap().clone())
        .filter(|r| r["person"] == person)
        .flat_map(|r| {
            r["fields"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_owned()).collect::<Vec<_>>()
        })
        .collect();
    fields.sort();
    fields.dedup();
    fields
}

/// A household in `grid`'s grid with a father away for work (phone,
/// health) and a child of 10.
pub(super) async fn family(app: &TestApp, token: &str) -> (String, String) {
    let r = app.regions();
    let h = app.create_household(token, &r.grid, "渡口村3排7号").await;
    let birth = years_ago(38);
    let father = app
        .add_person(
            token,
            &h,
            someone(
                "王大山",
                "HEAD",
                "AWAY_WORK",
                json!({ "sex": "MALE", "birthDate": birth, "phone": "13812345678", "health": "高血压",
                    "awaySince": years_ago(1), "idNumber": id_number(&birth.replace('-', ""), true, 1) }),
            ),
        )
        .await;
    let kid = years_ago(10);
    let child = app
        .add_person(token, &h, someone("王小花", "CHILD", "AT_HOME", json!({ "sex": "FEMALE", "birthDate": kid })))
        .await;
    (father, child)
}

async fn people_export_is_masked_scoped_and_audited_as_the_api_reads_are(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let (father, child) = family(&app, &grid).await;
    let district = app.login("district").await;

    let (status, _, as_grid) = download(&app, Some(&grid), "/exports/people.xlsx").await;
    let (d_status, _, as_district) = download(&app, Some(&district), "/exports/people.xlsx").await;
    let (_, _, foreign) = download(&app, Some(&app.login("town2").await), "/exports/people.xlsx").await;

    assert_eq!((status, d_status), (200, 200));
    assert_eq!(&as_grid[0][..7], ["人员编号", "户编号", "姓名", "性别", "出生日期", "身份证号", "联系电话"]);
    assert_eq!(column(&as_grid, "姓名"), ["王大山", "王小花"]);
    assert_eq!(column(&as_grid, "联系电话"), ["13812345678", ""]);
    assert_eq!(column(&as_district, "联系电话"), ["138****5678", ""], "the district reads phones masked");
    assert_eq!(column(&as_grid, "身份证号"), ["120***************", ""], "every tier reads ID numbers masked");
    assert_eq!(column(&as_grid, "居住状态"), ["外出务工", "在家"]);
    assert_eq!(column(&as_grid, "健康状况"), ["高血压", ""]);
    assert_eq!(foreign.len(), 1, "another town's staff get the header and no row: {foreign:?}");
    // As GraphQL records them: a phone and health read in clear, every
    // guarded field of a child under 14; a masked phone is not a read.
    assert_eq!(read_fields(&app, "GRID", &father).await, ["Person.health", "Person.phone"]);
    assert_eq!(read_fields(&app, "GRID", &child).await, ["Person.birthDate", "Person.name"]);
    assert_eq!(read_fields(&app, "DISTRICT", &father).await, ["Person.health"]);
    let exports = entries(&app, "list.export", "DISTRICT").await;
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].detail["rows"], 2);
    assert_eq!(exports[0].detail["list"], "people");
}

async fn export_filters_are_the_lists_filters_and_bad_ones_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let (_, child) = family(&app, &grid).await;
    let district = app.login("district").await;
    let village2 = app.regions().village2.id;

    let (_, _, away) = download(&app, Some(&grid), "/exports/people.xlsx?residenceStatus=AWAY_WORK").await;
    let (_, _, named) = download(&app, Some(&grid), "/exports/people.xlsx?nameContains=%E5%B0%8F%E8%8A%B1").await;
    let (_, _, elsewhere) = download(&app, Some(&grid), &format!("/exports/people.xlsx?regionId={village2}")).await;
    let (typo, typo_body, _) = download(&app, Some(&grid), "/exports/people.xlsx?residencestatus=AWAY_WORK").await;
    let (bad_id, bad_id_body, _) = download(&app, Some(&grid), "/exports/households.xlsx?regionId=x").await;
    let (by_phone, _, _) = download(&app, Some(&district), "/exports/people.xlsx?phone=13812345678").await;
    let (anonymous, _, _) = download(&app, None, "/exports/people.xlsx").await;
    let (admin, _, _) = download(&app, Some(&app.login("admin").await), "/exports/households.xlsx").await;
    let (unknown, _, _) = download(&app, Some(&grid), "/exports/users.xlsx").await;

    assert_eq!(column(&away, "姓名"), ["王大山"]);
    assert_eq!(column(&named, "人员编号"), [child.as_str()]);
    // The name typed is personal data: the audit entry keeps its keyed
    // fingerprint, not the text.
    let typed = entries(&app, "list.export", "GRID").await;
    let searched: Vec<_> = typed.iter().filter(|e| !e.detail["filters"]["nameContains"].is_null()).collect();
    assert_eq!(searched.len(), 1, "{typed:?}");
    assert!(searched[0].detail["filters"]["nameContains"].as_str().is_some_and(|f| f.starts_with("hmac:")));
    assert!(!searched[0].detail.to_string().contains("小花"), "{:?}", searched[0].detail);
    assert_eq!(elsewhere.len(), 1, "a region outside the grid: no rows");
    assert_eq!(typo, 400, "a misspelt filter is refused, not ignored: {typo_body}");
    assert_eq!(typo_body["errors"][0]["extensions"]["code"], "VALIDATION");
    assert_eq!(bad_id, 400);
    assert!(bad_id_body["errors"][0]["extensions"]["fields"]["filter.regionId"].is_string(), "{bad_id_body}");
    assert_eq!(by_phone, 403, "the district may not filter on phones it reads masked");
    assert_eq!((anonymous, admin, unknown), (401, 403, 404));
    assert!(entries(&app, "list.export", "DISTRICT").await.is_empty(), "a refused export is not recorded as one");
}

async fn a_whole_list_exports_past_the_first_page_and_batch(backend: Backend) {
    let app = spawn_demo(backend, 400).await;
    let district = app.login("district").await;
    let body =
        app.gql(&district, "{ people(first: 1) { totalCount } households(first: 1) { totalCount } }", json!({})).await;
    let people = body["data"]["people"]["totalCount"].as_u64().unwrap();
    let households = body["data"]["households"]["totalCount"].as_u64().unwrap();

    let (_, _, p) = download(&app, Some(&district), "/exports/people.xlsx").await;
    let (_, _, h) = download(&app, Some(&district), "/exports/households.xlsx").await;

    assert!(people > 1_000, "the demo crosses a batch: {people}");
    assert_eq!(p.len() as u64 - 1, people);
    let mut ids = column(&p, "人员编号");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len() as u64, people, "each person once");
    assert_eq!(h.len() as u64 - 1, households);
    assert_eq!(&h[0][..4], ["户编号", "村(居)/网格", "区划代码", "住址"]);
    let members: u64 = column(&h, "在册人数").iter().map(|n| n.parse::<u64>().unwrap()).sum();
    assert_eq!(members, people);
    let exports = entries(&app, "list.export", "DISTRICT").await;
    assert_eq!(exports.iter().map(|e| e.detail["rows"].as_u64().unwrap()).collect::<Vec<_>>(), [people, households]);
}

async fn a_list_above_the_cap_is_refused_with_its_size(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    // 200,000 more copies of it, straight in SQL: the cap is 200,000 rows.
    let columns = "region_id, scope_key, address, lat, lng, economic_status, version, created_at, updated_at";
    let sql = match backend {
        Backend::Postgres => format!(
            "INSERT INTO household (id, {columns}) SELECT gen_random_uuid(), {columns} FROM household, generate_series(1, 200000)"
        ),
        Backend::Sqlite => format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) \
             INSERT INTO household (id, {columns}) SELECT randomblob(16), {columns} FROM household, n"
        ),
    };
    app.db.execute_unprepared(&sql).await.unwrap();

    let (status, body, _) = download(&app, Some(&grid), "/exports/households.xlsx").await;
    let (narrowed, _, rows) = download(&app, Some(&grid), "/exports/households.xlsx?addressContains=2%E6%8E%92").await;

    assert_eq!(status, 400, "{body}");
    let error = &body["errors"][0]["extensions"];
    assert_eq!(error["code"], "VALIDATION");
    assert_eq!(error["messages"]["filter"]["code"], "EXPORT_TOO_MANY_ROWS");
    assert_eq!(error["messages"]["filter"]["params"], json!({ "max": "200000", "rows": "200001" }));
    assert!(error["fields"]["filter"].as_str().unwrap().contains("200000"), "{body}");
    assert_eq!((narrowed, rows.len()), (200, 1), "a narrower filter under the cap exports");
}

async fn classifications_export_with_their_filters_and_a_childs_reads_recorded(backend: Backend) {
    let app = spawn_demo(backend, 400).await;
    liushou::discovery::job::run(&app.db, liushou::clock::today(), None).await.unwrap();
    let town = app.login("town").await;
    let body = app
        .gql(&town, "{ classifications(filter: { category: LEFT_BEHIND_CHILD }, first: 1) { totalCount } }", json!({}))
        .await;
    let expected = body["data"]["classifications"]["totalCount"].as_u64().unwrap();

    let (status, _, rows) =
        download(&app, Some(&town), "/exports/classifications.xlsx?category=LEFT_BEHIND_CHILD").await;
    let (bad, _, _) = download(&app, Some(&town), "/exports/classifications.xlsx?suggestedSince=2026-13-01").await;

    assert_eq!((status, bad), (200, 400));
    assert!(expected > 0, "the demo has left-behind children");
    assert_eq!(rows.len() as u64 - 1, expected);
    assert!(column(&rows, "类别").iter().all(|c| *c == "留守儿童"), "{rows:?}");
    assert!(column(&rows, "姓名").iter().all(|n| !n.is_empty()));
    // Recorded: exactly the children under 14 among them, as GraphQL would.
    let ids: Vec<uuid::Uuid> = column(&rows, "人员编号").iter().map(|id| id.parse().unwrap()).collect();
    let today = liushou::clock::today();
    let mut minors: Vec<String> = entity::person::Entity::find()
        .filter(entity::person::Column::Id.is_in(ids))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.birth_date.is_some_and(|b| liushou::clock::age_on(b, today) < 14))
        .map(|p| p.id.to_string())
        .collect();
    minors.sort();
    let mut recorded: Vec<String> = entries(&app, "person.read_sensitive", "TOWN")
        .await
        .iter()
        .flat_map(|e| e.detail["reads"].as_array().unwrap().clone())
        .filter(|r| r["fields"].as_array().unwrap().iter().any(|f| f == "Classification.category"))
        .map(|r| r["person"].as_str().unwrap().to_owned())
        .collect();
    recorded.sort();
    recorded.dedup();
    assert!(!minors.is_empty(), "some left-behind children are under 14");
    assert_eq!(recorded, minors);
}

async fn the_import_template_has_the_ledger_headers_and_one_valid_example(backend: Backend) {
    let app = spawn_app(backend).await;
    let town = app.login("town").await;

    let (status, _, rows) = download(&app, Some(&town), "/templates/people.xlsx").await;
    let (anonymous, _, _) = download(&app, None, "/templates/people.xlsx").await;
    let (admin, _, _) = download(&app, Some(&app.login("admin").await), "/templates/people.xlsx").await;
    let (other, _, _) = download(&app, Some(&town), "/templates/visits.xlsx").await;

    assert_eq!((status, anonymous, admin, other), (200, 401, 403, 404));
    assert_eq!(
        rows[0],
        [
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
            "经济状况",
            "健康状况",
            "残疾"
        ]
    );
    assert_eq!(rows.len(), 2, "headers and one example row");
    assert_eq!(column(&rows, "身份证号"), ["120116198503150028"], "the example ID number intact");
    assert_eq!(column(&rows, "与户主关系"), ["户主"]);
}

db_tests!(
    the_import_template_has_the_ledger_headers_and_one_valid_example,
    classifications_export_with_their_filters_and_a_childs_reads_recorded,
    people_export_is_masked_scoped_and_audited_as_the_api_reads_are,
    export_filters_are_the_lists_filters_and_bad_ones_are_refused,
    a_whole_list_exports_past_the_first_page_and_batch,
    a_list_above_the_cap_is_refused_with_its_size,
);
