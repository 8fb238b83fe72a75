//! Staff accounts: login and the caller's own profile.

pub mod capabilities;
pub mod mutation;
pub mod query;
pub mod staff;
pub mod types;
