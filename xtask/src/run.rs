//! Running commands and steps, and turning their failures into exit codes.

use std::ffi::OsStr;
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, ExitStatus};
use std::time::{Duration, Instant};

/// Why xtask stops, and the exit code to stop with.
#[derive(Debug)]
pub struct Failure {
    message: String,
    code: u8,
}

pub type Outcome<T = ()> = Result<T, Failure>;

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), code: 1 }
    }

    pub fn usage(usage: &str) -> Self {
        Self { message: usage.to_owned(), code: 2 }
    }

    /// A command that ran and failed: its own exit code is passed on.
    fn exited(what: String, status: ExitStatus) -> Self {
        let code = status.code().and_then(|c| u8::try_from(c).ok()).filter(|&c| c != 0).unwrap_or(1);
        Self { message: format!("`{what}` failed ({status})"), code }
    }

    /// Adds what was being done when it failed.
    pub fn context(mut self, what: impl Display) -> Self {
        self.message = format!("{what}: {}", self.message);
        self
    }

    pub fn report(self) -> ExitCode {
        eprintln!("xtask: {}", self.message);
        ExitCode::from(self.code)
    }
}

impl Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Self::new(e.to_string())
    }
}

/// `cargo` as the one that runs xtask, in the repository root.
pub fn cargo(root: &Path) -> Command {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(program);
    cmd.current_dir(root);
    cmd
}

/// Runs a command with inherited stdio; a non-zero exit is a failure.
pub fn status(cmd: &mut Command) -> Outcome {
    let line = command_line(cmd);
    eprintln!("$ {line}");
    let status = cmd.status().map_err(|e| Failure::new(format!("cannot start `{line}`: {e}")))?;
    if status.success() { Ok(()) } else { Err(Failure::exited(line, status)) }
}

/// Runs a command quietly and returns its stdout, or `None` when it cannot
/// start or fails: for probes like `tool --version`.
pub fn probe(program: impl AsRef<OsStr>, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn command_line(cmd: &Command) -> String {
    let program = Path::new(cmd.get_program()).file_name().unwrap_or(cmd.get_program()).to_string_lossy().into_owned();
    std::iter::once(program)
        .chain(cmd.get_args().map(|a| a.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs one named step, printing its wall time; a failure names the step.
pub fn step<T>(name: &str, f: impl FnOnce() -> Outcome<T>) -> Outcome<(T, Duration)> {
    eprintln!("==> {name}");
    let start = Instant::now();
    let result = f();
    let elapsed = start.elapsed();
    match result {
        Ok(value) => {
            eprintln!("<== {name}: ok in {}", seconds(elapsed));
            Ok((value, elapsed))
        }
        Err(e) => {
            eprintln!("<== {name}: FAILED after {}", seconds(elapsed));
            Err(e.context(format_args!("step `{name}`")))
        }
    }
}

pub fn seconds(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

/// Where cargo puts build output, honouring `CARGO_TARGET_DIR`.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .or_else(|| std::env::var_os("CARGO_BUILD_TARGET_DIR"))
        .map_or_else(|| root.join("target"), |dir| root.join(dir))
}

/// Where `cargo install` puts binaries.
pub fn cargo_bin_dir() -> Outcome<PathBuf> {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return Ok(PathBuf::from(home).join("bin"));
    }
    std::env::var_os("HOME")
        .map(|home| PathBuf::from(home).join(".cargo").join("bin"))
        .ok_or_else(|| Failure::new("neither CARGO_HOME nor HOME is set"))
}

/// Makes sure rustup has the wasm32 standard library.
pub fn ensure_wasm_target() -> Outcome {
    const TARGET: &str = "wasm32-unknown-unknown";
    let installed = probe("rustup", &["target", "list", "--installed"])
        .ok_or_else(|| Failure::new("`rustup` is needed to add the wasm32 target"))?;
    if installed.lines().any(|l| l.trim() == TARGET) {
        return Ok(());
    }
    status(Command::new("rustup").args(["target", "add", TARGET]))
}
