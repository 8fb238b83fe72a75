//! Filters kept in the URL's query string, so that a reload, the back
//! button and a shared link all keep them.

use leptos::prelude::*;

use crate::router;

/// One query parameter, as a memo; empty values count as absent.
pub fn param(name: &'static str) -> Memo<Option<String>> {
    router::query_param(name)
}

/// A function that sets `params` in the query string (an empty value
/// removes one), keeping the path and the other parameters: the filters
/// and the map's colouring are set apart and must not undo each other.
/// Replacing, not pushing: "back" should leave the page, not step through
/// every filter tried.
pub fn setter() -> impl Fn(&[(&str, String)]) + Clone + 'static {
    let here = router::location();
    move |params: &[(&str, String)]| {
        let query = here.query.with_untracked(|q| web_sys::UrlSearchParams::new_with_str(q).ok());
        let Some(query) = query else { return };
        for (key, value) in params {
            match value.trim() {
                "" => query.delete(key),
                value => query.set(key, value),
            }
        }
        let query = String::from(query.to_string());
        let path = here.path.get_untracked();
        let url = if query.is_empty() { path } else { format!("{path}?{query}") };
        router::navigate(&url, true);
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

/// A table's filter form in its fold: the fields, then "apply" and "reset".
/// `apply` writes the inputs to the URL; `reset` clears them and it.
#[component]
pub fn FilterForm(active: bool, apply: Callback<()>, reset: Callback<()>, children: Children) -> impl IntoView {
    let t = crate::i18n::texts();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        apply.run(());
    };
    view! {
        <FilterBox active>
            <form class="filters" role="search" aria-label=t.filters_label on:submit=submit>
                {children()}
                <div class="filter-actions">
                    <button type="submit">{t.filter_apply}</button>
                    <button type="button" on:click=move |_| reset.run(())>{t.filter_reset}</button>
                </div>
            </form>
        </FilterBox>
    }
}
