//! Filters kept in the URL's query string, so that a reload, the back
//! button and a shared link all keep them.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

/// One query parameter, as a memo; empty values count as absent.
pub fn param(name: &'static str) -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get(name)).filter(|v| !v.trim().is_empty()))
}

/// A function that sets `params` in the query string (an empty value
/// removes one), keeping the path and the other parameters: the filters
/// and the map's colouring are set apart and must not undo each other.
/// Replacing, not pushing: "back" should leave the page, not step through
/// every filter tried.
pub fn setter() -> impl Fn(&[(&str, String)]) + Clone + 'static {
    let navigate = use_navigate();
    let location = use_location();
    let current = use_query_map();
    move |params: &[(&str, String)]| {
        let pair = |k: &str, v: &str| format!("{k}={}", js_sys::encode_uri_component(v.trim()));
        let mut query: Vec<String> = current.with_untracked(|q| {
            q.into_iter().filter(|(k, _)| params.iter().all(|(p, _)| p != k)).map(|(k, v)| pair(k, v)).collect()
        });
        query.extend(params.iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, v)| pair(k, v)));
        let path = location.pathname.get_untracked();
        let url = if query.is_empty() { path } else { format!("{path}?{}", query.join("&")) };
        navigate(&url, NavigateOptions { replace: true, scroll: false, ..NavigateOptions::default() });
    }
}

/// The filter form's fold: open on a desk, and on a phone only while a
/// filter is set, so the map and the table come first on a small screen.
#[component]
pub fn FilterBox(active: bool, children: Children) -> impl IntoView {
    let wide = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|width| width >= 768.0);
    view! {
        <details class="filter-box" open=wide || active>
            <summary>{crate::i18n::texts().filters_label}</summary>
            {children()}
        </details>
    }
}
