//! The bench's database and server: a seeded PostgreSQL database kept
//! between runs (`liushou_bench_<households>`), the optimised server
//! started on it, and what `/proc` says about both.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::browser::server::with_database;
use crate::run::{self, Failure, Outcome};

/// The signing key of the bench server. Not a secret: it signs tokens for
/// a synthetic district on a loopback port. Fixed, because it also keys
/// the audit log's fingerprints, which must stay the same between runs on
/// a kept database.
const JWT_SECRET: &str = "liushou-bench-not-a-secret-0123456789abcdef";

/// An optimised server on PostgreSQL answers within seconds; the first
/// start after a migration may take longer.
const START_TIMEOUT: Duration = Duration::from_secs(120);

/// The seeded database the bench runs on.
pub struct BenchDb {
    pub name: String,
    pub url: String,
    pub households: u64,
    pub people: u64,
    /// Time `liushou demo --no-serve` took, when this run seeded.
    pub seeded_in: Option<Duration>,
}

/// Makes sure `liushou_bench_<households>` holds a demo district of exactly
/// that many households with its demo accounts, seeding it when it does
/// not (or when `reseed`); then that today's discovery has run, so the
/// server does not start it in the middle of a measurement.
pub fn prepare(binary: &Path, admin_url: &str, households: u64, reseed: bool) -> Outcome<BenchDb> {
    let name = format!("liushou_bench_{households}");
    let url = with_database(admin_url, &name)
        .ok_or_else(|| Failure::new(format!("cannot put a database name into {admin_url}")))?;
    let exists = psql(admin_url, &format!("SELECT count(*) FROM pg_database WHERE datname = '{name}'"))? == "1";
    let reusable = exists && !reseed && seeded_households(&url) == Some(households);
    let mut seeded_in = None;
    if reusable {
        eprintln!("reusing database {name} ({households} households)");
    } else {
        if exists {
            eprintln!("database {name} is not a complete {households}-household demo (or --reseed): recreating it");
        }
        psql(admin_url, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
        psql(admin_url, &format!("CREATE DATABASE {name}"))?;
        let started = Instant::now();
        let mut cmd = liushou(binary, &url);
        // Its banner goes to stderr: stdout is the bench's table alone.
        cmd.args(["demo", "--households", &households.to_string(), "--no-serve"])
            .env("RUST_LOG", "warn,liushou=info")
            .stdout(std::io::stderr());
        run::status(&mut cmd)?;
        let took = started.elapsed();
        eprintln!("seeded {households} households in {}", run::seconds(took));
        seeded_in = Some(took);
        if seeded_households(&url) != Some(households) {
            return Err(Failure::new(format!("{name} does not hold {households} households after seeding")));
        }
    }
    let done_today = psql(
        &url,
        "SELECT count(*) FROM job_lease WHERE name = 'discovery.daily' \
         AND last_completed_on >= (now() AT TIME ZONE 'Asia/Shanghai')::date",
    )? == "1";
    if !done_today {
        // The server's first check would run it over the whole registry
        // while the bench measures.
        eprintln!("today's discovery has not run on {name}: running it before the server starts");
        run::status(liushou(binary, &url).arg("discover").env("RUST_LOG", "warn").stdout(std::io::stderr()))?;
    }
    let people = psql(&url, "SELECT count(*) FROM person")?.parse().unwrap_or(0);
    Ok(BenchDb { name, url, households, people, seeded_in })
}

/// The household count of a database seeded with the demo accounts;
/// `None` when it is empty, half made or not a demo.
fn seeded_households(url: &str) -> Option<u64> {
    let accounts = psql(url, "SELECT count(*) FROM app_user WHERE username IN ('district', 'town', 'village', 'grid')");
    if accounts.ok()?.as_str() != "4" {
        return None;
    }
    psql(url, "SELECT count(*) FROM household").ok()?.parse().ok()
}

fn liushou(binary: &Path, url: &str) -> Command {
    let mut cmd = Command::new(binary);
    cmd.arg("--database-url").arg(url).env("LIUSHOU_JWT_SECRET", JWT_SECRET).stdin(Stdio::null());
    cmd
}

/// One value (or nothing) from a query, by `psql -tA`.
fn psql(url: &str, sql: &str) -> Outcome<String> {
    let output = Command::new("psql")
        .args(["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", url, "-c", sql])
        .output()
        .map_err(|e| Failure::new(format!("cannot run psql (postgresql-client is needed for the bench): {e}")))?;
    if !output.status.success() {
        return Err(Failure::new(format!("psql failed: {}", String::from_utf8_lossy(&output.stderr).trim())));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// `liushou serve --mode demo` on a free loopback port; killed on drop.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    pub log: PathBuf,
}

impl Server {
    pub fn start(root: &Path, binary: &Path, db: &BenchDb, log: PathBuf) -> Outcome<Self> {
        let addr = TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        let log_file = File::create(&log)?;
        let mut cmd = liushou(binary, &db.url);
        cmd.current_dir(root)
            .args(["serve", "--mode", "demo", "--bind", &addr.to_string(), "--web-dir"])
            .arg(root.join("web").join("dist"))
            // Request spans at info would make the bench measure logging.
            .env("RUST_LOG", "warn")
            .stdout(log_file.try_clone()?)
            .stderr(log_file);
        eprintln!("$ liushou serve --mode demo --bind {addr} (database {}; log {})", db.name, log.display());
        let child = cmd.spawn().map_err(|e| Failure::new(format!("cannot start {}: {e}", binary.display())))?;
        let mut server = Self { child, addr, log };
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(status) = server.child.try_wait()? {
                return Err(Failure::new(format!("the server exited early ({status}); see {}", server.log.display())));
            }
            if healthy(addr) {
                return Ok(server);
            }
            if Instant::now() > deadline {
                return Err(Failure::new(format!("the server did not answer /healthz; see {}", server.log.display())));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Ours alone, by its own handle.
        if let Err(e) = self.child.kill() {
            eprintln!("warning: bench server not killed: {e}");
        }
        if let Err(e) = self.child.wait() {
            eprintln!("warning: bench server not reaped: {e}");
        }
    }
}

fn healthy(addr: SocketAddr) -> bool {
    let ask = || -> std::io::Result<bool> {
        let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(1))?;
        stream.set_read_timeout(Some(Duration::from_secs(2)))?;
        stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")?;
        let mut reply = [0u8; 12];
        stream.read_exact(&mut reply)?;
        Ok(reply.ends_with(b" 200"))
    };
    ask().unwrap_or(false)
}

/// CPU time (user + system) of a process in clock ticks, from
/// `/proc/<pid>/stat`.
pub fn cpu_ticks(pid: u32) -> Option<u64> {
    stat_ticks(&fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)
}

/// utime + stime (fields 14 and 15) of a `/proc/<pid>/stat` line. The
/// command name (field 2) is in parentheses and may hold spaces and
/// parentheses itself, so fields are counted from the last `)`.
fn stat_ticks(stat: &str) -> Option<u64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(utime + stime)
}

/// CPU ticks of every PostgreSQL backend serving `database` (its process
/// title names the database), so other databases on a shared server are
/// not counted. Backends that exit between two readings are missed; the
/// server's pool keeps its connections open, so few do.
pub fn postgres_ticks(database: &str) -> u64 {
    let Ok(entries) = fs::read_dir("/proc") else { return 0 };
    let mut total = 0;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
        let Ok(cmdline) = fs::read(format!("/proc/{pid}/cmdline")) else { continue };
        let title = String::from_utf8_lossy(&cmdline);
        if is_backend_of(&title, database) {
            total += cpu_ticks(pid).unwrap_or(0);
        }
    }
    total
}

/// Whether a process title is `postgres: [<cluster>:] <user> <database>
/// <client> …` (Debian puts its `cluster_name`, `15/main:`, first).
fn is_backend_of(title: &str, database: &str) -> bool {
    let mut words = title.trim_end_matches('\0').split_whitespace().peekable();
    if words.next() != Some("postgres:") {
        return false;
    }
    if words.peek().is_some_and(|w| w.ends_with(':')) {
        words.next();
    }
    words.nth(1) == Some(database)
}

/// Clock ticks per second (`getconf CLK_TCK`; 100 on every Linux we meet).
pub fn clock_ticks_per_second() -> f64 {
    run::probe("getconf", &["CLK_TCK"]).and_then(|s| s.trim().parse().ok()).unwrap_or(100.0)
}

/// Peak resident memory of a process in KiB (`VmHWM`).
pub fn peak_rss_kib(pid: u32) -> Option<u64> {
    status_kib(&fs::read_to_string(format!("/proc/{pid}/status")).ok()?, "VmHWM")
}

/// Starts a new peak (`echo 5 > /proc/<pid>/clear_refs`), so that each
/// window reports its own; false when the kernel refuses.
pub fn reset_peak_rss(pid: u32) -> bool {
    fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok()
}

/// A `Name:   1234 kB` line of `/proc/<pid>/status`, in KiB.
fn status_kib(status: &str, field: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.split(':').next() == Some(field))?;
    line.split(':').nth(1)?.split_whitespace().next()?.parse().ok()
}

/// The 1-, 5- and 15-minute load averages.
pub fn load_average() -> Option<[f64; 3]> {
    let text = fs::read_to_string("/proc/loadavg").ok()?;
    let mut values = text.split_whitespace().map(|v| v.parse().ok());
    Some([values.next()??, values.next()??, values.next()??])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cpu_ticks_past_a_command_name_with_spaces_and_parentheses() {
        let stat = "4242 (tokio (rt) 1) S 1 4242 4242 0 -1 4194560 1234 0 0 0 731 129 0 0 20 0 9 0 100 0 0";
        assert_eq!(stat_ticks(stat), Some(731 + 129));
        assert_eq!(stat_ticks("4242 (short) S 1"), None);
    }

    #[test]
    fn reads_the_peak_from_proc_status() {
        let status = "Name:\tliushou\nVmPeak:\t  900000 kB\nVmHWM:\t   81234 kB\nVmRSS:\t   70000 kB\n";
        assert_eq!(status_kib(status, "VmHWM"), Some(81234));
        assert_eq!(status_kib(status, "VmSwap"), None);
    }

    #[test]
    fn counts_only_backends_of_the_bench_database() {
        assert!(is_backend_of(
            "postgres: postgres liushou_bench_350000 127.0.0.1(5123) idle\0",
            "liushou_bench_350000"
        ));
        assert!(!is_backend_of("postgres: postgres liushou_bench_3500 127.0.0.1(5123) idle", "liushou_bench_350000"));
        assert!(is_backend_of(
            "postgres: 15/main: postgres liushou_bench_350000 127.0.0.1(5123) idle",
            "liushou_bench_350000"
        ));
        assert!(!is_backend_of("postgres: 15/main: postgres liushou_bench_5000 [local] idle", "liushou_bench_350000"));
        assert!(!is_backend_of("postgres: checkpointer ", "liushou_bench_350000"));
        assert!(!is_backend_of("postgres: 15/main: checkpointer ", "checkpointer"));
        assert!(!is_backend_of("/usr/lib/postgresql/15/bin/postgres -D x", "liushou_bench_350000"));
    }
}
