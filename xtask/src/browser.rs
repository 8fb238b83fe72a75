//! Browser tests: the real app in a real headless Chromium, driven by
//! Node's `playwright-core` from `tests/browser/`, against a demo server on
//! a fresh database — once on SQLite, once on PostgreSQL.
//!
//! Everything it needs is installed on first use: Debian's `chromium`
//! (with CJK fonts, or Chinese renders as boxes) and the npm packages of
//! the committed lock file. Never Playwright's own browser download.

pub(crate) mod server;
mod setup;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::run::{self, Outcome};
use server::{Database, DemoServer};

/// Households of the demo district the tests run against: enough for a
/// village to fill more than one page of its table.
const HOUSEHOLDS: &str = "6000";

/// `cargo xtask test`'s browser step. Returns the time spent in the tests
/// themselves, per database.
pub fn run(root: &Path, pg_url: &str) -> Outcome<Vec<(&'static str, Duration)>> {
    let server = prepare(root)?;
    let mut times = Vec::new();
    for database in [Database::sqlite()?, Database::postgres(pg_url)?] {
        let label = database.label();
        let started = Instant::now();
        let mut demo = DemoServer::start(root, &server, &database, HOUSEHOLDS)?;
        eprintln!("browser tests on {label}: {}", demo.url());
        let tests = Instant::now();
        let outcome = node(root, &["--test", "--test-concurrency=1", "tests/"], &demo.url(), &[]);
        let elapsed = tests.elapsed();
        if outcome.is_err() {
            demo.keep_log();
        }
        drop(demo);
        drop(database);
        outcome.map_err(|e| e.context(format_args!("browser tests on {label}")))?;
        eprintln!(
            "browser tests on {label}: {} (with server start {})",
            run::seconds(elapsed),
            run::seconds(started.elapsed())
        );
        times.push((label, elapsed));
    }
    Ok(times)
}

/// `cargo xtask screenshots`: the README's pictures, from a demo server.
pub fn screenshots(root: &Path) -> Outcome {
    let server = prepare(root)?;
    let database = Database::sqlite()?;
    let demo = DemoServer::start(root, &server, &database, HOUSEHOLDS)?;
    let docs = root.join("docs");
    std::fs::create_dir_all(&docs)?;
    let docs = docs.to_string_lossy().into_owned();
    node(root, &["screenshots.mjs"], &demo.url(), &[("LIUSHOU_SCREENSHOT_DIR", &docs)])
}

/// Chromium, the npm packages, the web bundle and a debug server; the
/// path of the server binary.
fn prepare(root: &Path) -> Outcome<std::path::PathBuf> {
    run::step("browser: chromium", setup::ensure_chromium)?;
    run::step("browser: npm packages", || setup::ensure_node_modules(&root.join("tests").join("browser")))?;
    crate::web::build(root)?;
    run::step("web: size budget", || crate::web::check_budget(root))?;
    let (server, _) = run::step("browser: server (debug)", || {
        run::status(run::cargo(root).args(["build", "-p", "liushou-server", "--bin", "liushou"]))?;
        Ok(run::target_dir(root).join("debug").join("liushou"))
    })?;
    Ok(server)
}

fn node(root: &Path, args: &[&str], url: &str, env: &[(&str, &str)]) -> Outcome {
    let mut cmd = Command::new("node");
    cmd.current_dir(root.join("tests").join("browser"))
        .args(args)
        .env("LIUSHOU_BROWSER_URL", url)
        .env("LIUSHOU_CHROMIUM", setup::CHROMIUM);
    for (key, value) in env {
        cmd.env(key, value);
    }
    run::status(&mut cmd).map_err(|e| e.context("node"))
}
