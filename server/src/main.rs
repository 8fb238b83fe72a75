//! The `liushou` binary: parse the command line and hand over.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    liushou::telemetry::init();
    match liushou::cli::run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err:#}");
            ExitCode::FAILURE
        }
    }
}
