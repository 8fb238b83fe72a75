//! Accounts: staff login, user administration with its second-person
//! approval, and the read-only API tokens of third-party dashboards.
//!
//! Who may do what is decided in `policy::accounts`; the writes go through
//! `crate::versioned` like every other versioned record.

pub mod admin;
pub mod api_tokens;
pub mod approval;
pub mod login;
