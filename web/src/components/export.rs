//! 导出全部 XLSX: a whole filtered list from the server (`GET /exports/…`),
//! for lists longer than a page, and the server's refusal (over the cap, a
//! filter the role may not use) beside the button until the next try.

use leptos::prelude::*;

use crate::api;
use crate::i18n::texts;
use crate::session::Auth;

/// The button for the list `list` (`due-visits` for `/exports/due-visits.xlsx`)
/// with the page's current filters as its query string, by the GraphQL
/// filter's field names ([`api::reports::export_query`]).
#[component]
pub fn ExportAll(auth: Auth, list: &'static str, #[prop(into)] query: Signal<String>) -> impl IntoView {
    let error = RwSignal::new(None::<api::ApiError>);
    let go = move |_| {
        let path = format!("/exports/{list}.xlsx?{}", query.get_untracked());
        error.set(None);
        leptos::task::spawn_local(async move {
            let saved = api::reports::fetch_file(auth.token(), &path, &format!("{list}.xlsx")).await;
            if let Err(e) = auth.check(saved) {
                let _ = error.try_set(Some(e));
            }
        });
    };
    view! {
        <button class="export" on:click=go>{texts().export_xlsx_all}</button>
        {move || error.with(|e| e.as_ref().map(|e| {
            view! { <p class="error export-error" role="alert">{texts().error_message(e)}</p> }
        }))}
    }
}
