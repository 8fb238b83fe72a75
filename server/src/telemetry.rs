//! Logging: `tracing` to stderr, filtered by `RUST_LOG`. SQL statement
//! logging stays off (statements carry personal data as bound values).

use tracing_subscriber::{EnvFilter, fmt};

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn"));
    // A second call (tests spawning several apps) keeps the first subscriber.
    let _already_set = fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
