//! User administration and login throttling.

use entity::{audit_log, user};
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
use serde_json::{Value, json};

use crate::{
    approvals::{try_login as login_as, user_input},
    db_tests,
    helpers::{Backend, error_code, spawn_app},
};

const CREATE: &str = "mutation($i: UserInput!) { createUser(input: $i) { id username role region { code } active } }";
const UPDATE: &str = "mutation($id: ID!, $i: UserUpdateInput!) { updateUser(id: $id, input: $i) { active role } }";

fn fields(body: &Value) -> Vec<String> {
    let mut f: Vec<String> =
        body["errors"][0]["extensions"]["fields"].as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
    f.sort();
    f
}

async fn an_admin_creates_an_account_that_can_log_in_once_approved(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.login("admin").await;

    let created = app.gql(&admin, CREATE, json!({ "i": user_input("wang.grid", "GRID", app.regions().grid.id) })).await;
    crate::approvals::approve(&app, &admin, &app.login("town").await, "wang.grid").await;
    let login = login_as(&app, "wang.grid", "a-long-password-1").await;

    assert_eq!(created["data"]["createUser"]["region"]["code"], "120116157201001", "{created}");
    assert!(login["data"]["login"]["token"].is_string());
}

async fn account_input_is_validated_field_by_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.login("admin").await;
    let mut bad = user_input("X", "TOWN", app.regions().grid.id);
    bad["password"] = json!("short");

    let body = app.gql(&admin, CREATE, json!({ "i": bad })).await;
    let taken = app.gql(&admin, CREATE, json!({ "i": user_input("town", "TOWN", app.regions().town.id) })).await;
    let dashboard =
        app.gql(&admin, CREATE, json!({ "i": user_input("board", "DASHBOARD", app.regions().district.id) })).await;

    assert_eq!(fields(&body), ["password", "regionId", "username"], "{body}");
    assert_eq!(fields(&taken), ["username"], "{taken}");
    assert_eq!(fields(&dashboard), ["role"]);
}

async fn only_admins_manage_accounts_and_never_above_their_region(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.login("admin").await;
    let town_admin =
        app.gql(&admin, CREATE, json!({ "i": user_input("town.admin", "ADMIN", app.regions().town.id) })).await;
    assert!(town_admin["data"]["createUser"]["id"].is_string(), "{town_admin}");
    let town_admin =
        login_as(&app, "town.admin", "a-long-password-1").await["data"]["login"]["token"].as_str().unwrap().to_owned();

    let by_town = app
        .gql(&app.login("town").await, CREATE, json!({ "i": user_input("user.x1", "GRID", app.regions().grid.id) }))
        .await;
    let above = app
        .gql(&town_admin, CREATE, json!({ "i": user_input("user.x2", "DISTRICT", app.regions().district.id) }))
        .await;
    let sideways = app
        .gql(&town_admin, CREATE, json!({ "i": user_input("user.x3", "VILLAGE", app.regions().village_b.id) }))
        .await;
    let inside =
        app.gql(&town_admin, CREATE, json!({ "i": user_input("user.x4", "VILLAGE", app.regions().village2.id) })).await;
    let listed =
        app.gql(&town_admin, "{ users(first: 100) { totalCount edges { node { username } } } }", json!({})).await;

    assert_eq!(error_code(&by_town), Some("FORBIDDEN"));
    assert_eq!(fields(&above), ["regionId"], "{above}");
    assert_eq!(fields(&sideways), ["regionId"]);
    assert!(inside["data"]["createUser"]["id"].is_string(), "{inside}");
    let names: Vec<&str> = listed["data"]["users"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["username"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"village2") && !names.contains(&"town2") && !names.contains(&"admin"), "{names:?}");
}

async fn deactivation_and_password_reset_take_effect_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.login("admin").await;
    let victim = app.login("grid2").await;
    let id = app.gql(&victim, "{ me { id } }", json!({})).await["data"]["me"]["id"].as_str().unwrap().to_owned();

    let reset = app.gql(&admin, UPDATE, json!({ "id": id, "i": { "password": "brand-new-password" } })).await;
    let old = login_as(&app, "grid2", crate::helpers::PASSWORD).await;
    let unapproved = login_as(&app, "grid2", "brand-new-password").await;
    crate::approvals::approve(&app, &admin, &app.login("district").await, "grid2").await;
    let new = login_as(&app, "grid2", "brand-new-password").await;
    app.gql(&admin, UPDATE, json!({ "id": id, "i": { "active": false } })).await;
    let (status, after) = app.post(Some(&victim), "{ me { id } }", json!({})).await;

    assert!(reset["data"]["updateUser"].is_object(), "{reset}");
    assert_eq!(error_code(&old), Some("UNAUTHENTICATED"));
    assert_eq!(error_code(&unapproved), Some("UNAUTHENTICATED"), "a reset password waits for approval");
    assert!(new["data"]["login"]["token"].is_string());
    assert_eq!((status, error_code(&after)), (401, Some("UNAUTHENTICATED")));
}

async fn an_admin_cannot_lock_themselves_out(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.login("admin").await;
    let id = app.gql(&admin, "{ me { id } }", json!({})).await["data"]["me"]["id"].as_str().unwrap().to_owned();

    let body = app.gql(&admin, UPDATE, json!({ "id": id, "i": { "active": false } })).await;

    assert_eq!(fields(&body), ["active"], "{body}");
}

async fn repeated_failures_lock_a_name_whether_or_not_it_exists(backend: Backend) {
    let app = spawn_app(backend).await;
    for _ in 0..5 {
        login_as(&app, "village", "wrong-password").await;
        login_as(&app, "no-such-user", "wrong-password").await;
    }

    let known = login_as(&app, "village", crate::helpers::PASSWORD).await;
    let unknown = login_as(&app, "no-such-user", "wrong-password").await;
    let other = login_as(&app, "village2", crate::helpers::PASSWORD).await;

    assert_eq!(error_code(&known), Some("RATE_LIMITED"), "even the right password waits: {known}");
    assert_eq!(error_code(&unknown), Some("RATE_LIMITED"), "unknown names behave the same");
    assert!(other["data"]["login"]["token"].is_string(), "other accounts are unaffected");
}

async fn concurrent_edits_of_an_account_are_each_made_or_refused_never_lost(backend: Backend) {
    let app = std::sync::Arc::new(spawn_app(backend).await);
    let admin = app.login("admin").await;
    let account = || user::Entity::find().filter(user::Column::Username.eq("grid")).one(&app.db);
    let before = account().await.unwrap().unwrap();
    let rename = "mutation($id: ID!, $n: String!) { updateUser(id: $id, input: { displayName: $n }) { displayName } }";

    let mut edits = tokio::task::JoinSet::new();
    for i in 0..12 {
        let (app, admin, name) = (app.clone(), admin.clone(), format!("网格员{i}"));
        let vars = json!({ "id": before.id, "n": name });
        edits.spawn(async move { (name, app.gql(&admin, rename, vars).await) });
    }
    let answers = edits.join_all().await;

    let mut made = 0;
    for (name, answer) in &answers {
        match error_code(answer) {
            None => {
                made += 1;
                assert_eq!(answer["data"]["updateUser"]["displayName"], name.as_str(), "answered as made: {answer}");
            }
            Some(code) => assert_eq!(code, "CONFLICT", "{answer}"),
        }
    }
    let after = account().await.unwrap().unwrap();
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("user.update"))
        .filter(audit_log::Column::TargetId.eq(before.id))
        .count(&app.db)
        .await
        .unwrap();
    assert!(made >= 1, "{answers:?}");
    assert_eq!(i64::from(after.version - before.version), made, "every edit answered as made was made");
    assert_eq!(audited, u64::try_from(made).unwrap(), "only edits that were made are audited");
}

db_tests!(
    an_admin_creates_an_account_that_can_log_in_once_approved,
    account_input_is_validated_field_by_field,
    only_admins_manage_accounts_and_never_above_their_region,
    deactivation_and_password_reset_take_effect_at_once,
    an_admin_cannot_lock_themselves_out,
    repeated_failures_lock_a_name_whether_or_not_it_exists,
    concurrent_edits_of_an_account_are_each_made_or_refused_never_lost,
);
