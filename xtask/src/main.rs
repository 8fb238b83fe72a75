//! `cargo xtask <command>`: the project's build orchestration, std only.
//!
//! - `web`: build the browser bundle into `web/dist/`.
//! - `demo [args..]`: build the bundle, then run `liushou demo [args..]`.
//! - `test`: every check CI runs: fmt, clippy (host and wasm), all tests,
//!   then the browser tests.
//! - `screenshots`: the README's screenshots, from a demo server.
//! - `bench [options]`: the server under load on a seeded PostgreSQL
//!   district (issue #15); a benchmark, which `test` does not run.
//!
//! Progress goes to stderr, like cargo's own; the exit code is the failed
//! step's, so scripts can rely on it.

mod bench;
mod browser;
mod lockfile;
mod run;
mod test;
mod web;

use std::path::PathBuf;
use std::process::ExitCode;

use run::{Failure, Outcome};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  web            build the web app into web/dist/
  demo [args..]  build the web app, then run `liushou demo [args..]`
  test           fmt, clippy (host and wasm32), every test, browser tests
  browser        the browser tests alone (bundle, debug server, both databases)
  screenshots    docs/screenshot-*.png from a demo server
  bench [opts]   load-test the optimised server on a seeded PostgreSQL district
                 (`cargo xtask bench --help`); not part of `test`";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next();
    let rest: Vec<String> = args.collect();
    let outcome = match command.as_deref() {
        Some("web") if rest.is_empty() => repo_root().and_then(|root| web::build(&root)),
        Some("demo") => repo_root().and_then(|root| demo(&root, &rest)),
        Some("test") if rest.is_empty() => repo_root().and_then(|root| test::run_all(&root)),
        Some("browser") if rest.is_empty() => repo_root().and_then(|root| test::browser_only(&root)),
        Some("screenshots") if rest.is_empty() => repo_root().and_then(|root| browser::screenshots(&root)),
        Some("bench") if rest.iter().any(|a| matches!(a.as_str(), "help" | "-h" | "--help")) => {
            eprintln!("{}", bench::USAGE);
            Ok(())
        }
        Some("bench") => repo_root().and_then(|root| bench::run(&root, &rest)),
        Some("help" | "-h" | "--help") => {
            eprintln!("{USAGE}");
            Ok(())
        }
        None => Err(Failure::usage(USAGE)),
        Some(other) => {
            let given: Vec<&str> = std::iter::once(other).chain(rest.iter().map(String::as_str)).collect();
            Err(Failure::usage(&format!("unknown command or arguments: {}\n\n{USAGE}", given.join(" "))))
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

/// The workspace root: the parent of this crate's manifest directory.
fn repo_root() -> Outcome<PathBuf> {
    // `cargo run` sets it at run time; the compile-time value covers a
    // binary started by hand.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let root =
        manifest_dir.parent().ok_or_else(|| Failure::new(format!("{} has no parent", manifest_dir.display())))?;
    if !root.join("Cargo.lock").is_file() && !root.join("Cargo.toml").is_file() {
        return Err(Failure::new(format!("{} does not look like the workspace root", root.display())));
    }
    Ok(root.to_path_buf())
}

/// `cargo xtask demo`: the bundle, then the server's demo mode, which
/// serves `web/dist` relative to the repository root.
fn demo(root: &std::path::Path, args: &[String]) -> Outcome {
    web::build(root)?;
    let mut cmd = run::cargo(root);
    cmd.args(["run", "--profile", "demo", "-p", "liushou-server", "--bin", "liushou", "--", "demo"]).args(args);
    run::status(&mut cmd)
}
