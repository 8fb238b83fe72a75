//! Mandatory-report alerts (强制报告): raised by the rules engine for a
//! child living alone or without a capable carer, acknowledged by the town
//! or the district.

pub mod mutation;
pub mod query;
pub mod types;
