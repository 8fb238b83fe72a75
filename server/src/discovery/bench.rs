//! `liushou bench-discovery`: the daily job over a district-sized registry
//! on PostgreSQL, timed, with the process's peak memory.
//!
//! Creates a fresh database next to the one `--database-url` names, seeds
//! the synthetic district (`demo::seed`), runs discovery twice (the first
//! run suggests everything; the second is a typical day, writing almost
//! nothing) and drops the database again.

use std::time::{Duration, Instant};

use anyhow::Context as _;
use sea_orm::{ConnectionTrait as _, Database, EntityTrait as _, PaginatorTrait as _};

use super::{Summary, job};
use crate::{clock, db, demo};

pub struct BenchReport {
    pub people: u64,
    pub households: usize,
    pub seed_time: Duration,
    pub runs: Vec<(Duration, Summary, Memory)>,
}

/// Resident memory of this process, from `/proc/self/status` (Linux).
#[derive(Debug, Clone, Copy, Default)]
pub struct Memory {
    /// Peak resident set since the last reset (`VmHWM`), in KiB.
    pub peak_kib: u64,
    /// Current resident set (`VmRSS`), in KiB.
    pub now_kib: u64,
}

impl Memory {
    pub fn read() -> Self {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        };
        Self { peak_kib: field("VmHWM:"), now_kib: field("VmRSS:") }
    }

    /// Resets the peak to the current size, so that a phase's peak can be
    /// told apart from the seeding before it (Linux ≥ 4.0; ignored elsewhere).
    pub fn reset_peak() {
        // Best effort: without it the peak includes the seeding, which
        // only makes the reported number pessimistic.
        let _ = std::fs::write("/proc/self/clear_refs", "5");
    }
}

/// Runs the benchmark against a fresh database on the server of `admin_url`.
pub async fn run(admin_url: &str, households: usize) -> anyhow::Result<BenchReport> {
    anyhow::ensure!(admin_url.starts_with("postgres"), "the benchmark runs on PostgreSQL: pass a postgres:// URL");
    let name = format!("liushou_bench_{}", uuid::Uuid::now_v7().simple());
    let admin = Database::connect(admin_url).await.context("connecting to PostgreSQL")?;
    admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await?;
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    let result = bench_in(&format!("{base}/{name}"), households).await;
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
    result
}

async fn bench_in(url: &str, households: usize) -> anyhow::Result<BenchReport> {
    let conn = db::connect_system(url).await?;
    db::migrate(&conn).await?;
    let started = Instant::now();
    let opts = demo::SeedOptions { households, seed: 120_116, progress: true };
    let summary = demo::seed(&conn, &opts).await?;
    conn.execute_unprepared("ANALYZE").await?;
    let seed_time = started.elapsed();
    let people = entity::person::Entity::find().count(&conn).await?;
    let mut runs = Vec::new();
    for _ in 0..2 {
        Memory::reset_peak();
        let started = Instant::now();
        let result = job::run(&conn, clock::today(), None).await?;
        runs.push((started.elapsed(), result, Memory::read()));
    }
    conn.close().await?;
    Ok(BenchReport { people, households: summary.households, seed_time, runs })
}
