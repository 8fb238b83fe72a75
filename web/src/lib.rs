//! 留守关爱主动发现平台 — the client-side rendered web app.
//!
//! `api` talks GraphQL to the server, `session` keeps the login, `i18n`
//! holds every user-visible label, `pages` and `components` draw them.

mod api;
mod components;
mod csv;
mod i18n;
mod json;
mod model;
mod pages;
mod remote;
mod session;

use leptos::prelude::*;
use leptos_router::components::{ProtectedRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::LocaleSignal;
use crate::pages::{HomePage, LoginPage, NotFoundPage, SectionPage};
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
    // Three routes, the pages behind the last chosen by its first segment
    // (see `pages::SectionPage`): each route costs the bundle a copy of the
    // router's matching and rendering code.
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFoundPage /> }>
                <Route path=path!("/login") view=move || view! { <LoginPage auth /> } />
                <ProtectedRoute
                    path=path!("/")
                    condition=signed_in
                    redirect_path=|| "/login"
                    view=move || view! { <HomePage auth /> }
                />
                <ProtectedRoute
                    path=path!("/:section/:id?")
                    condition=signed_in
                    redirect_path=|| "/login"
                    view=move || view! { <SectionPage auth /> }
                />
            </Routes>
        </Router>
    }
}
