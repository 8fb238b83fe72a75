use leptos::prelude::*;

use crate::i18n::texts;
use crate::remote::Load;

/// Shown while remote data is on its way.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="status">{texts().loading}</p> }
}

/// Remote data on a page: a loading line, its error, or `render(value)`.
pub fn loaded<T, V>(state: ReadSignal<Load<T>>, render: impl Fn(T) -> V + Send + Sync + 'static) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    move || match state.get() {
        Load::Loading => view! { <Loading /> }.into_any(),
        Load::Failed(e) => view! { <p class="error" role="alert">{texts().error_message(&e)}</p> }.into_any(),
        Load::Ready(value) => render(value).into_any(),
    }
}
