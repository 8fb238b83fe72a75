//! Requests that used to take the whole process down or keep it busy for
//! seconds, sent to the real binary: each is refused with `VALIDATION`
//! naming the part of the request at fault, and the server still answers.

use serde_json::{Value, json};

use crate::{
    db_tests,
    helpers::{Backend, error_code},
    real_server::RealServer,
};

/// The field named in `extensions.fields` of the first error.
fn faulty_field(body: &Value) -> Option<String> {
    body["errors"][0]["extensions"]["fields"].as_object()?.keys().next().cloned()
}

async fn nesting_that_overflowed_the_stack_is_refused_and_the_server_stays_up(backend: Backend) {
    let mut server = RealServer::start(backend).await;
    let token = server.login("town").await;
    let lists = format!("{{households(first:{}1{}){{totalCount}}}}", "[".repeat(1600), "]".repeat(1600));
    let objects = format!(
        "mutation {{ createHousehold(input: {}regionId: \"x\"{}) {{ id }} }}",
        "{a: ".repeat(1300),
        "}".repeat(1300)
    );
    // An unclosed `"""` parses as `""` and a plain string: the list behind it is code.
    let block_string_trick =
        format!("{{households(first:[\"\"\" x\" {}1{}){{totalCount}}}}", "[".repeat(1600), "]".repeat(1601));
    let cases: [(&str, String, Option<&str>); 4] = [
        ("nested list arguments", lists, None),
        ("nested input objects", objects, Some(token.as_str())),
        ("a list behind an unclosed block string", block_string_trick, None),
        ("nested selection sets", format!("{}me{}", "{a".repeat(3000), "}".repeat(3000)), None),
    ];

    for (what, query, token) in cases {
        let (status, body) = server.post(token, &query, json!({})).await;

        assert_eq!((status, error_code(&body)), (200, Some("VALIDATION")), "{what}: {body}");
        assert_eq!(faulty_field(&body).as_deref(), Some("query"), "{what}: {body}");
        server.assert_alive(what).await;
    }
}

async fn deeply_nested_variables_are_refused_and_the_server_stays_up(backend: Backend) {
    let mut server = RealServer::start(backend).await;
    let deep = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let query = "query($f: HouseholdFilter) { households(filter: $f) { totalCount } }";

    for depth in [40, 30_000] {
        let body = format!(r#"{{"query": "{query}", "variables": {{"f": {}}}}}"#, deep(depth));
        let (status, body) = server.post_raw(None, body.into_bytes()).await;

        assert_eq!((status, error_code(&body)), (200, Some("VALIDATION")), "depth {depth}: {body}");
        assert_eq!(faulty_field(&body).as_deref(), Some("variables"), "depth {depth}: {body}");
        server.assert_alive(&format!("variables nested {depth} deep")).await;
    }
}

async fn fragment_fan_out_is_refused_before_validation_and_the_server_stays_up(backend: Backend) {
    let mut server = RealServer::start(backend).await;
    let token = server.login("grid").await;
    let doubling = |n: usize, last: &str| {
        let spreads: String =
            (0..n).map(|i| format!("fragment F{i} on User {{ ...F{j} ...F{j} }} ", j = i + 1)).collect();
        format!("{{ me {{ ...F0 }} }} {spreads} fragment F{n} on User {{ {last} }}")
    };
    let cases = [
        // The issue's 872 bytes: 2^24 expansions, seconds of CPU in one poll.
        ("24 doubling fragments", doubling(24, "username")),
        ("a doubling cycle", doubling(20, "...F0")),
    ];

    for (what, query) in cases {
        let (status, body) = server.post(Some(&token), &query, json!({})).await;

        assert_eq!((status, error_code(&body)), (200, Some("VALIDATION")), "{what}: {body}");
        assert_eq!(faulty_field(&body).as_deref(), Some("query"), "{what}: {body}");
        server.assert_alive(what).await;
    }
}

db_tests!(
    nesting_that_overflowed_the_stack_is_refused_and_the_server_stays_up,
    deeply_nested_variables_are_refused_and_the_server_stays_up,
    fragment_fan_out_is_refused_before_validation_and_the_server_stays_up,
);
