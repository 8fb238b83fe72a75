//! `cargo xtask test`: everything CI checks, in order, stopping at the
//! first failure.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::run::{self, Failure, Outcome};

const PG_URL_VAR: &str = "LIUSHOU_TEST_PG_URL";
const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const WEB_CRATE: &str = "liushou-web";

pub fn run_all(root: &Path) -> Outcome {
    let pg_url = std::env::var(PG_URL_VAR).unwrap_or_else(|_| DEFAULT_PG_URL.to_owned());
    let mut times = Vec::new();
    let mut timed = |name: &'static str, f: &mut dyn FnMut() -> Outcome| -> Outcome {
        let ((), elapsed) = run::step(name, f)?;
        times.push((name, elapsed));
        Ok(())
    };

    timed("fmt", &mut || run::status(run::cargo(root).args(["fmt", "--all", "--check"])))?;
    // `--workspace` means every member, default-members or not; the web app
    // is wasm-only, so it gets its own run for its own target below.
    timed("clippy (host)", &mut || {
        run::status(run::cargo(root).args([
            "clippy",
            "--workspace",
            "--exclude",
            WEB_CRATE,
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    timed("clippy (wasm32)", &mut || {
        run::ensure_wasm_target()?;
        run::status(run::cargo(root).args([
            "clippy",
            "-p",
            WEB_CRATE,
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    timed("postgres", &mut || ensure_postgres(&pg_url))?;
    timed("test", &mut || {
        run::status(run::cargo(root).args(["test", "--workspace", "--exclude", WEB_CRATE]).env(PG_URL_VAR, &pg_url))
    })?;
    // The web app's own unit tests (CSV, map geometry, aggregation) are
    // plain Rust and run on the host.
    timed("test (web)", &mut || run::status(run::cargo(root).args(["test", "-p", WEB_CRATE, "--lib"])))?;
    let mut browser_times = Vec::new();
    timed("browser", &mut || {
        browser_times = crate::browser::run(root, &pg_url)?;
        Ok(())
    })?;

    eprintln!("\nall checks passed:");
    for (name, elapsed) in &times {
        eprintln!("  {name:<16} {:>8}", run::seconds(*elapsed));
    }
    for (database, elapsed) in &browser_times {
        eprintln!("  browser tests on {database}: {}", run::seconds(*elapsed));
    }
    Ok(())
}

/// `cargo xtask browser`: only the browser step of `test`, for work on the
/// web app when the rest is known to pass.
pub fn browser_only(root: &Path) -> Outcome {
    let pg_url = std::env::var(PG_URL_VAR).unwrap_or_else(|_| DEFAULT_PG_URL.to_owned());
    ensure_postgres(&pg_url)?;
    for (database, elapsed) in crate::browser::run(root, &pg_url)? {
        eprintln!("browser tests on {database}: {}", run::seconds(elapsed));
    }
    Ok(())
}

/// Makes sure PostgreSQL answers where the tests will look; starts the
/// local cluster when the URL points at this machine and it is down.
pub(crate) fn ensure_postgres(url: &str) -> Outcome {
    let (host, port) =
        host_and_port(url).ok_or_else(|| Failure::new(format!("cannot read host and port from {PG_URL_VAR}")))?;
    if answers(&host, port) {
        eprintln!("postgres answers on {host}:{port}");
        return Ok(());
    }
    if !matches!(host.as_str(), "127.0.0.1" | "localhost" | "::1" | "[::1]") {
        return Err(Failure::new(format!(
            "postgres does not answer on {host}:{port} (from {PG_URL_VAR}), and it is not local to start"
        )));
    }
    eprintln!("postgres does not answer on {host}:{port}; starting the local cluster");
    for version in cluster_versions() {
        let started =
            run::status(Command::new("pg_ctlcluster").args(["--skip-systemctl-redirect", &version, "main", "start"]));
        if let Err(e) = started {
            eprintln!("{e}");
        }
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if answers(&host, port) {
            eprintln!("postgres answers on {host}:{port}");
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    Err(Failure::new(format!(
        "postgres does not answer on {host}:{port}. Start it (`pg_ctlcluster <version> main start`, \
         or `apt-get install -y postgresql` first) or point {PG_URL_VAR} at a running server"
    )))
}

/// Versions of the clusters under `/etc/postgresql` (Debian's layout).
fn cluster_versions() -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/etc/postgresql") else {
        eprintln!("no /etc/postgresql: PostgreSQL is not installed here");
        return Vec::new();
    };
    let mut versions: Vec<String> =
        entries.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    versions.sort();
    versions
}

/// Whether a PostgreSQL server answers at host:port. A TCP connect alone
/// proves little (a proxy or another service may accept it), so this asks
/// the one question every PostgreSQL answers before authentication:
/// an `SSLRequest`, answered with a single `S` or `N`.
fn answers(host: &str, port: u16) -> bool {
    const SSL_REQUEST: [u8; 8] = [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f];
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let Ok(addrs) = (host, port).to_socket_addrs() else {
        return false;
    };
    let timeout = Duration::from_secs(2);
    let asks = |addr: SocketAddr| -> std::io::Result<bool> {
        let mut stream = TcpStream::connect_timeout(&addr, timeout)?;
        stream.set_read_timeout(Some(timeout))?;
        stream.set_write_timeout(Some(timeout))?;
        stream.write_all(&SSL_REQUEST)?;
        let mut reply = [0u8; 1];
        stream.read_exact(&mut reply)?;
        Ok(matches!(&reply, b"S" | b"N"))
    };
    addrs.into_iter().any(|addr| asks(addr).unwrap_or(false))
}

/// Host and port of `postgres://[user[:password]@]host[:port][/db][?..]`.
fn host_and_port(url: &str) -> Option<(String, u16)> {
    let rest = url.strip_prefix("postgres://").or_else(|| url.strip_prefix("postgresql://"))?;
    let authority = rest.split(['/', '?']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    let (host, port) = match host_port.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => (host, port.parse().ok()?),
        _ => (host_port, 5432),
    };
    let host = if host.is_empty() { "localhost" } else { host };
    Some((host.to_owned(), port))
}

#[cfg(test)]
mod tests {
    use super::host_and_port;

    #[test]
    fn reads_host_and_port_of_the_default_url() {
        assert_eq!(host_and_port("postgres://postgres@127.0.0.1:5432"), Some(("127.0.0.1".to_owned(), 5432)));
    }

    #[test]
    fn defaults_the_port_and_ignores_credentials_and_database() {
        assert_eq!(
            host_and_port("postgresql://u:p@db.example/liushou?sslmode=disable"),
            Some(("db.example".to_owned(), 5432))
        );
    }

    #[test]
    fn keeps_ipv6_hosts_whole() {
        assert_eq!(host_and_port("postgres://[::1]:6543/x"), Some(("[::1]".to_owned(), 6543)));
    }

    #[test]
    fn refuses_other_schemes() {
        assert_eq!(host_and_port("mysql://localhost"), None);
    }
}
