//! Read-only API tokens for third-party dashboards (ADMIN manages them).

pub mod mutation;
pub mod query;
pub mod types;
