//! Subcommands of the `liushou` binary.

use std::io::Write as _;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::{
    app::Application,
    audit, bootstrap,
    config::{DbArgs, Mode, ServeArgs, Settings},
    db, demo, graphql,
};

fn parse_role(raw: &str) -> Result<entity::Role, String> {
    use async_graphql::{InputType as _, Name, Value};
    entity::Role::parse(Some(Value::Enum(Name::new(raw.to_ascii_uppercase()))))
        .map_err(|_| format!("unknown role {raw}"))
}

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
    /// Import regions from a CSV file (`code,name,rural,lat,lng`).
    ImportRegions { file: std::path::PathBuf },
    /// Create an account, e.g. the first ADMIN of a new deployment. The
    /// password is read from `LIUSHOU_NEW_PASSWORD`.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        #[arg(long, value_parser = parse_role)]
        role: entity::Role,
        /// Statistical code of the region the account is bound to.
        #[arg(long)]
        region_code: String,
    },
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
        Command::ImportRegions { file } => {
            let conn = db::connect(&cli.db.database_url).await?;
            db::migrate(&conn).await?;
            let csv = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let (created, skipped) = bootstrap::import_regions(&conn, &csv).await?;
            tracing::info!(created, skipped, "regions imported");
            Ok(())
        }
        Command::CreateUser { username, display_name, role, region_code } => {
            let password = std::env::var("LIUSHOU_NEW_PASSWORD").context("set LIUSHOU_NEW_PASSWORD")?;
            let conn = db::connect(&cli.db.database_url).await?;
            db::migrate(&conn).await?;
            bootstrap::create_user(&conn, &username, &display_name, role, &region_code, &password).await?;
            tracing::info!(role = role.as_str(), region = %region_code, "account created");
            Ok(())
        }
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
