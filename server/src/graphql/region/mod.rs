//! The region tree (district → town → village → grid).

pub mod query;
pub mod types;
