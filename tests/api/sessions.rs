//! Sessions end when what an account may do changes: a token from before a
//! deactivation, re-activation, change of role or region, or password reset
//! is refused, even once the account is back in force.

use serde_json::json;

use crate::{
    approvals::{UPDATE, account, approve, try_login},
    db_tests,
    helpers::{Backend, PASSWORD, error_code, spawn_app},
};

async fn every_change_of_what_an_account_may_do_ends_its_sessions(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.login("admin").await;
    let district = app.login("district").await;
    let r = app.regions();
    // (account, changes in order, needs approval, password afterwards)
    let table = [
        ("grid", vec![json!({ "active": false }), json!({ "active": true })], true, PASSWORD),
        ("grid2", vec![json!({ "password": "brand-new-password" })], true, "brand-new-password"),
        ("town2", vec![json!({ "role": "VILLAGE", "regionId": r.village_b.id.to_string() })], false, PASSWORD),
        ("village2", vec![json!({ "regionId": r.village.id.to_string() })], true, PASSWORD),
    ];
    for (name, changes, needs_approval, password) in table {
        let old = app.login(name).await;
        let id = account(&app, &admin, name).await["id"].clone();

        for change in &changes {
            let body = app.gql(&admin, UPDATE, json!({ "id": id, "i": change })).await;
            assert!(body["data"]["updateUser"].is_object(), "{name} {change}: {body}");
        }
        if needs_approval {
            let body = approve(&app, &admin, &district, name).await;
            assert_eq!(body["data"]["approveAccount"]["status"], "ACTIVE", "{name}: {body}");
        }
        let (status, with_old) = app.post(Some(&old), "{ me { id } }", json!({})).await;
        let fresh = try_login(&app, name, password).await;
        let fresh = fresh["data"]["login"]["token"].as_str().unwrap_or_else(|| panic!("{name}: {fresh}")).to_owned();
        let with_new = app.gql(&fresh, "{ me { id } }", json!({})).await;

        assert_eq!((status, error_code(&with_old)), (401, Some("UNAUTHENTICATED")), "{name}: {with_old}");
        assert_eq!(with_new["data"]["me"]["id"], id, "{name}: {with_new}");
    }
}

async fn a_rename_leaves_the_sessions_alone(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.login("admin").await;
    let token = app.login("village").await;
    let id = account(&app, &admin, "village").await["id"].clone();

    app.gql(&admin, UPDATE, json!({ "id": id, "i": { "displayName": "王主任" } })).await;
    let me = app.gql(&token, "{ me { displayName } }", json!({})).await;

    assert_eq!(me["data"]["me"]["displayName"], "王主任", "{me}");
}

db_tests!(every_change_of_what_an_account_may_do_ends_its_sessions, a_rename_leaves_the_sessions_alone);
