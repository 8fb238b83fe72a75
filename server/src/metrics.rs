//! `/metrics` in Prometheus's text format, on an address of its own
//! (`LIUSHOU_METRICS_BIND`), never on the public port: request counts and
//! latencies by operation and outcome, the database pools in use, the
//! daily job's runs and durations, and audit writes that failed.
//!
//! Operation names come from clients, so they are labels only when they
//! look like names and only for the first [`MAX_OPERATIONS`] seen; any
//! other is counted as `other`. A client cannot grow the process's memory
//! by inventing names.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use prometheus::{
    Encoder as _, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder,
};
use sea_orm::{DatabaseConnection, DbBackend};

/// Distinct operation names kept as labels.
pub const MAX_OPERATIONS: usize = 200;

struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool: IntGaugeVec,
    job_runs: IntCounterVec,
    job_seconds: HistogramVec,
    audit_failures: IntCounter,
    operations: Mutex<HashSet<String>>,
}

impl Metrics {
    fn build() -> prometheus::Result<Self> {
        let registry = Registry::new_custom(Some("liushou".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new("graphql_requests_total", "GraphQL requests by operation and outcome"),
            &["operation", "outcome"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("graphql_request_seconds", "GraphQL request latency by operation")
                .buckets(vec![0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0]),
            &["operation"],
        )?;
        let pool = IntGaugeVec::new(
            Opts::new("db_connections", "Database connections by pool and state"),
            &["pool", "state"],
        )?;
        let job_runs = IntCounterVec::new(
            Opts::new("job_runs_total", "Scheduled job runs by job and outcome"),
            &["job", "outcome"],
        )?;
        let job_seconds = HistogramVec::new(
            HistogramOpts::new("job_seconds", "Scheduled job duration")
                .buckets(vec![0.1, 1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0]),
            &["job"],
        )?;
        let audit_failures = IntCounter::new("audit_write_failures_total", "Audit entries that could not be written")?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(pool.clone()))?;
        registry.register(Box::new(job_runs.clone()))?;
        registry.register(Box::new(job_seconds.clone()))?;
        registry.register(Box::new(audit_failures.clone()))?;
        Ok(Self {
            registry,
            requests,
            latency,
            pool,
            job_runs,
            job_seconds,
            audit_failures,
            operations: Mutex::new(HashSet::new()),
        })
    }

    /// `name` as a label: itself if it looks like an operation name and is
    /// among the first [`MAX_OPERATIONS`], else `other`.
    fn operation(&self, name: Option<&str>) -> String {
        let Some(name) = name else { return "anonymous".into() };
        let plain = (1..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !plain {
            return "other".into();
        }
        let Ok(mut known) = self.operations.lock() else { return "other".into() };
        if known.contains(name) || (known.len() < MAX_OPERATIONS && known.insert(name.to_owned())) {
            name.to_owned()
        } else {
            "other".into()
        }
    }
}

/// The process's metrics; `None` (and nothing exported) if they could not
/// be set up, which only a programming error could cause.
fn metrics() -> Option<&'static Metrics> {
    static METRICS: OnceLock<Option<Metrics>> = OnceLock::new();
    METRICS
        .get_or_init(|| {
            Metrics::build().map_err(|err| tracing::error!(error = %err, "metrics could not be set up")).ok()
        })
        .as_ref()
}

/// One GraphQL request: its operation (as the client named it), its
/// outcome (`ok`, or the first error's code) and how long it took.
pub fn request(operation: Option<&str>, outcome: &str, took: Duration) {
    let Some(m) = metrics() else { return };
    let operation = m.operation(operation);
    m.requests.with_label_values(&[operation.as_str(), outcome]).inc();
    m.latency.with_label_values(&[operation.as_str()]).observe(took.as_secs_f64());
}

/// One run of a scheduled job.
pub fn job(name: &str, ok: bool, took: Duration) {
    let Some(m) = metrics() else { return };
    m.job_runs.with_label_values(&[name, if ok { "ok" } else { "failed" }]).inc();
    m.job_seconds.with_label_values(&[name]).observe(took.as_secs_f64());
}

/// An audit entry that could not be written (the action it recorded was
/// refused or rolled back with it).
pub fn audit_failure() {
    if let Some(m) = metrics() {
        m.audit_failures.inc();
    }
}

/// The text exposition, with the pools' current use.
pub fn render(pools: &[(&str, &DatabaseConnection)]) -> String {
    let Some(m) = metrics() else { return String::new() };
    for (name, pool) in pools {
        let (size, idle) = match pool.get_database_backend() {
            DbBackend::Postgres => {
                let p = pool.get_postgres_connection_pool();
                (p.size(), p.num_idle())
            }
            DbBackend::Sqlite => {
                let p = pool.get_sqlite_connection_pool();
                (p.size(), p.num_idle())
            }
            _ => (0, 0),
        };
        let idle = u32::try_from(idle).unwrap_or(u32::MAX).min(size);
        m.pool.with_label_values(&[name, "in_use"]).set(i64::from(size - idle));
        m.pool.with_label_values(&[name, "idle"]).set(i64::from(idle));
    }
    let mut out = Vec::new();
    if let Err(err) = TextEncoder::new().encode(&m.registry.gather(), &mut out) {
        tracing::warn!(error = %err, "could not encode the metrics");
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Serves `/metrics` on `addr` until the process ends, for a scraper on the
/// operator's network only.
pub async fn serve(addr: SocketAddr, pools: Vec<(&'static str, DatabaseConnection)>) -> anyhow::Result<()> {
    use axum::{Router, routing::get};
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, "metrics endpoint up");
    let app = Router::new().route(
        "/metrics",
        get(move || {
            let pools = pools.clone();
            async move {
                let borrowed: Vec<(&str, &DatabaseConnection)> = pools.iter().map(|(n, p)| (*n, p)).collect();
                ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], render(&borrowed))
            }
        }),
    );
    axum::serve(listener, app).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_names_become_labels_only_while_few_and_plain() {
        let Some(m) = metrics() else { panic!("metrics set up") };
        assert_eq!(m.operation(None), "anonymous");
        assert_eq!(m.operation(Some("Households")), "Households");
        assert_eq!(m.operation(Some("a b")), "other");
        assert_eq!(m.operation(Some(&"x".repeat(65))), "other");
        for i in 0..MAX_OPERATIONS + 10 {
            m.operation(Some(&format!("Op{i}")));
        }
        assert_eq!(m.operation(Some("NeverSeenBefore")), "other");
        assert_eq!(m.operation(Some("Households")), "Households", "names already kept stay");
    }
}
