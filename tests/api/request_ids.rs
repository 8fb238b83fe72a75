//! Request ids: what a client may put in `X-Request-Id`, and how long a
//! PostgreSQL statement may run.

use entity::audit_log;
use sea_orm::{ColumnTrait as _, ConnectionTrait as _, EntityTrait as _, QueryFilter as _, QueryOrder as _};
use serde_json::{Value, json};

use crate::{
    db_tests,
    helpers::{Backend, LOGIN, PASSWORD, TestApp, spawn_app},
};

/// Logs in `town` sending `request_id`; the answer, the id the response
/// carries, and the id of the audit row the login wrote.
async fn login_with_request_id(app: &TestApp, request_id: &str) -> (Value, String, Option<String>) {
    let res = app
        .http
        .post(format!("{}/graphql", app.base))
        .header("x-request-id", reqwest::header::HeaderValue::from_bytes(request_id.as_bytes()).unwrap())
        .json(&json!({ "query": LOGIN, "variables": { "u": "town", "p": PASSWORD } }))
        .send()
        .await
        .unwrap();
    let echoed = res.headers().get("x-request-id").unwrap().to_str().unwrap().to_owned();
    let body: Value = res.json().await.unwrap();
    let row = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("login.success"))
        .order_by_desc(audit_log::Column::Seq)
        .one(&app.db)
        .await
        .unwrap();
    (body, echoed, row.and_then(|r| r.request_id))
}

async fn an_unsafe_request_id_is_replaced_by_a_generated_one(backend: Backend) {
    let app = spawn_app(backend).await;
    for sent in
        ["r".repeat(2048), "a".repeat(65), "two words".into(), "<script>alert(1)</script>".into(), "ид-запроса".into()]
    {
        let (body, echoed, stored) = login_with_request_id(&app, &sent).await;

        assert!(body["data"]["login"]["token"].is_string(), "{body}");
        assert_ne!(echoed, sent);
        assert!(uuid::Uuid::parse_str(&echoed).is_ok(), "a generated id: {echoed}");
        assert_eq!(stored.as_deref(), Some(echoed.as_str()), "the audit row carries the id the client was told");
    }
}

async fn a_short_plain_request_id_is_kept_as_sent(backend: Backend) {
    let app = spawn_app(backend).await;
    let sent = format!("office-7.retry_{}", "x".repeat(49));
    assert_eq!(sent.len(), 64);

    let (body, echoed, stored) = login_with_request_id(&app, &sent).await;

    assert!(body["data"]["login"]["token"].is_string(), "{body}");
    assert_eq!(echoed, sent);
    assert_eq!(stored.as_deref(), Some(sent.as_str()));
}

db_tests!(an_unsafe_request_id_is_replaced_by_a_generated_one, a_short_plain_request_id_is_kept_as_sent);

/// PostgreSQL only: SQLite has no statement timeout (its statements run in
/// the server's process; lock waits are bounded by sqlx's busy timeout).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_statements_run_under_a_timeout() {
    let app = spawn_app(Backend::Postgres).await;

    let timeout =
        app.db.query_one_raw(sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, "SHOW statement_timeout"));
    let row = timeout.await.unwrap().unwrap();
    let value: String = row.try_get("", "statement_timeout").unwrap();

    assert_eq!(value, format!("{}s", liushou::db::DEFAULT_STATEMENT_TIMEOUT.as_secs()));
}
