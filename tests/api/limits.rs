use serde_json::json;

use crate::{
    db_tests,
    helpers::{Backend, error_code, spawn_app},
};

async fn too_many_aliases_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.login("town").await;
    let fields: String = (0..40).map(|i| format!("a{i}: me {{ username }} ")).collect();

    let body = app.gql(&token, &format!("{{ {fields} }}"), json!({})).await;

    assert_eq!(error_code(&body), Some("VALIDATION"), "{body}");
    assert!(body["data"].is_null());
}

async fn too_deep_queries_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.login("town").await;
    let deep = "{ households { edges { node { members { father { household { members { mother { household { members { spouse { household { members { name } } } } } } } } } } } } } }";

    let body = app.gql(&token, deep, json!({})).await;

    assert!(
        body["errors"][0]["message"].as_str().unwrap().contains("too deep") || error_code(&body) == Some("VALIDATION"),
        "{body}"
    );
    assert!(body["data"].is_null());
}

async fn oversized_bodies_are_refused_before_parsing(backend: Backend) {
    let app = spawn_app(backend).await;
    let padding = "#".repeat(70 * 1024);

    let res = app
        .http
        .post(format!("{}/graphql", app.base))
        .json(&json!({ "query": format!("{{ me {{ username }} }} {padding}") }))
        .send()
        .await
        .unwrap();

    assert_eq!(res.status().as_u16(), 413);
}

async fn introspection_is_off_in_production(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.login("town").await;

    let body = app.gql(&token, "{ __schema { types { name } } }", json!({})).await;

    assert!(body["data"].is_null() || body["data"]["__schema"].is_null(), "{body}");
}

db_tests!(
    too_many_aliases_are_refused,
    too_deep_queries_are_refused,
    oversized_bodies_are_refused_before_parsing,
    introspection_is_off_in_production,
);
