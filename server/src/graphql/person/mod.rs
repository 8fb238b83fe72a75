//! People (人): registration, changes and lookup.

pub mod mutation;
pub mod query;
pub mod types;
