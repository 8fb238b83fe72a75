use leptos::prelude::*;

use crate::components::LanguageSwitch;
use crate::i18n::texts;
use crate::route::Route;
use crate::session::Auth;

/// The title bar: app name (home), who is signed in, language, the way out.
#[component]
pub fn AppHeader(auth: Auth) -> impl IntoView {
    let t = texts();
    view! {
        <header class="topbar">
            <h1>
                <a href=Route::Home.href() title=t.home>{t.app_title}</a>
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

/// The sections whose work the server lets the user do (`User.can`); the
/// server still decides each request, this only leaves out links that
/// would end in `FORBIDDEN`.
#[component]
fn SectionNav(auth: Auth) -> impl IntoView {
    let c = texts().care;
    let can = auth.can();
    // The work list is offered to the tiers whose region holds the
    // households (grid and village), whose rounds it lists.
    let visits_round = auth.user().and_then(|u| u.region).is_some_and(|r| r.level.holds_households());
    let links = [
        (can.record_visits && visits_round, Route::Worklist, c.nav_worklist),
        (can.decide_classifications, Route::Verify, c.nav_verify),
        // Alerts are registry records: every tier that reads the registry sees them.
        (can.read_registry, Route::Alerts, c.nav_alerts),
        // Reports are of the registry, for the same tiers.
        (can.read_registry, Route::Reports, crate::i18n::report_texts().nav),
        (can.read_spot_checks, Route::SpotChecks, crate::i18n::spot_texts().nav),
        (can.approve_accounts, Route::Approvals, c.nav_approvals),
        (can.manage_users, Route::Admin, c.nav_users),
        (can.manage_users, Route::Tokens { revoke: None }, c.nav_tokens),
        (can.read_audit, Route::Audit, c.nav_audit),
    ];
    let links = links
        .into_iter()
        .filter(|(allowed, _, _)| *allowed)
        .map(|(_, route, label)| view! { <a href=route.href()>{label}</a> })
        .collect_view();
    view! { <nav class="sections" aria-label=c.nav_label>{links}</nav> }
}
