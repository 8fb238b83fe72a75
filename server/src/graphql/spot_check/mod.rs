//! District spot checks over GraphQL: thin resolvers over
//! `crate::spot_checks`, which decide and write.

pub mod loaders;
pub mod mutation;
pub mod query;
pub mod types;
