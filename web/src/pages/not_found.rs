use leptos::prelude::*;

use crate::i18n::texts;
use crate::route::Route;

/// Any path the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let t = texts();
    view! {
        <main class="card">
            <h1>{t.not_found}</h1>
            <a href=Route::Home.href()>{t.back_home}</a>
        </main>
    }
}
