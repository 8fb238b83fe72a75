//! The registry (台账): households, the people in them and relatives who are
//! not registered here. Every write is validated whole, scoped to the
//! caller's jurisdiction, versioned (`crate::versioned`) and followed by the
//! discovery rules in the same transaction.
//!
//! The services take domain types with parsed ids (`Uuid`s, dates); the
//! GraphQL layer parses its inputs into them and knows this module, never
//! the other way round.

pub mod household;
pub mod person;
pub mod relative;
