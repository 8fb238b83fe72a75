//! Runtime settings, read once at start-up from flags and `LIUSHOU_*`
//! environment variables (clap does both).

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use anyhow::Context as _;

/// How much of the developer surface is exposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// No GraphiQL, no introspection.
    Production,
    /// GraphiQL and introspection for local development.
    Dev,
    /// Like dev, on a seeded synthetic district with demo accounts.
    Demo,
}

impl Mode {
    pub fn exposes_dev_tools(self) -> bool {
        matches!(self, Self::Dev | Self::Demo)
    }
}

/// Where the database is and where to listen; shared by every subcommand.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArgs {
    /// SQLite (`sqlite://path?mode=rwc`) or PostgreSQL (`postgres://...`).
    #[arg(long, env = "LIUSHOU_DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/liushou.db?mode=rwc";

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    #[arg(long, env = "LIUSHOU_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// The built web app (index.html and the wasm bundle).
    #[arg(long, env = "LIUSHOU_WEB_DIR", default_value = "web/dist")]
    pub web_dir: PathBuf,
    #[arg(long, env = "LIUSHOU_MODE", value_enum, default_value = "production")]
    pub mode: Mode,
    /// Lifetime of a login token, in minutes.
    #[arg(long, env = "LIUSHOU_TOKEN_MINUTES", default_value_t = 480)]
    pub token_minutes: u64,
}

/// Everything the running application needs.
#[derive(Clone)]
pub struct Settings {
    pub database_url: String,
    pub bind: SocketAddr,
    pub web_dir: PathBuf,
    pub mode: Mode,
    pub jwt_secret: Vec<u8>,
    pub token_ttl: Duration,
}

impl std::fmt::Debug for Settings {
    // The secret must never reach a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("database_url", &redact_url(&self.database_url))
            .field("bind", &self.bind)
            .field("web_dir", &self.web_dir)
            .field("mode", &self.mode)
            .field("token_ttl", &self.token_ttl)
            .finish_non_exhaustive()
    }
}

impl Settings {
    pub fn new(db: &DbArgs, serve: &ServeArgs) -> anyhow::Result<Self> {
        Ok(Self {
            database_url: db.database_url.clone(),
            bind: serve.bind,
            web_dir: serve.web_dir.clone(),
            mode: serve.mode,
            jwt_secret: jwt_secret(&db.database_url)?,
            token_ttl: Duration::from_secs(serve.token_minutes.max(1) * 60),
        })
    }
}

/// The signing key: `LIUSHOU_JWT_SECRET`, or for SQLite a random key kept
/// beside the database file. There is deliberately no built-in default, and
/// PostgreSQL deployments must set one: several instances share that database
/// and must share the key too.
pub fn jwt_secret(database_url: &str) -> anyhow::Result<Vec<u8>> {
    if let Ok(secret) = std::env::var("LIUSHOU_JWT_SECRET") {
        anyhow::ensure!(secret.len() >= 32, "LIUSHOU_JWT_SECRET must be at least 32 characters");
        return Ok(secret.into_bytes());
    }
    let Some(db_file) = sqlite_path(database_url) else {
        anyhow::bail!("set LIUSHOU_JWT_SECRET (32+ characters) when using PostgreSQL");
    };
    let key_file = db_file.with_extension("jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&key_file) {
        let existing = existing.trim().to_owned();
        if existing.len() >= 32 {
            return Ok(existing.into_bytes());
        }
    }
    let fresh = random_hex(32);
    if let Some(dir) = key_file.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&key_file, &fresh).with_context(|| format!("writing {}", key_file.display()))?;
    restrict_permissions(&key_file)?;
    Ok(fresh.into_bytes())
}

#[cfg(unix)]
fn restrict_permissions(path: &std::path::Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
        .with_context(|| format!("restricting {}", path.display()))
}

#[cfg(not(unix))]
fn restrict_permissions(_: &std::path::Path) -> anyhow::Result<()> {
    Ok(())
}

/// `bytes` random bytes, hex-encoded.
pub fn random_hex(bytes: usize) -> String {
    use rand::RngCore as _;
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// The file behind an SQLite URL, if it is one (and not in-memory).
pub fn sqlite_path(database_url: &str) -> Option<PathBuf> {
    let rest = database_url.strip_prefix("sqlite:")?;
    let rest = rest.trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    Some(PathBuf::from(path))
}

/// The URL without a password, for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://***{}", &url[..scheme], &url[at..]),
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_name_their_file_and_memory_has_none() {
        assert_eq!(sqlite_path("sqlite://data/x.db?mode=rwc"), Some(PathBuf::from("data/x.db")));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://u@h/db"), None);
    }

    #[test]
    fn passwords_are_redacted_from_urls() {
        assert_eq!(redact_url("postgres://u:secret@h:5432/db"), "postgres://***@h:5432/db");
    }
}
