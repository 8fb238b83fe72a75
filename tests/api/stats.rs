//! `stats`: figures per region that match a hand count.

use std::collections::BTreeMap;

use entity::region;
use serde_json::json;

use crate::{
    db_tests,
    helpers::{Backend, TestApp, error_code, person, spawn_app},
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

/// Registers `n` people in one new household of `region`.
async fn people_in(app: &TestApp, token: &str, region: &region::Model, n: usize) {
    let h = app.create_household(token, region, &format!("{}1排1号", region.name)).await;
    for i in 0..n {
        app.add_person(token, &h, person(&format!("居民{i}"))).await;
    }
}

async fn a_dashboard_cannot_work_out_a_small_count_by_subtraction(backend: Backend) {
    let app = spawn_app(backend).await;
    let r = app.regions();
    let town = app.login("town").await;
    // The issue's case: a grid of 4 people beside a grid of 6, in a town
    // whose other village has 7.
    people_in(&app, &town, &r.grid, 4).await;
    people_in(&app, &town, &r.grid2, 6).await;
    people_in(&app, &town, &r.village2, 7).await;
    let dashboard = app.dashboard_token(&r.district).await;
    let q = "query($r: ID) { stats(regionId: $r) { region { code } totals { households people } children { region { code } figures { households people } } } }";

    // Everything the token can collect: each region's answer, its children.
    let mut published: BTreeMap<(String, &str), Option<u64>> = BTreeMap::new();
    let mut equations: Vec<(String, Vec<String>)> = Vec::new();
    for region in [&r.district, &r.town, &r.town2, &r.village, &r.village2, &r.village_b, &r.grid, &r.grid2] {
        let body = app.gql(&dashboard, q, json!({ "r": region.id.to_string() })).await;
        let stats = &body["data"]["stats"];
        let code = stats["region"]["code"].as_str().unwrap_or_else(|| panic!("{body}")).to_owned();
        let mut kids = Vec::new();
        for (who, figures) in std::iter::once((&stats["region"], &stats["totals"]))
            .chain(stats["children"].as_array().unwrap().iter().map(|c| (&c["region"], &c["figures"])))
        {
            let who = who["code"].as_str().unwrap().to_owned();
            for figure in ["households", "people"] {
                let value = figures[figure].as_u64();
                let before = published.insert((who.clone(), figure), value);
                assert!(before.is_none() || before == Some(value), "{who} {figure} differs between answers");
            }
            if who != code {
                kids.push(who);
            }
        }
        if !kids.is_empty() {
            equations.push((code, kids));
        }
    }

    // The attack: a region's total minus its published children; the
    // fixture keeps no records outside the grids of a village with grids.
    assert_eq!(published[&("120116157201001".to_owned(), "people")], None, "the grid of 4 is hidden");
    for figure in ["households", "people"] {
        for (parent, kids) in &equations {
            let value = |code: &String| published[&(code.clone(), figure)];
            let unknown: Vec<&String> = std::iter::once(parent).chain(kids).filter(|c| value(c).is_none()).collect();
            assert_ne!(unknown.len(), 1, "{figure} of {:?} follows from the rest of {parent}'s answer", unknown);
        }
    }
    assert_eq!(published[&("120116157".to_owned(), "people")], Some(17), "big counts stay published");
}

db_tests!(
    figures_match_a_hand_count_per_child_region,
    stats_outside_the_jurisdiction_are_not_found,
    a_dashboard_cannot_work_out_a_small_count_by_subtraction,
);
