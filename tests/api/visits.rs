//! `recordVisit` and `visits`: who may record what, what is checked, and
//! change reports saved with the visit or not at all.

use chrono::{Duration, Utc};
use entity::{audit_log, visit};
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
use serde_json::json;

use crate::{
    db_tests,
    helpers::{Backend, error_code, person, spawn_app},
    visit_support::{record, record_ok, registered_days_ago, visit},
};

async fn a_visit_is_recorded_with_its_findings_and_shown_back(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let p = app.add_person(&grid, &h, person("王奶奶")).await;
    registered_days_ago(&app, &h, 1).await;
    let at = Utc::now() - Duration::hours(2);
    let mut input = visit(&h, "CARE_VISIT", at);
    input["personIds"] = json!([p, p]);
    input["needs"] = json!(["MEDICAL", "MEDICAL", "SAFETY"]);
    input["policiesExplained"] = json!(["高龄津贴", "临时救助"]);
    input["living"] = json!("独居，生活基本能自理");
    input["followUp"] = json!(true);
    input["lat"] = json!(38.95);
    input["lng"] = json!(117.55);

    let body = record(&app, &grid, input).await;

    let v = &body["data"]["recordVisit"];
    assert_eq!(v["kind"], "CARE_VISIT", "{body}");
    assert_eq!(v["peopleSeen"], json!([{ "id": p }]), "people seen once each");
    assert_eq!(v["needs"], json!(["MEDICAL", "SAFETY"]));
    assert_eq!(v["policiesExplained"], json!(["高龄津贴", "临时救助"]));
    assert_eq!(v["followUp"], true);
    assert_eq!(v["visitor"], json!({ "displayName": "测试grid", "role": "GRID" }));
    assert!(v["household"]["lastVisitAt"].is_string(), "{body}");
    let audit = audit_log::Entity::find().filter(audit_log::Column::Action.eq("visit.record")).one(&app.db).await;
    let detail = audit.unwrap().expect("an audit entry").detail.to_string();
    assert!(!detail.contains("独居") && !detail.contains("38.95"), "no findings or location in the audit log");
}

async fn visits_outside_the_jurisdiction_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let h = app.create_household(&app.login("grid").await, &app.regions().grid, "渡口村1排1号").await;
    let input = visit(&h, "MONTHLY_SWEEP", Utc::now());

    for (username, code) in
        [("grid2", "VALIDATION"), ("village2", "VALIDATION"), ("town2", "VALIDATION"), ("admin", "FORBIDDEN")]
    {
        let body = record(&app, &app.login(username).await, input.clone()).await;

        assert_eq!(error_code(&body), Some(code), "{username}: {body}");
        if code == "VALIDATION" {
            assert!(body["errors"][0]["extensions"]["fields"]["householdId"].is_string(), "{body}");
        }
    }
    assert_eq!(visit::Entity::find().count(&app.db).await.unwrap(), 0, "nothing was recorded");
    for username in ["grid", "village", "town"] {
        record_ok(&app, &app.login(username).await, input.clone()).await;
    }
    // A monthly sweep is no district duty (`policy::visits`): it checks.
    record_ok(&app, &app.login("district").await, visit(&h, "SPOT_CHECK", Utc::now())).await;
}

async fn each_tier_records_only_the_visit_kinds_of_its_duty(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let member = app.add_person(&grid, &h, person("张三")).await;
    // (user, kinds it may record); every other kind is FORBIDDEN.
    let all = ["MONTHLY_SWEEP", "QUARTERLY_SWEEP", "CARE_VISIT", "SPOT_CHECK", "RETURN_VISIT"];
    let table: [(&str, &[&str]); 4] = [
        ("grid", &["MONTHLY_SWEEP", "CARE_VISIT", "RETURN_VISIT"]),
        ("village", &["MONTHLY_SWEEP", "CARE_VISIT", "RETURN_VISIT"]),
        ("town", &["MONTHLY_SWEEP", "QUARTERLY_SWEEP", "CARE_VISIT", "RETURN_VISIT"]),
        ("district", &["CARE_VISIT", "SPOT_CHECK", "RETURN_VISIT"]),
    ];
    let mut recorded = 0;
    for (username, allowed) in table {
        let token = app.login(username).await;
        let can = app.gql(&token, "{ me { can { visitKinds } } }", json!({})).await;
        assert_eq!(can["data"]["me"]["can"]["visitKinds"], json!(allowed), "{username}: {can}");
        for kind in all {
            let mut input = visit(&h, kind, Utc::now());
            input["personIds"] = json!([member]);
            let body = record(&app, &token, input).await;
            if allowed.contains(&kind) {
                assert!(body["errors"].is_null(), "{username} {kind}: {body}");
                recorded += 1;
            } else {
                assert_eq!(error_code(&body), Some("FORBIDDEN"), "{username} {kind}: {body}");
            }
        }
    }
    assert_eq!(visit::Entity::find().count(&app.db).await.unwrap(), recorded, "refused kinds left nothing");
    let admin = app.gql(&app.login("admin").await, "{ me { can { visitKinds } } }", json!({})).await;
    assert_eq!(admin["data"]["me"]["can"]["visitKinds"], json!([]), "{admin}");
}

async fn a_visit_in_the_future_or_before_registration_is_a_validation_error(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;

    let future = record(&app, &grid, visit(&h, "MONTHLY_SWEEP", Utc::now() + Duration::hours(1))).await;
    let before = record(&app, &grid, visit(&h, "MONTHLY_SWEEP", Utc::now() - Duration::days(1))).await;

    for body in [future, before] {
        assert_eq!(error_code(&body), Some("VALIDATION"), "{body}");
        assert!(body["errors"][0]["extensions"]["fields"]["visitedAt"].is_string(), "{body}");
    }
}

async fn people_seen_must_be_members_and_a_care_visit_must_see_someone(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h1 = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let h2 = app.create_household(&grid, &app.regions().grid, "渡口村1排2号").await;
    let neighbour = app.add_person(&grid, &h2, person("邻居")).await;
    let mut stranger = visit(&h1, "MONTHLY_SWEEP", Utc::now());
    stranger["personIds"] = json!([neighbour]);

    let not_member = record(&app, &grid, stranger).await;
    let nobody = record(&app, &grid, visit(&h1, "CARE_VISIT", Utc::now())).await;

    for body in [not_member, nobody] {
        assert_eq!(error_code(&body), Some("VALIDATION"), "{body}");
        assert!(body["errors"][0]["extensions"]["fields"]["personIds"].is_string(), "{body}");
    }
}

async fn change_reports_are_saved_with_the_visit_as_audited_person_updates(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let son = app.add_person(&grid, &h, person("王强")).await;
    let mut input = visit(&h, "MONTHLY_SWEEP", Utc::now());
    input["changes"] = json!([{ "personId": son, "version": 1, "residenceStatus": "AWAY_WORK",
                                "awaySince": "2026-03-01", "awayOutsideCounty": true }]);

    record_ok(&app, &grid, input).await;

    let body = app
        .gql(&grid, "query($p: ID!) { person(id: $p) { version residenceStatus awaySince } }", json!({ "p": son }))
        .await;
    assert_eq!(
        body["data"]["person"],
        json!({ "version": 2, "residenceStatus": "AWAY_WORK", "awaySince": "2026-03-01" })
    );
    let updates = audit_log::Entity::find().filter(audit_log::Column::Action.eq("person.update")).count(&app.db).await;
    assert_eq!(updates.unwrap(), 1);
}

async fn a_bad_or_stale_change_report_saves_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let son = app.add_person(&grid, &h, person("王强")).await;
    let mut stale = visit(&h, "MONTHLY_SWEEP", Utc::now());
    stale["changes"] = json!([{ "personId": son, "version": 7, "residenceStatus": "AT_HOME" }]);
    let mut invalid = visit(&h, "MONTHLY_SWEEP", Utc::now());
    invalid["changes"] =
        json!([{ "personId": son, "version": 1, "residenceStatus": "AT_HOME", "awaySince": "2026-03-01" }]);

    let stale = record(&app, &grid, stale).await;
    let invalid = record(&app, &grid, invalid).await;

    assert_eq!(error_code(&stale), Some("CONFLICT"), "{stale}");
    assert_eq!(error_code(&invalid), Some("VALIDATION"), "{invalid}");
    assert!(invalid["errors"][0]["extensions"]["fields"]["changes.0.awaySince"].is_string(), "{invalid}");
    assert_eq!(visit::Entity::find().count(&app.db).await.unwrap(), 0, "the visit was rolled back too");
    let body = app.gql(&grid, "query($h: ID!) { household(id: $h) { lastVisitAt } }", json!({ "h": h })).await;
    assert!(body["data"]["household"]["lastVisitAt"].is_null(), "{body}");
}

async fn visit_lists_filter_within_the_jurisdiction(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h1 = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let h2 = app.create_household(&grid, &app.regions().grid, "渡口村1排2号").await;
    let p = app.add_person(&grid, &h1, person("王奶奶")).await;
    let mut care = visit(&h1, "CARE_VISIT", Utc::now());
    care["personIds"] = json!([p]);
    let care = record_ok(&app, &grid, care).await;
    let sweep = record_ok(&app, &grid, visit(&h2, "MONTHLY_SWEEP", Utc::now())).await;
    let q = "query($f: VisitFilter) { visits(filter: $f) { totalCount edges { node { id } } } }";
    let ids = |body: serde_json::Value| -> Vec<String> {
        body["data"]["visits"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
            .collect()
    };

    let all = ids(app.gql(&app.login("district").await, q, json!({ "f": null })).await);
    let by_person = ids(app.gql(&grid, q, json!({ "f": { "personId": p } })).await);
    let by_kind = ids(app.gql(&grid, q, json!({ "f": { "kind": "MONTHLY_SWEEP" } })).await);
    let by_household = ids(app.gql(&grid, q, json!({ "f": { "householdId": h1 } })).await);
    let other_grid = ids(app.gql(&app.login("grid2").await, q, json!({ "f": null })).await);

    assert_eq!(all, vec![care.clone(), sweep.clone()]);
    assert_eq!(by_person, vec![care.clone()]);
    assert_eq!(by_kind, vec![sweep]);
    assert_eq!(by_household, vec![care]);
    assert!(other_grid.is_empty());
}

db_tests!(
    a_visit_is_recorded_with_its_findings_and_shown_back,
    visits_outside_the_jurisdiction_are_refused,
    each_tier_records_only_the_visit_kinds_of_its_duty,
    a_visit_in_the_future_or_before_registration_is_a_validation_error,
    people_seen_must_be_members_and_a_care_visit_must_see_someone,
    change_reports_are_saved_with_the_visit_as_audited_person_updates,
    a_bad_or_stale_change_report_saves_nothing,
    visit_lists_filter_within_the_jurisdiction,
);
