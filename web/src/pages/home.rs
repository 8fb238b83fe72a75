use leptos::prelude::*;

use super::region::{RegionScreen, compares_regions};
use crate::components::{AppHeader, StatsPanel};
use crate::i18n::texts;
use crate::session::Auth;

/// `/`: the signed-in user's own region, in the view its level calls for
/// (a grid worker's households, a village's households by grid, a town's
/// villages, the district's towns). Administrators get no personal data.
#[component]
pub fn HomePage(auth: Auth) -> impl IntoView {
    let t = texts();
    let content = match auth.user() {
        // No registry to show: an administrator's account.
        Some(user) if !user.can.read_registry => view! {
            <section class="notice admin-notice">
                <h2>{t.admin_heading}</h2>
                <p>{t.admin_notice}</p>
                <p>{t.admin_no_personal_data}</p>
            </section>
        }
        .into_any(),
        Some(user) => match user.region {
            Some(region) => view! { <RegionScreen auth id=region.id /> }.into_any(),
            None => view! { <p class="error" role="alert">{t.err_not_found}</p> }.into_any(),
        },
        None => ().into_any(),
    };
    // The figures beside the counts, below the main view: a region's
    // dashboard for those who compare regions, and for a village its
    // grids' sweep coverage this month (a grid has no children to compare).
    let figures = compares_regions(auth);
    view! {
        <AppHeader auth />
        <main>{content}</main>
        {figures.then(|| view! { <aside class="figures"><StatsPanel auth /></aside> })}
    }
}
