//! Subcommands of the `liushou` binary.

use std::io::Write as _;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use tracing::Instrument as _;

use crate::{
    app::Application,
    audit, bootstrap, clock,
    config::{DbArgs, Mode, ServeArgs, Settings},
    db, demo,
    discovery::{self, lease::Lease},
    graphql, visits,
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
    /// Bring the database schema up to date and exit. Run it as the
    /// database owner; with `--grant-to`, grant the plain role the server
    /// runs as what it needs (PostgreSQL; see README, "Database roles").
    Migrate {
        #[arg(long)]
        grant_to: Option<String>,
    },
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Import regions from a CSV file (`code,name,rural,lat,lng`).
    ImportRegions { file: std::path::PathBuf },
    /// Import ledgers (台账) of households and people.
    #[command(subcommand)]
    Import(ImportCommand),
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
    /// Print the overdue visits of a region, oldest first (e.g. for a cron
    /// mail). Addresses are personal data: they go to stdout only.
    Overdue(OverdueArgs),
    /// Show the visit schedule, or change one obligation's frequency.
    Schedule(ScheduleArgs),
    /// Show when reports are due, or change one level's due day.
    Deadlines(DeadlinesArgs),
    /// Re-evaluate every person now: the daily discovery job, on demand.
    Discover(DiscoverArgs),
    /// Time discovery over a seeded district on a fresh PostgreSQL database
    /// (created beside `--database-url`'s and dropped afterwards).
    BenchDiscovery(BenchArgs),
    /// Time an import of a generated town ledger on a fresh PostgreSQL
    /// database (created beside `--database-url`'s and dropped afterwards),
    /// with the peak memory of each step.
    BenchImport(BenchImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct BenchImportArgs {
    /// People in the generated ledger (families of four).
    #[arg(long, default_value_t = 100_000)]
    pub people: usize,
    /// Also check a generated CSV of at least this many MB (0: skip).
    #[arg(long, default_value_t = 50)]
    pub file_mb: usize,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Check an XLSX, XLS or CSV file of people (with their households)
    /// and, unless `--dry-run`, write it: as the account `--user`, whose
    /// jurisdiction and rights apply as in the app. Rows with a problem
    /// are printed; nothing is written while any row has an error, unless
    /// `--skip-errors`.
    People(ImportPeopleArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportPeopleArgs {
    pub file: std::path::PathBuf,
    /// The account importing (a town's), by user name.
    #[arg(long)]
    pub user: String,
    /// Check only; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write the rows without errors even if other rows have some.
    #[arg(long)]
    pub skip_errors: bool,
    /// Region code for rows that name no region, and within which names
    /// of villages and grids are looked up.
    #[arg(long)]
    pub region: Option<String>,
    /// The sheet to read (the first by default).
    #[arg(long)]
    pub sheet: Option<String>,
    /// A JSON file mapping headers to fields, e.g. `{"家庭住址(详细)": "address"}`.
    #[arg(long)]
    pub mapping: Option<std::path::PathBuf>,
    /// Write the whole report (every row) to this XLSX file.
    #[arg(long)]
    pub report: Option<std::path::PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct OverdueArgs {
    /// Statistical code of the region (6 digits district, 9 town, 12 village, 15 grid).
    #[arg(long)]
    pub region: String,
    /// At most this many rows (the total is printed in the heading).
    #[arg(long, default_value_t = 1_000)]
    pub limit: u64,
}

#[derive(Debug, clap::Args)]
pub struct ScheduleArgs {
    #[command(subcommand)]
    pub set: Option<ScheduleCommand>,
}

#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// Set one obligation's frequency, e.g. `set CARE_HIGH DAY 7 --notice-hours 48`.
    Set {
        /// MONTHLY_SWEEP, QUARTERLY_SWEEP, CARE_HIGH, CARE_KEY, CARE_GENERAL or EMERGENCY.
        obligation: String,
        /// MONTH (calendar periods in China time), DAY or HOUR (rolling).
        unit: String,
        every: i32,
        /// Rolling units: how long before it is due an obligation shows on work lists.
        #[arg(long, default_value_t = 0)]
        notice_hours: i32,
    },
}

#[derive(Debug, clap::Args)]
pub struct DeadlinesArgs {
    #[command(subcommand)]
    pub set: Option<DeadlinesCommand>,
}

#[derive(Debug, Subcommand)]
pub enum DeadlinesCommand {
    /// Set the day of the month after the period by which a report is due,
    /// e.g. `set TOWN 15`.
    Set {
        /// VILLAGE (monthly reports) or TOWN (quarterly ledgers).
        level: String,
        /// 1 to 28.
        day: i32,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the hash chain; exits non-zero at the first broken entry,
    /// or when the log no longer holds an anchor given.
    Verify {
        /// An anchor printed by `audit anchor` (or logged daily as
        /// `audit_anchor=`), `<seq>:<hash>`; may be repeated.
        #[arg(long)]
        anchor: Vec<audit::Anchor>,
        /// A file of anchors, one per line (`#` comments and blank lines skipped).
        #[arg(long)]
        anchor_file: Option<std::path::PathBuf>,
    },
    /// Print the newest entry's anchor, `<seq>:<hash>`, for a store outside
    /// the database; `verify --anchor` later proves nothing up to it was
    /// removed.
    Anchor,
}

#[derive(Debug, clap::Args)]
pub struct DiscoverArgs {
    /// Evaluate as of this day (`YYYY-MM-DD`) instead of today in China.
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Households to seed (about 2.7 people each).
    #[arg(long, default_value_t = 370_000)]
    pub households: usize,
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
                // Migrate first: on a new database there are no accounts to
                // check yet, and the check must not fail for want of a table.
                let conn = db::connect(&settings.database_url).await?;
                db::migrate(&conn).await?;
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
            discovery::schedule::spawn(app.state.system.clone());
            spawn_metrics(&app.state)?;
            app.run().await
        }
        Command::Migrate { grant_to } => {
            let conn = db::connect_system(&cli.db.database_url).await?;
            db::migrate(&conn).await?;
            tracing::info!("migrations applied");
            if let Some(role) = grant_to {
                db::grant_app_role(&conn, &role).await?;
                tracing::info!(%role, "application role granted");
            }
            Ok(())
        }
        Command::Demo(args) => demo(&cli.db, args).await,
        Command::ImportRegions { file } => {
            let conn = db::connect_system(&cli.db.database_url).await?;
            db::migrate(&conn).await?;
            let csv = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let (created, skipped) = bootstrap::import_regions(&conn, &csv).await?;
            tracing::info!(created, skipped, "regions imported");
            Ok(())
        }
        Command::Import(ImportCommand::People(args)) => import_people(&cli.db, args).await,
        Command::CreateUser { username, display_name, role, region_code } => {
            let password = std::env::var("LIUSHOU_NEW_PASSWORD").context("set LIUSHOU_NEW_PASSWORD")?;
            let conn = db::connect_system(&cli.db.database_url).await?;
            db::migrate(&conn).await?;
            bootstrap::create_user(&conn, &username, &display_name, role, &region_code, &password).await?;
            tracing::info!(role = role.as_str(), region = %region_code, "account created");
            Ok(())
        }
        Command::Audit(AuditCommand::Verify { anchor, anchor_file }) => {
            audit_verify(&cli.db, anchor, anchor_file.as_deref()).await
        }
        Command::Audit(AuditCommand::Anchor) => {
            let conn = db::connect_system(&cli.db.database_url).await?;
            // One line per chain: keep them all (an anchor file takes them
            // as they are).
            let heads = audit::heads(&conn).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            anyhow::ensure!(!heads.is_empty(), "the audit log is empty");
            let mut out = std::io::stdout().lock();
            for head in heads {
                writeln!(out, "{head}")?;
            }
            Ok(())
        }
        Command::Discover(args) => discover(&cli.db, args).await,
        Command::BenchDiscovery(args) => bench(&cli.db, args).await,
        Command::BenchImport(args) => bench_import(&cli.db, args).await,
        Command::Schema => {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", graphql::sdl().trim_end())?;
            Ok(())
        }
        Command::Overdue(args) => {
            // Read-only: no migration here, a cron job must not change the schema.
            let conn = db::connect_system(&cli.db.database_url).await?;
            let mut out = std::io::stdout().lock();
            let run = visits::report::overdue(&conn, &args.region, args.limit, chrono::Utc::now(), &mut out);
            let total = run.instrument(tracing::info_span!("job", job = visits::report::JOB)).await?;
            tracing::info!(region = %args.region, total, "overdue list printed");
            Ok(())
        }
        Command::Schedule(args) => schedule(&cli.db, args).await,
        Command::Deadlines(args) => deadlines(&cli.db, args).await,
    }
}

async fn import_people(db_args: &DbArgs, args: ImportPeopleArgs) -> anyhow::Result<()> {
    use crate::{imports, policy};
    let conn = db::connect_system(&db_args.database_url).await?;
    db::migrate(&conn).await?;
    let actor = bootstrap::actor_of(&conn, &args.user, "cli-import").await?;
    let mapping = match &args.mapping {
        None => imports::Mapping::default(),
        Some(path) => {
            let json = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            imports::Mapping::parse(&json).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        }
    };
    let bytes = std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let options = imports::Options {
        commit: !args.dry_run,
        skip_errors: args.skip_errors,
        region: args.region,
        sheet: args.sheet,
        mapping,
        every_row: args.report.is_some(),
    };
    let db = db::Db::scoped(&conn, &conn, policy::scope::rows(&actor));
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message("checking");
    let progress = |done: usize| {
        bar.set_message("writing");
        bar.set_position(done as u64);
    };
    let name = args.file.display().to_string();
    let report = imports::run(&db, &actor, &name, bytes, &options, &progress).await;
    bar.finish_and_clear();
    db.close().await?;
    let report = report.map_err(|e| anyhow::anyhow!("{}", imports::report::describe(&e)))?;
    if let Some(path) = &args.report {
        std::fs::write(path, report.to_xlsx()?).with_context(|| format!("writing {}", path.display()))?;
    }
    let mut out = std::io::stdout().lock();
    report.print(&mut out)?;
    if let Some(refused) = &report.refused {
        anyhow::bail!("{refused}");
    }
    Ok(())
}

async fn audit_verify(
    db_args: &DbArgs,
    mut anchors: Vec<audit::Anchor>,
    anchor_file: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    if let Some(file) = anchor_file {
        let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        anchors.extend(audit::anchors_in(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?);
    }
    let conn = db::connect_system(&db_args.database_url).await?;
    let report = audit::verify(&conn).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut out = std::io::stdout().lock();
    if let Some(seq) = report.first_broken {
        writeln!(out, "audit log BROKEN at entry seq {seq} (after {} entries)", report.entries - 1)?;
        anyhow::bail!("audit chain broken at seq {seq}");
    }
    for anchor in &anchors {
        if !audit::holds(&conn, anchor).await.map_err(|e| anyhow::anyhow!("{e}"))? {
            writeln!(out, "audit log TRUNCATED or rewritten: anchor {anchor} is gone")?;
            anyhow::bail!("audit log no longer holds anchor {anchor}");
        }
    }
    writeln!(out, "audit log intact: {} entries, {} anchor(s) held", report.entries, anchors.len())?;
    Ok(())
}

async fn schedule(db_args: &DbArgs, args: ScheduleArgs) -> anyhow::Result<()> {
    use visits::schedule::{Interval, Obligation, Schedule};
    let conn = db::connect_system(&db_args.database_url).await?;
    if let Some(ScheduleCommand::Set { obligation, unit, every, notice_hours }) = args.set {
        let which = Obligation::from_key(&obligation).with_context(|| format!("unknown obligation {obligation}"))?;
        visits::schedule::set(&conn, which, &unit, every, notice_hours)
            .await
            .map_err(|err| anyhow::anyhow!("{err}: {}", describe(&err)))?;
    }
    let schedule = Schedule::load(&conn).await.map_err(|err| anyhow::anyhow!("{}", describe(&err)))?;
    let mut out = std::io::stdout().lock();
    for obligation in Obligation::ALL {
        let rule = schedule.rule(obligation);
        let every = match rule.interval {
            Interval::Calendar { months } => format!("every {months} month(s), calendar periods in China time"),
            Interval::Rolling(d) => {
                format!("every {} h rolling, listed {} h ahead", d.num_hours(), rule.notice.num_hours())
            }
        };
        writeln!(out, "{:<16} {every}", obligation.key())?;
    }
    Ok(())
}

async fn deadlines(db_args: &DbArgs, args: DeadlinesArgs) -> anyhow::Result<()> {
    use crate::reports::deadline;
    let conn = db::connect(&db_args.database_url).await?;
    if let Some(DeadlinesCommand::Set { level, day }) = args.set {
        let level = match level.as_str() {
            "VILLAGE" => entity::RegionLevel::Village,
            "TOWN" => entity::RegionLevel::Town,
            other => anyhow::bail!("unknown level {other}: VILLAGE or TOWN"),
        };
        deadline::set(&conn, level, day).await.map_err(|err| anyhow::anyhow!("{err}: {}", describe(&err)))?;
    }
    let mut out = std::io::stdout().lock();
    for (level, day) in deadline::all(&conn).await.map_err(|err| anyhow::anyhow!("{}", describe(&err)))? {
        writeln!(out, "{:<8} due by day {day} of the month after the period (China time)", level.as_str())?;
    }
    Ok(())
}

/// The detail of an error for an operator at a terminal.
fn describe(err: &crate::error::AppError) -> String {
    match err {
        crate::error::AppError::Validation(fields) => fields.values().map(|m| m.zh()).collect::<Vec<_>>().join("; "),
        crate::error::AppError::Internal(source) => format!("{source:#}"),
        other => other.to_string(),
    }
}

async fn demo(db_args: &DbArgs, mut args: DemoArgs) -> anyhow::Result<()> {
    let conn = db::connect(&db_args.database_url).await?;
    db::migrate(&conn).await?;
    // Seeding is the system's work: it writes every jurisdiction.
    let system = db::system_pool(&conn).await?;
    let summary = if demo::is_seeded(&system).await? {
        tracing::info!("reusing the existing demo data");
        None
    } else {
        let opts = demo::SeedOptions {
            households: args.households,
            seed: args.seed,
            progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
        };
        let summary = demo::seed(&system, &opts).await?;
        // Past reports are snapshots of who is under care, so today's
        // discovery runs first (and the scheduler then finds it done).
        let lease = Lease::new(discovery::job::JOB, discovery::schedule::LEASE_TTL);
        discovery::schedule::run_if_due(&system, &lease).await?;
        let reports = demo::reports::seed(&system).await?;
        tracing::info!(reports, "demo reports seeded");
        let findings = demo::spot_checks::seed(&system).await?;
        tracing::info!(findings, "demo spot check seeded");
        demo::pending::seed(&system).await?;
        Some(summary)
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
    writeln!(out, "  awaiting approval: {} (town or district approves it in 账号审核)", demo::pending::USERNAME)?;
    drop(out);
    if args.no_serve {
        return Ok(());
    }
    let app = Application::build_with(settings, conn).await?;
    // The first check runs at once: a fresh demo gets its suggestions.
    discovery::schedule::spawn(app.state.system.clone());
    spawn_metrics(&app.state)?;
    app.run().await
}

/// `/metrics` on `LIUSHOU_METRICS_BIND` when it is set (an address for the
/// operator's scraper, not the public one).
fn spawn_metrics(state: &crate::graphql::AppState) -> anyhow::Result<()> {
    let Ok(raw) = std::env::var("LIUSHOU_METRICS_BIND") else { return Ok(()) };
    let addr: std::net::SocketAddr =
        raw.trim().parse().with_context(|| format!("LIUSHOU_METRICS_BIND is not an address: {raw}"))?;
    let pools = vec![("requests", state.db.clone()), ("system", state.system.clone())];
    tokio::spawn(async move {
        if let Err(err) = crate::metrics::serve(addr, pools).await {
            tracing::error!(error = %err, "metrics endpoint stopped");
        }
    });
    Ok(())
}

async fn discover(db_args: &DbArgs, args: DiscoverArgs) -> anyhow::Result<()> {
    let conn = db::connect_system(&db_args.database_url).await?;
    db::migrate(&conn).await?;
    let today = clock::today();
    let on = args.date.unwrap_or(today);
    let lease = Lease::new(discovery::job::JOB, discovery::schedule::LEASE_TTL);
    let started = std::time::Instant::now();
    let run = async {
        let step = |name| crate::telemetry::job_step(discovery::job::JOB, name);
        let acquired = lease.acquire(&conn, None).instrument(step("lease")).await?;
        anyhow::ensure!(acquired, "another instance is running discovery now; try again later");
        let result = discovery::job::run(&conn, on, Some(&lease)).await;
        // A run for today counts as today's daily run.
        let completed = (result.is_ok() && on == today).then_some(today);
        lease.release(&conn, completed).instrument(step("release")).await?;
        Ok(result?)
    };
    let s = run.instrument(tracing::info_span!("job", job = discovery::job::JOB)).await?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "discovery on {on}: {} people in {:.1} s; {} suggested, {} refreshed, {} ended; alerts {} raised, {} cleared",
        s.people,
        started.elapsed().as_secs_f64(),
        s.suggested,
        s.refreshed,
        s.ended,
        s.alerts_raised,
        s.alerts_cleared
    )?;
    Ok(())
}

async fn bench_import(db_args: &DbArgs, args: BenchImportArgs) -> anyhow::Result<()> {
    let steps = crate::imports::bench::run(&db_args.database_url, args.people, args.file_mb).await?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "| step | rows | file MB | time s | rows/s | RSS before MiB | peak RSS MiB | created | errors |")?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|")?;
    for s in steps {
        let secs = s.time.as_secs_f64();
        writeln!(
            out,
            "| {} | {} | {:.1} | {:.1} | {:.0} | {} | {} | {} | {} |",
            s.what,
            s.rows,
            s.file_bytes as f64 / 1_048_576.0,
            secs,
            s.rows as f64 / secs.max(0.001),
            s.before.now_kib / 1024,
            s.memory.peak_kib / 1024,
            s.created,
            s.errors
        )?;
    }
    Ok(())
}

async fn bench(db_args: &DbArgs, args: BenchArgs) -> anyhow::Result<()> {
    let report = discovery::bench::run(&db_args.database_url, args.households).await?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "seeded {} households, {} people in {:.1} s",
        report.households,
        report.people,
        report.seed_time.as_secs_f64()
    )?;
    for (i, (time, s, mem)) in report.runs.iter().enumerate() {
        writeln!(
            out,
            "run {}: {:.1} s, {:.0} people/s; peak RSS {} MiB (now {} MiB); {} suggested, {} refreshed, {} ended, {} alerts",
            i + 1,
            time.as_secs_f64(),
            s.people as f64 / time.as_secs_f64().max(0.001),
            mem.peak_kib / 1024,
            mem.now_kib / 1024,
            s.suggested,
            s.refreshed,
            s.ended,
            s.alerts_raised
        )?;
    }
    Ok(())
}
