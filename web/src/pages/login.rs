use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::LanguageSwitch;
use crate::i18n::texts;
use crate::route::Route;
use crate::session::Auth;

/// `/login`: username and password; on success the session is stored and
/// the page redirects home.
#[component]
pub fn LoginPage(auth: Auth) -> impl IntoView {
    let t = texts();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let missing_fields = RwSignal::new(false);

    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let name = username.get_untracked().trim().to_owned();
        let secret = password.get_untracked();
        missing_fields.set(name.is_empty() || secret.is_empty());
        if missing_fields.get_untracked() {
            return;
        }
        failure.set(None);
        pending.set(true);
        spawn_local(async move {
            let result = api::login(name, secret).await;
            pending.set(false);
            match result {
                Ok(session) => auth.sign_in(session),
                Err(e) => failure.set(Some(e)),
            }
        });
    };

    let message = move || {
        if missing_fields.get() {
            return Some(t.login_missing_fields.to_owned());
        }
        if let Some(e) = failure.get() {
            return Some(t.login_error_message(&e));
        }
        auth.is_expired().then(|| t.err_session_expired.to_owned())
    };

    // Signed in (now, or already when the page opened): on to the home page,
    // with the login page replaced in the history so "back" does not return.
    Effect::new(move |_| {
        if auth.is_signed_in() {
            crate::router::navigate(&Route::Home.href(), true);
        }
    });
    view! {
        <main class="login">
            <form class="card" on:submit=on_submit novalidate>
                <div class="login-language">
                    <LanguageSwitch />
                </div>
                <h1>{t.app_title}</h1>
                <h2>{t.login_heading}</h2>
                <label>
                    {t.username}
                    <input
                        name="username"
                        autocomplete="username"
                        autocapitalize="off"
                        bind:value=username
                    />
                </label>
                <label>
                    {t.password}
                    <input
                        type="password"
                        name="password"
                        autocomplete="current-password"
                        bind:value=password
                    />
                </label>
                {move || message().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                <button type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { t.login_pending } else { t.login_submit }}
                </button>
            </form>
        </main>
    }
}
