//! `dueVisits`: the caller's work list (what is owed, by when, and why).
//! The engine is `crate::visits`; this folder only maps it to GraphQL.

pub mod query;
pub mod types;
