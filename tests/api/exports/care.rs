//! The care lists out as spreadsheets: visits, alerts and the caller's
//! work list, each scoped, guarded and audited as its GraphQL list is.

use chrono::{Duration, Utc};
use entity::CareLevel;
use serde_json::json;

use super::{column, download, entries, family, read_fields};
use crate::{
    db_tests,
    discovery::{someone, years_ago},
    helpers::{Backend, spawn_app, spawn_demo},
    visit_support::{DUE, confirm, record_ok, registered_days_ago, visit},
};

async fn visits_export_their_findings_to_their_jurisdiction_and_record_a_childs_reads(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let (father, child) = family(&app, &grid).await;
    let h = app.gql(&grid, "{ households(first: 1) { nodes { id } } }", json!({})).await["data"]["households"]["nodes"]
        [0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    registered_days_ago(&app, &h, 3).await;
    let mut care = visit(&h, "CARE_VISIT", Utc::now() - Duration::hours(2));
    care["personIds"] = json!([child]);
    care["findings"] = json!("孩子由奶奶照看");
    care["health"] = json!("感冒");
    care["needs"] = json!(["MEDICAL", "EDUCATION"]);
    care["followUp"] = json!(true);
    let visit_id = record_ok(&app, &grid, care).await;
    let grid2 = app.login("grid2").await;
    let other = app.create_household(&grid2, &app.regions().grid2, "渡口村9排9号").await;
    registered_days_ago(&app, &other, 3).await;
    record_ok(&app, &grid2, visit(&other, "MONTHLY_SWEEP", Utc::now() - Duration::hours(1))).await;
    let district = app.login("district").await;

    let (status, _, rows) = download(&app, Some(&grid), "/exports/visits.xlsx").await;
    let (_, _, all) = download(&app, Some(&district), "/exports/visits.xlsx").await;
    let (_, _, sweeps) = download(&app, Some(&grid), "/exports/visits.xlsx?kind=MONTHLY_SWEEP").await;
    let (_, _, of_child) = download(&app, Some(&grid), &format!("/exports/visits.xlsx?personId={child}")).await;
    let since = (Utc::now() - Duration::days(1)).format("%Y-%m-%dT%H:%M:%SZ");
    let (_, _, recent) = download(&app, Some(&grid), &format!("/exports/visits.xlsx?visitedFrom={since}")).await;
    let (_, _, earlier) = download(&app, Some(&grid), &format!("/exports/visits.xlsx?visitedTo={since}")).await;
    let (typo, typo_body, _) = download(&app, Some(&grid), "/exports/visits.xlsx?visitKind=CARE_VISIT").await;
    let (admin, _, _) = download(&app, Some(&app.login("admin").await), "/exports/visits.xlsx").await;

    assert_eq!(status, 200);
    assert_eq!(column(&rows, "走访编号"), [visit_id.as_str()], "grid2's sweep is not the grid's to export");
    assert_eq!(column(&rows, "走访类型"), ["探访"]);
    assert_eq!(column(&rows, "走访人"), ["测试grid"]);
    assert_eq!(column(&rows, "见到人员编号"), [child.as_str()]);
    assert_eq!(column(&rows, "走访情况"), ["孩子由奶奶照看"]);
    assert_eq!(column(&rows, "健康状况"), ["感冒"]);
    assert_eq!(column(&rows, "需求"), ["医疗、教育"]);
    assert_eq!(column(&rows, "需跟进"), ["是"]);
    assert_eq!(all.len(), 3, "the district exports both visits: {all:?}");
    assert_eq!(sweeps.len(), 1, "a filter narrows as the list's does");
    assert_eq!(column(&of_child, "走访编号"), [visit_id.as_str()]);
    assert_eq!((recent.len(), earlier.len()), (2, 1), "visitedFrom and visitedTo as RFC 3339 times");
    assert_eq!(typo, 400, "{typo_body}");
    assert_eq!(typo_body["errors"][0]["extensions"]["messages"]["filter"]["code"], "EXPORT_FILTER_INVALID");
    assert_eq!(admin, 403);
    // As GraphQL records a visit's fields: all of them for the child of 10
    // seen, health read in clear always; nothing of the father not seen.
    let read = read_fields(&app, "GRID", &child).await;
    assert!(read.iter().any(|f| f == "Visit.findings") && read.iter().any(|f| f == "Visit.health"), "{read:?}");
    assert!(read_fields(&app, "GRID", &father).await.iter().all(|f| !f.starts_with("Visit.")));
    let exports = entries(&app, "list.export", "GRID").await;
    let lists: Vec<_> = exports.iter().map(|e| (e.detail["list"].clone(), e.detail["rows"].clone())).collect();
    assert_eq!(lists[0], (json!("visits"), json!(1)), "{lists:?}");
}

async fn alerts_export_to_the_jurisdiction_with_their_grounds(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村3排1号").await;
    let input = someone("赵小", "HEAD", "AT_HOME", json!({ "birthDate": years_ago(12), "livingAlone": true }));
    let child = app.add_person(&grid, &h, input).await;
    let town = app.login("town").await;

    let (status, _, rows) = download(&app, Some(&town), "/exports/alerts.xlsx").await;
    let (_, _, open) = download(&app, Some(&grid), "/exports/alerts.xlsx?status=OPEN&kind=CHILD_LIVING_ALONE").await;
    let (_, _, done) = download(&app, Some(&town), "/exports/alerts.xlsx?status=ACKNOWLEDGED").await;
    let (_, _, foreign) = download(&app, Some(&app.login("town2").await), "/exports/alerts.xlsx").await;
    let (bad, bad_body, _) = download(&app, Some(&town), "/exports/alerts.xlsx?status=CLOSED").await;
    let (unknown, _, _) = download(&app, Some(&town), "/exports/alerts.xlsx?person=x").await;
    let (admin, _, _) = download(&app, Some(&app.login("admin").await), "/exports/alerts.xlsx").await;
    let dashboard = app.dashboard_token(&app.regions().district).await;
    let (board, _, _) = download(&app, Some(&dashboard), "/exports/alerts.xlsx").await;

    assert_eq!(status, 200);
    assert_eq!(column(&rows, "人员编号"), [child.as_str()]);
    assert_eq!(column(&rows, "姓名"), ["赵小"]);
    assert_eq!(column(&rows, "预警类型"), ["儿童独居"]);
    assert_eq!(column(&rows, "状态"), ["待处置"]);
    assert_eq!(column(&rows, "预警原因"), ["儿童独居"]);
    assert_eq!(column(&open, "人员编号"), [child.as_str()], "every staff tier reads alerts");
    assert_eq!((done.len(), foreign.len()), (1, 1), "header only: {done:?} {foreign:?}");
    assert_eq!((bad, unknown), (400, 400), "{bad_body}");
    assert_eq!((admin, board), (403, 403), "the GraphQL list's refusals");
    // A child of 12: every field read is recorded, as GraphQL records it.
    let read = read_fields(&app, "TOWN", &child).await;
    assert!(["Alert.kind", "Alert.reasons", "Person.name"].iter().all(|f| read.contains(&(*f).to_owned())), "{read:?}");
    let exports = entries(&app, "list.export", "TOWN").await;
    assert_eq!(exports[0].detail["list"], "alerts");
    assert_eq!(exports[0].detail["rows"], 1);
    assert_eq!(exports[0].detail["withheld"], json!([]));
}

async fn the_work_list_exports_as_the_callers_own_list_with_its_filters(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let (father, child) = family(&app, &grid).await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村3排8号").await;
    registered_days_ago(&app, &h, 70).await;
    let elder =
        app.add_person(&grid, &h, someone("李奶奶", "HEAD", "AT_HOME", json!({ "birthDate": "1940-01-01" }))).await;
    confirm(&app, &elder, CareLevel::High, Utc::now() - Duration::days(30)).await;
    let gql = app.gql(&grid, DUE, json!({ "first": 100 })).await;
    let owed = gql["data"]["dueVisits"]["totalCount"].as_u64().unwrap();
    let overdue = gql["data"]["dueVisits"]["overdueCount"].as_u64().unwrap();

    let (status, _, rows) = download(&app, Some(&grid), "/exports/due-visits.xlsx").await;
    let (_, _, care) = download(&app, Some(&grid), "/exports/due-visits.xlsx?reasons=CARE_HIGH").await;
    let (_, _, both) = download(&app, Some(&grid), "/exports/due-visits.xlsx?reasons=CARE_HIGH,MONTHLY_SWEEP").await;
    let (_, _, late) = download(&app, Some(&grid), "/exports/due-visits.xlsx?overdueOnly=true").await;
    let (_, _, foreign) = download(&app, Some(&app.login("grid2").await), "/exports/due-visits.xlsx").await;
    let (bad, bad_body, _) = download(&app, Some(&grid), "/exports/due-visits.xlsx?reasons=CARE_HIGH,WEEKLY").await;
    let (unknown, _, _) = download(&app, Some(&grid), "/exports/due-visits.xlsx?reason=CARE_HIGH").await;
    let (repeated, _, _) =
        download(&app, Some(&grid), "/exports/due-visits.xlsx?reasons=CARE_HIGH&reasons=MONTHLY_SWEEP").await;
    let (admin, _, _) = download(&app, Some(&app.login("admin").await), "/exports/due-visits.xlsx").await;

    assert_eq!(status, 200);
    assert_eq!(rows.len() as u64 - 1, owed, "{rows:?}");
    assert!(overdue > 0 && late.len() as u64 - 1 == overdue, "{late:?}");
    assert_eq!(column(&care, "姓名"), ["李奶奶"]);
    assert_eq!(column(&care, "应访原因"), ["高关爱等级探访"]);
    assert_eq!(column(&care, "走访类型"), ["探访"]);
    assert_eq!(column(&care, "住址"), ["渡口村3排8号"]);
    assert_eq!(both.len(), rows.len(), "the grid's duties are these two here");
    assert_eq!(foreign.len(), 1, "another grid owes none of these: {foreign:?}");
    assert_eq!(bad, 400, "{bad_body}");
    assert_eq!(bad_body["errors"][0]["extensions"]["messages"]["filter"]["code"], "EXPORT_FILTER_INVALID");
    assert_eq!((unknown, repeated, admin), (400, 400, 403), "one comma-separated reasons, not repeated");
    // The family's child of 10 lives at the address its sweep exports.
    assert_eq!(read_fields(&app, "GRID", &child).await, ["Household.address"]);
    assert!(read_fields(&app, "GRID", &father).await.is_empty(), "an adult's address is not an audited read");
    let exports = entries(&app, "list.export", "GRID").await;
    assert_eq!(exports[0].detail["list"], "due-visits");
    assert_eq!(exports[1].detail["filters"], json!({ "reasons": "CARE_HIGH", "regionId": null, "overdueOnly": null }));
}

async fn the_work_list_exports_past_its_first_page(backend: Backend) {
    let app = spawn_demo(backend, 600).await;
    let district = app.login("district").await;
    let filter = json!({ "overdueOnly": false });
    let body = app.gql(&district, DUE, json!({ "f": filter, "first": 1 })).await;
    let owed = body["data"]["dueVisits"]["totalCount"].as_u64().unwrap_or_else(|| panic!("{body}"));

    let (status, _, rows) = download(&app, Some(&district), "/exports/due-visits.xlsx?overdueOnly=false").await;

    assert!(owed > 1_000, "the list crosses a page of the export: {owed}");
    assert_eq!((status, rows.len() as u64 - 1), (200, owed));
    let mut keys: Vec<(&str, &str, &str)> = {
        let (h, p, r) = (column(&rows, "户编号"), column(&rows, "人员编号"), column(&rows, "应访原因"));
        h.into_iter().zip(p).zip(r).map(|((h, p), r)| (h, p, r)).collect()
    };
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len() as u64, owed, "each visit owed once");
}

db_tests!(
    visits_export_their_findings_to_their_jurisdiction_and_record_a_childs_reads,
    alerts_export_to_the_jurisdiction_with_their_grounds,
    the_work_list_exports_as_the_callers_own_list_with_its_filters,
    the_work_list_exports_past_its_first_page,
);
