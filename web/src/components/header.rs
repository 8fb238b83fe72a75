use leptos::prelude::*;

use crate::components::LanguageSwitch;
use crate::i18n::texts;
use crate::session::Auth;

/// The title bar: app name (home), who is signed in, language, the way out.
#[component]
pub fn AppHeader(auth: Auth) -> impl IntoView {
    let t = texts();
    view! {
        <header class="topbar">
            <h1>
                <a href="/" title=t.home>{t.app_title}</a>
            </h1>
            // Read once: signing out leaves the page, so the header never
            // has to follow the session.
            {auth.user().map(|user| {
                view! {
                    <div class="who">
                        <span class="name" title=user.username>{user.display_name}</span>
                        <span class="role">{t.role(user.role)}</span>
                        <span class="region">{user.region.map(|r| r.name)}</span>
                    </div>
                }
            })}
            <LanguageSwitch />
            <button class="logout" on:click=move |_| auth.sign_out()>
                {t.logout}
            </button>
        </header>
    }
}
