//! `/metrics` (#15) from the real binary, on the address of its own that
//! `LIUSHOU_METRICS_BIND` gives: requests by operation and outcome with
//! their latencies, the pools in use, nothing on the public port.

use serde_json::json;

use crate::db_tests;
use crate::helpers::Backend;
use crate::real_server::RealServer;

async fn scrape(server: &RealServer) -> String {
    let res = server.http.get(format!("http://{}/metrics", server.metrics)).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    res.text().await.unwrap()
}

async fn requests_are_counted_by_operation_and_outcome_on_a_separate_port(backend: Backend) {
    let server = RealServer::start(backend).await;
    let token = server.login("grid").await;
    for _ in 0..3 {
        let (_, body) = server.post(Some(&token), "query Mine { me { username } }", json!({})).await;
        assert!(body["errors"].is_null(), "{body}");
    }
    let (_, refused) =
        server.post(Some(&token), "query Paged { households(first: -1) { totalCount } }", json!({})).await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "VALIDATION");
    let (status, _) = server.post(Some("not-a-token"), "query Mine { me { username } }", json!({})).await;
    assert_eq!(status, 401);

    let text = scrape(&server).await;
    let has = |line: &str| text.lines().any(|l| l == line);
    assert!(has(r#"liushou_graphql_requests_total{operation="Mine",outcome="ok"} 3"#), "{text}");
    assert!(has(r#"liushou_graphql_requests_total{operation="Paged",outcome="VALIDATION"} 1"#), "{text}");
    assert!(has(r#"liushou_graphql_requests_total{operation="Mine",outcome="UNAUTHENTICATED"} 1"#), "{text}");
    assert!(text.contains(r#"liushou_graphql_request_seconds_count{operation="Mine"} 4"#), "{text}");
    assert!(text.contains(r#"liushou_db_connections{pool="requests",state="in_use"}"#), "{text}");
    assert!(text.contains(r#"liushou_db_connections{pool="system",state="idle"}"#), "{text}");
    // Discovery runs at start-up on a fresh database, beside the requests
    // above: it may still be running at the first scrape.
    let job = r#"liushou_job_runs_total{job="discovery.daily",outcome="ok"} 1"#;
    let mut scraped = text.clone();
    for _ in 0..120 {
        if scraped.contains(job) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        scraped = scrape(&server).await;
    }
    assert!(scraped.contains(job), "{scraped}");

    let public = server.http.get(format!("{}/metrics", server.base)).send().await.unwrap();
    let body = public.text().await.unwrap();
    assert!(!body.contains("liushou_graphql_requests_total"), "metrics must not be on the public port");
}

db_tests!(requests_are_counted_by_operation_and_outcome_on_a_separate_port);
