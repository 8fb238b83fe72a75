use leptos::prelude::*;

use super::route_id;
use crate::api;
use crate::components::{AppHeader, Breadcrumb, HouseholdsView, RegionsView, StatsPanel, loaded};
use crate::i18n::texts;
use crate::model::RegionLevel;
use crate::remote::Remote;
use crate::session::Auth;

/// `/regions/:id`: a region of the user's jurisdiction, with its figures
/// below for the tiers that compare regions — the district drilling into
/// a town sees that town's villages compared as on the town's own home.
#[component]
pub fn RegionPage(auth: Auth) -> impl IntoView {
    let id = route_id();
    let figures = compares_regions(auth);
    view! {
        <AppHeader auth />
        <main>{move || view! { <RegionScreen auth id=id.get() /> }}</main>
        {move || figures.then(|| view! { <aside class="figures"><StatsPanel auth region_id=id.get() /></aside> })}
    }
}

/// Whether the user gets the figures panel: those who may read statistics
/// and have child regions to compare, so not a grid worker, whose grid
/// is the bottom of the tree.
pub(super) fn compares_regions(auth: Auth) -> bool {
    auth.user().is_some_and(|u| u.can.read_stats && u.region.is_some_and(|r| r.level != RegionLevel::Grid))
}

/// A region with its breadcrumb, then the view its level calls for:
/// district and town compare their child regions; village and grid list
/// their households.
#[component]
pub fn RegionScreen(auth: Auth, id: String) -> impl IntoView {
    let region = Remote::new(Memo::new(move |_| id.clone()), move |id| async move {
        auth.check(api::regions::region(auth.token(), id).await)
    });
    loaded(region.state, move |region| match region {
        None => view! { <p class="error" role="alert">{texts().err_not_found}</p> }.into_any(),
        Some(region) => {
            let trail = region.trail();
            let view = if region.level.holds_households() {
                view! { <HouseholdsView auth region /> }.into_any()
            } else {
                view! { <RegionsView auth region /> }.into_any()
            };
            view! {
                <Breadcrumb trail />
                {view}
            }
            .into_any()
        }
    })
}
