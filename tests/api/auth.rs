use entity::user;
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, sea_query::Expr};
use serde_json::json;

use crate::{
    db_tests,
    helpers::{Backend, error_code, spawn_app},
};

const ME: &str = "{ me { username role region { code } } }";

async fn every_account_logs_in_and_sees_itself(backend: Backend) {
    let app = spawn_app(backend).await;
    for (username, role, code) in [
        ("admin", "ADMIN", "120116"),
        ("district", "DISTRICT", "120116"),
        ("town", "TOWN", "120116157"),
        ("village", "VILLAGE", "120116157201"),
        ("grid", "GRID", "120116157201001"),
    ] {
        let token = app.login(username).await;
        let body = app.gql(&token, ME, json!({})).await;
        assert_eq!(body["data"]["me"]["username"], username, "{body}");
        assert_eq!(body["data"]["me"]["role"], role);
        assert_eq!(body["data"]["me"]["region"]["code"], code);
    }
}

async fn wrong_password_and_unknown_user_fail_alike(backend: Backend) {
    let app = spawn_app(backend).await;
    let q = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }";

    let (_, wrong) = app.post(None, q, json!({ "u": "town", "p": "not-the-password" })).await;
    let (_, unknown) = app.post(None, q, json!({ "u": "nobody", "p": "not-the-password" })).await;

    assert_eq!(error_code(&wrong), Some("UNAUTHENTICATED"));
    assert_eq!(wrong["errors"][0]["message"], unknown["errors"][0]["message"]);
    assert_eq!(error_code(&unknown), Some("UNAUTHENTICATED"));
}

async fn requests_without_a_valid_token_are_unauthenticated(backend: Backend) {
    let app = spawn_app(backend).await;

    let (_, anonymous) = app.post(None, ME, json!({})).await;
    let (status, forged) = app.post(Some("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."), ME, json!({})).await;

    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
    assert_eq!(status, 401);
    assert_eq!(error_code(&forged), Some("UNAUTHENTICATED"));
}

async fn a_deactivated_user_is_refused_on_the_next_request(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.login("village").await;
    assert!(app.gql(&token, ME, json!({})).await["data"]["me"].is_object());

    user::Entity::update_many()
        .col_expr(user::Column::Active, Expr::value(false))
        .filter(user::Column::Username.eq("village"))
        .exec(&app.db)
        .await
        .unwrap();
    let (status, body) = app.post(Some(&token), ME, json!({})).await;

    assert_eq!(status, 401);
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"));
}

db_tests!(
    every_account_logs_in_and_sees_itself,
    wrong_password_and_unknown_user_fail_alike,
    requests_without_a_valid_token_are_unauthenticated,
    a_deactivated_user_is_refused_on_the_next_request,
);
