use leptos::prelude::*;

use crate::api;
use crate::components::{ErrorList, Loading};
use crate::i18n::texts;
use crate::model::Region;
use crate::session::Auth;

/// Region drill-down: a breadcrumb of the regions clicked through, and the
/// children of the last one to click into next.
#[component]
pub fn RegionBrowser(auth: Auth, trail: RwSignal<Vec<Region>>) -> impl IntoView {
    let t = texts();
    let children = LocalResource::new(move || {
        let parent = trail.with(|t| t.last().map(|r| r.id.clone()));
        async move { auth.check(api::regions(auth.token(), parent).await) }
    });

    let crumbs = move || {
        let regions = trail.get();
        let last = regions.len();
        regions
            .into_iter()
            .enumerate()
            .map(|(i, region)| {
                let depth = i + 1;
                let item = if depth == last {
                    view! { <span aria-current="page">{region.name}</span> }.into_any()
                } else {
                    view! {
                        <button on:click=move |_| trail.update(|t| t.truncate(depth))>
                            {region.name}
                        </button>
                    }
                    .into_any()
                };
                view! { <li>{item}</li> }
            })
            .collect_view()
    };

    let list = move || {
        Suspend::new(async move {
            children.await.map(|regions| {
                if regions.is_empty() {
                    return view! { <p class="status">{t.no_child_regions}</p> }.into_any();
                }
                let items = regions
                    .into_iter()
                    .map(|region| {
                        let label = region.name.clone();
                        let level = t.region_level(region.level);
                        let code = region.code.clone().unwrap_or_default();
                        view! {
                            <li>
                                <button on:click=move |_| {
                                    trail.update(|t| t.push(region.clone()))
                                }>
                                    <span class="name">{label}</span>
                                    <small>{level} " " {code}</small>
                                </button>
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul class="region-list">{items}</ul> }.into_any()
            })
        })
    };

    view! {
        <section class="regions">
            <h2>{t.regions_heading}</h2>
            <nav class="breadcrumb" aria-label=t.breadcrumb_label>
                <ol>
                    <li>
                        <button on:click=move |_| trail.set(Vec::new())>{t.breadcrumb_root}</button>
                    </li>
                    {crumbs}
                </ol>
            </nav>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors /> }>{list}</ErrorBoundary>
            </Transition>
        </section>
    }
}
