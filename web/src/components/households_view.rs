//! A village's or grid's households: filters, then the same filtered data
//! as a map and as a paged table, side by side on a desk, stacked on a phone.

use leptos::prelude::*;

use crate::api::{self, households::HouseholdFilter};
use crate::components::ExportAll;
use crate::components::form::{enum_select, select};
use crate::components::household_map::HouseholdMap;
use crate::components::map::{ColourBy, MapArea};
use crate::components::pager::{Pager, Paging};
use crate::components::query::{self, FilterForm};
use crate::components::table::{Column, DataTable};
use crate::components::value::text;
use crate::i18n::texts;
use crate::json::ToJson as _;
use crate::model::{EconomicStatus, HouseholdRow, Region, RegionLevel};
use crate::remote::Remote;
use crate::route::Route;
use crate::session::Auth;

#[component]
pub fn HouseholdsView(auth: Auth, region: Region) -> impl IntoView {
    let t = texts();
    let sub_region = query::param("region");
    let status = query::param("status");
    let address = query::param("address");
    let region_id = region.id.clone();
    let filter = Memo::new(move |_| HouseholdFilter {
        region_id: Some(sub_region.get().unwrap_or_else(|| region_id.clone())),
        economic_status: status.get().as_deref().and_then(EconomicStatus::from_api),
        address_contains: address.get(),
    });
    let key = Memo::new(move |_| filter.with(|f| format!("{f:?}")));
    let pager = Pager::new(key);
    let source = Memo::new(move |_| (filter.get(), pager.size(), pager.after()));
    let page = Remote::new(source, move |(filter, size, after)| async move {
        auth.check(api::households::page(auth.token(), filter, size, after).await)
    });
    let rows = Signal::derive(move || page.state.get().map(|c| c.nodes));
    let next = Signal::derive(move || page.state.with(|s| s.ready().and_then(|c| c.next_cursor())));
    let summary =
        Signal::derive(move || page.state.with(|s| s.ready().and_then(|c| c.total_count).map(t.households_total)));

    // The grids of a village: the filter's choices and the map's labels.
    let parent = Memo::new({
        let id = region.id.clone();
        move |_| id.clone()
    });
    let children =
        Remote::new(parent, move |id| async move { auth.check(api::regions::children(auth.token(), Some(id)).await) });
    let child_list = Signal::derive(move || children.state.with(|s| s.ready().cloned().unwrap_or_default()));
    let areas = Signal::derive({
        let region = region.clone();
        move || {
            let children = child_list.get();
            let labelled = if children.is_empty() { vec![region.clone()] } else { children };
            labelled.iter().filter_map(MapArea::label).collect::<Vec<MapArea>>()
        }
    });
    let map_filter = Memo::new(move |_| Some(filter.get()));

    let heading =
        if region.level == RegionLevel::Grid { t.grid_households_heading } else { t.village_households_heading };
    let columns = vec![
        Column::new(t.col_address, |h: &HouseholdRow| text(h.address.as_deref()))
            .link(|h| Some(Route::Household(h.id.clone()).href())),
        Column::new(t.col_region, |h: &HouseholdRow| text(h.region.as_ref().map(|r| r.name.as_str()))),
        Column::new(t.col_economic_status, |h: &HouseholdRow| {
            text(h.economic_status.map(|s| texts().economic_status(s)))
        }),
        Column::new(t.col_members, |h: &HouseholdRow| {
            let names: Vec<&str> = h.members.iter().filter_map(|m| m.name.as_deref()).collect();
            text(Some(names.join(texts().list_separator).as_str()).filter(|s| !s.is_empty()))
        }),
        Column::new(t.col_member_count, |h: &HouseholdRow| h.members.len().to_string())
            .numeric(|h| Some(h.members.len() as f64)),
    ];

    view! {
        <section class="view households-view">
            <h2>{heading}</h2>
            <Filters sub_regions=child_list sub_region status address />
            <div class="split">
                <div class="split-map">
                    <HouseholdMap auth filter=map_filter areas default_colour=ColourBy::EconomicStatus fit_key=key />
                </div>
                <div class="split-table">
                    <ExportAll
                        auth
                        list="households"
                        query=Signal::derive(move || filter.with(|f| api::reports::export_query(&f.to_json())))
                    />
                    <DataTable
                        columns
                        rows
                        pending=page.pending
                        summary
                        empty=Signal::derive(move || {
                            let filtered = status.with(Option::is_some) || address.with(Option::is_some);
                            if filtered { t.no_match } else { t.households_empty }
                        })
                        csv_name=t.csv_households
                        paging=Paging { pager, next }
                        caption=heading
                    />
                </div>
            </div>
        </section>
    }
}

/// The filter form. Values go to the URL only on submit, so typing does
/// not send a request per keystroke.
#[component]
fn Filters(
    sub_regions: Signal<Vec<Region>>,
    sub_region: Memo<Option<String>>,
    status: Memo<Option<String>>,
    address: Memo<Option<String>>,
) -> impl IntoView {
    let t = texts();
    let set_query = query::setter();
    let region_input = RwSignal::new(sub_region.get_untracked().unwrap_or_default());
    let status_input = RwSignal::new(status.get_untracked().unwrap_or_default());
    let address_input = RwSignal::new(address.get_untracked().unwrap_or_default());
    // The inputs as they stand; the reset empties them first.
    let write = move || {
        set_query(&[
            ("region", region_input.get_untracked()),
            ("status", status_input.get_untracked()),
            ("address", address_input.get_untracked()),
        ])
    };
    let apply = {
        let write = write.clone();
        Callback::new(move |()| write())
    };
    let reset = Callback::new(move |()| {
        region_input.set(String::new());
        status_input.set(String::new());
        address_input.set(String::new());
        write();
    });
    let region_options = move || {
        let all = (String::new(), t.filter_all.to_owned());
        std::iter::once(all).chain(sub_regions.get().into_iter().map(|r| (r.id, r.name))).collect()
    };
    let region_label = move || sub_regions.with(|r| r.first().map(|r| t.region_level(r.level)).unwrap_or_default());

    view! {
        <FilterForm
            active=sub_region.get_untracked().is_some() || status.get_untracked().is_some() || address.get_untracked().is_some()
            apply
            reset
        >
            <Show when=move || sub_regions.with(|r| !r.is_empty())>
                <label>
                    {region_label}
                    {select("region", region_input, region_options)}
                </label>
            </Show>
            <label>
                {t.col_economic_status}
                {enum_select(
                    "status",
                    status_input,
                    EconomicStatus::ALL,
                    |s| texts().economic_status(s),
                    EconomicStatus::as_api,
                    Some(t.filter_all),
                )}
            </label>
            <label>
                {t.filter_address}
                <input name="address" type="search" bind:value=address_input />
            </label>
        </FilterForm>
    }
}
