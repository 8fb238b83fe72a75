//! A demo server on a database of its own, stopped and cleaned up when
//! dropped, whatever happened in between.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::run::{self, Failure, Outcome};

/// Seeding a PostgreSQL district from a debug build takes a while.
const START_TIMEOUT: Duration = Duration::from_secs(180);

/// A database made for one run; removed on drop.
pub struct Database {
    label: &'static str,
    url: String,
    /// `LIUSHOU_JWT_SECRET` for the server: PostgreSQL requires one.
    secret: Option<String>,
    cleanup: Cleanup,
}

enum Cleanup {
    Directory(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Database {
    /// An SQLite file in a fresh temporary directory.
    pub fn sqlite() -> Outcome<Self> {
        let dir = std::env::temp_dir().join(format!("liushou-browser-{}", std::process::id()));
        remove_dir(&dir);
        fs::create_dir_all(&dir)?;
        let url = format!("sqlite://{}?mode=rwc", dir.join("demo.db").display());
        Ok(Self { label: "SQLite", url, secret: None, cleanup: Cleanup::Directory(dir) })
    }

    /// A database `liushou_browser_<pid>` on the server of `admin_url`.
    pub fn postgres(admin_url: &str) -> Outcome<Self> {
        let name = format!("liushou_browser_{}", std::process::id());
        let url = with_database(admin_url, &name)
            .ok_or_else(|| Failure::new(format!("cannot put a database name into {admin_url}")))?;
        psql(admin_url, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
        psql(admin_url, &format!("CREATE DATABASE {name}"))?;
        let cleanup = Cleanup::Postgres { admin_url: admin_url.to_owned(), name };
        Ok(Self { label: "PostgreSQL", url, secret: Some(random_hex(32)?), cleanup })
    }

    pub fn label(&self) -> &'static str {
        self.label
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Directory(dir) => remove_dir(dir),
            Cleanup::Postgres { admin_url, name } => {
                if let Err(e) = psql(admin_url, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")) {
                    eprintln!("warning: test database {name} not dropped: {e}");
                }
            }
        }
    }
}

/// `liushou demo` seeding and serving; killed on drop, and its log
/// removed unless something went wrong.
pub struct DemoServer {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
    keep_log: bool,
}

impl DemoServer {
    pub fn start(root: &Path, binary: &Path, database: &Database, households: &str) -> Outcome<Self> {
        let addr = free_address()?;
        let log_path =
            std::env::temp_dir().join(format!("liushou-browser-{}-{}.log", std::process::id(), database.label));
        let log = File::create(&log_path)?;
        // Seed, then run today's discovery to the end, then serve: the
        // tests need the suggestions there from the first request, and
        // the server's own first check finds today's run done.
        for step in [vec!["demo", "--households", households, "--no-serve"], vec!["discover"]] {
            let mut cmd = Command::new(binary);
            cmd.current_dir(root)
                .arg("--database-url")
                .arg(&database.url)
                .args(&step)
                .env("RUST_LOG", "warn")
                .stdin(Stdio::null())
                .stdout(log.try_clone()?)
                .stderr(log.try_clone()?);
            if let Some(secret) = &database.secret {
                cmd.env("LIUSHOU_JWT_SECRET", secret);
            }
            run::status(&mut cmd).map_err(|e| e.context(log_tail(&log_path)))?;
        }
        let mut cmd = Command::new(binary);
        cmd.current_dir(root)
            .arg("--database-url")
            .arg(&database.url)
            .args(["demo", "--households", households, "--bind", &addr.to_string(), "--web-dir"])
            .arg(root.join("web").join("dist"))
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        if let Some(secret) = &database.secret {
            cmd.env("LIUSHOU_JWT_SECRET", secret);
        }
        eprintln!(
            "$ {} demo --households {households} --bind {addr} ({}; log {})",
            binary.display(),
            database.label,
            log_path.display()
        );
        let child = cmd.spawn().map_err(|e| Failure::new(format!("cannot start {}: {e}", binary.display())))?;
        let mut server = Self { child, addr, log: log_path, keep_log: true };
        server.wait_until_healthy().map_err(|e| e.context(log_tail(&server.log)))?;
        server.keep_log = false;
        Ok(server)
    }

    /// Keeps the server's log for a look after a failed test.
    pub fn keep_log(&mut self) {
        self.keep_log = true;
        eprintln!("server log kept: {}", self.log.display());
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn wait_until_healthy(&mut self) -> Outcome {
        let deadline = Instant::now() + START_TIMEOUT;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                return Err(Failure::new(format!("the demo server exited early ({status})")));
            }
            if healthy(self.addr) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        Err(Failure::new(format!("the demo server did not answer /healthz within {}", run::seconds(START_TIMEOUT))))
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        // Ours alone, by its own handle: nothing else is touched.
        if let Err(e) = self.child.kill() {
            eprintln!("warning: demo server not killed: {e}");
        }
        if let Err(e) = self.child.wait() {
            eprintln!("warning: demo server not reaped: {e}");
        }
        if !self.keep_log
            && let Err(e) = fs::remove_file(&self.log)
        {
            eprintln!("warning: cannot remove {}: {e}", self.log.display());
        }
    }
}

/// A port nobody listens on right now. Another process could take it
/// before the server binds; on a test machine that is rare enough.
fn free_address() -> Outcome<SocketAddr> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?)
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

/// The last lines of the server's log, for a failure message.
fn log_tail(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let tail = lines[lines.len().saturating_sub(20)..].join("\n");
    format!("server log {}:\n{tail}\n", path.display())
}

fn psql(admin_url: &str, sql: &str) -> Outcome {
    let mut cmd = Command::new("psql");
    cmd.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", admin_url, "-c", sql]).stdout(Stdio::null());
    run::status(&mut cmd).map_err(|e| e.context("psql (postgresql-client) is needed for the browser tests"))
}

/// `url` with its database replaced by `name`, query string kept.
pub fn with_database(url: &str, name: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let (before_query, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let authority = before_query.split('/').next()?;
    let mut out = format!("{scheme}://{authority}/{name}");
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    Some(out)
}

/// `bytes` random bytes as hex, from the kernel (std has no generator).
fn random_hex(bytes: usize) -> Outcome<String> {
    let mut buf = vec![0u8; bytes];
    File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .map_err(|e| Failure::new(format!("cannot read /dev/urandom for a JWT secret: {e}")))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

fn remove_dir(dir: &Path) {
    if let Err(e) = fs::remove_dir_all(dir)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        eprintln!("warning: cannot remove {}: {e}", dir.display());
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn replaces_the_database_and_keeps_the_rest() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "t1").as_deref(),
            Some("postgres://postgres@127.0.0.1:5432/t1")
        );
        assert_eq!(
            with_database("postgres://u:p@db/x?sslmode=disable", "t2").as_deref(),
            Some("postgres://u:p@db/t2?sslmode=disable")
        );
        assert_eq!(with_database("postgres://localhost", "t3").as_deref(), Some("postgres://localhost/t3"));
    }
}
