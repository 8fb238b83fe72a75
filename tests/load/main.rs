//! Load tests, in a binary of their own so that no other test shares the
//! process whose memory they read. Loopback only, bounded in count and time.

#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

#[path = "../api/helpers.rs"]
#[expect(dead_code, reason = "shared with the api suite, which uses the rest")]
mod helpers;

use std::{
    net::{IpAddr, Ipv4Addr},
    time::Duration,
};

use helpers::{Backend, LOGIN, TestApp, error_code, spawn_app};
use serde_json::{Value, json};

/// Concurrent logins in the burst.
const BURST: usize = 300;
/// Client addresses the burst comes from (127.0.0.10 onwards), few enough
/// logins each to stay under the per-address limit, so that every login
/// that gets a slot really has its password checked.
const ADDRESSES: usize = 30;
/// The bound on resident memory during the burst.
const MAX_RSS_MIB: u64 = 200;

/// The two backends' tests read the same process's memory: one at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A field of `/proc/self/status` in KiB (`VmHWM`, `VmRSS`).
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap_or_else(|| panic!("{field} in {status}"));
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Resets `VmHWM` to the current resident size (Linux 4.0+).
fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").expect("resetting the peak RSS");
}

async fn login_from(client: reqwest::Client, base: String, name: String) -> Value {
    let res = client
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": LOGIN, "variables": { "u": name, "p": "not-the-password" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200, "a refusal is an answer, never a server error");
    res.json().await.unwrap()
}

async fn burst(app: &TestApp) -> Vec<Value> {
    let clients: Vec<reqwest::Client> = (0..ADDRESSES)
        .map(|i| {
            let ip = Ipv4Addr::new(127, 0, 0, u8::try_from(10 + i).unwrap());
            reqwest::Client::builder().local_address(IpAddr::V4(ip)).build().unwrap()
        })
        .collect();
    let mut logins = tokio::task::JoinSet::new();
    for i in 0..BURST {
        logins.spawn(login_from(clients[i % ADDRESSES].clone(), app.base.clone(), format!("flood-{i}")));
    }
    tokio::time::timeout(Duration::from_secs(120), logins.join_all()).await.expect("the burst is answered")
}

async fn a_burst_of_logins_for_unknown_names_keeps_memory_flat(backend: Backend) {
    let _alone = ONE_AT_A_TIME.lock().await;
    let app = spawn_app(backend).await;
    app.login("town").await;
    reset_peak();
    let before = status_kib("VmRSS:");

    let answers = burst(&app).await;
    let peak = status_kib("VmHWM:");

    let checked = answers.iter().filter(|b| error_code(b) == Some("UNAUTHENTICATED")).count();
    let refused = answers.iter().filter(|b| error_code(b) == Some("RATE_LIMITED")).count();
    report(backend, before, peak, checked, refused);
    assert_eq!(checked + refused, BURST, "no INTERNAL, no other answer: {answers:?}");
    assert!(checked > 0, "some passwords were checked, not all refused");
    assert!(peak < MAX_RSS_MIB * 1024, "peak RSS {} MiB during the burst", peak / 1024);
    assert!(app.try_login("town", helpers::PASSWORD).await["data"]["login"]["token"].is_string());
}

/// The figures, for the log of a run (`--nocapture`).
fn report(backend: Backend, before: u64, peak: u64, checked: usize, refused: usize) {
    eprintln!(
        "{backend:?}: RSS {} MiB before, peak {} MiB during {BURST} logins; {checked} checked, {refused} refused",
        before / 1024,
        peak / 1024
    );
}

db_tests!(a_burst_of_logins_for_unknown_names_keeps_memory_flat);
