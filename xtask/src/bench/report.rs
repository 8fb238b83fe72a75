//! The bench's results: one row per scenario and connection count, the
//! issue's targets checked against them, a table for the terminal and a
//! JSON document for keeping.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::json;

/// One scenario at one connection count.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub key: String,
    pub what: String,
    pub connections: usize,
    /// Successful answers inside the window.
    pub ok: u64,
    pub errors: u64,
    pub error_kinds: BTreeMap<String, u64>,
    pub req_per_s: f64,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub max_ms: Option<f64>,
    /// CPU over the window as % of one core (200 % is both of two cores).
    pub server_cpu_pct: f64,
    pub postgres_cpu_pct: f64,
    pub bench_cpu_pct: f64,
    /// The server's peak RSS in the window (or since start, when the kernel
    /// would not reset the peak).
    pub peak_rss_mib: Option<f64>,
    pub connects: u64,
    /// The machine's 1-minute load average as the window closed.
    pub load_1m: Option<f64>,
}

/// Everything about the run that is not a row.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub date: String,
    pub commit: String,
    pub database: String,
    pub households: u64,
    pub people: u64,
    pub seeded_in_s: Option<f64>,
    pub cores: usize,
    pub load_at_start: Option<[f64; 3]>,
    pub load_at_end: Option<[f64; 3]>,
    pub warm_up_s: f64,
    pub duration_s: f64,
    /// The server's peak RSS from its start to the first window.
    pub startup_peak_rss_mib: Option<f64>,
    /// Whether each window's peak RSS is its own (`clear_refs` worked).
    pub rss_per_window: bool,
    pub bench_s: f64,
}

/// One target of issue #15 and whether this run met it (`None`: the
/// scenario was not run).
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub what: &'static str,
    pub met: Option<bool>,
    pub measured: String,
}

const RSS_LIMIT_MIB: f64 = 150.0;

/// The targets: the town page at 8 connections (≥ 300 req/s, p99
/// ≤ 50 ms, no errors), the district's `dueVisits` (as the web app asks
/// it) and `stats` at 8 connections (p99 ≤ 100 ms), and the server's RSS
/// under 150 MiB in every window.
pub fn targets(rows: &[Row], meta: &Meta) -> Vec<Target> {
    let at8 = |key: &str| rows.iter().find(|r| r.key == key && r.connections == 8);
    let ms = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.1} ms"));
    let p99_under = |what: &'static str, key: &str, limit: f64| match at8(key) {
        None => Target { what, met: None, measured: "not run".to_owned() },
        Some(r) => Target {
            what,
            met: Some(r.errors == 0 && r.p99_ms.is_some_and(|p| p <= limit)),
            measured: format!("p99 {}, {} errors", ms(r.p99_ms), r.errors),
        },
    };
    let town = match at8("town_page") {
        None => Target {
            what: "town page at 8 connections: >= 300 req/s, p99 <= 50 ms, 0 errors",
            met: None,
            measured: "not run".to_owned(),
        },
        Some(r) => Target {
            what: "town page at 8 connections: >= 300 req/s, p99 <= 50 ms, 0 errors",
            met: Some(r.req_per_s >= 300.0 && r.p99_ms.is_some_and(|p| p <= 50.0) && r.errors == 0),
            measured: format!("{:.1} req/s, p99 {}, {} errors", r.req_per_s, ms(r.p99_ms), r.errors),
        },
    };
    let peaks = rows.iter().filter_map(|r| r.peak_rss_mib).chain(meta.startup_peak_rss_mib);
    let peak = peaks.fold(None, |max: Option<f64>, v| Some(max.map_or(v, |m| m.max(v))));
    let rss = Target {
        what: "server peak RSS < 150 MiB",
        met: peak.map(|p| p < RSS_LIMIT_MIB),
        measured: peak.map_or("not measured".to_owned(), |p| format!("{p:.1} MiB")),
    };
    vec![
        town,
        p99_under("district dueVisits (web app's query) at 8 connections: p99 <= 100 ms", "due_district", 100.0),
        p99_under("district stats at 8 connections: p99 <= 100 ms", "stats_district", 100.0),
        rss,
    ]
}

fn opt(v: Option<f64>, precision: usize) -> String {
    v.map_or("-".to_owned(), |v| format!("{v:.precision$}"))
}

fn load(l: Option<[f64; 3]>) -> String {
    l.map_or("unknown".to_owned(), |[a, b, c]| format!("{a:.2} {b:.2} {c:.2}"))
}

/// The table printed on stdout and pasted into README (Markdown).
pub fn table(rows: &[Row], meta: &Meta) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| scenario | conns | answers | req/s | p50 ms | p99 ms | max ms | errors | server CPU | PostgreSQL CPU | bench CPU | server peak RSS | load |"
    );
    let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.1} | {} | {} | {} | {} | {:.0} % | {:.0} % | {:.0} % | {} MiB | {} |",
            r.key,
            r.connections,
            r.ok,
            r.req_per_s,
            opt(r.p50_ms, 1),
            opt(r.p99_ms, 1),
            opt(r.max_ms, 1),
            r.errors,
            r.server_cpu_pct,
            r.postgres_cpu_pct,
            r.bench_cpu_pct,
            opt(r.peak_rss_mib, 1),
            opt(r.load_1m, 1),
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{} · {} households, {} people (database {}) · commit {} · {} cores shared by server, PostgreSQL and load generator",
        meta.date, meta.households, meta.people, meta.database, meta.commit, meta.cores
    );
    let _ = writeln!(
        out,
        "warm-up {:.0} s, window {:.0} s per row (load: the 1-minute load average as it closed) · load average at start {} (1/5/15 min), at end {} · server peak RSS before the first window {} MiB",
        meta.warm_up_s,
        meta.duration_s,
        load(meta.load_at_start),
        load(meta.load_at_end),
        opt(meta.startup_peak_rss_mib, 1)
    );
    let errors: Vec<String> = rows
        .iter()
        .filter(|r| !r.error_kinds.is_empty())
        .map(|r| {
            let kinds: Vec<String> = r.error_kinds.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
            format!("{} @ {}: {}", r.key, r.connections, kinds.join(", "))
        })
        .collect();
    if !errors.is_empty() {
        let _ = writeln!(out, "errors (warm-up included): {}", errors.join("; "));
    }
    let _ = writeln!(out);
    for t in targets(rows, meta) {
        let verdict = match t.met {
            Some(true) => "MET",
            Some(false) => "NOT MET",
            None => "not checked",
        };
        let _ = writeln!(out, "- {verdict}: {} — {}", t.what, t.measured);
    }
    out
}

/// The whole run as JSON.
pub fn to_json(rows: &[Row], meta: &Meta) -> String {
    let num_opt = |v: Option<f64>| v.map_or("null".to_owned(), json::number);
    let load = |l: Option<[f64; 3]>| l.map_or("null".to_owned(), |l| json::array(&l.map(json::number)));
    let rows_json: Vec<String> = rows
        .iter()
        .map(|r| {
            let kinds: Vec<(&str, String)> = r.error_kinds.iter().map(|(k, n)| (k.as_str(), n.to_string())).collect();
            json::object(&[
                ("scenario", json::string(&r.key)),
                ("what", json::string(&r.what)),
                ("connections", r.connections.to_string()),
                ("ok", r.ok.to_string()),
                ("errors", r.errors.to_string()),
                ("error_kinds", json::object(&kinds)),
                ("req_per_s", json::number(r.req_per_s)),
                ("p50_ms", num_opt(r.p50_ms)),
                ("p99_ms", num_opt(r.p99_ms)),
                ("max_ms", num_opt(r.max_ms)),
                ("server_cpu_pct_of_core", json::number(r.server_cpu_pct)),
                ("postgres_cpu_pct_of_core", json::number(r.postgres_cpu_pct)),
                ("bench_cpu_pct_of_core", json::number(r.bench_cpu_pct)),
                ("server_peak_rss_mib", num_opt(r.peak_rss_mib)),
                ("tcp_connects", r.connects.to_string()),
                ("load_average_1m_at_end", num_opt(r.load_1m)),
            ])
        })
        .collect();
    let targets_json: Vec<String> = targets(rows, meta)
        .iter()
        .map(|t| {
            json::object(&[
                ("target", json::string(t.what)),
                ("met", t.met.map_or("null".to_owned(), |m| m.to_string())),
                ("measured", json::string(&t.measured)),
            ])
        })
        .collect();
    let doc = json::object(&[
        ("date", json::string(&meta.date)),
        ("commit", json::string(&meta.commit)),
        ("database", json::string(&meta.database)),
        ("households", meta.households.to_string()),
        ("people", meta.people.to_string()),
        ("seeded_in_s", num_opt(meta.seeded_in_s)),
        ("cores", meta.cores.to_string()),
        ("load_average_at_start", load(meta.load_at_start)),
        ("load_average_at_end", load(meta.load_at_end)),
        ("warm_up_s", json::number(meta.warm_up_s)),
        ("duration_s", json::number(meta.duration_s)),
        ("server_startup_peak_rss_mib", num_opt(meta.startup_peak_rss_mib)),
        ("rss_peak_per_window", meta.rss_per_window.to_string()),
        ("bench_s", json::number(meta.bench_s)),
        ("rows", json::array(&rows_json)),
        ("targets", json::array(&targets_json)),
    ]);
    format!("{doc}\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::json::{Json, parse};

    fn row(key: &str, connections: usize, rps: f64, p99: f64, errors: u64) -> Row {
        Row {
            key: key.to_owned(),
            connections,
            req_per_s: rps,
            p99_ms: Some(p99),
            errors,
            peak_rss_mib: Some(60.0),
            ..Row::default()
        }
    }

    #[test]
    fn the_town_page_target_needs_throughput_latency_and_no_errors() {
        let meta = Meta::default();
        let met = |rows: &[Row]| targets(rows, &meta)[0].met;
        assert_eq!(met(&[row("town_page", 8, 310.0, 40.0, 0)]), Some(true));
        assert_eq!(met(&[row("town_page", 8, 290.0, 40.0, 0)]), Some(false));
        assert_eq!(met(&[row("town_page", 8, 310.0, 51.0, 0)]), Some(false));
        assert_eq!(met(&[row("town_page", 8, 310.0, 40.0, 1)]), Some(false));
        // Only the 8-connection row counts.
        assert_eq!(met(&[row("town_page", 32, 310.0, 40.0, 0)]), None);
    }

    #[test]
    fn the_memory_target_counts_the_start_up_peak_too() {
        let rows = [row("stats_district", 8, 10.0, 90.0, 0)];
        let mut meta = Meta { startup_peak_rss_mib: Some(100.0), ..Meta::default() };
        assert_eq!(targets(&rows, &meta)[3].met, Some(true));
        assert_eq!(targets(&rows, &meta)[2].met, Some(true));
        meta.startup_peak_rss_mib = Some(151.0);
        assert_eq!(targets(&rows, &meta)[3].met, Some(false));
    }

    #[test]
    fn the_json_report_reads_back_with_rows_targets_and_load() {
        let mut r = row("due_district", 8, 12.5, 420.0, 2);
        r.what = "DISTRICT: \"due\"".to_owned();
        r.error_kinds.insert("GraphQL INTERNAL".to_owned(), 2);
        let meta = Meta { households: 5000, load_at_start: Some([1.5, 1.0, 0.5]), ..Meta::default() };
        let doc = parse(&to_json(&[r], &meta)).unwrap();
        assert_eq!(doc.get("households"), Some(&Json::Number(5000.0)));
        assert_eq!(doc.get("load_average_at_start").map(|l| l.as_array().len()), Some(3));
        let rows = doc.get("rows").unwrap().as_array();
        assert_eq!(rows[0].get("what").and_then(Json::as_str), Some("DISTRICT: \"due\""));
        assert_eq!(rows[0].at(&["error_kinds", "GraphQL INTERNAL"]), Some(&Json::Number(2.0)));
        assert_eq!(rows[0].get("p50_ms"), Some(&Json::Null));
        let due = &doc.get("targets").unwrap().as_array()[1];
        assert_eq!(due.get("met"), Some(&Json::Bool(false)));
    }

    #[test]
    fn the_table_has_a_line_per_row_and_the_load_in_its_footer() {
        let meta = Meta { load_at_start: Some([2.25, 1.0, 0.5]), ..Meta::default() };
        let text = table(&[row("town_page", 8, 31.0, 802.0, 0), row("town_page", 32, 22.0, 3000.0, 0)], &meta);
        assert_eq!(text.lines().filter(|l| l.starts_with("| town_page |")).count(), 2);
        assert!(text.contains("load average at start 2.25 1.00 0.50"));
        assert!(text.contains("- NOT MET: town page at 8 connections"));
    }
}
