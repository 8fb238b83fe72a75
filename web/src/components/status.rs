use leptos::prelude::*;

use crate::i18n::texts;

/// Shown while remote data is on its way.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="status">{texts().loading}</p> }
}

/// Fallback of an `<ErrorBoundary>`: the errors' localized messages.
#[component]
pub fn ErrorList(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <ul class="error" role="alert">
            {move || {
                errors
                    .get()
                    .into_iter()
                    .map(|(_, e)| view! { <li>{e.to_string()}</li> })
                    .collect_view()
            }}
        </ul>
    }
}
