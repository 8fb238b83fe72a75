//! Relatives outside the registry (未在本地登记的亲属): facts recorded on a
//! person about a child or parent who is not registered here, for the
//! discovery rules. Written through the person, by whoever edits the
//! registry, with history, audit and a re-evaluation of the person.

pub mod loaders;
pub mod mutation;
pub mod types;
