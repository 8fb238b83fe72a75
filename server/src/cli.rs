//! Subcommands of the `liushou` binary.

use std::io::Write as _;

use clap::{Parser, Subcommand};

use crate::{
    app::Application,
    config::{DbArgs, ServeArgs, Settings},
    db, graphql,
};

#[derive(Debug, Parser)]
#[command(name = "liushou", version, about = "留守关爱主动发现平台 — active discovery of rural left-behind people")]
pub struct Cli {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (GraphQL API and web app).
    Serve(ServeArgs),
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Print the GraphQL schema (SDL).
    Schema,
}

pub async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(serve) => {
            let settings = Settings::new(&cli.db, &serve)?;
            tracing::info!(?settings, "starting");
            let app = Application::build(settings).await?;
            tracing::info!(addr = %app.local_addr()?, "listening");
            app.run().await
        }
        Command::Migrate => {
            let conn = db::connect(&cli.db.database_url).await?;
            db::migrate(&conn).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Schema => {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", graphql::sdl().trim_end())?;
            Ok(())
        }
    }
}
