//! What a request must look like before anything runs: JSON only, no
//! control or invisible characters in any string, and the security headers
//! on every answer.

use base64::Engine as _;
use liushou::config::Mode;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use crate::{
    db_tests,
    helpers::{Backend, LOGIN, PASSWORD, TestApp, error_code, person, spawn_app, spawn_app_with},
};

fn fields(body: &Value) -> Vec<String> {
    body["errors"][0]["extensions"]["fields"].as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default()
}

async fn control_and_invisible_characters_are_refused_in_any_field_and_nothing_is_saved(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let household = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let add = "mutation($h: ID!, $i: PersonInput!) { addPerson(householdId: $h, input: $i) { id health } }";
    let refused = [
        ("NUL", "\u{0}"),
        ("ESC", "\u{1b}[31m"),
        ("BEL", "\u{7}"),
        ("a lone CR", "\r"),
        ("right-to-left override", "\u{202e}"),
        ("left-to-right embedding", "\u{202a}"),
        ("first-strong isolate", "\u{2068}"),
        ("zero-width space", "\u{200b}"),
        ("zero-width joiner", "\u{200d}"),
        ("word joiner", "\u{2060}"),
        ("byte-order mark", "\u{feff}"),
    ];

    for (what, bad) in refused {
        let body = app.gql(&grid, add, json!({ "h": household, "i": person(&format!("王{bad}明")) })).await;

        assert_eq!(error_code(&body), Some("VALIDATION"), "{what}: {body}");
        assert_eq!(fields(&body), ["name"], "{what}: {body}");
    }
    // Inline in the document rather than in a variable, as a GraphQL escape.
    let literal = format!(
        "mutation {{ createHousehold(input: {{ regionId: \"{}\", address: \"渡口村\\u0000号\" }}) {{ id }} }}",
        app.regions().grid.id
    );
    let body = app.gql(&grid, &literal, json!({})).await;
    assert_eq!((error_code(&body), fields(&body)), (Some("VALIDATION"), vec!["address".to_owned()]), "{body}");

    let people = app.gql(&grid, "{ people { totalCount } households { totalCount } }", json!({})).await;
    assert_eq!(people["data"]["people"]["totalCount"], 0, "{people}");
    assert_eq!(people["data"]["households"]["totalCount"], 1, "{people}");
}

async fn line_breaks_and_tabs_stay_allowed_in_free_text(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let household = app.create_household(&grid, &app.regions().grid, "渡口村1排2号").await;
    let health = "高血压\n按时服药\t情况稳定\r\n复查";
    let mut input = person("李 秀兰");
    input["health"] = json!(health);

    let body = app
        .gql(
            &grid,
            "mutation($h: ID!, $i: PersonInput!) { addPerson(householdId: $h, input: $i) { name health } }",
            json!({ "h": household, "i": input }),
        )
        .await;

    assert_eq!(body["data"]["addPerson"]["health"], health, "{body}");
}

async fn posts_that_are_not_json_are_refused_before_anything_runs(backend: Backend) {
    let app = spawn_app(backend).await;
    let login = json!({
        "query": LOGIN,
        "variables": { "u": "town", "p": PASSWORD },
    })
    .to_string();

    for content_type in
        [Some("text/plain"), Some("application/x-www-form-urlencoded"), Some("multipart/form-data; boundary=x"), None]
    {
        let mut req = app.http.post(format!("{}/graphql", app.base)).body(login.clone());
        if let Some(content_type) = content_type {
            req = req.header("content-type", content_type);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let body: Value = res.json().await.unwrap();

        assert_eq!((status, error_code(&body)), (415, Some("VALIDATION")), "{content_type:?}: {body}");
        assert!(body["data"].is_null(), "{content_type:?}: {body}");
    }
    let (_, body) = post_json(&app, "application/json; charset=utf-8", login).await;
    assert!(body["data"]["login"]["token"].is_string(), "JSON still logs in: {body}");
}

/// POSTs `body` as it is, under `content_type`.
async fn post_json(app: &TestApp, content_type: &str, body: String) -> (u16, Value) {
    let res =
        app.http.post(format!("{}/graphql", app.base)).header("content-type", content_type).body(body).send().await;
    let res = res.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn a_body_that_is_not_a_graphql_request_is_a_bad_request(backend: Backend) {
    let app = spawn_app(backend).await;

    for body in ["{\"query\": ", "[{\"query\": \"{ me { id } }\"}]", "\"{ me { id } }\""] {
        let (status, answer) = post_json(&app, "application/json", body.to_owned()).await;

        assert_eq!((status, error_code(&answer)), (400, Some("VALIDATION")), "{body}: {answer}");
    }
}

async fn every_response_carries_the_security_headers(backend: Backend) {
    let web = std::env::temp_dir().join(format!("liushou-csp-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&web).unwrap();
    let script = "import init from '/app.js?v=1'; init({ module_or_path: '/app_bg.wasm?v=1' });";
    let index = format!(
        "<!DOCTYPE html><html><head><style>body {{ margin: 0 }}</style>\n<script type=\"module\">{script}</script>\n</head></html>"
    );
    std::fs::write(web.join("index.html"), index).unwrap();
    let app = spawn_app_with(backend, Mode::Production, Some(web.clone())).await;
    let digest = |s: &str| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes()));
    let requests = [
        ("the app", app.http.get(format!("{}/", app.base))),
        ("a deep link", app.http.get(format!("{}/households/x", app.base))),
        ("/healthz", app.http.get(format!("{}/healthz", app.base))),
        ("a query", app.http.post(format!("{}/graphql", app.base)).json(&json!({ "query": "{ me { id } }" }))),
        ("a refused post", app.http.post(format!("{}/graphql", app.base)).body("x")),
    ];

    for (what, req) in requests {
        let res = req.send().await.unwrap();
        let header = |name: &str| res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();

        assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
        assert_eq!(header("x-frame-options"), "DENY", "{what}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{what}");
        let csp = header("content-security-policy");
        for part in [
            "default-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "'wasm-unsafe-eval'",
            &format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{}'", digest(script)),
            &format!("style-src 'self' 'sha256-{}'", digest("body { margin: 0 }")),
        ] {
            assert!(csp.contains(part), "{what}: {part} missing from {csp}");
        }
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("http"),
            "{what}: no inline code, no remote origin: {csp}"
        );
    }
    let _ = std::fs::remove_dir_all(web);
}

db_tests!(
    control_and_invisible_characters_are_refused_in_any_field_and_nothing_is_saved,
    line_breaks_and_tabs_stay_allowed_in_free_text,
    posts_that_are_not_json_are_refused_before_anything_runs,
    a_body_that_is_not_a_graphql_request_is_a_bad_request,
    every_response_carries_the_security_headers,
);
