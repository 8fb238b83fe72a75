//! One component per route.

mod admin;
mod home;
mod household;
mod login;
mod not_found;
mod person;
mod region;
mod verify;
mod visit;
mod worklist;

pub use admin::AdminPage;
pub use home::HomePage;
pub use household::HouseholdPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use person::PersonPage;
pub use region::RegionPage;
pub use verify::VerifyPage;
pub use visit::VisitPage;
pub use worklist::WorkListPage;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The `:id` of the current route, `""` when absent.
fn route_id() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()))
}
