//! Logging: `tracing` to stderr, filtered by `RUST_LOG`. SQL statement
//! logging stays off (statements carry personal data as bound values).

use tracing_subscriber::{EnvFilter, fmt};

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn"));
    // A second call (tests spawning several apps) keeps the first subscriber.
    let _already_set = fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

/// The span of one step of a background job (`discovery.daily`, `lease`):
/// the job and the step by name, and nothing of the rows it handles. Steps
/// nest in the job's own span, which carries what identifies the run (its
/// date).
pub fn job_step(job: &'static str, step: &'static str) -> tracing::Span {
    tracing::info_span!("job_step", job, step)
}
