//! People (人): registration, changes and lookup.

pub mod duplicate;
pub mod mutation;
pub mod query;
pub mod reveal;
pub mod service;
pub mod types;
