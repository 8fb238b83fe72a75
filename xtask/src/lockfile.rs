//! Just enough of `Cargo.lock` to find a package's version.

use std::path::Path;

use crate::run::{Failure, Outcome};

/// The one version of `name` in the lock file.
pub fn version_of(lock_file: &Path, name: &str) -> Outcome<String> {
    let text = std::fs::read_to_string(lock_file)
        .map_err(|e| Failure::new(format!("cannot read {}: {e}", lock_file.display())))?;
    let mut versions = versions(&text, name);
    versions.dedup();
    match versions.as_slice() {
        [version] => Ok(version.clone()),
        [] => Err(Failure::new(format!("{name} is not in {}", lock_file.display()))),
        many => Err(Failure::new(format!(
            "{} holds several versions of {name} ({}); the CLI can match only one",
            lock_file.display(),
            many.join(", ")
        ))),
    }
}

fn versions(lock: &str, name: &str) -> Vec<String> {
    let wanted = format!("name = \"{name}\"");
    let mut versions: Vec<String> = lock
        .split("[[package]]")
        .filter(|block| block.lines().any(|l| l.trim() == wanted))
        .filter_map(|block| {
            block.lines().find_map(|l| {
                l.trim().strip_prefix("version = \"").and_then(|v| v.strip_suffix('"')).map(str::to_owned)
            })
        })
        .collect();
    versions.sort();
    versions
}

#[cfg(test)]
mod tests {
    use super::versions;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "wasm-bindgen-macro",
]

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"
"#;

    #[test]
    fn finds_the_exact_package_and_not_its_namesakes() {
        assert_eq!(versions(LOCK, "wasm-bindgen"), ["0.2.130"]);
    }

    #[test]
    fn finds_nothing_for_a_missing_package() {
        assert!(versions(LOCK, "leptos").is_empty());
    }
}
