//! The layering the code relies on, checked on the source itself so that a
//! shortcut fails the tests rather than a review:
//!
//! - the domain modules (everything that decides or writes) know nothing of
//!   GraphQL: the resolvers parse their inputs into domain types and call
//!   in, never the other way round. Enums shared with the schema may derive
//!   `async_graphql::Enum`, as the entities' do;
//! - row scope is decided in `policy::scope` only: nothing else reads an
//!   actor's key range.

use std::path::{Path, PathBuf};

const DOMAIN: &[&str] = &[
    "accounts",
    "alerts",
    "audit",
    "classifications",
    "discovery",
    "exports",
    "history.rs",
    "registry",
    "reports",
    "spot_checks",
    "stats",
    "versioned.rs",
    "visits",
];

fn sources(under: &Path) -> Vec<PathBuf> {
    if under.is_file() {
        return vec![under.to_owned()];
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir(under).expect("a source folder") {
        out.extend(sources(&entry.expect("a folder entry").path()));
    }
    out.retain(|p| p.extension().is_some_and(|e| e == "rs"));
    out
}

/// The code lines of a file before its unit tests, without comments.
fn code(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).expect("a readable source file");
    text.lines()
        .enumerate()
        .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .map(|(i, l)| (i + 1, l.to_owned()))
        .collect()
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Lines of `files` where `bad` says the line breaks the rule.
fn offending(files: &[PathBuf], bad: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for file in files {
        for (n, line) in code(file) {
            if bad(&line) {
                found.push(format!("{}:{n}: {}", file.display(), line.trim()));
            }
        }
    }
    found
}

fn knows_graphql(line: &str) -> bool {
    let without_enum_derive = line.replace("async_graphql::Enum", "");
    without_enum_derive.contains("async_graphql") || without_enum_derive.contains("graphql::")
}

#[test]
fn domain_modules_do_not_know_graphql() {
    let files: Vec<PathBuf> = DOMAIN.iter().flat_map(|d| sources(&src().join(d))).collect();
    assert!(files.len() > 40, "the domain modules were found: {}", files.len());
    let found = offending(&files, knows_graphql);
    assert!(found.is_empty(), "domain code that knows GraphQL:\n{}", found.join("\n"));
}

#[test]
fn the_checks_see_what_they_look_for() {
    // The rules themselves, on lines that break them: a check that cannot
    // fail would pass the tests above for nothing.
    assert!(knows_graphql("use async_graphql::ID;"));
    assert!(knows_graphql("    graphql::person::types::PersonInput,"));
    assert!(!knows_graphql("#[derive(Debug, async_graphql::Enum)]"));
    assert!(reads_key_range("let lo = actor.key_lo;"));
    assert!(!reads_key_range("let lo = region.key_lo;"));
}

fn reads_key_range(line: &str) -> bool {
    line.contains("actor.key_lo") || line.contains("actor.key_hi")
}

#[test]
fn only_the_policy_reads_an_actors_key_range() {
    let this = src().join("layering.rs");
    let files: Vec<PathBuf> =
        sources(&src()).into_iter().filter(|p| !p.starts_with(src().join("policy")) && *p != this).collect();
    let found = offending(&files, reads_key_range);
    assert!(found.is_empty(), "row scope decided outside policy::scope:\n{}", found.join("\n"));
}
