//! Subcommands of the `liushou` binary.

use std::io::Write as _;

use clap::{Parser, Subcommand};

use crate::{
    app::Application,
    audit,
    config::{DbArgs, Mode, ServeArgs, Settings},
    db, demo, graphql,
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
    /// Audit log tools.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Seed a synthetic 滨海新区 with demo accounts (once) and serve it.
    Demo(DemoArgs),
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the hash chain; exits non-zero at the first broken entry.
    Verify,
}

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Households to generate on first start (an existing demo is reused).
    #[arg(long, default_value_t = 20_000)]
    pub households: usize,
    /// Random seed: the same seed gives the same district.
    #[arg(long, default_value_t = 120_116)]
    pub seed: u64,
    /// Seed and exit instead of serving.
    #[arg(long)]
    pub no_serve: bool,
    #[command(flatten)]
    pub serve: ServeArgs,
}

pub async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(serve) => {
            let settings = Settings::new(&cli.db, &serve)?;
            if settings.mode != Mode::Demo {
                let conn = db::connect(&settings.database_url).await?;
                anyhow::ensure!(
                    !demo::has_demo_passwords(&conn).await?,
                    "this database has demo accounts with the password `demo`; run `liushou demo`, \
                     or change their passwords, before serving it in {:?} mode",
                    settings.mode
                );
            }
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
        Command::Demo(args) => demo(&cli.db, args).await,
        Command::Audit(AuditCommand::Verify) => {
            let conn = db::connect(&cli.db.database_url).await?;
            let report = audit::verify(&conn).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let mut out = std::io::stdout().lock();
            match report.first_broken {
                None => {
                    writeln!(out, "audit log intact: {} entries", report.entries)?;
                    Ok(())
                }
                Some(seq) => {
                    writeln!(out, "audit log BROKEN at entry seq {seq} (after {} entries)", report.entries - 1)?;
                    anyhow::bail!("audit chain broken at seq {seq}")
                }
            }
        }
        Command::Schema => {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", graphql::sdl().trim_end())?;
            Ok(())
        }
    }
}

async fn demo(db_args: &DbArgs, mut args: DemoArgs) -> anyhow::Result<()> {
    let conn = db::connect(&db_args.database_url).await?;
    db::migrate(&conn).await?;
    let summary = if demo::is_seeded(&conn).await? {
        tracing::info!("reusing the existing demo data");
        None
    } else {
        let opts = demo::SeedOptions {
            households: args.households,
            seed: args.seed,
            progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
        };
        Some(demo::seed(&conn, &opts).await?)
    };
    args.serve.mode = Mode::Demo;
    let settings = Settings::new(db_args, &args.serve)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "\n留守关爱主动发现平台 — demo")?;
    if let Some(s) = &summary {
        writeln!(out, "  seeded {} regions, {} households, {} people", s.regions, s.households, s.people)?;
    }
    writeln!(out, "  web app:  http://{}/", settings.bind)?;
    writeln!(out, "  GraphQL:  http://{}/graphql", settings.bind)?;
    writeln!(out, "  accounts (password `demo`): {}", demo::ACCOUNTS.join(", "))?;
    drop(out);
    if args.no_serve {
        return Ok(());
    }
    let app = Application::build_with(settings, conn).await?;
    app.run().await
}
