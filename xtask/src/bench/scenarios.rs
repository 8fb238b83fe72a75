//! What the bench asks, and as whom: the GraphQL documents (the web app's
//! own where it has one, `web/src/api/queries.rs`), the demo accounts, and
//! the ids found through the API before the load starts.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use super::http::Client;
use super::json::{self, Json};
use super::load::{self, Request};
use crate::run::{Failure, Outcome};

/// The password of every demo account (`server/src/demo/accounts.rs`).
const PASSWORD: &str = "demo";

/// Households per page, as the town page of the issue asks.
const PAGE: u32 = 50;

/// A page of households with members and their classifications: the
/// issue's town page, also used for villages.
const HOUSEHOLD_PAGE: &str = "query HouseholdPage($filter: HouseholdFilter, $first: Int) { \
    households(filter: $filter, first: $first) { pageInfo { hasNextPage endCursor } \
    nodes { id address economicStatus region { id name } \
    members { id name sex age relationToHead residenceStatus \
    classifications { id category status careLevel } } } } }";

/// The web app's work list (`queries::DUE`), counts included.
const DUE: &str = "query Due($first: Int, $after: String) { dueVisits(first: $first, after: $after) { \
    totalCount overdueCount pageInfo { hasNextPage endCursor } \
    edges { node { household { id address } person { id name } kind reason dueAt overdue lastVisitAt } } } }";

/// The same page without `totalCount` and `overdueCount`, which count the
/// whole list: shows what the counting costs.
const DUE_PAGE_ONLY: &str = "query DuePage($first: Int, $after: String) { dueVisits(first: $first, after: $after) { \
    pageInfo { hasNextPage endCursor } \
    edges { node { household { id address } person { id name } kind reason dueAt overdue lastVisitAt } } } }";

/// The web app's dashboard (`queries::STATS`).
const STATS: &str = "query Stats($regionId: ID) { stats(regionId: $regionId) { \
    totals { households people sweptThisMonthShare overdueCareVisits byCategory { category count } } \
    children { region { id name level } figures { \
    households people sweptThisMonthShare overdueCareVisits byCategory { category count } } } } }";

/// The web app's person page (`queries::PERSON`).
const PERSON: &str = "query Person($id: ID!) { person(id: $id) { \
    id version name sex birthDate age idNumber phone relationToHead residenceStatus \
    awaySince awayOutsideCounty guardianshipCapable livingAlone health disability \
    selfCare maritalStatus createdAt updatedAt \
    father { id name } mother { id name } spouse { id name } \
    classifications { id category status careLevel suggestedCareLevel since until \
    person { id name } reasons { text } careReasons { text } } \
    household { id address members { id name sex } region { id name level code rural lat lng \
    parent { id name level parent { id name level parent { id name level } } } } } } }";

/// The web app's visit form (`queries::RECORD_VISIT`).
const RECORD_VISIT: &str = "mutation RecordVisit($input: VisitInput!) { recordVisit(input: $input) { id } }";

/// The web app's login (`queries::LOGIN`), without the capabilities.
const LOGIN: &str = "mutation Login($username: String!, $password: String!) { \
    login(username: $username, password: $password) { token expiresAt user { id role } } }";

/// Who logs in during the login scenario, in turn.
const LOGIN_USERS: [&str; 7] = ["district", "town", "town2", "village", "village2", "grid", "grid2"];

/// The scenarios' keys, in the order they run.
pub const KEYS: [&str; 10] = [
    "town_page",
    "village_page",
    "person",
    "due_district",
    "due_district_page",
    "due_town",
    "due_grid",
    "stats_district",
    "record_visit",
    "login",
];

/// One scenario: a stable key (for `--only` and the JSON), what it is,
/// and the next request for any worker.
pub struct Scenario {
    pub key: &'static str,
    pub what: String,
    pub next: Box<dyn Fn(usize, u64) -> Request + Sync>,
}

/// Everything the scenarios need from the server, found through the API.
struct Found {
    district: String,
    town: String,
    grid: String,
    towns: Vec<String>,
    villages: Vec<String>,
    people: Vec<String>,
    grid_households: Vec<String>,
}

/// Logs in, looks up the ids and builds every scenario, in the order
/// they run (reads, then the write, then logins, which load the CPU most).
pub fn build(addr: SocketAddr) -> Outcome<Vec<Scenario>> {
    let found = discover(addr)?;
    eprintln!(
        "found {} towns, {} villages, {} people on the towns' first pages, {} households in `grid`'s grid",
        found.towns.len(),
        found.villages.len(),
        found.people.len(),
        found.grid_households.len()
    );
    let household_page = |ids: &[String], token: &str| -> Box<dyn Fn(usize, u64) -> Request + Sync> {
        let bodies: Vec<String> = ids
            .iter()
            .map(|id| {
                let vars = json::object(&[
                    ("filter", json::object(&[("regionId", json::string(id))])),
                    ("first", PAGE.to_string()),
                ]);
                body(HOUSEHOLD_PAGE, "HouseholdPage", &vars)
            })
            .collect();
        rotate(bodies, token)
    };
    let due = |query: &'static str, name: &str, token: &str| {
        let vars = json::object(&[("first", PAGE.to_string())]);
        rotate(vec![body(query, name, &vars)], token)
    };
    let people: Vec<String> =
        found.people.iter().map(|id| body(PERSON, "Person", &json::object(&[("id", json::string(id))]))).collect();
    let logins: Vec<String> = LOGIN_USERS
        .iter()
        .map(|user| {
            body(
                LOGIN,
                "Login",
                &json::object(&[("username", json::string(user)), ("password", json::string(PASSWORD))]),
            )
        })
        .collect();
    let (towns, villages) = (found.towns.len(), found.villages.len());
    Ok(vec![
        Scenario {
            key: "town_page",
            what: format!(
                "DISTRICT: a town's first page of {PAGE} households, members, classifications ({towns} towns in turn)"
            ),
            next: household_page(&found.towns, &found.district),
        },
        Scenario {
            key: "village_page",
            what: format!("DISTRICT: a village's first page, same shape ({villages} villages in turn)"),
            next: household_page(&found.villages, &found.district),
        },
        Scenario {
            key: "person",
            what: format!("DISTRICT: the web app's person page ({} people in turn)", found.people.len()),
            next: rotate(people, &found.district),
        },
        Scenario {
            key: "due_district",
            what: "DISTRICT: dueVisits(first: 50) as the web app asks it, totalCount and overdueCount included"
                .to_owned(),
            next: due(DUE, "Due", &found.district),
        },
        Scenario {
            key: "due_district_page",
            what: "DISTRICT: dueVisits(first: 50) without the counts".to_owned(),
            next: due(DUE_PAGE_ONLY, "DuePage", &found.district),
        },
        Scenario {
            key: "due_town",
            what: "TOWN (`town`): dueVisits as the web app asks it".to_owned(),
            next: due(DUE, "Due", &found.town),
        },
        Scenario {
            key: "due_grid",
            what: "GRID (`grid`): dueVisits as the web app asks it".to_owned(),
            next: due(DUE, "Due", &found.grid),
        },
        Scenario {
            key: "stats_district",
            what: "DISTRICT: the web app's stats (district and its towns)".to_owned(),
            next: rotate(vec![body(STATS, "Stats", "{}")], &found.district),
        },
        Scenario {
            key: "record_visit",
            what: format!(
                "GRID (`grid`): recordVisit, a RETURN_VISIT with an Idempotency-Key ({} households in turn)",
                found.grid_households.len()
            ),
            next: record_visit(found.grid_households, found.grid),
        },
        Scenario {
            key: "login",
            what: format!("login as {} in turn (password check, audit rows)", LOGIN_USERS.join(", ")),
            next: rotate(logins, ""),
        },
    ])
}

/// The bodies in turn across all workers, with the caller's token.
fn rotate(bodies: Vec<String>, token: &str) -> Box<dyn Fn(usize, u64) -> Request + Sync> {
    let counter = AtomicU64::new(0);
    let auth = (!token.is_empty()).then(|| format!("Bearer {token}"));
    Box::new(move |_, _| {
        let i = counter.fetch_add(1, Ordering::Relaxed) as usize % bodies.len().max(1);
        Request {
            body: bodies.get(i).cloned().unwrap_or_default(),
            headers: auth.iter().map(|a| ("Authorization", a.clone())).collect(),
        }
    })
}

/// A return visit (which counts as no sweep and no care visit, so the
/// work lists measured above stay the same from run to run; a grid worker
/// may record one, unlike a spot check, which is the district's) on the grid's households in turn,
/// each with a key of its own, as the app's outbox sends them.
fn record_visit(households: Vec<String>, token: String) -> Box<dyn Fn(usize, u64) -> Request + Sync> {
    let counter = AtomicU64::new(0);
    let run_id = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let auth = format!("Bearer {token}");
    Box::new(move |_, _| {
        let n = counter.fetch_add(1, Ordering::Relaxed);
        let household = &households[n as usize % households.len().max(1)];
        let input = json::object(&[
            ("householdId", json::string(household)),
            ("kind", json::string("RETURN_VISIT")),
            ("visitedAt", json::string(&rfc3339(SystemTime::now()))),
            ("findings", json::string("压力测试走访 (bench)")),
        ]);
        Request {
            body: body(RECORD_VISIT, "RecordVisit", &json::object(&[("input", input)])),
            headers: vec![
                ("Authorization", auth.clone()),
                ("Idempotency-Key", format!("bench-{}-{run_id}-{n}", std::process::id())),
            ],
        }
    })
}

fn body(query: &str, operation: &str, variables: &str) -> String {
    json::object(&[
        ("query", json::string(query)),
        ("variables", variables.to_owned()),
        ("operationName", json::string(operation)),
    ])
}

/// One request of the set-up; any error stops the bench, since a scenario
/// built on a failed look-up would measure nothing.
fn ask(client: &mut Client, token: Option<&str>, query: &str, operation: &str, variables: &str) -> Outcome<Json> {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", a.as_str())).collect();
    let reply = client
        .post_json("/graphql", &headers, body(query, operation, variables).as_bytes())
        .map_err(|e| Failure::new(format!("{operation}: {e}")))?;
    load::graphql_outcome(&reply).map_err(|e| Failure::new(format!("{operation}: {e}")))?;
    json::parse(&String::from_utf8_lossy(&reply.body)).map_err(|e| Failure::new(format!("{operation}: {e}")))
}

fn login(client: &mut Client, username: &str) -> Outcome<String> {
    let vars = json::object(&[("username", json::string(username)), ("password", json::string(PASSWORD))]);
    let answer = ask(client, None, LOGIN, "Login", &vars)?;
    answer
        .at(&["data", "login", "token"])
        .and_then(Json::as_str)
        .map(str::to_owned)
        .ok_or_else(|| Failure::new(format!("login as {username}: no token")))
}

fn ids(list: &Json, level: Option<&str>) -> Vec<String> {
    list.as_array()
        .iter()
        .filter(|r| level.is_none_or(|l| r.get("level").and_then(Json::as_str) == Some(l)))
        .filter_map(|r| r.get("id").and_then(Json::as_str).map(str::to_owned))
        .collect()
}

fn discover(addr: SocketAddr) -> Outcome<Found> {
    let mut client = Client::new(addr);
    let district = login(&mut client, "district")?;
    let town = login(&mut client, "town")?;
    let grid = login(&mut client, "grid")?;
    let me = ask(&mut client, Some(&district), "query Me { me { region { id } } }", "Me", "{}")?;
    let root = me.at(&["data", "me", "region", "id"]).and_then(Json::as_str).unwrap_or_default().to_owned();
    let regions = "query Regions($parentId: ID) { regions(parentId: $parentId) { id level } }";
    let children = |client: &mut Client, parent: &str| -> Outcome<Json> {
        let answer =
            ask(client, Some(&district), regions, "Regions", &json::object(&[("parentId", json::string(parent))]))?;
        Ok(answer.at(&["data", "regions"]).cloned().unwrap_or(Json::Null))
    };
    let towns = ids(&children(&mut client, &root)?, Some("TOWN"));
    let mut villages = Vec::new();
    for town_id in &towns {
        villages.extend(ids(&children(&mut client, town_id)?, Some("VILLAGE")));
    }
    let mut people = Vec::new();
    for town_id in &towns {
        let vars = json::object(&[
            ("filter", json::object(&[("regionId", json::string(town_id))])),
            ("first", PAGE.to_string()),
        ]);
        let page = ask(&mut client, Some(&district), HOUSEHOLD_PAGE, "HouseholdPage", &vars)?;
        for household in page.at(&["data", "households", "nodes"]).map(Json::as_array).unwrap_or_default() {
            people.extend(ids(household.get("members").unwrap_or(&Json::Null), None));
        }
    }
    let grid_page = ask(
        &mut client,
        Some(&grid),
        "query GridHouseholds { households(first: 100) { nodes { id } } }",
        "GridHouseholds",
        "{}",
    )?;
    let grid_households = ids(grid_page.at(&["data", "households", "nodes"]).unwrap_or(&Json::Null), None);
    for (what, list) in
        [("towns", &towns), ("villages", &villages), ("people", &people), ("grid households", &grid_households)]
    {
        if list.is_empty() {
            return Err(Failure::new(format!("the set-up found no {what}")));
        }
    }
    Ok(Found { district, town, grid, towns, villages, people, grid_households })
}

/// `YYYY-MM-DDTHH:MM:SSZ` in UTC (std has no calendar).
pub fn rfc3339(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn formats_utc_times_across_leap_days_and_year_ends() {
        let at = |secs: u64| rfc3339(UNIX_EPOCH + Duration::from_secs(secs));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_798_761_599), "2026-12-31T23:59:59Z");
    }

    #[test]
    fn the_keys_list_every_scenario_in_order() {
        // `build` needs a server; its keys are read from the source instead.
        let source = include_str!("scenarios.rs");
        let built: Vec<&str> =
            source.lines().filter_map(|l| l.trim().strip_prefix("key: \"")?.strip_suffix("\",")).collect();
        assert_eq!(built, KEYS);
    }

    #[test]
    fn rotates_over_the_bodies_and_sends_the_token() {
        let next = rotate(vec!["a".to_owned(), "b".to_owned()], "t0k");
        let sent: Vec<String> = (0..3).map(|n| next(0, n).body).collect();
        assert_eq!(sent, ["a", "b", "a"]);
        assert_eq!(next(1, 0).headers, vec![("Authorization", "Bearer t0k".to_owned())]);
        assert!(rotate(vec!["x".to_owned()], "")(0, 0).headers.is_empty());
    }

    #[test]
    fn gives_every_visit_its_own_idempotency_key() {
        let next = record_visit(vec!["h1".to_owned()], "t".to_owned());
        let key = |r: Request| r.headers.into_iter().find(|(k, _)| *k == "Idempotency-Key").map(|(_, v)| v);
        let (first, second) = (key(next(0, 0)), key(next(0, 1)));
        assert!(first.is_some());
        assert_ne!(first, second);
    }
}
