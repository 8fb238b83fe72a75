//! One component per route.

mod admin;
mod alerts;
mod approvals;
mod audit;
mod home;
mod household;
mod login;
mod not_found;
mod person;
mod region;
mod reports;
mod tokens;
mod verify;
mod visit;
mod worklist;

use admin::AdminPage;
use alerts::AlertsPage;
use approvals::ApprovalsPage;
use audit::AuditPage;
pub use home::HomePage;
use household::HouseholdPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
use person::PersonPage;
use region::RegionPage;
use reports::ReportsPage;
use tokens::TokensPage;
use verify::VerifyPage;
use visit::VisitPage;
use worklist::WorkListPage;

use leptos::prelude::*;

use crate::router;

/// Every signed-in page but home, by the first segment of the path:
/// `/households` (home under a name, for shared links), `/regions/:id`,
/// `/households/:id`, `/people/:id`, `/verify`, `/worklist`, `/visit/:id`,
/// `/alerts`, `/admin`, `/tokens`, `/audit`, `/approvals` and `/reports`. Moving between ids of one
/// section keeps the page.
#[component]
pub fn SectionPage(auth: crate::session::Auth) -> impl IntoView {
    let here = router::location();
    let section = Memo::new(move |_| {
        here.path.with(|p| router::segments(p).map_or_else(Default::default, |(s, id)| (s, id.is_some())))
    });
    move || match section.get() {
        (s, false) if s == "households" => view! { <HomePage auth /> }.into_any(),
        (s, true) if s == "regions" => view! { <RegionPage auth /> }.into_any(),
        (s, true) if s == "households" => view! { <HouseholdPage auth /> }.into_any(),
        (s, true) if s == "people" => view! { <PersonPage auth /> }.into_any(),
        (s, false) if s == "verify" => view! { <VerifyPage auth /> }.into_any(),
        (s, false) if s == "worklist" => view! { <WorkListPage auth /> }.into_any(),
        (s, true) if s == "visit" => view! { <VisitPage auth /> }.into_any(),
        (s, false) if s == "admin" => view! { <AdminPage auth /> }.into_any(),
        (s, false) if s == "alerts" => view! { <AlertsPage auth /> }.into_any(),
        (s, false) if s == "tokens" => view! { <TokensPage auth /> }.into_any(),
        (s, false) if s == "audit" => view! { <AuditPage auth /> }.into_any(),
        (s, false) if s == "approvals" => view! { <ApprovalsPage auth /> }.into_any(),
        (s, false) if s == "reports" => view! { <ReportsPage auth /> }.into_any(),
        _ => view! { <NotFoundPage /> }.into_any(),
    }
}

/// The `:id` of the current route, `""` when absent.
fn route_id() -> Memo<String> {
    let here = router::location();
    Memo::new(move |_| here.path.with(|p| router::segments(p).and_then(|(_, id)| id).unwrap_or_default()))
}
