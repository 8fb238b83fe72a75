//! End-to-end tests: the real application on a free port, a fresh database
//! per test, real HTTP, real tokens. Every test runs on SQLite and on
//! PostgreSQL (see `db_tests!`).

#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod helpers;

mod accountability;
mod alerts;
mod approvals;
mod audit_chains;
mod auth;
mod capabilities;
mod coverage;
mod crash;
mod demo;
mod discovery;
mod discovery_job;
mod due;
mod exports;
mod fields;
mod fuzz;
mod health;
mod idempotency;
mod imports;
mod instances;
mod limits;
mod messages;
mod metrics;
mod plans;
mod real_server;
mod registry;
mod relatives;
mod reports;
mod request_ids;
mod requests;
mod reveal;
mod roles;
mod row_security;
mod scoping;
mod serve;
mod sessions;
mod spot_checks;
mod stats;
mod tokens;
mod users;
mod validation;
mod visit_admin;
mod visit_support;
mod visits;
