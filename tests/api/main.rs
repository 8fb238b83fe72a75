//! End-to-end tests: the real application on a free port, a fresh database
//! per test, real HTTP, real tokens. Every test runs on SQLite and on
//! PostgreSQL (see `db_tests!`).

#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod helpers;

mod alerts;
mod auth;
mod demo;
mod discovery;
mod discovery_job;
mod health;
mod limits;
mod registry;
mod scoping;
mod stats;
mod validation;
