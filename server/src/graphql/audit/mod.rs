//! The audit log, read by ADMIN and DISTRICT.

pub mod query;
pub mod types;
