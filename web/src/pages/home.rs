use leptos::prelude::*;

use crate::components::{AppHeader, HouseholdTable, RegionBrowser};
use crate::model::Region;
use crate::session::Auth;

/// `/`: pick a region, see its households.
#[component]
pub fn HomePage(auth: Auth) -> impl IntoView {
    // The regions clicked through, outermost first; empty means the
    // caller's whole jurisdiction.
    let trail = RwSignal::new(Vec::<Region>::new());
    let region_id = Memo::new(move |_| trail.with(|t| t.last().map(|r| r.id.clone())));

    view! {
        <AppHeader auth />
        <main>
            <RegionBrowser auth trail />
            // Re-created per region, so paging starts over on the first page.
            {move || view! { <HouseholdTable auth region_id=region_id.get() /> }}
        </main>
    }
}
