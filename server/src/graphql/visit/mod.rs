//! Visits (入户走访、探访、抽查、回访): recording them, with the change
//! reports they carry, and reading them back.

pub mod loaders;
pub mod mutation;
pub mod query;
pub mod types;
