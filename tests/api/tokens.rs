//! Forged and stale tokens, and read-only dashboard tokens.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use crate::{
    db_tests,
    helpers::{Backend, TestApp, error_code, person, spawn_app},
};

const ME: &str = "{ me { username } }";
const SECRET: &[u8] = b"test-secret-test-secret-test-secret";

async fn user_id(app: &TestApp) -> String {
    let town = app.login("town").await;
    app.gql(&town, "{ me { id } }", json!({})).await["data"]["me"]["id"].as_str().unwrap().to_owned()
}

fn sign(claims: &Value, key: &[u8]) -> String {
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(key).unwrap()).unwrap()
}

fn unsigned(claims: &Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    format!("{header}.{}.", URL_SAFE_NO_PAD.encode(claims.to_string()))
}

async fn forged_expired_and_misaddressed_tokens_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let sub = user_id(&app).await;
    let now = chrono::Utc::now().timestamp();
    let good = json!({ "sub": sub, "iat": now, "exp": now + 600, "iss": "liushou", "aud": "liushou-api" });
    let with = |k: &str, v: Value| {
        let mut c = good.clone();
        c[k] = v;
        c
    };
    assert!(app.gql(&sign(&good, SECRET), ME, json!({})).await["data"]["me"].is_object(), "the control works");

    let attacks = [
        ("alg none", unsigned(&good)),
        ("wrong key", sign(&good, b"some-other-secret-some-other-secret")),
        ("expired", sign(&with("exp", json!(now - 3600)), SECRET)),
        ("exp of the wrong type", sign(&with("exp", json!("tomorrow")), SECRET)),
        ("wrong audience", sign(&with("aud", json!("another-app")), SECRET)),
        ("wrong issuer", sign(&with("iss", json!("mallory")), SECRET)),
        ("no expiry", sign(&json!({ "sub": sub, "iss": "liushou", "aud": "liushou-api" }), SECRET)),
        ("garbage", "not.a.token".to_owned()),
    ];
    for (name, token) in attacks {
        let (status, body) = app.post(Some(&token), ME, json!({})).await;
        assert_eq!((status, error_code(&body)), (401, Some("UNAUTHENTICATED")), "{name}: {body}");
    }
}

async fn a_dashboard_reads_suppressed_aggregates_and_nothing_else(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    for i in 0..6 {
        let h = app.create_household(&grid, &app.regions().grid, &format!("渡口村5排{i}号")).await;
        if i == 0 {
            app.add_person(&grid, &h, person("赵甲")).await;
        }
    }
    let board = app.dashboard_token(&app.regions().town).await;
    let stats = "{ stats { totals { households people } children { region { code } figures { households } } } }";

    let body = app.gql(&board, stats, json!({})).await;
    let households = app.gql(&board, "{ households { totalCount } }", json!({})).await;
    let me = app.gql(&board, ME, json!({})).await;
    let (status, mutation) = app
        .post(
            Some(&board),
            "mutation($i: HouseholdInput!) { createHousehold(input: $i) { id } }",
            json!({ "i": { "regionId": app.regions().grid.id.to_string(), "address": "x" } }),
        )
        .await;
    let outside = app
        .gql(
            &board,
            "query($r: ID) { stats(regionId: $r) { totals { households } } }",
            json!({ "r": app.regions().town2.id.to_string() }),
        )
        .await;

    assert_eq!(
        body["data"]["stats"]["totals"],
        json!({ "households": 6, "people": null }),
        "1 person is suppressed: {body}"
    );
    assert_eq!(body["data"]["stats"]["children"][0]["figures"]["households"], 6);
    assert_eq!(body["data"]["stats"]["children"][1]["figures"]["households"], 0, "zero is not identifying");
    assert_eq!(error_code(&households), Some("FORBIDDEN"));
    assert_eq!(error_code(&me), Some("FORBIDDEN"));
    assert_eq!((status, error_code(&mutation)), (403, Some("FORBIDDEN")));
    assert_eq!(error_code(&outside), Some("NOT_FOUND"));
}

async fn revoked_and_expired_dashboard_tokens_stop_working(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.login("admin").await;
    let created = app
        .gql(
            &admin,
            "mutation($r: ID!) { createApiToken(name: \"区看板\", regionId: $r) { token apiToken { id } } }",
            json!({ "r": app.regions().district.id.to_string() }),
        )
        .await;
    let token = created["data"]["createApiToken"]["token"].as_str().unwrap().to_owned();
    let id = created["data"]["createApiToken"]["apiToken"]["id"].as_str().unwrap().to_owned();
    let stats = "{ stats { totals { households } } }";
    assert!(app.gql(&token, stats, json!({})).await["data"]["stats"].is_object());
    let past = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    let expired = app
        .gql(
            &admin,
            "mutation($r: ID!, $e: DateTime) { createApiToken(name: \"旧\", regionId: $r, expiresAt: $e) { token } }",
            json!({ "r": app.regions().district.id.to_string(), "e": past }),
        )
        .await;

    let revoked = app.gql(&admin, "mutation($id: ID!) { revokeApiToken(id: $id) }", json!({ "id": id })).await;
    let (status, after) = app.post(Some(&token), stats, json!({})).await;

    assert!(expired["errors"][0]["extensions"]["fields"]["expiresAt"].is_string(), "{expired}");
    assert_eq!(revoked["data"]["revokeApiToken"], true);
    assert_eq!((status, error_code(&after)), (401, Some("UNAUTHENTICATED")));
}

db_tests!(
    forged_expired_and_misaddressed_tokens_are_refused,
    a_dashboard_reads_suppressed_aggregates_and_nothing_else,
    revoked_and_expired_dashboard_tokens_stop_working,
);
