use leptos::prelude::*;

use crate::i18n::texts;
use crate::model::Region;
use crate::route::Route;

/// Where a page sits in the region tree, from the user's own region down;
/// `current` names a record below the last region (a household, a person).
#[component]
pub fn Breadcrumb(trail: Vec<Region>, #[prop(optional)] current: Option<String>) -> impl IntoView {
    let t = texts();
    let last = trail.len();
    let regions = trail
        .into_iter()
        .enumerate()
        .map(|(i, region)| {
            let is_page = i + 1 == last && current.is_none();
            let label = format!("{} · {}", region.name, t.region_level(region.level));
            if is_page {
                view! { <li><span aria-current="page">{label}</span></li> }.into_any()
            } else {
                view! { <li><a href=Route::Region(region.id.clone()).href()>{label}</a></li> }.into_any()
            }
        })
        .collect_view();
    view! {
        <nav class="breadcrumb" aria-label=t.breadcrumb_label>
            <ol>
                {regions}
                {current.map(|c| view! { <li><span aria-current="page">{c}</span></li> })}
            </ol>
        </nav>
    }
}
