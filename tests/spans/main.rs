//! Tracing spans (#17): a span per resolver that reaches the database and
//! per job step, with the operation and the caller's role, and never a
//! value of the request or the registry.
//!
//! A process of its own: the spans are captured by the global subscriber,
//! installed before any app starts (`telemetry::init` then keeps it). A
//! subscriber for the test's thread alone is not enough: SQLite's
//! connection threads close spans created on the test's thread, and the
//! thread-local registry panics there. The tests share the subscriber, so
//! they run one at a time.

#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

#[path = "../api/helpers.rs"]
#[expect(dead_code, reason = "shared with the api suite, which uses the rest")]
mod helpers;

use std::sync::{Arc, LazyLock, Mutex};

use chrono::Months;
use serde_json::{Value, json};
use tracing::{
    Subscriber,
    field::{Field, Visit},
    span::{Attributes, Id, Record},
};
use tracing_subscriber::{Layer, layer::Context, prelude::*, registry::LookupSpan};

use helpers::{Backend, TestApp, person, spawn_app};

/// Distinctive personal values: a name and an address.
const NAME: &str = "谭秘密九";
const ADDRESS: &str = "渡口村秘密7号";
const MARK: &str = "秘密";

#[derive(Debug, Clone)]
struct Captured {
    name: &'static str,
    fields: Vec<(String, String)>,
}

impl Captured {
    fn get(&self, field: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == field).map(|(_, v)| v.as_str())
    }
}

impl Visit for Captured {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.fields.push((field.name().to_owned(), value.to_owned()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.fields.push((field.name().to_owned(), format!("{value:?}")));
    }
}

/// Every span closed while it is installed, with all its fields, those
/// recorded after creation included.
#[derive(Clone, Default)]
struct Spans(Arc<Mutex<Vec<Captured>>>);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Spans {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut captured = Captured { name: attrs.metadata().name(), fields: Vec::new() };
        attrs.record(&mut captured);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(captured);
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id)
            && let Some(captured) = span.extensions_mut().get_mut::<Captured>()
        {
            values.record(captured);
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(&id)
            && let Some(captured) = span.extensions_mut().remove::<Captured>()
        {
            self.0.lock().unwrap().push(captured);
        }
    }
}

impl Spans {
    fn take(&self) -> Vec<Captured> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

/// The process's subscriber, and the lock that runs one test at a time.
static CAPTURE: LazyLock<(Spans, tokio::sync::Mutex<()>)> = LazyLock::new(|| {
    let spans = Spans::default();
    tracing_subscriber::registry().with(spans.clone()).init();
    (spans, tokio::sync::Mutex::new(()))
});

/// A person away for work for a year, named [`NAME`].
fn away_head() -> Value {
    let mut input = person(NAME);
    let since = liushou::clock::today().checked_sub_months(Months::new(12)).unwrap();
    input["residenceStatus"] = json!("AWAY_WORK");
    input["awaySince"] = json!(since.to_string());
    input
}

/// Asserts that no field of any span holds a personal value.
fn assert_no_personal_values(spans: &[Captured]) {
    for span in spans {
        for (key, value) in &span.fields {
            assert!(!value.contains(MARK), "span {} field {key} holds a personal value: {value}", span.name);
        }
    }
}

fn resolver<'a>(spans: &'a [Captured], field: &str) -> &'a Captured {
    spans
        .iter()
        .find(|s| s.name == "resolver" && s.get("field").is_some_and(|f| f.ends_with(field)))
        .unwrap_or_else(|| panic!("no resolver span for {field} in {spans:#?}"))
}

/// An app with a household at [`ADDRESS`] and its head [`NAME`], the grid
/// worker's token, and nothing captured yet.
async fn registered(backend: Backend) -> (TestApp, String) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, ADDRESS).await;
    app.add_person(&grid, &h, away_head()).await;
    CAPTURE.0.take();
    (app, grid)
}

async fn resolvers_are_traced_by_operation_and_role_without_arguments(backend: Backend) {
    let _one_at_a_time = CAPTURE.1.lock().await;
    let (app, grid) = registered(backend).await;
    let spans = &CAPTURE.0;

    // The search in a variable, and in the document itself.
    let households = app
        .gql(
            &grid,
            "query Households($f: HouseholdFilter) { households(first: 5, filter: $f) { totalCount edges { node { id address members { name } } } } }",
            json!({ "f": { "addressContains": ADDRESS } }),
        )
        .await;
    let people = app
        .gql(&grid, &format!("query People {{ people(first: 5, filter: {{ nameContains: \"{NAME}\" }}) {{ edges {{ node {{ id name }} }} }} }}"), json!({}))
        .await;
    let due = app
        .gql(
            &grid,
            "query Due { dueVisits(first: 5) { totalCount edges { node { reason household { id } } } } }",
            json!({}),
        )
        .await;
    // The request's outer spans and the loaders' tasks close just after
    // the answer is sent.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let captured = spans.take();

    assert_eq!(households["data"]["households"]["totalCount"], 1, "{households}");
    assert_eq!(people["data"]["people"]["edges"][0]["node"]["name"], NAME, "{people}");
    assert!(due["data"]["dueVisits"]["totalCount"].as_u64().unwrap() >= 1, "{due}");
    for (field, operation) in [(".households", "Households"), (".people", "People"), (".dueVisits", "Due")] {
        let span = resolver(&captured, field);
        assert_eq!(span.get("operation"), Some(operation), "{span:?}");
        assert_eq!(span.get("role"), Some("GRID"), "{span:?}");
    }
    // A connection's totals run a query of their own: traced too.
    resolver(&captured, "Connection.totalCount");
    // A page's rows are not traced field by field; their loads are.
    let in_rows: Vec<_> = captured
        .iter()
        .filter(|s| s.name == "resolver" && s.get("field").is_some_and(|f| f.starts_with("Household.")))
        .collect();
    assert!(in_rows.is_empty(), "{in_rows:#?}");
    assert!(captured.iter().any(|s| s.name == "loader"), "{captured:#?}");
    assert_no_personal_values(&captured);
}

async fn each_step_of_the_daily_job_is_traced_without_personal_values(backend: Backend) {
    let _one_at_a_time = CAPTURE.1.lock().await;
    let (app, _grid) = registered(backend).await;
    let spans = &CAPTURE.0;

    liushou::discovery::job::run(&app.db, liushou::clock::today(), None).await.unwrap();
    let captured = spans.take();

    let steps: Vec<_> = captured.iter().filter(|s| s.name == "job_step").collect();
    assert!(steps.iter().all(|s| s.get("job") == Some(liushou::discovery::job::JOB)), "{steps:#?}");
    let step = |name: &str| steps.iter().find(|s| s.get("step") == Some(name)).copied();
    assert!(step("run").is_some() && step("regions").is_some(), "{steps:#?}");
    let batch = step("batch").unwrap_or_else(|| panic!("no batch step in {steps:#?}"));
    assert_eq!(batch.get("households"), Some("1"), "{batch:?}");
    assert_no_personal_values(&captured);
}

mod sqlite {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn resolvers_are_traced_by_operation_and_role_without_arguments() {
        super::resolvers_are_traced_by_operation_and_role_without_arguments(Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn each_step_of_the_daily_job_is_traced_without_personal_values() {
        super::each_step_of_the_daily_job_is_traced_without_personal_values(Backend::Sqlite).await;
    }
}

mod postgres {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn resolvers_are_traced_by_operation_and_role_without_arguments() {
        super::resolvers_are_traced_by_operation_and_role_without_arguments(Backend::Postgres).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn each_step_of_the_daily_job_is_traced_without_personal_values() {
        super::each_step_of_the_daily_job_is_traced_without_personal_values(Backend::Postgres).await;
    }
}
