//! The two-person rule: an account that reads personal data, created or
//! widened by an admin, comes into force only when a town or the district
//! approves it.

use serde_json::{Value, json};

use crate::{
    db_tests,
    helpers::{Backend, TestApp, error_code, spawn_app},
};

pub const CREATE: &str = "mutation($i: UserInput!) { createUser(input: $i) { id status version } }";
pub const UPDATE: &str =
    "mutation($id: ID!, $i: UserUpdateInput!) { updateUser(id: $id, input: $i) { status pendingChanges version } }";
pub const APPROVE: &str = "mutation($id: ID!, $v: Int!) { approveAccount(id: $id, version: $v) { status version } }";
const REFUSE: &str =
    "mutation($id: ID!, $v: Int!, $r: String!) { refuseAccount(id: $id, version: $v, reason: $r) { status } }";
const PENDING: &str =
    "{ pendingAccounts(first: 100) { edges { node { username role pendingChanges approvalRequestedBy { role } } } } }";
const LOGIN: &str = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }";
pub const NEW_PASSWORD: &str = "a-long-password-1";

pub fn user_input(username: &str, role: &str, region: uuid::Uuid) -> Value {
    json!({ "username": username, "displayName": "新同事", "role": role, "regionId": region.to_string(), "password": NEW_PASSWORD })
}

pub async fn try_login(app: &TestApp, username: &str, password: &str) -> Value {
    app.post(None, LOGIN, json!({ "u": username, "p": password })).await.1
}

/// An account as the admin lists it.
pub async fn account(app: &TestApp, admin: &str, username: &str) -> Value {
    let q = "{ users(first: 100) { edges { node { id username status version pendingChanges refusalReason } } } }";
    let body = app.gql(admin, q, json!({})).await;
    body["data"]["users"]["edges"]
        .as_array()
        .and_then(|edges| edges.iter().find(|e| e["node"]["username"] == username))
        .map(|e| e["node"].clone())
        .unwrap_or_else(|| panic!("no account {username}: {body}"))
}

/// Approves `username` as `approver` at the version the admin sees.
pub async fn approve(app: &TestApp, admin: &str, approver: &str, username: &str) -> Value {
    let acc = account(app, admin, username).await;
    app.gql(approver, APPROVE, json!({ "id": acc["id"], "v": acc["version"] })).await
}

fn pending_names(body: &Value) -> Vec<String> {
    let edges = body["data"]["pendingAccounts"]["edges"].as_array().cloned().unwrap_or_default();
    edges.iter().map(|e| e["node"]["username"].as_str().unwrap_or_default().to_owned()).collect()
}

async fn a_district_account_an_admin_creates_cannot_log_in_until_the_district_approves_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.login("admin").await;
    let district = app.login("district").await;

    let created =
        app.gql(&admin, CREATE, json!({ "i": user_input("li.district", "DISTRICT", app.regions().district.id) })).await;
    let id = created["data"]["createUser"]["id"].clone();
    let before = try_login(&app, "li.district", NEW_PASSWORD).await;
    let wrong = try_login(&app, "li.district", "not-the-password").await;
    let by_admin = app.gql(&admin, APPROVE, json!({ "id": id, "v": 1 })).await;
    let queue = app.gql(&district, PENDING, json!({})).await;
    let approved = app.gql(&district, APPROVE, json!({ "id": id, "v": 1 })).await;
    let after = try_login(&app, "li.district", NEW_PASSWORD).await;
    let trail = app
        .gql(
            &district,
            "query($t: ID!) { auditLog(filter: { targetId: $t }) { edges { node { action actorRole } } } }",
            json!({ "t": id }),
        )
        .await;

    assert_eq!(created["data"]["createUser"]["status"], "PENDING", "{created}");
    assert_eq!(before["errors"], wrong["errors"], "a pending account answers like a wrong password");
    assert_eq!(error_code(&before), Some("UNAUTHENTICATED"));
    assert_eq!(error_code(&by_admin), Some("FORBIDDEN"), "the admin cannot approve its own request");
    assert_eq!(pending_names(&queue), ["li.district"]);
    let node = &queue["data"]["pendingAccounts"]["edges"][0]["node"];
    assert_eq!((&node["pendingChanges"], &node["approvalRequestedBy"]["role"]), (&json!(["CREATED"]), &json!("ADMIN")));
    assert_eq!(approved["data"]["approveAccount"]["status"], "ACTIVE", "{approved}");
    assert!(after["data"]["login"]["token"].is_string(), "{after}");
    // The account's own login is in its trail too; the decision steps are the `user.` ones.
    let steps: Vec<(&str, &str)> = trail["data"]["auditLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["node"]["action"].as_str().unwrap(), e["node"]["actorRole"].as_str().unwrap_or("")))
        .filter(|(action, _)| action.starts_with("user."))
        .collect();
    assert_eq!(steps, [("user.approve", "DISTRICT"), ("user.create", "ADMIN")], "both steps, visible to the district");
}

async fn a_town_decides_its_grid_and_village_accounts_and_nothing_else(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.login("admin").await;
    let r = app.regions();
    for (name, role, region) in
        [("new.grid", "GRID", r.grid.id), ("new.town", "TOWN", r.town.id), ("other.village", "VILLAGE", r.village_b.id)]
    {
        let body = app.gql(&admin, CREATE, json!({ "i": user_input(name, role, region) })).await;
        assert_eq!(body["data"]["createUser"]["status"], "PENDING", "{body}");
    }
    let town = app.login("town").await;
    let town2 = app.login("town2").await;
    let grid = app.login("grid").await;

    let queue = app.gql(&town, PENDING, json!({})).await;
    let own_town = approve(&app, &admin, &town, "new.town").await;
    let other_town = approve(&app, &admin, &town2, "new.grid").await;
    let by_grid = approve(&app, &admin, &grid, "new.grid").await;
    let by_town = approve(&app, &admin, &town, "new.grid").await;

    assert_eq!(pending_names(&queue), ["new.grid"], "{queue}");
    assert_eq!(error_code(&own_town), Some("NOT_FOUND"), "a town account needs the district: {own_town}");
    assert_eq!(error_code(&other_town), Some("NOT_FOUND"), "another town's account is not this town's to decide");
    assert_eq!(error_code(&by_grid), Some("FORBIDDEN"));
    assert_eq!(by_town["data"]["approveAccount"]["status"], "ACTIVE", "{by_town}");
    assert!(try_login(&app, "new.grid", NEW_PASSWORD).await["data"]["login"]["token"].is_string());
}

async fn a_refused_account_stays_out_until_an_admin_resubmits_it_and_it_is_approved(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.login("admin").await;
    let district = app.login("district").await;
    app.gql(&admin, CREATE, json!({ "i": user_input("zhao.town", "TOWN", app.regions().town.id) })).await;
    let acc = account(&app, &admin, "zhao.town").await;

    let no_reason = app.gql(&district, REFUSE, json!({ "id": acc["id"], "v": acc["version"], "r": " " })).await;
    let refused =
        app.gql(&district, REFUSE, json!({ "id": acc["id"], "v": acc["version"], "r": "未见任命文件" })).await;
    let login = try_login(&app, "zhao.town", NEW_PASSWORD).await;
    let seen = account(&app, &admin, "zhao.town").await;
    let stale = app.gql(&district, APPROVE, json!({ "id": acc["id"], "v": acc["version"] })).await;
    let resubmitted = app.gql(&admin, UPDATE, json!({ "id": acc["id"], "i": { "displayName": "赵镇长" } })).await;
    let approved = approve(&app, &admin, &district, "zhao.town").await;

    assert!(no_reason["errors"][0]["extensions"]["fields"]["reason"].is_string(), "{no_reason}");
    assert_eq!(refused["data"]["refuseAccount"]["status"], "REFUSED", "{refused}");
    assert_eq!(error_code(&login), Some("UNAUTHENTICATED"));
    assert_eq!((&seen["status"], &seen["refusalReason"]), (&json!("REFUSED"), &json!("未见任命文件")));
    assert_eq!(error_code(&stale), Some("NOT_FOUND"), "a refused account is no longer in the queue: {stale}");
    assert_eq!(resubmitted["data"]["updateUser"]["status"], "PENDING", "{resubmitted}");
    assert_eq!(resubmitted["data"]["updateUser"]["pendingChanges"], json!(["CREATED"]), "the refused change is listed");
    assert_eq!(approved["data"]["approveAccount"]["status"], "ACTIVE", "{approved}");
    assert!(try_login(&app, "zhao.town", NEW_PASSWORD).await["data"]["login"]["token"].is_string());
}

async fn an_approver_approves_only_the_version_it_reviewed(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.login("admin").await;
    let district = app.login("district").await;
    app.gql(&admin, CREATE, json!({ "i": user_input("sun.grid", "GRID", app.regions().grid.id) })).await;
    let reviewed = account(&app, &admin, "sun.grid").await;

    let id = &reviewed["id"];
    app.gql(&admin, UPDATE, json!({ "id": id, "i": { "regionId": app.regions().grid2.id.to_string() } })).await;
    let stale = app.gql(&district, APPROVE, json!({ "id": id, "v": reviewed["version"] })).await;

    assert_eq!(error_code(&stale), Some("CONFLICT"), "{stale}");
    assert_eq!(account(&app, &admin, "sun.grid").await["status"], "PENDING");
}

/// (account, change, status after, changes listed). Only what widens what
/// the account reads needs approval.
async fn what_widens_an_account_needs_approval_and_what_narrows_it_does_not(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.login("admin").await;
    let r = app.regions();
    app.gql(&admin, CREATE, json!({ "i": user_input("town.admin", "ADMIN", r.town.id) })).await;
    let table = [
        ("village", json!({ "displayName": "改名" }), "ACTIVE", json!([])),
        ("grid2", json!({ "regionId": r.grid.id.to_string() }), "PENDING", json!(["REGION_WIDENED"])),
        ("town2", json!({ "role": "VILLAGE", "regionId": r.village_b.id.to_string() }), "ACTIVE", json!([])),
        ("grid", json!({ "active": false }), "INACTIVE", json!([])),
        ("grid", json!({ "active": true }), "PENDING", json!(["REACTIVATED"])),
        ("village2", json!({ "password": "another-long-password" }), "PENDING", json!(["PASSWORD_RESET"])),
        ("town.admin", json!({ "role": "TOWN" }), "PENDING", json!(["ROLE_RAISED"])),
    ];
    for (name, change, status, listed) in table {
        let id = account(&app, &admin, name).await["id"].clone();

        let body = app.gql(&admin, UPDATE, json!({ "id": id, "i": change })).await;

        let got = &body["data"]["updateUser"];
        assert_eq!((&got["status"], &got["pendingChanges"]), (&json!(status), &listed), "{name} {change}: {body}");
    }
}

async fn the_account_approval_migration_comes_down_and_goes_up_again(backend: Backend) {
    use migration::MigratorTrait as _;
    use sea_orm::ConnectionTrait as _;
    let app = spawn_app(backend).await;

    crate::helpers::migrate_down_through(&app.db, "m20261130_000020_add_account_approval").await;
    let gone = app.db.execute_unprepared("SELECT session_generation FROM app_user").await;
    migration::Migrator::up(&app.db, None).await.unwrap();
    let admin = app.login("admin").await;

    assert!(gone.is_err(), "the columns were dropped");
    assert_eq!(account(&app, &admin, "district").await["status"], "ACTIVE", "existing accounts stay in force");
}

db_tests!(
    the_account_approval_migration_comes_down_and_goes_up_again,
    a_district_account_an_admin_creates_cannot_log_in_until_the_district_approves_it,
    a_town_decides_its_grid_and_village_accounts_and_nothing_else,
    a_refused_account_stays_out_until_an_admin_resubmits_it_and_it_is_approved,
    an_approver_approves_only_the_version_it_reviewed,
    what_widens_an_account_needs_approval_and_what_narrows_it_does_not,
);
