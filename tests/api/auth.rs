use entity::{audit_log, user};
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _, sea_query::Expr};
use serde_json::json;

use crate::{
    db_tests,
    helpers::{Backend, PASSWORD, TestApp, error_code, spawn_app},
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

/// Audit rows of `action`.
async fn audited(app: &TestApp, action: &str) -> u64 {
    audit_log::Entity::find().filter(audit_log::Column::Action.eq(action)).count(&app.db).await.unwrap()
}

async fn parallel_guesses_for_one_account_check_at_most_five_passwords(backend: Backend) {
    let app = std::sync::Arc::new(spawn_app(backend).await);

    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..40 {
        let app = app.clone();
        guesses.spawn(async move { app.try_login("village", &format!("guess-number-{i}")).await });
    }
    let answers: Vec<_> = guesses.join_all().await;
    let checked = answers.iter().filter(|b| error_code(b) == Some("UNAUTHENTICATED")).count();
    let refused = answers.iter().filter(|b| error_code(b) == Some("RATE_LIMITED")).count();
    let right = app.try_login("village", PASSWORD).await;

    assert_eq!((checked, refused), (5, 35), "every answer is one or the other: {answers:?}");
    assert_eq!(audited(&app, "login.attempt").await, 5, "each checked guess was recorded before its check");
    assert_eq!(audited(&app, "login.failed").await, 5);
    assert_eq!(error_code(&right), Some("RATE_LIMITED"), "{right}");
}

async fn successful_logins_are_never_counted_as_failures(backend: Backend) {
    let app = spawn_app(backend).await;
    for _ in 0..4 {
        app.try_login("grid", "not-the-password").await;
    }

    let mut tokens = Vec::new();
    for _ in 0..6 {
        tokens.push(app.try_login("grid", PASSWORD).await);
    }
    let one_more_wrong = app.try_login("grid", "not-the-password").await;

    for body in &tokens {
        assert!(body["data"]["login"]["token"].is_string(), "{body}");
    }
    assert_eq!(error_code(&one_more_wrong), Some("UNAUTHENTICATED"), "the fifth failure is still checked");
}

/// An app where `town` has logged in once, after which twenty logins
/// failed from the same address (an office's), spread over names so that
/// no name reaches its own limit.
async fn busy_office(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    app.login("town").await;
    for i in 0..20 {
        app.try_login(&format!("typo-{}", i % 5), "not-the-password").await;
    }
    app
}

async fn a_busy_office_address_still_lets_in_the_staff_who_log_in_there(backend: Backend) {
    let app = busy_office(backend).await;

    let regular = app.try_login("town", PASSWORD).await;
    let newcomer = app.try_login("village", PASSWORD).await;
    let unknown = app.try_login("typo-9", "not-the-password").await;

    assert!(regular["data"]["login"]["token"].is_string(), "a name that logged in here before: {regular}");
    assert_eq!(error_code(&newcomer), Some("RATE_LIMITED"), "never seen at this address: {newcomer}");
    assert_eq!(error_code(&unknown), Some("RATE_LIMITED"), "{unknown}");
}

async fn a_known_name_at_a_busy_address_keeps_its_own_limit(backend: Backend) {
    let app = busy_office(backend).await;

    for _ in 0..5 {
        let body = app.try_login("town", "not-the-password").await;
        assert_eq!(error_code(&body), Some("UNAUTHENTICATED"), "{body}");
    }
    let right = app.try_login("town", PASSWORD).await;

    assert_eq!(error_code(&right), Some("RATE_LIMITED"), "{right}");
}

db_tests!(
    parallel_guesses_for_one_account_check_at_most_five_passwords,
    successful_logins_are_never_counted_as_failures,
    a_busy_office_address_still_lets_in_the_staff_who_log_in_there,
    a_known_name_at_a_busy_address_keeps_its_own_limit,
    every_account_logs_in_and_sees_itself,
    wrong_password_and_unknown_user_fail_alike,
    requests_without_a_valid_token_are_unauthenticated,
    a_deactivated_user_is_refused_on_the_next_request,
);
