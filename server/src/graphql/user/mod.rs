//! Staff accounts: login and the caller's own profile.

pub mod admin;
pub mod approval;
pub mod capabilities;
pub mod mutation;
pub mod query;
pub mod service;
pub mod staff;
pub mod types;
pub mod write;
