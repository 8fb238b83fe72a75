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
mod router;
mod session;

use leptos::prelude::*;

use crate::components::LocaleSignal;
use crate::pages::{HomePage, LoginPage, NotFoundPage, SectionPage};
use crate::session::Auth;

/// The whole app: routes, with everything but `/login` behind a login.
#[component]
pub fn App() -> impl IntoView {
    let auth = Auth::restore();
    let locale = RwSignal::new(i18n::init());
    provide_context(LocaleSignal(locale));
    let here = router::provide();

    // A language switch re-renders everything under the routes: switches
    // are rare, and it spares every label a reactive closure. The session
    // and the URL (filters included) survive it.
    move || {
        let _ = locale.get();
        view! { <AppRoutes auth here /> }
    }
}

/// Which page a path shows; pages behind `Section` are chosen by the
/// path's first segment (see `pages::SectionPage`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Route {
    Login,
    Home,
    Section,
    NotFound,
}

impl Route {
    fn of(path: &str) -> Self {
        match path {
            "/login" => Self::Login,
            "/" | "" => Self::Home,
            _ if router::segments(path).is_some() => Self::Section,
            _ => Self::NotFound,
        }
    }
}

#[component]
fn AppRoutes(auth: Auth, here: router::Location) -> impl IntoView {
    // Only a change of route redraws the page; moving between ids of one
    // section is the section page's business.
    let route = Memo::new(move |_| here.path.with(|p| Route::of(p)));
    let needs_login = move || matches!(route.get(), Route::Home | Route::Section) && !auth.is_signed_in();
    Effect::new(move |_| {
        if needs_login() {
            router::navigate("/login", true);
        }
    });
    move || match route.get() {
        Route::Login => view! { <LoginPage auth /> }.into_any(),
        Route::NotFound => view! { <NotFoundPage /> }.into_any(),
        _ if !auth.is_signed_in() => ().into_any(),
        Route::Home => view! { <HomePage auth /> }.into_any(),
        Route::Section => view! { <SectionPage auth /> }.into_any(),
    }
}
