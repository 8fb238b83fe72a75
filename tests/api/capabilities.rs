//! `me { can }`: each role reads the actions the server's policy gives it,
//! which is what the web app shows buttons and pages by.

use serde_json::{Value, json};

use crate::{
    db_tests,
    helpers::{Backend, spawn_app},
};

const ME_CAN: &str = "{ me { role can { readRegistry editRegistry decideClassifications recordVisits \
    acknowledgeAlerts readStats revealIdNumbers manageUsers readAudit approveAccounts suggestClassifications \
    readSpotChecks runSpotChecks answerSpotChecks } } }";

/// The flags in the order of `ME_CAN`.
const FLAGS: [&str; 14] = [
    "readRegistry",
    "editRegistry",
    "decideClassifications",
    "recordVisits",
    "acknowledgeAlerts",
    "readStats",
    "revealIdNumbers",
    "manageUsers",
    "readAudit",
    "approveAccounts",
    "suggestClassifications",
    "readSpotChecks",
    "runSpotChecks",
    "answerSpotChecks",
];

async fn each_role_reads_what_the_policy_lets_it_do(backend: Backend) {
    let app = spawn_app(backend).await;
    let (t, f) = (true, false);
    let table: [(&str, [bool; 14]); 5] = [
        ("grid", [t, t, f, t, f, t, f, f, f, f, t, f, f, f]),
        ("village", [t, t, f, t, f, t, f, f, f, f, t, f, f, f]),
        ("town", [t, t, t, t, t, t, t, f, f, t, t, t, f, t]),
        ("district", [t, f, t, t, t, t, t, f, t, t, t, t, t, f]),
        ("admin", [f, f, f, f, f, f, f, t, t, f, f, f, f, f]),
    ];
    for (username, expected) in table {
        let token = app.login(username).await;

        let body = app.gql(&token, ME_CAN, json!({})).await;

        let can = &body["data"]["me"]["can"];
        for (flag, want) in FLAGS.iter().zip(expected) {
            assert_eq!(can[flag], Value::Bool(want), "{username}.{flag}: {body}");
        }
    }
}

async fn the_login_payload_carries_the_capabilities_too(backend: Backend) {
    let app = spawn_app(backend).await;
    let q = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { user { can { manageUsers editRegistry } } } }";

    let (_, body) = app.post(None, q, json!({ "u": "admin", "p": crate::helpers::PASSWORD })).await;

    assert_eq!(body["data"]["login"]["user"]["can"], json!({ "manageUsers": true, "editRegistry": false }), "{body}");
}

db_tests!(each_role_reads_what_the_policy_lets_it_do, the_login_payload_carries_the_capabilities_too);
