//! `stats`: figures per region that match a hand count.

use serde_json::json;

use crate::{
    db_tests,
    helpers::{Backend, error_code, person, spawn_app},
};

async fn figures_match_a_hand_count_per_child_region(backend: Backend) {
    let app = spawn_app(backend).await;
    let r = app.regions();
    let grid = app.login("grid").await;
    let village2 = app.login("village2").await;
    let h1 = app.create_household(&grid, &r.grid, "渡口村1排1号").await;
    app.create_household(&grid, &r.grid, "渡口村1排2号").await;
    let h3 = app.create_household(&village2, &r.village2, "小王庄村1排1号").await;
    app.add_person(&grid, &h1, person("甲")).await;
    app.add_person(&grid, &h1, person("乙")).await;
    let mut gone = person("丙");
    gone["residenceStatus"] = json!("MOVED_OUT");
    app.add_person(&village2, &h3, gone).await;
    let q = "query($r: ID) { stats(regionId: $r) { region { code } totals { households people } children { region { code } figures { households people } } } }";

    let town = app.gql(&app.login("town").await, q, json!({ "r": null })).await;

    let stats = &town["data"]["stats"];
    assert_eq!(stats["region"]["code"], "120116157", "{town}");
    assert_eq!(stats["totals"], json!({ "households": 3, "people": 2 }));
    assert_eq!(
        stats["children"],
        json!([
            { "region": { "code": "120116157201" }, "figures": { "households": 2, "people": 2 } },
            { "region": { "code": "120116157202" }, "figures": { "households": 1, "people": 0 } },
        ])
    );
}

async fn stats_outside_the_jurisdiction_are_not_found(backend: Backend) {
    let app = spawn_app(backend).await;
    let q = "query($r: ID) { stats(regionId: $r) { totals { households } } }";

    let body = app.gql(&app.login("town").await, q, json!({ "r": app.regions().town2.id.to_string() })).await;

    assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
}

db_tests!(figures_match_a_hand_count_per_child_region, stats_outside_the_jurisdiction_are_not_found);
