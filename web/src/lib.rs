//! 留守关爱主动发现平台 — the client-side rendered web app.
//!
//! `api` talks GraphQL to the server, `session` keeps the login, `i18n`
//! holds every user-visible label, `pages` and `components` draw them.

mod api;
mod components;
mod csv;
mod i18n;
mod model;
mod pages;
mod remote;
mod session;

use leptos::prelude::*;
use leptos_router::components::{ProtectedRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::LocaleSignal;
use crate::pages::{
    AdminPage, HomePage, HouseholdPage, LoginPage, NotFoundPage, PersonPage, RegionPage, VerifyPage, VisitPage,
    WorkListPage,
};
use crate::session::Auth;

/// The whole app: routes, with everything but `/login` behind a login.
#[component]
pub fn App() -> impl IntoView {
    let auth = Auth::restore();
    let locale = RwSignal::new(i18n::init());
    provide_context(LocaleSignal(locale));

    // A language switch re-renders everything under the router: switches
    // are rare, and it spares every label a reactive closure. The session
    // and the URL (filters included) survive it.
    move || {
        let _ = locale.get();
        view! { <AppRoutes auth /> }
    }
}

#[component]
fn AppRoutes(auth: Auth) -> impl IntoView {
    let signed_in = move || Some(auth.is_signed_in());
    let home = move || view! { <HomePage auth /> };
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFoundPage /> }>
                <Route path=path!("/login") view=move || view! { <LoginPage auth /> } />
                <ProtectedRoute path=path!("/") condition=signed_in redirect_path=|| "/login" view=home />
                // The same view under a name, so a shared or bookmarked
                // `/households` link lands on the list.
                <ProtectedRoute path=path!("/households") condition=signed_in redirect_path=|| "/login" view=home />
                <ProtectedRoute
                    path=path!("/regions/:id")
                    condition=signed_in
                    redirect_path=|| "/login"
                    view=move || view! { <RegionPage auth /> }
                />
                <ProtectedRoute
                    path=path!("/households/:id")
                    condition=signed_in
                    redirect_path=|| "/login"
                    view=move || view! { <HouseholdPage auth /> }
                />
                <ProtectedRoute
                    path=path!("/people/:id")
                    condition=signed_in
                    redirect_path=|| "/login"
                    view=move || view! { <PersonPage auth /> }
                />
                <ProtectedRoute
                    path=path!("/admin")
                    condition=signed_in
                    redirect_path=|| "/login"
                    view=move || view! { <AdminPage auth /> }
                />
                <ProtectedRoute
                    path=path!("/verify")
                    condition=signed_in
                    redirect_path=|| "/login"
                    view=move || view! { <VerifyPage auth /> }
                />
                <ProtectedRoute
                    path=path!("/worklist")
                    condition=signed_in
                    redirect_path=|| "/login"
                    view=move || view! { <WorkListPage auth /> }
                />
                <ProtectedRoute
                    path=path!("/visit/:id")
                    condition=signed_in
                    redirect_path=|| "/login"
                    view=move || view! { <VisitPage auth /> }
                />
            </Routes>
        </Router>
    }
}
