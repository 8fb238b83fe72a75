//! Liushou (留守关爱主动发现平台): active discovery and care of rural
//! left-behind children, elderly and women.
//!
//! `main.rs` only parses the command line; everything else is here so that
//! the integration tests can build the real application.

pub mod accounts;
pub mod alerts;
pub mod app;
pub mod audit;
pub mod auth;
pub mod bootstrap;
pub mod classifications;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod discovery;
pub mod error;
pub mod exports;
pub mod graphql;
pub mod history;
pub mod http;
pub mod idempotency;
pub mod imports;
#[cfg(test)]
mod layering;
pub mod metrics;
pub mod policy;
pub mod registry;
pub mod reports;
pub mod spot_checks;
pub mod stats;
pub mod telemetry;
pub mod validate;
pub mod versioned;
pub mod visits;
