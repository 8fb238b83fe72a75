use leptos::prelude::*;

use crate::components::LanguageSwitch;
use crate::i18n::texts;
use crate::model::Role;
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
            <SectionNav auth />
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

/// The sections the role works in; the server decides what each may do,
/// this only leaves out links that would end in `FORBIDDEN`.
#[component]
fn SectionNav(auth: Auth) -> impl IntoView {
    let c = texts().care;
    let reports = crate::i18n::report_texts().nav;
    let links: &[(&str, &str)] = match auth.user().map(|u| u.role) {
        Some(Role::Town) => &[
            ("/verify", c.nav_verify),
            ("/alerts", c.nav_alerts),
            ("/reports", reports),
            ("/approvals", c.nav_approvals),
        ],
        Some(Role::District) => &[
            ("/verify", c.nav_verify),
            ("/alerts", c.nav_alerts),
            ("/reports", reports),
            ("/approvals", c.nav_approvals),
            ("/audit", c.nav_audit),
        ],
        Some(Role::Grid | Role::Village) => {
            &[("/worklist", c.nav_worklist), ("/alerts", c.nav_alerts), ("/reports", reports)]
        }
        Some(Role::Admin) => &[("/admin", c.nav_users), ("/tokens", c.nav_tokens), ("/audit", c.nav_audit)],
        _ => &[],
    };
    let links = links.iter().map(|&(href, label)| view! { <a href=href>{label}</a> }).collect_view();
    view! { <nav class="sections" aria-label=c.nav_label>{links}</nav> }
}
