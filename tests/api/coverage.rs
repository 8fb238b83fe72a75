//! Coverage in `stats`: sweeps done this month and quarter, and care visits
//! overdue, per region, matching a hand count.

use chrono::{Duration, Utc};
use entity::CareLevel;
use serde_json::json;

use crate::{
    db_tests,
    helpers::{Backend, person, spawn_app},
    visit_support::{backdate_decision, confirm, record_ok, visit},
};

const Q: &str = "query($r: ID) { stats(regionId: $r) { totals { households sweptThisMonth sweptThisMonthShare sweptThisQuarter sweptThisQuarterShare overdueCareVisits } children { region { code } figures { households sweptThisMonth sweptThisQuarter overdueCareVisits } } } }";

async fn coverage_figures_match_a_hand_count(backend: Backend) {
    let app = spawn_app(backend).await;
    let r = app.regions();
    let (grid, grid2, village2) = (app.login("grid").await, app.login("grid2").await, app.login("village2").await);
    let town = app.login("town").await;
    let h1 = app.create_household(&grid, &r.grid, "渡口村1排1号").await;
    let h2 = app.create_household(&grid, &r.grid, "渡口村1排2号").await;
    let h3 = app.create_household(&grid2, &r.grid2, "渡口村2排1号").await;
    let h4 = app.create_household(&village2, &r.village2, "小王庄村1排1号").await;
    let visited = app.add_person(&grid, &h1, person("甲")).await;
    let neglected = app.add_person(&grid, &h2, person("乙")).await;
    let recent = app.add_person(&village2, &h4, person("丙")).await;
    confirm(&app, &visited, CareLevel::High, Utc::now() - Duration::days(10)).await;
    confirm(&app, &neglected, CareLevel::High, Utc::now() - Duration::days(10)).await;
    confirm(&app, &recent, CareLevel::Key, Utc::now()).await;
    // h1: a monthly sweep and a care visit; h3: the town's sweep, which is
    // also the month's; h2 and h4: nothing.
    record_ok(&app, &grid, visit(&h1, "MONTHLY_SWEEP", Utc::now())).await;
    let mut care = visit(&h1, "CARE_VISIT", Utc::now());
    care["personIds"] = json!([visited]);
    record_ok(&app, &grid, care).await;
    record_ok(&app, &town, visit(&h3, "QUARTERLY_SWEEP", Utc::now())).await;

    let by_town = app.gql(&town, Q, json!({ "r": null })).await;
    let by_village = app.gql(&town, Q, json!({ "r": r.grid.parent_id.unwrap().to_string() })).await;

    let stats = &by_town["data"]["stats"];
    assert_eq!(
        stats["totals"],
        json!({ "households": 4, "sweptThisMonth": 2, "sweptThisMonthShare": 0.5, "sweptThisQuarter": 1,
                "sweptThisQuarterShare": 0.25, "overdueCareVisits": 1 }),
        "{by_town}"
    );
    assert_eq!(
        stats["children"],
        json!([
            { "region": { "code": "120116157201" },
              "figures": { "households": 3, "sweptThisMonth": 2, "sweptThisQuarter": 1, "overdueCareVisits": 1 } },
            { "region": { "code": "120116157202" },
              "figures": { "households": 1, "sweptThisMonth": 0, "sweptThisQuarter": 0, "overdueCareVisits": 0 } },
        ])
    );
    assert_eq!(
        by_village["data"]["stats"]["children"],
        json!([
            { "region": { "code": "120116157201001" },
              "figures": { "households": 2, "sweptThisMonth": 1, "sweptThisQuarter": 0, "overdueCareVisits": 1 } },
            { "region": { "code": "120116157201002" },
              "figures": { "households": 1, "sweptThisMonth": 1, "sweptThisQuarter": 1, "overdueCareVisits": 0 } },
        ]),
        "{by_village}"
    );
}

async fn a_household_that_moves_takes_its_visits_and_coverage_along(backend: Backend) {
    let app = spawn_app(backend).await;
    let r = app.regions();
    let village = app.login("village").await;
    let town = app.login("town").await;
    // A left-behind child (so discovery keeps the classification through the
    // move), confirmed HIGH by the town ten days ago and never visited since.
    let (h, _, _, child) = crate::discovery::left_behind_child(&app, &village).await;
    let suggestion =
        crate::discovery::classifications_of(&app, &town, &child).await[0]["id"].as_str().unwrap().to_owned();
    let confirm = "mutation($id: ID!) { confirmClassification(id: $id, careLevel: HIGH) { status } }";
    assert_eq!(
        app.gql(&town, confirm, json!({ "id": suggestion })).await["data"]["confirmClassification"]["status"],
        "CONFIRMED"
    );
    backdate_decision(&app, &suggestion, Utc::now() - Duration::days(10)).await;
    record_ok(&app, &village, visit(&h, "MONTHLY_SWEEP", Utc::now())).await;
    let moved = app
        .gql(
            &village,
            "mutation($id: ID!, $i: HouseholdInput!) { updateHousehold(id: $id, version: 1, input: $i) { id } }",
            json!({ "id": h, "i": { "regionId": r.grid2.id.to_string(), "address": "渡口村2排9号" } }),
        )
        .await;
    assert!(moved["errors"].is_null(), "{moved}");
    let visits = "{ visits { totalCount } }";

    let old_grid = app.gql(&app.login("grid").await, visits, json!({})).await;
    let new_grid = app.gql(&app.login("grid2").await, visits, json!({})).await;
    let stats = app.gql(&village, Q, json!({ "r": null })).await;

    assert_eq!(old_grid["data"]["visits"]["totalCount"], 0, "{old_grid}");
    assert_eq!(new_grid["data"]["visits"]["totalCount"], 1, "{new_grid}");
    let children = &stats["data"]["stats"]["children"];
    assert_eq!(
        children[0]["figures"],
        json!({ "households": 0, "sweptThisMonth": 0, "sweptThisQuarter": 0, "overdueCareVisits": 0 })
    );
    assert_eq!(
        children[1]["figures"],
        json!({ "households": 1, "sweptThisMonth": 1, "sweptThisQuarter": 0, "overdueCareVisits": 1 })
    );
}

db_tests!(coverage_figures_match_a_hand_count, a_household_that_moves_takes_its_visits_and_coverage_along);
