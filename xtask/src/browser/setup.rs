//! What the browser tests need on the machine: Chromium from Debian and the
//! npm packages of `tests/browser/package-lock.json`.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::run::{self, Failure, Outcome};

pub const CHROMIUM: &str = "/usr/bin/chromium";
const APT_PACKAGES: &[&str] = &["chromium", "chromium-driver", "fonts-noto-cjk"];

/// Installs Debian's Chromium (about 50 s) when it is missing.
pub fn ensure_chromium() -> Outcome {
    if Path::new(CHROMIUM).is_file() {
        eprintln!("{CHROMIUM} present");
        return Ok(());
    }
    if run::probe("apt-get", &["--version"]).is_none() {
        return Err(Failure::new(format!(
            "{CHROMIUM} is missing and there is no apt-get to install it; install Chromium and {} by hand",
            APT_PACKAGES[2]
        )));
    }
    let install = || {
        let mut cmd = Command::new("apt-get");
        cmd.args(["install", "-y", "--no-install-recommends"])
            .args(APT_PACKAGES)
            .env("DEBIAN_FRONTEND", "noninteractive");
        run::status(&mut cmd)
    };
    // A fresh machine may have no package lists yet; fetch them only then.
    if install().is_err() {
        run::status(Command::new("apt-get").arg("update"))?;
        install().map_err(|e| e.context("installing Chromium (apt-get needs root)"))?;
    }
    Ok(())
}

/// `npm ci` into `tests/browser/node_modules` unless it already holds
/// exactly what the lock file says (a copy of the lock marks that).
pub fn ensure_node_modules(dir: &Path) -> Outcome {
    let lock = fs::read(dir.join("package-lock.json"))
        .map_err(|e| Failure::new(format!("cannot read {}/package-lock.json: {e}", dir.display())))?;
    let marker = dir.join("node_modules").join(".liushou-installed-lock");
    if fs::read(&marker).is_ok_and(|installed| installed == lock) {
        eprintln!("npm packages up to date");
        return Ok(());
    }
    if run::probe("npm", &["--version"]).is_none() {
        return Err(Failure::new("npm is needed for the browser tests (Debian: apt-get install -y nodejs npm)"));
    }
    run::status(Command::new("npm").current_dir(dir).args(["ci", "--no-audit", "--no-fund"]))?;
    fs::write(&marker, lock)?;
    Ok(())
}
