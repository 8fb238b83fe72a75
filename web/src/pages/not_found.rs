use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::texts;

/// Any path the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let t = texts();
    view! {
        <main class="card">
            <h1>{t.not_found}</h1>
            <A href="/">{t.back_home}</A>
        </main>
    }
}
