//! Classifications (分类): the suggestions of the rules engine and their
//! verification by staff (核实认定), with the whole history of each.

pub mod loaders;
pub mod mutation;
pub mod query;
pub mod types;
