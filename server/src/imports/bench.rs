//! `liushou bench-import`: a town's ledger of `people` rows imported into
//! a fresh PostgreSQL database (the demo district's regions and accounts),
//! timed step by step with the process's peak memory: the check, the
//! commit, and the same file again (all unchanged). Then the check of a
//! CSV of at least `file_mb` MB, for the memory a large file costs.
//!
//! The ledger is generated: families of four (head and spouse away for
//! work, a child, a grandmother) in the town's villages, with ID numbers
//! of another area code than the demo's, so that none is registered yet.

use std::time::{Duration, Instant};

use anyhow::Context as _;
use entity::{RegionLevel, region};
use sea_orm::{ColumnTrait as _, ConnectionTrait as _, Database, EntityTrait as _, QueryFilter as _};

use super::{Options, Report};
use crate::{bootstrap, db, demo, discovery::bench::Memory, policy::scope};

/// One step measured.
pub struct Step {
    pub what: String,
    pub rows: usize,
    pub file_bytes: usize,
    pub time: Duration,
    /// Resident memory when the step began (the file, what earlier steps
    /// left to the allocator), and at its peak.
    pub before: Memory,
    pub memory: Memory,
    pub created: usize,
    pub errors: usize,
}

pub async fn run(admin_url: &str, people: usize, file_mb: usize) -> anyhow::Result<Vec<Step>> {
    anyhow::ensure!(admin_url.starts_with("postgres"), "the benchmark runs on PostgreSQL: pass a postgres:// URL");
    let name = format!("liushou_bench_import_{}", uuid::Uuid::now_v7().simple());
    let admin = Database::connect(admin_url).await.context("connecting to PostgreSQL")?;
    admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await?;
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    let result = bench_in(&format!("{base}/{name}"), people, file_mb).await;
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
    result
}

async fn bench_in(url: &str, people: usize, file_mb: usize) -> anyhow::Result<Vec<Step>> {
    let conn = db::connect_system(url).await?;
    db::migrate(&conn).await?;
    demo::seed(&conn, &demo::SeedOptions { households: 1_000, seed: 120_116, progress: false }).await?;
    conn.execute_unprepared("ANALYZE").await?;
    let actor = bootstrap::actor_of(&conn, "town", "bench-import").await?;
    let villages: Vec<String> = region::Entity::find()
        .filter(scope::regions(&actor, region::Column::KeyLo))
        .filter(region::Column::Level.eq(RegionLevel::Village))
        .all(&conn)
        .await?
        .into_iter()
        .map(|r| r.code)
        .collect();
    anyhow::ensure!(!villages.is_empty(), "the demo town has no villages");
    let db = db::Db::scoped(&conn, &conn, scope::rows(&actor));
    let ledger = xlsx(&villages, people)?;
    let mut steps = Vec::new();
    for (what, commit) in [("check", false), ("commit", true), ("commit again (unchanged)", true)] {
        let options = Options { commit, ..Options::default() };
        steps.push(measure(&db, &actor, what, "ledger.xlsx", ledger.clone(), &options).await?);
    }
    if file_mb > 0 {
        let csv = csv(&villages, file_mb * 1024 * 1024);
        let options = Options::default();
        steps.push(measure(&db, &actor, &format!("check a {file_mb} MB CSV"), "big.csv", csv, &options).await?);
    }
    db.close().await?;
    conn.close().await?;
    Ok(steps)
}

async fn measure(
    db: &db::Db,
    actor: &crate::auth::Actor,
    what: &str,
    file: &str,
    bytes: Vec<u8>,
    options: &Options,
) -> anyhow::Result<Step> {
    let file_bytes = bytes.len();
    Memory::reset_peak();
    let before = Memory::read();
    let started = Instant::now();
    let report: Report = super::run(db, actor, file, bytes, options, &|_| {})
        .await
        .map_err(|e| anyhow::anyhow!("{what}: {}", super::report::describe(&e)))?;
    let time = started.elapsed();
    Ok(Step {
        what: what.to_owned(),
        rows: report.counts.rows,
        file_bytes,
        time,
        before,
        memory: Memory::read(),
        created: report.counts.people_created,
        errors: report.counts.errors,
    })
}

/// The cells of person `i` of household `h` (ID numbers of Hebei's
/// 130102, valid, all different).
fn person(villages: &[String], h: usize, i: usize) -> [String; 10] {
    let village = &villages[h % villages.len()];
    let head = format!("张{h}");
    // (relation, birth year, male, away)
    let (relation, year, male, away) = [
        ("户主", 1960, true, true),
        ("配偶", 1962, false, true),
        ("子女", 2008, h.is_multiple_of(2), false),
        ("母亲", 1935, false, false),
    ][i];
    let spread = if i == 2 { 4_000 } else { 9_000 };
    let birth =
        chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default() + chrono::Days::new((h % spread) as u64);
    let seq = (h / spread) * 2 + usize::from(male);
    let first17 = format!("130102{}{seq:03}", birth.format("%Y%m%d"));
    let check = crate::validate::id_check_char(first17.as_bytes()) as char;
    let name = match i {
        0 => head.clone(),
        1 => format!("李{h}"),
        2 => format!("张小{h}"),
        _ => format!("王{h}"),
    };
    [
        head,
        name,
        relation.to_owned(),
        format!("{first17}{check}"),
        if i == 0 { format!("138{:08}", h % 100_000_000) } else { String::new() },
        format!("{village}第{}排{}号", h / 40, h % 40),
        village.clone(),
        if away { "是" } else { "否" }.to_owned(),
        if away { "2021-03-01".to_owned() } else { String::new() },
        if away { "广东省深圳市".to_owned() } else { String::new() },
    ]
}

const HEADERS: [&str; 10] = [
    "户主姓名",
    "姓名",
    "与户主关系",
    "身份证号",
    "联系电话",
    "现住址",
    "所属村(居)/网格",
    "外出务工",
    "外出时间",
    "外出地点",
];

fn xlsx(villages: &[String], people: usize) -> anyhow::Result<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory()?;
    for (col, h) in (0u16..).zip(HEADERS) {
        sheet.write_string(0, col, h)?;
    }
    for n in 0..people {
        for (col, value) in (0u16..).zip(person(villages, n / 4, n % 4)) {
            if !value.is_empty() {
                sheet.write_string(n as u32 + 1, col, value)?;
            }
        }
    }
    Ok(book.save_to_buffer()?)
}

fn csv(villages: &[String], at_least: usize) -> Vec<u8> {
    let mut out = HEADERS.join(",");
    out.push('\n');
    let mut n = 0;
    while out.len() < at_least {
        out.push_str(&person(villages, n / 4, n % 4).join(","));
        out.push('\n');
        n += 1;
    }
    out.into_bytes()
}
