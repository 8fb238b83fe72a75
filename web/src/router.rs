//! Client-side routing, by hand: the current path and query string as
//! signals, same-origin links followed without a page load, the back and
//! forward buttons, and `navigate`.
//!
//! Why not leptos_router: the app has three routes (`/login`, `/` and
//! `/:section/:id?`, see `route.rs` and `pages::SectionPage`), and the
//! router's general matching, nested outlets and per-route view types cost
//! the bundle 55 KiB gzip for them (measured: 380 → 325 KiB in total) —
//! room the 400 KB budget needs for pages.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, MouseEvent, UrlSearchParams};

/// Where the app is: the path (`/households/…`) and the query string
/// without its `?`.
#[derive(Clone, Copy)]
pub struct Location {
    pub path: RwSignal<String>,
    pub query: RwSignal<String>,
}

impl Location {
    /// Takes the browser's address into the signals, touching only what
    /// changed so views depending on the path do not redraw for a filter.
    fn sync(&self) {
        let (path, query) = read_address();
        if self.path.with_untracked(|p| *p != path) {
            self.path.set(path);
        }
        if self.query.with_untracked(|q| *q != query) {
            self.query.set(query);
        }
    }
}

fn read_address() -> (String, String) {
    let location = window().location();
    let path = location.pathname().unwrap_or_else(|_| "/".to_owned());
    let search = location.search().unwrap_or_default();
    (path, search.trim_start_matches('?').to_owned())
}

thread_local! {
    // One per page, not a context: `navigate` is called from event
    // handlers and tasks, which run outside the reactive owner tree where
    // contexts are not found.
    static HERE: std::cell::Cell<Option<Location>> = const { std::cell::Cell::new(None) };
}

/// Starts routing; called once, first thing in the app's root.
pub fn provide() -> Location {
    let here = location();
    // The root lives as long as the page, so neither listener is removed.
    let _ = window_event_listener(leptos::ev::popstate, move |_| here.sync());
    let _ = window_event_listener(leptos::ev::click, follow_link);
    here
}

/// The current location.
pub fn location() -> Location {
    HERE.with(|here| {
        here.get().unwrap_or_else(|| {
            let (path, query) = read_address();
            // The first call is `provide`'s, from the app's root, which
            // owns the signals for the life of the page.
            let created = Location { path: RwSignal::new(path), query: RwSignal::new(query) };
            here.set(Some(created));
            created
        })
    })
}

/// Goes to `url` (a path with an optional query) without a page load:
/// a new history entry scrolled to the top, or with `replace` the current
/// entry rewritten in place (filters: "back" should leave the page, not
/// step through every filter tried).
pub fn navigate(url: &str, replace: bool) {
    let window = window();
    let moved = window.history().and_then(|history| {
        if replace {
            history.replace_state_with_url(&JsValue::NULL, "", Some(url))
        } else {
            history.push_state_with_url(&JsValue::NULL, "", Some(url))
        }
    });
    if moved.is_err() {
        // No history API: an ordinary page load still gets there.
        let _ = window.location().set_href(url);
        return;
    }
    location().sync();
    if !replace {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// A query parameter of the current URL, `None` when absent or blank.
pub fn query_param(name: &'static str) -> Memo<Option<String>> {
    let here = location();
    Memo::new(move |_| {
        here.query
            .with(|q| UrlSearchParams::new_with_str(q).ok().and_then(|params| params.get(name)))
            .filter(|v| !v.trim().is_empty())
    })
}

/// A click on a same-origin `<a href>`: handled here instead of by a page
/// load. Clicks meant for something else (a new tab, a download, another
/// site, a handler that already took it) are left to the browser.
fn follow_link(ev: MouseEvent) {
    if ev.default_prevented() || ev.button() != 0 || ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key() {
        return;
    }
    let Some(anchor) =
        ev.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|el| el.closest("a[href]").ok().flatten())
    else {
        return;
    };
    if anchor.has_attribute("download") || anchor.get_attribute("target").is_some_and(|t| t != "_self") {
        return;
    }
    let window = window();
    let (Some(href), Ok(base)) = (anchor.get_attribute("href"), window.location().href()) else { return };
    let Ok(url) = web_sys::Url::new_with_base(&href, &base) else { return };
    if window.location().origin().ok().as_deref() != Some(url.origin().as_str()) {
        return;
    }
    ev.prevent_default();
    navigate(&format!("{}{}", url.pathname(), url.search()), false);
}
