//! Pieces of the pages, one per file.

mod header;
mod household_table;
mod region_browser;
mod status;

pub use header::AppHeader;
pub use household_table::HouseholdTable;
pub use region_browser::RegionBrowser;
pub use status::{ErrorList, Loading};
