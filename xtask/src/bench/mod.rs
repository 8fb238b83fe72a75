//! `cargo xtask bench`: the server under load at district scale (issue
//! #15). Seeds or reuses a PostgreSQL database through the server's own
//! `liushou demo --no-serve`, starts the optimised server on it and runs
//! each scenario at each connection count with a load generator of its
//! own, then prints a table and writes `target/bench/latest.json`.
//!
//! A benchmark, not a test: `cargo xtask test` never runs it.

mod http;
mod json;
mod load;
mod report;
mod scenarios;
mod server;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::run::{self, Failure, Outcome};
use report::{Meta, Row};

pub const USAGE: &str = "usage: cargo xtask bench [--households N] [--duration SECS] [--warm-up SECS]
                         [--connections 8,32] [--only town_page,login,..] [--reseed] [--out FILE]

  --households N     size of the seeded district (default 350000); each size
                     has its own database liushou_bench_<N>, kept between runs
  --duration SECS    measured window per scenario and connection count (default 10)
  --warm-up SECS     unmeasured load before each window (default 3)
  --connections LIST keep-alive connections, comma-separated (default 8,32)
  --only LIST        only these scenarios: town_page village_page person due_district
                     due_district_page due_town due_grid stats_district record_visit login
                     import (a 100,000-person ledger into a fresh database, then the
                     check of a 50 MB CSV: `liushou bench-import`)
  --reseed           drop and seed the database again
  --out FILE         the JSON report (default target/bench/latest.json)

PostgreSQL: LIUSHOU_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres).";

/// The import benchmark's key in `--only`: not a scenario under load but
/// one run of `liushou bench-import` on a database of its own.
const IMPORT: &str = "import";

const PG_URL_VAR: &str = "LIUSHOU_BENCH_PG_URL";
const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

#[derive(Debug, Clone, PartialEq)]
struct Args {
    households: u64,
    duration: Duration,
    warm_up: Duration,
    connections: Vec<usize>,
    only: Option<Vec<String>>,
    reseed: bool,
    out: Option<PathBuf>,
}

impl Default for Args {
    fn default() -> Self {
        Self {
            households: 350_000,
            duration: Duration::from_secs(10),
            warm_up: Duration::from_secs(3),
            connections: vec![8, 32],
            only: None,
            reseed: false,
            out: None,
        }
    }
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args::default();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let seconds = |v: &str| -> Result<Duration, String> {
            v.parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map(Duration::from_secs_f64)
                .ok_or_else(|| format!("{flag}: not a number of seconds: {v}"))
        };
        match flag.as_str() {
            "--households" => {
                parsed.households =
                    value()?.parse().ok().filter(|&n| n > 0).ok_or("--households: a positive number")?;
            }
            "--duration" => {
                parsed.duration = seconds(value()?)?;
                if parsed.duration.is_zero() {
                    return Err("--duration must be more than 0".to_owned());
                }
            }
            "--warm-up" => parsed.warm_up = seconds(value()?)?,
            "--connections" => {
                parsed.connections = value()?
                    .split(',')
                    .map(|c| c.trim().parse::<usize>().ok().filter(|&c| (1..=1024).contains(&c)))
                    .collect::<Option<_>>()
                    .ok_or("--connections: comma-separated numbers from 1 to 1024")?;
            }
            "--only" => {
                let keys: Vec<String> = value()?.split(',').map(|s| s.trim().to_owned()).collect();
                if let Some(unknown) = keys.iter().find(|k| !scenarios::KEYS.contains(&k.as_str()) && *k != IMPORT) {
                    return Err(format!("--only: unknown scenario {unknown}"));
                }
                parsed.only = Some(keys);
            }
            "--reseed" => parsed.reseed = true,
            "--out" => parsed.out = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(parsed)
}

pub fn run(root: &Path, raw: &[String]) -> Outcome {
    let args = parse_args(raw).map_err(|e| Failure::usage(&format!("{e}\n\n{USAGE}")))?;
    let started = Instant::now();
    let load_at_start = server::load_average();
    let commit = commit(root);
    let pg_url = std::env::var(PG_URL_VAR).unwrap_or_else(|_| DEFAULT_PG_URL.to_owned());
    crate::test::ensure_postgres(&pg_url)?;
    let ((), _) = run::step("build the server (demo profile)", || {
        run::status(run::cargo(root).args(["build", "--profile", "demo", "-p", "liushou-server", "--bin", "liushou"]))
    })?;
    let binary = run::target_dir(root).join("demo").join("liushou");
    if args.only.as_ref().is_none_or(|only| only.iter().any(|k| k == IMPORT)) {
        run::step("import a 100,000-person ledger (bench-import)", || {
            let mut cmd = std::process::Command::new(&binary);
            cmd.args(["--database-url", &pg_url, "bench-import", "--people", "100000", "--file-mb", "50"]);
            run::status(cmd.env("RUST_LOG", "warn"))
        })?;
        if args.only.as_ref().is_some_and(|only| only.iter().all(|k| k == IMPORT)) {
            return Ok(());
        }
    }
    let (db, _) = run::step("database", || server::prepare(&binary, &pg_url, args.households, args.reseed))?;
    let out_dir = run::target_dir(root).join("bench");
    std::fs::create_dir_all(&out_dir)?;
    let server = server::Server::start(root, &binary, &db, out_dir.join(format!("server-{}.log", db.name)))?;
    let pid = server.pid();
    let mut scenarios = scenarios::build(server.addr)?;
    if let Some(only) = &args.only {
        scenarios.retain(|s| only.iter().any(|k| k == s.key));
    }
    let startup_peak_rss_mib = server::peak_rss_kib(pid).map(mib);
    let mut meta = Meta {
        date: scenarios::rfc3339(SystemTime::now()),
        commit,
        database: db.name.clone(),
        households: db.households,
        people: db.people,
        seeded_in_s: db.seeded_in.map(|d| d.as_secs_f64()),
        cores: std::thread::available_parallelism().map_or(1, usize::from),
        load_at_start,
        warm_up_s: args.warm_up.as_secs_f64(),
        duration_s: args.duration.as_secs_f64(),
        startup_peak_rss_mib,
        rss_per_window: true,
        ..Meta::default()
    };
    let ticks_per_s = server::clock_ticks_per_second();
    let mut rows = Vec::new();
    for scenario in &scenarios {
        for &connections in &args.connections {
            let plan = load::Plan { connections, warm_up: args.warm_up, duration: args.duration };
            let row = measure(&server, &db.name, scenario, plan, ticks_per_s, &mut meta.rss_per_window);
            eprintln!(
                "{:<18} {:>3} conns: {:>7.1} req/s, p50 {} ms, p99 {} ms, {} errors, server CPU {:.0} %, PostgreSQL {:.0} %",
                row.key,
                connections,
                row.req_per_s,
                row.p50_ms.map_or("-".to_owned(), |v| format!("{v:.1}")),
                row.p99_ms.map_or("-".to_owned(), |v| format!("{v:.1}")),
                row.errors,
                row.server_cpu_pct,
                row.postgres_cpu_pct
            );
            rows.push(row);
        }
    }
    drop(server);
    meta.load_at_end = server::load_average();
    meta.bench_s = started.elapsed().as_secs_f64();
    let path = args.out.clone().unwrap_or_else(|| out_dir.join("latest.json"));
    std::fs::write(&path, report::to_json(&rows, &meta))
        .map_err(|e| Failure::new(format!("cannot write {}: {e}", path.display())))?;
    let mut stdout = std::io::stdout().lock();
    std::io::Write::write_all(&mut stdout, report::table(&rows, &meta).as_bytes())?;
    eprintln!("report written to {} ({} in all)", path.display(), run::seconds(started.elapsed()));
    Ok(())
}

/// One scenario at one connection count, with the server's and the
/// database's CPU and the server's memory over exactly the window.
fn measure(
    server: &server::Server,
    database: &str,
    scenario: &scenarios::Scenario,
    plan: load::Plan,
    ticks_per_s: f64,
    rss_per_window: &mut bool,
) -> Row {
    let pid = server.pid();
    let own = std::process::id();
    let mut at_start = (0, 0, 0, Instant::now());
    let mut at_end = at_start;
    let mut reset_ok = true;
    let measured = load::run(server.addr, plan, &*scenario.next, |opening| {
        let reading = (
            server::cpu_ticks(pid).unwrap_or(0),
            server::postgres_ticks(database),
            server::cpu_ticks(own).unwrap_or(0),
            Instant::now(),
        );
        if opening {
            reset_ok = server::reset_peak_rss(pid);
            at_start = reading;
        } else {
            at_end = reading;
        }
    });
    *rss_per_window &= reset_ok;
    let window = at_end.3.duration_since(at_start.3).as_secs_f64().max(1e-9);
    let pct = |from: u64, to: u64| to.saturating_sub(from) as f64 / ticks_per_s / window * 100.0;
    let ms = |p: f64| load::percentile(&measured.latencies_us, p).map(|us| us as f64 / 1000.0);
    Row {
        key: scenario.key.to_owned(),
        what: scenario.what.clone(),
        connections: plan.connections,
        ok: measured.ok(),
        errors: measured.errors,
        error_kinds: measured.error_kinds.clone(),
        req_per_s: measured.ok() as f64 / plan.duration.as_secs_f64(),
        p50_ms: ms(50.0),
        p99_ms: ms(99.0),
        max_ms: ms(100.0),
        server_cpu_pct: pct(at_start.0, at_end.0),
        postgres_cpu_pct: pct(at_start.1, at_end.1),
        bench_cpu_pct: pct(at_start.2, at_end.2),
        peak_rss_mib: server::peak_rss_kib(pid).map(mib),
        connects: measured.connects,
        load_1m: server::load_average().map(|l| l[0]),
    }
}

/// The commit measured, `-dirty` when the work tree has changes.
fn commit(root: &Path) -> String {
    let root = root.to_string_lossy();
    let Some(head) = run::probe("git", &["-C", &root, "rev-parse", "--short", "HEAD"]) else {
        return "unknown".to_owned();
    };
    let dirty = run::probe("git", &["-C", &root, "status", "--porcelain"]).is_none_or(|s| !s.trim().is_empty());
    format!("{}{}", head.trim(), if dirty { "-dirty" } else { "" })
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Args, String> {
        parse_args(&list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn defaults_to_the_issues_district_and_connection_counts() {
        let parsed = args(&[]).unwrap();
        assert_eq!(parsed.households, 350_000);
        assert_eq!(parsed.connections, [8, 32]);
        assert_eq!(parsed.duration, Duration::from_secs(10));
    }

    #[test]
    fn reads_every_override() {
        let parsed = args(&[
            "--households",
            "5000",
            "--duration",
            "2.5",
            "--warm-up",
            "0",
            "--connections",
            "4, 16",
            "--only",
            "login,town_page",
            "--reseed",
        ])
        .unwrap();
        assert_eq!(parsed.households, 5000);
        assert_eq!(parsed.duration, Duration::from_millis(2500));
        assert_eq!(parsed.warm_up, Duration::ZERO);
        assert_eq!(parsed.connections, [4, 16]);
        assert_eq!(parsed.only, Some(vec!["login".to_owned(), "town_page".to_owned()]));
        assert!(parsed.reseed);
    }

    #[test]
    fn refuses_bad_arguments() {
        for bad in [
            &["--households", "0"][..],
            &["--duration", "0"],
            &["--duration", "-1"],
            &["--connections", "8,x"],
            &["--connections", "0"],
            &["--households"],
            &["--fast"],
            &["--only", "town_page,townpage"],
        ] {
            assert!(args(bad).is_err(), "{bad:?} accepted");
        }
    }
}
