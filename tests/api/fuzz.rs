//! A bounded fuzz run against the real binary: valid documents and
//! variables, mutated at random, sent by anonymous callers and by several
//! roles. Whatever comes in, the server answers below 500, every error
//! carries a stable `extensions.code` other than `INTERNAL`, and the
//! process is still up at the end.
//!
//! Runs `LIUSHOU_FUZZ_SECONDS` (default 3) per database. The seed is
//! printed; `LIUSHOU_FUZZ_SEED=<seed>` replays the same cases in order.

use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng as _, rngs::StdRng, seq::IndexedRandom as _};
use serde_json::{Value, json};

use crate::{db_tests, helpers::Backend, real_server::RealServer};

const CODES: [&str; 6] = ["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "VALIDATION", "CONFLICT", "RATE_LIMITED"];

/// Pieces of GraphQL and of hostile text spliced into documents.
const SPLICES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "\"",
    "\"\"\"",
    "#",
    "\n",
    ",",
    ":",
    "$",
    "@",
    "!",
    "...",
    "$v",
    "__typename",
    "...on Query{__typename}",
    "@skip(if: true)",
    "@include(if: $v)",
    "first: -1",
    "first: 100000000000",
    "after: \"bm90LWEtY3Vyc29y\"",
    "fragment X on User { id } ",
    "...X",
    "\\u0000",
    "\\u202e",
    "\\uD800",
    "\u{0}",
    "\u{202e}",
    "\u{200b}",
    "字",
    "😀",
    "mutation",
    "subscription",
    "query",
    "null",
    "1e400",
];

async fn mutated_requests_never_crash_the_server_or_lose_their_error_code(backend: Backend) {
    let seed = std::env::var("LIUSHOU_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(rand::random);
    let seconds = std::env::var("LIUSHOU_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    eprintln!("fuzz on {backend:?}: seed {seed}, {seconds} s (replay with LIUSHOU_FUZZ_SEED={seed})");
    let mut server = RealServer::start(backend).await;
    let grid = server.login("grid").await;
    let tokens = [
        None,
        Some(grid.clone()),
        Some(server.login("town").await),
        Some(server.login("district").await),
        Some(server.login("admin").await),
    ];
    let household = household(&server, &grid).await;
    let corpus = corpus(&server, &household);
    let mut rng = StdRng::seed_from_u64(seed);
    let deadline = Instant::now() + Duration::from_secs(seconds);

    let mut cases = 0u64;
    while Instant::now() < deadline {
        let (query, variables) = corpus.choose(&mut rng).unwrap();
        let mut query = query.to_string();
        let mut variables = variables.clone();
        for _ in 0..rng.random_range(0..4) {
            mutate_text(&mut query, &mut rng);
        }
        for _ in 0..rng.random_range(0..3) {
            mutate_value(&mut variables, &mut rng);
        }
        let token = tokens.choose(&mut rng).unwrap().as_deref();

        let (status, body) = server.post(token, &query, variables.clone()).await;

        let case = format!("seed {seed} case {cases}: {query:.300} with {:.300}", variables.to_string());
        assert!(status < 500, "{status} for {case}: {body}\n{}", server.log_tail());
        assert!(body.is_object() || status == 413, "no JSON body ({status}) for {case}");
        for err in body["errors"].as_array().into_iter().flatten() {
            let code = err["extensions"]["code"].as_str().unwrap_or("none");
            assert!(CODES.contains(&code), "code {code} for {case}: {body}\n{}", server.log_tail());
        }
        cases += 1;
        if cases.is_multiple_of(100) {
            server.assert_alive(&case).await;
        }
    }
    server.assert_alive(&format!("{cases} fuzz cases (seed {seed})")).await;
    eprintln!("fuzz on {backend:?}: {cases} cases, seed {seed}");
}

async fn household(server: &RealServer, token: &str) -> String {
    let (_, body) = server
        .post(
            Some(token),
            "mutation($i: HouseholdInput!) { createHousehold(input: $i) { id } }",
            json!({ "i": { "regionId": server.regions.grid.id.to_string(), "address": "渡口村1排1号", "lat": 38.95, "lng": 117.55 } }),
        )
        .await;
    body["data"]["createHousehold"]["id"].as_str().unwrap_or_else(|| panic!("{body}")).to_owned()
}

/// Valid requests covering queries, filters, paging and the mutations.
fn corpus(server: &RealServer, household: &str) -> Vec<(&'static str, Value)> {
    let grid = server.regions.grid.id.to_string();
    let town = server.regions.town.id.to_string();
    vec![
        ("{ me { id username displayName role region { id name level } } }", json!({})),
        (
            "query($f: HouseholdFilter, $n: Int, $a: String) { households(filter: $f, first: $n, after: $a) { totalCount edges { cursor node { id address lat lng members { id name idNumber phone birthDate age } } } pageInfo { hasNextPage endCursor } } }",
            json!({ "f": { "regionId": grid, "addressContains": "渡口" }, "n": 10, "a": null }),
        ),
        (
            "query($f: PersonFilter, $n: Int) { people(filter: $f, first: $n) { totalCount edges { node { id name sex birthDate idNumber phone household { address } } } } }",
            json!({ "f": { "nameContains": "王", "regionId": town }, "n": 5 }),
        ),
        ("query($p: ID) { regions(parentId: $p) { id name level } }", json!({ "p": town })),
        (
            "query($r: ID) { stats(regionId: $r) { region { name } totals { __typename } children { __typename } } }",
            json!({ "r": town }),
        ),
        (
            "query($n: Int) { dueVisits(first: $n) { totalCount overdueCount edges { node { kind household { address } } } } }",
            json!({ "n": 20 }),
        ),
        (
            "query($f: AuditFilter, $n: Int) { auditLog(filter: $f, first: $n) { totalCount edges { node { __typename } } } }",
            json!({ "f": { "action": "login" }, "n": 3 }),
        ),
        (
            "query($id: ID!) { person(id: $id) { name idNumber } household(id: $id) { address } }",
            json!({ "id": household }),
        ),
        (
            "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
            json!({ "u": "town", "p": "wrong-password-1" }),
        ),
        (
            "mutation($i: HouseholdInput!) { createHousehold(input: $i) { id address } }",
            json!({ "i": { "regionId": grid, "address": "渡口村9排9号", "lat": 38.95, "lng": 117.55, "economicStatus": "DIBAO" } }),
        ),
        (
            "mutation($h: ID!, $i: PersonInput!) { addPerson(householdId: $h, input: $i) { id name } }",
            json!({ "h": household, "i": { "name": "王芳", "relationToHead": "HEAD", "residenceStatus": "AT_HOME", "birthDate": "1980-02-03", "phone": "13800138000", "health": "良好" } }),
        ),
        (
            "mutation($i: VisitInput!) { recordVisit(input: $i) { id } }",
            json!({ "i": { "householdId": household, "kind": "MONTHLY_SWEEP", "visitedAt": chrono::Utc::now().to_rfc3339(), "findings": "情况良好", "needs": ["MEDICAL"], "policiesExplained": ["低保政策"] } }),
        ),
        (
            "mutation($p: ID!, $r: String!) { revealIdNumber(personId: $p, reason: $r) }",
            json!({ "p": household, "r": "核实身份" }),
        ),
        ("query { ...Q } fragment Q on Query { me { ...U } } fragment U on User { id username }", json!({})),
    ]
}

/// Deletes, repeats or inserts a piece of the document.
fn mutate_text(query: &mut String, rng: &mut StdRng) {
    let chars: Vec<char> = query.chars().collect();
    let at = rng.random_range(0..=chars.len());
    let len = rng.random_range(0..=8.min(chars.len() - at));
    let mut out: Vec<char> = chars[..at].to_vec();
    match rng.random_range(0..4) {
        0 => out.extend(&chars[at + len..]),
        1 => {
            out.extend(&chars[at..at + len]);
            out.extend(&chars[at..]);
        }
        2 => {
            let splice = SPLICES.choose(rng).unwrap();
            out.extend(splice.chars().cycle().take(splice.chars().count() * rng.random_range(1..=3)));
            out.extend(&chars[at..]);
        }
        _ => {
            // A run of one bracket: the shape that used to overflow the stack.
            let bracket = *['[', '{', '('].choose(rng).unwrap();
            out.extend(std::iter::repeat_n(bracket, rng.random_range(1..2_000)));
            out.extend(&chars[at..]);
        }
    }
    *query = out.into_iter().collect();
}

/// Replaces a random part of the variables with a hostile value.
fn mutate_value(value: &mut Value, rng: &mut StdRng) {
    match value {
        Value::Object(map) if !map.is_empty() && rng.random_bool(0.7) => {
            let i = rng.random_range(0..map.len());
            if let Some(inner) = map.values_mut().nth(i) {
                return mutate_value(inner, rng);
            }
        }
        Value::Array(items) if !items.is_empty() && rng.random_bool(0.7) => {
            let i = rng.random_range(0..items.len());
            return mutate_value(&mut items[i], rng);
        }
        _ => {}
    }
    *value = hostile(rng);
}

fn hostile(rng: &mut StdRng) -> Value {
    let depth = rng.random_range(1..60);
    let hostile = [
        json!(""),
        json!("字".repeat(rng.random_range(0..3_000))),
        json!("王\u{0}明"),
        json!("a\u{1b}[2Jb"),
        json!("x\u{202e}y\u{200b}"),
        json!(-1),
        json!(0),
        json!(2_147_483_648_i64),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(1e308),
        json!(-0.5),
        json!(true),
        Value::Null,
        json!([]),
        json!({}),
        serde_json::from_str(&format!("{}1{}", "[".repeat(depth), "]".repeat(depth))).unwrap(),
        json!("0192b3c4-0000-7000-8000-000000000000"),
        json!("2025-13-45"),
        json!("9999-12-31T99:99:99Z"),
        json!("%_%"),
        json!({ "regionId": "x", "address": "y" }),
    ];
    hostile.choose(rng).unwrap().clone()
}

/// Found by the fuzz run: a region filter outside the caller's jurisdiction
/// bound its "match nothing" bounds as int4, the same SQL text elsewhere as
/// int8, and PostgreSQL's cached statement then failed the next caller.
async fn a_foreign_region_filter_does_not_break_the_next_callers_search(backend: Backend) {
    let app = crate::helpers::spawn_app(backend).await;
    let grid = app.login("grid").await;
    let town = app.login("town").await;
    let household = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    app.add_person(&grid, &household, crate::helpers::person("王芳")).await;
    let q = "query($f: PersonFilter) { people(filter: $f, first: 5) { totalCount edges { node { name } } } }";
    let filter = json!({ "f": { "nameContains": "王", "regionId": app.regions().town.id.to_string() } });

    for round in 0..4 {
        let foreign = app.gql(&grid, q, filter.clone()).await;
        let own = app.gql(&town, q, filter.clone()).await;

        assert_eq!(foreign["data"]["people"]["totalCount"], 0, "round {round}: {foreign}");
        assert_eq!(own["data"]["people"]["totalCount"], 1, "round {round}: {own}");
    }
}

db_tests!(
    mutated_requests_never_crash_the_server_or_lose_their_error_code,
    a_foreign_region_filter_does_not_break_the_next_callers_search,
);
