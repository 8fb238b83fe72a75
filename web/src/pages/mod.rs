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
mod spot_checks;
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
use spot_checks::SpotChecksPage;
use tokens::TokensPage;
use verify::VerifyPage;
use visit::VisitPage;
use worklist::WorkListPage;

use leptos::prelude::*;

use crate::route::Route;
use crate::router;

/// Every signed-in page but home and login, by its [`Route`]. Moving
/// between ids of one section keeps the page: it redraws only when the
/// kind of route changes, and follows the id itself ([`route_id`]).
#[component]
pub fn SectionPage(auth: crate::session::Auth) -> impl IntoView {
    let here = router::location();
    let route = Memo::new(move |_| here.path.with(|p| Route::parse(p)));
    let kind = Memo::new(move |_| route.with(|r| r.as_ref().map(std::mem::discriminant)));
    move || {
        // Read, not only tracked: a memo never read has not run, so it
        // would not follow the path.
        let _kind = kind.get();
        match route.get_untracked() {
            Some(Route::Households) => view! { <HomePage auth /> }.into_any(),
            Some(Route::Region(_)) => view! { <RegionPage auth /> }.into_any(),
            Some(Route::Household(_)) => view! { <HouseholdPage auth /> }.into_any(),
            Some(Route::Person(_)) => view! { <PersonPage auth /> }.into_any(),
            Some(Route::Verify) => view! { <VerifyPage auth /> }.into_any(),
            Some(Route::Worklist) => view! { <WorkListPage auth /> }.into_any(),
            Some(Route::Visit { .. }) => view! { <VisitPage auth /> }.into_any(),
            Some(Route::Admin) => view! { <AdminPage auth /> }.into_any(),
            Some(Route::Alerts) => view! { <AlertsPage auth /> }.into_any(),
            Some(Route::Tokens { .. }) => view! { <TokensPage auth /> }.into_any(),
            Some(Route::Audit) => view! { <AuditPage auth /> }.into_any(),
            Some(Route::Approvals) => view! { <ApprovalsPage auth /> }.into_any(),
            Some(Route::Reports) => view! { <ReportsPage auth /> }.into_any(),
            Some(Route::SpotChecks) => view! { <SpotChecksPage auth /> }.into_any(),
            Some(Route::Login | Route::Home) | None => view! { <NotFoundPage /> }.into_any(),
        }
    }
}

/// The `:id` of the current route, `""` when absent.
fn route_id() -> Memo<String> {
    let here = router::location();
    Memo::new(move |_| here.path.with(|p| Route::parse(p).and_then(|r| r.id().map(str::to_owned)).unwrap_or_default()))
}
