//! The demo district: every demo account logs in with `demo` and sees
//! exactly the households under its region.

use entity::{household, region, user};
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
use serde_json::json;

use crate::{
    db_tests,
    helpers::{Backend, error_code, spawn_demo},
};

async fn every_demo_account_sees_exactly_its_subtree(backend: Backend) {
    let app = spawn_demo(backend, 400).await;

    for username in liushou::demo::ACCOUNTS {
        let account =
            user::Entity::find().filter(user::Column::Username.eq(username)).one(&app.db).await.unwrap().unwrap();
        let home = region::Entity::find_by_id(account.region_id).one(&app.db).await.unwrap().unwrap();
        let expected = household::Entity::find()
            .filter(household::Column::ScopeKey.between(home.key_lo, home.key_hi))
            .count(&app.db)
            .await
            .unwrap();
        let token = app.login(username).await;

        let body =
            app.gql(&token, "{ me { region { code } } households { totalCount } regions { code } }", json!({})).await;

        assert_eq!(body["data"]["me"]["region"]["code"], home.code.as_str(), "{username}");
        assert_eq!(body["data"]["regions"], json!([{ "code": home.code }]), "{username}");
        if username == "admin" {
            assert_eq!(error_code(&body), Some("FORBIDDEN"), "admin reads no registry: {body}");
        } else {
            assert!(expected > 0, "{username} has households to see");
            assert_eq!(body["data"]["households"]["totalCount"], expected, "{username}: {body}");
        }
    }
}

async fn sibling_demo_grids_and_villages_are_disjoint(backend: Backend) {
    let app = spawn_demo(backend, 400).await;
    let q = "{ households(first: 100) { edges { node { id region { code } } } } }";
    let ids = |body: serde_json::Value| -> Vec<String> {
        body["data"]["households"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
            .collect()
    };

    for (a, b) in [("grid", "grid2"), ("village", "village2"), ("town", "town2")] {
        let first = ids(app.gql(&app.login(a).await, q, json!({})).await);
        let second = ids(app.gql(&app.login(b).await, q, json!({})).await);
        assert!(!first.is_empty() && !second.is_empty(), "{a}/{b} both have households");
        assert!(first.iter().all(|id| !second.contains(id)), "{a} and {b} overlap");
    }
}

db_tests!(every_demo_account_sees_exactly_its_subtree, sibling_demo_grids_and_villages_are_disjoint);
