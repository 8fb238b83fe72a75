use leptos::prelude::*;

use crate::i18n::texts;
use crate::session::Auth;

/// The title bar: app name, who is signed in, and the way out.
#[component]
pub fn AppHeader(auth: Auth) -> impl IntoView {
    let t = texts();
    view! {
        <header class="topbar">
            <h1>{t.app_title}</h1>
            {move || {
                auth.user()
                    .map(|user| {
                        view! {
                            <div class="who">
                                <span class="name" title=user.username>
                                    {user.display_name}
                                </span>
                                <span class="role">{t.role(user.role)}</span>
                                <span class="region">{user.region.map(|r| r.name)}</span>
                            </div>
                        }
                    })
            }}
            <button class="logout" on:click=move |_| auth.sign_out()>
                {t.logout}
            </button>
        </header>
    }
}
