//! Aggregate figures for a region and each of its child regions (`stats`):
//! what dashboards may read, and the overview of every staff tier.
//!
//! Each figure is computed with one grouped query over the region's whole
//! subtree (rows counted per `scope_key`, i.e. per grid or village) and then
//! summed per child region in memory, so a district with hundreds of grids
//! costs one query per figure, not one per child.

pub mod query;
pub mod types;
