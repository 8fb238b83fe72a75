//! `dueVisits`: each caller's work list, and what clears it.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use entity::{CareLevel, household, region, user, visit_schedule};
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    db_tests,
    helpers::{Backend, error_code, person, spawn_app, spawn_demo},
    visit_support::{DUE, confirm, due, nodes, owed, record_ok, registered_days_ago, visit},
};

fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap().with_timezone(&Utc)
}

async fn a_fresh_demo_grid_owes_a_sweep_for_each_household(backend: Backend) {
    let app = spawn_demo(backend, 400).await;
    let account = user::Entity::find().filter(user::Column::Username.eq("grid")).one(&app.db).await.unwrap().unwrap();
    let grid = region::Entity::find_by_id(account.region_id).one(&app.db).await.unwrap().unwrap();
    let households: BTreeSet<String> = household::Entity::find()
        .filter(household::Column::ScopeKey.between(grid.key_lo, grid.key_hi))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|h| h.id.to_string())
        .collect();

    let list = due(&app, &app.login("grid").await, Value::Null).await;

    let owed = owed(&list);
    assert!(!households.is_empty());
    assert_eq!(owed.iter().map(|(h, _)| h.clone()).collect::<BTreeSet<_>>(), households);
    assert_eq!(owed.len(), households.len(), "one sweep each");
    assert!(owed.iter().all(|(_, reason)| reason == "MONTHLY_SWEEP"));
    assert_eq!(list["totalCount"], households.len());
    assert!(nodes(&list).iter().all(|n| n["kind"] == "MONTHLY_SWEEP" && n["overdue"] == false));
}

async fn recording_a_sweep_clears_it_for_the_grid_and_the_village_but_not_the_town(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h1 = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let h2 = app.create_household(&grid, &app.regions().grid, "渡口村1排2号").await;

    record_ok(&app, &grid, visit(&h1, "MONTHLY_SWEEP", Utc::now())).await;

    let sweep = |h: &str| (h.to_owned(), "MONTHLY_SWEEP".to_owned());
    assert_eq!(owed(&due(&app, &grid, Value::Null).await), vec![sweep(&h2)]);
    assert_eq!(owed(&due(&app, &app.login("village").await, Value::Null).await), vec![sweep(&h2)]);
    let town = owed(&due(&app, &app.login("town").await, Value::Null).await);
    assert_eq!(town.len(), 2, "a village's sweep is not the town's quarterly sweep: {town:?}");
    assert!(town.iter().all(|(_, reason)| reason == "QUARTERLY_SWEEP"));
}

async fn a_town_sweep_clears_the_quarterly_and_the_monthly_sweep(backend: Backend) {
    let app = spawn_app(backend).await;
    let town = app.login("town").await;
    let h = app.create_household(&app.login("grid").await, &app.regions().grid, "渡口村1排1号").await;

    record_ok(&app, &town, visit(&h, "QUARTERLY_SWEEP", Utc::now())).await;

    assert!(owed(&due(&app, &town, Value::Null).await).is_empty());
    assert!(owed(&due(&app, &app.login("grid").await, Value::Null).await).is_empty());
    let q = "query($h: ID!) { household(id: $h) { lastVisitAt nextVisitDue } }";
    let body = app.gql(&town, q, json!({ "h": h })).await;
    let next = time(&body["data"]["household"]["nextVisitDue"]);
    assert!(next > Utc::now() + Duration::days(28), "next due: the end of next month at the earliest ({body})");
    assert!(body["data"]["household"]["lastVisitAt"].is_string());
}

async fn a_high_care_person_owes_a_weekly_visit_that_only_a_care_visit_clears(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let grandma = app.add_person(&grid, &h, person("王奶奶")).await;
    registered_days_ago(&app, &h, 30).await;
    let decided = Utc::now() - Duration::days(8);
    confirm(&app, &grandma, CareLevel::High, decided).await;
    let care_items =
        |list: &Value| -> Vec<Value> { nodes(list).into_iter().filter(|n| n["reason"] == "CARE_HIGH").collect() };

    let before = care_items(&due(&app, &grid, Value::Null).await);
    let mut sweep = visit(&h, "MONTHLY_SWEEP", Utc::now());
    sweep["personIds"] = json!([grandma]);
    record_ok(&app, &grid, sweep).await;
    let after_sweep = care_items(&due(&app, &grid, Value::Null).await);
    let mut care = visit(&h, "CARE_VISIT", Utc::now());
    care["personIds"] = json!([grandma]);
    record_ok(&app, &grid, care).await;
    let after_care = due(&app, &grid, Value::Null).await;

    assert_eq!(before.len(), 1, "{before:?}");
    assert_eq!(before[0]["person"]["id"], grandma.as_str());
    assert_eq!(before[0]["kind"], "CARE_VISIT");
    assert_eq!(before[0]["overdue"], true);
    let due_at = time(&before[0]["dueAt"]);
    assert!((due_at - (decided + Duration::days(7))).num_seconds().abs() < 1, "due a week after confirmation");
    assert_eq!(after_sweep.len(), 1, "a sweep is not a care visit");
    assert!(care_items(&after_care).is_empty(), "{after_care}");
    assert!(owed(&after_care).is_empty(), "the sweep and the care visit are both done");
}

async fn the_schedule_is_configuration_read_on_every_request(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let grandma = app.add_person(&grid, &h, person("王奶奶")).await;
    let decided = Utc::now() - Duration::hours(2);
    confirm(&app, &grandma, CareLevel::High, decided).await;
    let high = json!({ "reasons": ["CARE_HIGH"] });
    let weekly = due(&app, &grid, high.clone()).await;

    visit_schedule::ActiveModel {
        obligation: Set("CARE_HIGH".into()),
        unit: Set("HOUR".into()),
        every: Set(1),
        notice_hours: Set(0),
        updated_at: Set(Some(Utc::now())),
    }
    .update(&app.db)
    .await
    .unwrap();
    let hourly = due(&app, &grid, high).await;

    assert!(nodes(&weekly).is_empty(), "due in a week: not on the list yet ({weekly})");
    let items = nodes(&hourly);
    assert_eq!(items.len(), 1, "{hourly}");
    assert!((time(&items[0]["dueAt"]) - (decided + Duration::hours(1))).num_seconds().abs() < 1);
    assert_eq!(items[0]["overdue"], true);
}

async fn an_emergency_report_owes_a_care_visit_within_a_day(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let child = app.add_person(&grid, &h, person("小明")).await;
    let reported = Utc::now() - Duration::hours(1);
    let (hid, pid) = (Uuid::parse_str(&h).unwrap(), Uuid::parse_str(&child).unwrap());
    let source = liushou::visits::requests::Source { kind: "test", id: None };
    liushou::visits::requests::open(&app.db, None, &Default::default(), hid, Some(pid), reported, source)
        .await
        .unwrap();

    let town = nodes(&due(&app, &app.login("town").await, Value::Null).await);
    let mut care = visit(&h, "CARE_VISIT", Utc::now());
    care["personIds"] = json!([child]);
    record_ok(&app, &grid, care).await;
    let after = nodes(&due(&app, &grid, Value::Null).await);

    let emergency: Vec<&Value> = town.iter().filter(|n| n["reason"] == "EMERGENCY").collect();
    assert_eq!(emergency.len(), 1, "{town:?}");
    assert_eq!(emergency[0]["person"]["id"], child.as_str());
    assert_eq!(emergency[0]["kind"], "CARE_VISIT");
    assert!((time(&emergency[0]["dueAt"]) - (reported + Duration::hours(24))).num_seconds().abs() < 1);
    assert!(after.iter().all(|n| n["reason"] != "EMERGENCY"), "{after:?}");
}

async fn the_district_lists_only_what_is_overdue(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let old = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    app.create_household(&grid, &app.regions().grid, "渡口村1排2号").await;
    registered_days_ago(&app, &old, 100).await;

    let district = due(&app, &app.login("district").await, Value::Null).await;

    let owed = owed(&district);
    assert_eq!(owed.iter().map(|(_, r)| r.as_str()).collect::<Vec<_>>(), ["MONTHLY_SWEEP", "QUARTERLY_SWEEP"]);
    assert!(owed.iter().all(|(h, _)| *h == old));
    assert!(nodes(&district).iter().all(|n| n["overdue"] == true));
    assert_eq!(district["overdueCount"], 2);
}

async fn pages_follow_each_other_without_gaps_or_repeats(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let mut households = Vec::new();
    for (i, days) in [0, 40, 100, 0, 70].into_iter().enumerate() {
        let h = app.create_household(&grid, &app.regions().grid, &format!("渡口村1排{i}号")).await;
        registered_days_ago(&app, &h, days).await;
        households.push(h);
    }
    let p = app.add_person(&grid, &households[3], person("王奶奶")).await;
    confirm(&app, &p, CareLevel::Key, Utc::now() - Duration::days(60)).await;
    let whole = nodes(&due(&app, &grid, Value::Null).await);

    let mut paged = Vec::new();
    let mut after = Value::Null;
    loop {
        let body = app.gql(&grid, DUE, json!({ "first": 2, "after": after })).await;
        let page = &body["data"]["dueVisits"];
        paged.extend(nodes(page));
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }

    assert_eq!(whole.len(), 6, "five sweeps and one care visit: {whole:?}");
    assert_eq!(paged, whole);
    let dues: Vec<DateTime<Utc>> = whole.iter().map(|n| time(&n["dueAt"])).collect();
    assert!(dues.windows(2).all(|w| w[0] <= w[1]), "oldest due first: {dues:?}");
    assert_eq!(whole[0]["household"]["id"], households[2].as_str(), "the longest unswept first");
}

async fn admins_have_no_work_list_and_garbage_cursors_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;

    let admin = app.gql(&app.login("admin").await, DUE, json!({})).await;
    let garbage = app.gql(&app.login("grid").await, DUE, json!({ "after": "garbage" })).await;

    assert_eq!(error_code(&admin), Some("FORBIDDEN"), "{admin}");
    assert_eq!(error_code(&garbage), Some("VALIDATION"), "{garbage}");
    assert_eq!(household::Entity::find().count(&app.db).await.unwrap(), 0);
}

db_tests!(
    a_fresh_demo_grid_owes_a_sweep_for_each_household,
    recording_a_sweep_clears_it_for_the_grid_and_the_village_but_not_the_town,
    a_town_sweep_clears_the_quarterly_and_the_monthly_sweep,
    a_high_care_person_owes_a_weekly_visit_that_only_a_care_visit_clears,
    the_schedule_is_configuration_read_on_every_request,
    an_emergency_report_owes_a_care_visit_within_a_day,
    the_district_lists_only_what_is_overdue,
    pages_follow_each_other_without_gaps_or_repeats,
    admins_have_no_work_list_and_garbage_cursors_are_refused,
);
