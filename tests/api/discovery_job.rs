//! The daily job (date-driven changes), its lease, household changes, the
//! classification figures of `stats`, and the migration's way back.

use std::time::Duration;

use chrono::{Days, Months, NaiveDate};
use liushou::discovery::{job, lease::Lease, schedule};
use migration::MigratorTrait as _;
use serde_json::{Value, json};

use crate::{
    db_tests,
    discovery::{classifications_of, left_behind_child, someone, today, years_ago},
    helpers::{Backend, TestApp, spawn_app},
};

fn statuses(found: &[Value]) -> Vec<String> {
    found.iter().map(|c| c["status"].as_str().unwrap().to_owned()).collect()
}

async fn run_on(app: &TestApp, day: NaiveDate) {
    job::run(&app.db, day, None).await.unwrap();
}

async fn the_daily_job_ends_a_child_on_the_sixteenth_birthday_and_not_the_day_before(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村5排1号").await;
    let away = json!({ "awaySince": years_ago(1) });
    let father = app.add_person(&grid, &h, someone("吴父", "HEAD", "AWAY_WORK", away.clone())).await;
    let mother = app.add_person(&grid, &h, someone("郑母", "SPOUSE", "AWAY_WORK", away)).await;
    let birthday = today().checked_add_days(Days::new(10)).unwrap();
    let born = birthday.checked_sub_months(Months::new(16 * 12)).unwrap();
    let kid = json!({ "birthDate": born.to_string(), "fatherId": father, "motherId": mother });
    let child = app.add_person(&grid, &h, someone("吴小", "CHILD", "AT_HOME", kid)).await;

    run_on(&app, birthday.pred_opt().unwrap()).await;
    let day_before = classifications_of(&app, &grid, &child).await;
    run_on(&app, birthday).await;
    let on_the_day = classifications_of(&app, &grid, &child).await;

    assert_eq!(statuses(&day_before), ["SUGGESTED"]);
    assert_eq!(statuses(&on_the_day), ["ENDED"]);
    assert_eq!(on_the_day[0]["endReasons"], json!([{ "value": "AGE_16_OR_OVER" }]));
    assert_eq!(on_the_day[0]["until"], json!(birthday.to_string()));
}

async fn the_daily_job_finds_six_months_of_absence_and_a_sixtieth_birthday_to_the_day(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村5排2号").await;
    let since = today().checked_sub_months(Months::new(5)).unwrap();
    let husband = json!({ "sex": "MALE", "maritalStatus": "MARRIED", "awaySince": since.to_string() });
    let husband = app.add_person(&grid, &h, someone("冯夫", "HEAD", "AWAY_WORK", husband)).await;
    // Her 60th birthday comes after the six months are reached.
    let birthday = today().checked_add_days(Days::new(60)).unwrap();
    let wife = json!({
        "sex": "FEMALE", "maritalStatus": "MARRIED", "spouseId": husband,
        "birthDate": birthday.checked_sub_months(Months::new(60 * 12)).unwrap().to_string(),
    });
    let wife = app.add_person(&grid, &h, someone("陈妻", "SPOUSE", "AT_HOME", wife)).await;
    let son = json!({ "motherId": wife, "awaySince": years_ago(3), "awayOutsideCounty": true });
    app.add_person(&grid, &h, someone("冯子", "CHILD", "AWAY_WORK", son)).await;
    let six_months = since.checked_add_months(Months::new(6)).unwrap();
    let categories = |found: &[Value]| {
        let mut c: Vec<String> = found.iter().map(|c| c["category"].as_str().unwrap().to_owned()).collect();
        c.sort();
        c
    };

    run_on(&app, six_months.pred_opt().unwrap()).await;
    let before = classifications_of(&app, &grid, &wife).await;
    run_on(&app, six_months).await;
    let at_six_months = classifications_of(&app, &grid, &wife).await;
    run_on(&app, birthday.pred_opt().unwrap()).await;
    let before_sixty = classifications_of(&app, &grid, &wife).await;
    run_on(&app, birthday).await;
    let at_sixty = classifications_of(&app, &grid, &wife).await;

    assert!(before.is_empty(), "{before:?}");
    assert_eq!(categories(&at_six_months), ["LEFT_BEHIND_WOMAN"]);
    assert_eq!(categories(&before_sixty), ["LEFT_BEHIND_WOMAN"]);
    assert_eq!(categories(&at_sixty), ["LEFT_BEHIND_ELDERLY", "LEFT_BEHIND_WOMAN"], "several categories at once");
}

async fn exactly_one_instance_takes_the_lease_and_the_daily_run_happens_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (a, b) = (Lease::new("test.job", Duration::from_secs(60)), Lease::new("test.job", Duration::from_secs(60)));

    let (got_a, got_b) = tokio::join!(a.acquire(&app.db, Some(today())), b.acquire(&app.db, Some(today())));
    let (got_a, got_b) = (got_a.unwrap(), got_b.unwrap());
    let (winner, loser) = if got_a { (&a, &b) } else { (&b, &a) };
    let while_held = loser.acquire(&app.db, None).await.unwrap();
    winner.release(&app.db, Some(today())).await.unwrap();
    let done_today = loser.acquire(&app.db, Some(today())).await.unwrap();
    let on_demand = loser.acquire(&app.db, None).await.unwrap();

    assert!(got_a ^ got_b, "exactly one: {got_a} {got_b}");
    assert!(!while_held, "a held lease is not taken");
    assert!(!done_today, "today's run is done");
    assert!(on_demand, "an on-demand run may still take it");

    let daily = Lease::new(job::JOB, Duration::from_secs(60));
    let first = schedule::run_if_due(&app.db, &daily).await.unwrap();
    let second = schedule::run_if_due(&app.db, &Lease::new(job::JOB, Duration::from_secs(60))).await.unwrap();
    assert!(first.is_some() && second.is_none(), "once per day across instances");
}

async fn a_household_moving_to_an_urban_community_ends_its_classifications_and_takes_them_along(backend: Backend) {
    use sea_orm::{ActiveModelTrait as _, IntoActiveModel as _};
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let town = app.login("town").await;
    let (h, _, _, child) = left_behind_child(&app, &grid).await;
    let (key_lo, key_hi) = entity::region::scope_span("120116157203").unwrap();
    let now = chrono::Utc::now();
    let community = entity::region::Model {
        id: uuid::Uuid::now_v7(),
        parent_id: Some(app.regions().town.id),
        level: entity::RegionLevel::Village,
        code: "120116157203".into(),
        name: "海滨社区".into(),
        rural: false,
        key_lo,
        key_hi,
        lat: None,
        lng: None,
        version: 1,
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
    .insert(&app.db)
    .await
    .unwrap();
    let q = "mutation($id: ID!, $i: HouseholdInput!) { updateHousehold(id: $id, version: 1, input: $i) { version } }";

    let body = app
        .gql(&town, q, json!({ "id": h, "i": { "regionId": community.id.to_string(), "address": "海滨社区1号楼" } }))
        .await;

    assert_eq!(body["data"]["updateHousehold"]["version"], 2, "{body}");
    let found = classifications_of(&app, &town, &child).await;
    assert_eq!(statuses(&found), ["ENDED"]);
    assert_eq!(found[0]["endReasons"], json!([{ "value": "NOT_RURAL" }]));
    assert!(
        classifications_of(&app, &grid, &child).await.is_empty(),
        "it left the grid's jurisdiction with the household"
    );
}

async fn stats_count_confirmed_classifications_by_category_and_care_level(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let town = app.login("town").await;
    let (_, _, _, child) = left_behind_child(&app, &grid).await;
    let id = classifications_of(&app, &grid, &child).await[0]["id"].clone();
    let q = "{ stats { totals { byCategory { category count } byCareLevel { careLevel count } }
        children { region { code } figures { byCategory { category count } } } } }";
    let suggested_only = app.gql(&town, q, json!({})).await;
    let confirm = "mutation($id: ID!) { confirmClassification(id: $id, careLevel: KEY) { status } }";
    app.gql(&town, confirm, json!({ "id": id })).await;

    let confirmed = app.gql(&town, q, json!({})).await;

    let zero = json!([
        { "category": "LEFT_BEHIND_CHILD", "count": 0 },
        { "category": "LEFT_BEHIND_ELDERLY", "count": 0 },
        { "category": "LEFT_BEHIND_WOMAN", "count": 0 },
    ]);
    assert_eq!(suggested_only["data"]["stats"]["totals"]["byCategory"], zero, "suggestions are not counted");
    let totals = &confirmed["data"]["stats"]["totals"];
    assert_eq!(totals["byCategory"][0], json!({ "category": "LEFT_BEHIND_CHILD", "count": 1 }), "{confirmed}");
    assert_eq!(
        totals["byCareLevel"],
        json!([
            { "careLevel": "HIGH", "count": 0 },
            { "careLevel": "KEY", "count": 1 },
            { "careLevel": "GENERAL", "count": 0 },
        ])
    );
    let children = confirmed["data"]["stats"]["children"].as_array().unwrap();
    let village = children.iter().find(|c| c["region"]["code"] == "120116157201").unwrap();
    assert_eq!(village["figures"]["byCategory"][0]["count"], 1);
}

async fn registry_writes_and_the_daily_job_run_side_by_side(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let (_, father, _, child) = left_behind_child(&app, &grid).await;
    let db = app.db.clone();
    let job = tokio::spawn(async move {
        for _ in 0..15 {
            job::run(&db, today(), None).await.unwrap();
        }
    });

    // The father comes and goes while the job runs: each write re-evaluates
    // the child in its own transaction, racing the job's batches.
    let mut version = 1;
    for round in 0..10 {
        let status = if round % 2 == 0 { "AT_HOME" } else { "AWAY_WORK" };
        let since = if round % 2 == 0 { Value::Null } else { json!(years_ago(1)) };
        let input = someone("王父", "HEAD", status, json!({ "sex": "MALE", "awaySince": since }));
        let q = "mutation($id: ID!, $v: Int!, $i: PersonInput!) { updatePerson(id: $id, version: $v, input: $i) { version } }";
        let body = app.gql(&grid, q, json!({ "id": father, "v": version, "i": input })).await;
        version = body["data"]["updatePerson"]["version"].as_i64().unwrap_or_else(|| panic!("round {round}: {body}"));
    }
    job.await.unwrap();

    // Ended five times, suggested anew five times: the last one is open.
    let found = classifications_of(&app, &grid, &child).await;
    let open: Vec<_> = found.iter().filter(|c| c["status"] == "SUGGESTED").collect();
    assert_eq!(open.len(), 1, "{found:?}");
    assert_eq!(found.len(), 6, "{found:?}");
}

async fn the_discovery_migration_rolls_back_and_applies_again(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    left_behind_child(&app, &grid).await;

    crate::helpers::migrate_down_through(&app.db, "m20261129_000003_add_discovery").await;
    migration::Migrator::up(&app.db, None).await.unwrap();

    let (_, _, _, child) = left_behind_child(&app, &grid).await;
    assert_eq!(statuses(&classifications_of(&app, &grid, &child).await), ["SUGGESTED"]);
}

db_tests!(
    the_daily_job_ends_a_child_on_the_sixteenth_birthday_and_not_the_day_before,
    the_daily_job_finds_six_months_of_absence_and_a_sixtieth_birthday_to_the_day,
    exactly_one_instance_takes_the_lease_and_the_daily_run_happens_once,
    a_household_moving_to_an_urban_community_ends_its_classifications_and_takes_them_along,
    stats_count_confirmed_classifications_by_category_and_care_level,
    registry_writes_and_the_daily_job_run_side_by_side,
    the_discovery_migration_rolls_back_and_applies_again,
);
