//! The real `liushou` binary as a child process, for attacks that could
//! take the whole process down (stack overflow, abort): an in-process app
//! would take the test binary with it and prove nothing.
//!
//! The binary is built once per test run with `cargo build -p
//! liushou-server --bin liushou`, into the target directory and profile of
//! the test executable itself: a no-op when it is fresh, and never a stale
//! binary from an earlier build. Each server gets its own database with the
//! fixture of `helpers`, binds port 0 and reports the port in its log.

use std::{
    io::{BufRead as _, BufReader},
    net::SocketAddr,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex, OnceLock},
    time::Duration,
};

use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{Backend, DbGuard, LOGIN, PASSWORD, Regions, fresh_database, seed_fixture};

/// Log kept for a failure message: the tail is where an abort says why.
const LOG_KEEP: usize = 16 * 1024;

pub struct RealServer {
    pub base: String,
    /// Where the server serves `/metrics` (`LIUSHOU_METRICS_BIND`).
    pub metrics: SocketAddr,
    pub regions: Regions,
    pub http: reqwest::Client,
    child: Child,
    log: Arc<Mutex<String>>,
    _db: DbGuard,
}

impl RealServer {
    /// Builds (if needed) and starts the binary over a fresh database
    /// holding the fixture, in production mode.
    pub async fn start(backend: Backend) -> Self {
        let tag = Uuid::now_v7().simple().to_string();
        let (url, guard) = fresh_database(backend, &tag).await;
        let db = liushou::db::connect(&url).await.expect("connect");
        liushou::db::migrate(&db).await.expect("migrate");
        let regions = seed_fixture(&db).await;
        db.close().await.expect("close");
        let metrics = free_port();
        let (child, log, addr) = spawn_with(&url, &tag, &[("LIUSHOU_METRICS_BIND", metrics.to_string())]).await;
        let http = reqwest::Client::builder().timeout(Duration::from_secs(60)).build().unwrap();
        Self { base: format!("http://{addr}"), metrics, regions, http, child, log, _db: guard }
    }

    /// Panics with the server's log unless the process is running and
    /// `/healthz` answers 200.
    pub async fn assert_alive(&mut self, after: &str) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!("liushou exited ({status}) after {after}:\n{}", self.log.lock().unwrap());
        }
        let health = self.http.get(format!("{}/healthz", self.base)).send().await;
        let status = health.as_ref().map(|r| r.status().as_u16());
        assert!(matches!(status, Ok(200)), "/healthz after {after}: {status:?}\n{}", self.log.lock().unwrap());
    }

    /// The end of the server's log, for failure messages.
    pub fn log_tail(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// POSTs a GraphQL request; the status and the JSON body (`Null` when
    /// the body is not JSON).
    pub async fn post(&self, token: Option<&str>, query: &str, variables: Value) -> (u16, Value) {
        let body = serde_json::to_vec(&json!({ "query": query, "variables": variables })).unwrap();
        self.post_raw(token, body).await
    }

    pub async fn post_raw(&self, token: Option<&str>, body: Vec<u8>) -> (u16, Value) {
        let mut req =
            self.http.post(format!("{}/graphql", self.base)).header("content-type", "application/json").body(body);
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        let res = req.send().await.unwrap_or_else(|e| panic!("request failed: {e}\n{}", self.log.lock().unwrap()));
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Logs in a fixture account and returns its token.
    pub async fn login(&self, username: &str) -> String {
        let (_, body) = self.post(None, LOGIN, json!({ "u": username, "p": PASSWORD })).await;
        body["data"]["login"]["token"].as_str().unwrap_or_else(|| panic!("login {username}: {body}")).to_owned()
    }
}

impl Drop for RealServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `liushou serve` in production mode over `url` on a free port:
/// the child, its log, and the address it reported.
pub async fn spawn(url: &str, tag: &str) -> (Child, Arc<Mutex<String>>, SocketAddr) {
    spawn_with(url, tag, &[]).await
}

/// A loopback address with a port free a moment ago.
fn free_port() -> SocketAddr {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    probe.local_addr().unwrap()
}

/// Like [`spawn`], with `env` set for the child.
pub async fn spawn_with(url: &str, tag: &str, env: &[(&str, String)]) -> (Child, Arc<Mutex<String>>, SocketAddr) {
    let binary = tokio::task::spawn_blocking(binary).await.unwrap();
    let mut child = Command::new(binary)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .args(["--database-url", url, "serve", "--bind", "127.0.0.1:0", "--mode", "production"])
        .arg("--web-dir")
        .arg(std::env::temp_dir().join(format!("liushou-no-web-{tag}")))
        .env("LIUSHOU_JWT_SECRET", "real-server-secret-real-server-secret")
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "info,sqlx=warn,sea_orm=warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn liushou");
    let log = Arc::new(Mutex::new(String::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().expect("piped stderr");
    let sink = log.clone();
    // Drains stderr for the child's whole life, so it never blocks on a
    // full pipe, and picks the bound address out of the log.
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(addr) = listening_addr(&line) {
                let _ = tx.send(addr);
            }
            let mut log = sink.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
            if log.len() > 2 * LOG_KEEP {
                let cut = log.ceil_char_boundary(log.len() - LOG_KEEP);
                log.drain(..cut);
            }
        }
    });
    let addr = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(120)))
        .await
        .unwrap()
        .unwrap_or_else(|_| panic!("liushou did not report its address:\n{}", log.lock().unwrap()));
    (child, log, addr)
}

/// `addr=127.0.0.1:40123` from the `listening` line of the server's log.
fn listening_addr(line: &str) -> Option<SocketAddr> {
    if !line.contains("listening") {
        return None;
    }
    line.split_whitespace().find_map(|word| word.strip_prefix("addr=")).and_then(|a| a.parse().ok())
}

/// The binary beside the test executable, built on first use.
pub(crate) fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        // target/<profile>/deps/api-… → target/<profile>
        let exe = std::env::current_exe().unwrap();
        let profile_dir = exe.parent().and_then(Path::parent).expect("test executable in target/<profile>/deps");
        let profile = match profile_dir.file_name().and_then(|n| n.to_str()) {
            Some("debug") | None => "dev".to_owned(),
            Some(other) => other.to_owned(),
        };
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut build = Command::new(cargo);
        build.current_dir(workspace).args([
            "build",
            "--quiet",
            "-p",
            "liushou-server",
            "--bin",
            "liushou",
            "--profile",
            &profile,
        ]);
        // Cargo gives the test process its package's variables; some build
        // scripts (ring's) rebuild when these differ from a plain `cargo
        // build`, which would rebuild half the tree on every alternation.
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            let from_cargo_run = ["CARGO_PKG_", "CARGO_BIN_EXE_"].iter().any(|p| name.starts_with(p))
                || ["CARGO_MANIFEST_DIR", "CARGO_MANIFEST_PATH", "CARGO_CRATE_NAME", "CARGO_PRIMARY_PACKAGE"]
                    .contains(&name.as_ref())
                || ["CARGO_TARGET_TMPDIR", "CARGO_RUSTC_CURRENT_DIR", "OUT_DIR"].contains(&name.as_ref());
            if from_cargo_run {
                build.env_remove(name.as_ref());
            }
        }
        let target = profile_dir.parent().unwrap();
        if target != workspace.join("target") {
            build.env("CARGO_TARGET_DIR", target);
        }
        let status = build.status().expect("run cargo build");
        assert!(status.success(), "cargo build -p liushou-server --bin liushou failed");
        profile_dir.join(format!("liushou{}", std::env::consts::EXE_SUFFIX))
    })
}
