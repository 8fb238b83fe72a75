//! Pieces of the pages, one per file.

mod breadcrumb;
mod classifications;
mod export;
pub mod form;
mod header;
mod household_form;
mod household_map;
mod households_view;
mod language;
pub mod map;
pub mod markup;
pub mod pager;
mod person_form;
pub mod query;
mod regions_view;
mod relatives;
mod stats;
mod status;
mod table;
mod value;

pub use breadcrumb::Breadcrumb;
pub use classifications::{RevealId, classification_list, facts_html};
pub use export::ExportAll;
pub use header::AppHeader;
pub use household_form::HouseholdForm;
pub use households_view::HouseholdsView;
pub use language::{LanguageSwitch, LocaleSignal};
pub use pager::{Pager, PagerBar, Paging};
pub use person_form::{PersonForm, PersonTarget};
pub use regions_view::RegionsView;
pub use relatives::RelativesSection;
pub use stats::StatsPanel;
pub use status::loaded;
pub use table::{Column, DataTable};
pub use value::{Sensitive, fact_list, local_day_start, local_time, text};
