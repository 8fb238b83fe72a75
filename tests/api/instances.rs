//! Several server instances on one PostgreSQL (#15): two servers, each with
//! its own pools and process state, behind whatever load balancer. They
//! answer alike, and every limit the system promises is kept in the
//! database, so alternating between them buys nothing: login throttling,
//! the hourly reveal limit, and the daily job, which runs once.

use entity::audit_log;
use liushou::discovery::{job, lease::Lease, schedule};
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
use serde_json::json;

use crate::helpers::{Backend, PASSWORD, error_code, id_number, spawn_app};

const REVEAL: &str = "mutation($p: ID!, $r: String!) { revealIdNumber(personId: $p, reason: $r) }";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_give_the_same_answers_to_the_same_token() {
    let a = spawn_app(Backend::Postgres).await;
    let b = a.second_instance().await;
    let grid = a.login("grid").await;
    a.create_household(&grid, &a.regions().grid, "渡口村9排1号").await;
    // Written through B, read through A and the other way round.
    b.create_household(&grid, &a.regions().grid, "渡口村9排2号").await;
    let query = "{ me { username role } households(first: 10) { totalCount edges { node { address } } } }";
    let (from_a, from_b) = (a.gql(&grid, query, json!({})).await, b.gql(&grid, query, json!({})).await);
    assert!(from_a["errors"].is_null(), "{from_a}");
    assert_eq!(from_a, from_b);
    assert_eq!(from_a["data"]["households"]["totalCount"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_spread_over_two_instances_lock_the_name_on_both() {
    let a = std::sync::Arc::new(spawn_app(Backend::Postgres).await);
    let b = std::sync::Arc::new(a.second_instance().await);
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..20 {
        let server = if i % 2 == 0 { a.clone() } else { b.clone() };
        guesses.spawn(async move { server.try_login("village", &format!("guess-{i}-wrong")).await });
    }
    let answers = guesses.join_all().await;
    let checked = answers.iter().filter(|b| error_code(b) == Some("UNAUTHENTICATED")).count();
    assert_eq!(checked, 5, "five passwords checked across both instances: {answers:?}");
    for server in [&a, &b] {
        let right = server.try_login("village", PASSWORD).await;
        assert_eq!(error_code(&right), Some("RATE_LIMITED"), "{right}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hourly_reveal_limit_holds_across_instances() {
    let a = std::sync::Arc::new(spawn_app(Backend::Postgres).await);
    let b = std::sync::Arc::new(a.second_instance().await);
    let grid = a.login("grid").await;
    let household = a.create_household(&grid, &a.regions().grid, "渡口村9排3号").await;
    let input = json!({ "name": "李奶奶", "idNumber": id_number("19450808", false, 2),
        "relationToHead": "HEAD", "residenceStatus": "AT_HOME" });
    let person = a.add_person(&grid, &household, input).await;
    let town = a.login("town").await;

    let mut reveals = tokio::task::JoinSet::new();
    for i in 0..40 {
        let server = if i % 2 == 0 { a.clone() } else { b.clone() };
        let (town, person) = (town.clone(), person.clone());
        reveals.spawn(async move { server.gql(&town, REVEAL, json!({ "p": person, "r": "两台服务器核对" })).await });
    }
    let answers = reveals.join_all().await;
    let revealed = answers.iter().filter(|b| b["data"]["revealIdNumber"].is_string()).count();
    let limited = answers.iter().filter(|b| error_code(b) == Some("RATE_LIMITED")).count();
    assert_eq!((revealed, limited), (20, 20), "{answers:?}");
    let on_record = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("person.reveal_id_number"))
        .all(&a.db)
        .await
        .unwrap();
    assert_eq!(on_record.len(), 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daily_job_runs_once_whichever_instances_try() {
    let a = spawn_app(Backend::Postgres).await;
    let b = a.second_instance().await;
    // Each instance's scheduler tries at start and every hour; here both
    // try at the same moment, twice.
    let lease = || Lease::new(job::JOB, schedule::LEASE_TTL);
    let (la, lb) = (lease(), lease());
    let (ra, rb) = tokio::join!(schedule::run_if_due(&a.db, &la), schedule::run_if_due(&b.db, &lb));
    let ran = [ra.unwrap(), rb.unwrap()].iter().filter(|r| r.is_some()).count();
    assert_eq!(ran, 1, "exactly one instance ran today's discovery");
    let (again_a, again_b) =
        (schedule::run_if_due(&a.db, &la).await.unwrap(), schedule::run_if_due(&b.db, &lb).await.unwrap());
    assert!(again_a.is_none() && again_b.is_none(), "done for today on every instance");
}
