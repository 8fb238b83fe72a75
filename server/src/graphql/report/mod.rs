//! The reporting chain over GraphQL: thin resolvers over `crate::reports`.

pub mod mutation;
pub mod query;
pub mod types;
