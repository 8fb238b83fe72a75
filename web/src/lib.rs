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
mod route;
mod router;
mod session;

use leptos::prelude::*;

use crate::components::LocaleSignal;
use crate::pages::{HomePage, LoginPage, NotFoundPage, SectionPage};
use crate::route::Route;
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

/// Which kind of page a path shows; the pages behind `Section` are chosen
/// by `pages::SectionPage`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Screen {
    Login,
    Home,
    Section,
    NotFound,
}

impl Screen {
    fn of(path: &str) -> Self {
        match Route::parse(path) {
            Some(Route::Login) => Self::Login,
            Some(Route::Home) => Self::Home,
            Some(_) => Self::Section,
            None => Self::NotFound,
        }
    }
}

#[component]
fn AppRoutes(auth: Auth, here: router::Location) -> impl IntoView {
    // Only a change of route redraws the page; moving between ids of one
    // section is the section page's business.
    let route = Memo::new(move |_| here.path.with(|p| Screen::of(p)));
    let needs_login = move || matches!(route.get(), Screen::Home | Screen::Section) && !auth.is_signed_in();
    Effect::new(move |_| {
        if needs_login() {
            router::navigate(&Route::Login.href(), true);
        }
    });
    move || match route.get() {
        Screen::Login => view! { <LoginPage auth /> }.into_any(),
        Screen::NotFound => view! { <NotFoundPage /> }.into_any(),
        _ if !auth.is_signed_in() => ().into_any(),
        Screen::Home => view! { <HomePage auth /> }.into_any(),
        Screen::Section => view! { <SectionPage auth /> }.into_any(),
    }
}
