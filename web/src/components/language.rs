use leptos::prelude::*;

use crate::i18n::{self, Locale, texts};

/// The app's language, as a signal the root view re-renders on.
#[derive(Clone, Copy)]
pub struct LocaleSignal(pub RwSignal<Locale>);

/// 中文 / English. The button names the other language in that language,
/// so it is found by someone who cannot read the current one.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let t = texts();
    let root = use_context::<LocaleSignal>();
    let switch = move |_| {
        let next = i18n::locale().other();
        i18n::set_locale(next);
        if let Some(LocaleSignal(locale)) = root {
            locale.set(next);
        }
    };
    let lang = i18n::locale().other().tag();
    view! {
        <button type="button" class="language" lang=lang on:click=switch>
            {t.switch_language}
        </button>
    }
}
