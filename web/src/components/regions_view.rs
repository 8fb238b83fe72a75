//! A district's towns or a town's villages, compared: households and people
//! in each (from `totalCount`), as bubbles on the map and rows in the table.

use leptos::prelude::*;

use crate::api::{self, households::HouseholdFilter};
use crate::components::household_map::HouseholdMap;
use crate::components::map::{ColourBy, MapArea};
use crate::components::query::{self, FilterBox};
use crate::components::table::{Column, DataTable};
use crate::i18n::texts;
use crate::model::{Region, RegionCount, RegionLevel};
use crate::remote::Remote;
use crate::route::Route;
use crate::session::Auth;

#[component]
pub fn RegionsView(auth: Auth, region: Region) -> impl IntoView {
    let t = texts();
    let parent = Memo::new({
        let id = region.id.clone();
        move |_| id.clone()
    });
    let counted = Remote::new(parent, move |id| async move {
        let children = auth.check(api::regions::children(auth.token(), Some(id)).await)?;
        auth.check(api::regions::counts(auth.token(), children).await)
    });

    // The regions API takes no filter, so these apply to the loaded list.
    let name = query::param("name");
    let rural = query::param("rural");
    let points = query::param("points");
    let rows = Signal::derive(move || {
        let (name, rural_only) = (name.get(), rural.get().is_some());
        counted.state.get().map(|rows| {
            rows.into_iter()
                .filter(|r| !rural_only || r.region.rural == Some(true))
                .filter(|r| name.as_deref().is_none_or(|n| r.region.name.contains(n)))
                .collect::<Vec<_>>()
        })
    });
    let summary = Signal::derive(move || {
        rows.with(|rows| {
            rows.ready().map(|rows| {
                let households = rows.iter().map(|r| r.households).sum();
                let people = rows.iter().map(|r| r.people).sum();
                (t.regions_total)(rows.len(), households, people)
            })
        })
    });
    let areas = Signal::derive(move || {
        rows.with(|rows| {
            rows.ready()
                .map(|rows| {
                    rows.iter()
                        .filter_map(|r| MapArea::label(&r.region).map(|a| MapArea { count: Some(r.households), ..a }))
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    let map_filter = Memo::new({
        let id = region.id.clone();
        move |_| points.get().map(|_| HouseholdFilter { region_id: Some(id.clone()), ..HouseholdFilter::default() })
    });
    let fit_key = Signal::derive(move || format!("{:?}{:?}", name.get(), rural.get()));

    let heading = if region.level == RegionLevel::District { t.towns_heading } else { t.villages_heading };
    let columns = vec![
        Column::new(t.col_name, |r: &RegionCount| r.region.name.clone())
            .link(|r| Some(Route::Region(r.region.id.clone()).href())),
        Column::new(t.col_kind, |r: &RegionCount| texts().region_kind(r.region.level, r.region.rural).to_owned()),
        Column::new(t.col_code, |r: &RegionCount| r.region.code.clone().unwrap_or_default()).class("mono"),
        Column::new(t.col_households, |r: &RegionCount| r.households.to_string())
            .numeric(|r| Some(r.households as f64)),
        Column::new(t.col_people, |r: &RegionCount| r.people.to_string()).numeric(|r| Some(r.people as f64)),
    ];

    view! {
        <section class="view regions-view">
            <h2>{heading}</h2>
            <Filters name rural points />
            <div class="split">
                <div class="split-map">
                    <HouseholdMap auth filter=map_filter areas default_colour=ColourBy::Category fit_key />
                </div>
                <div class="split-table">
                    <DataTable
                        columns
                        rows
                        pending=counted.pending
                        summary
                        empty=t.no_child_regions
                        csv_name=t.csv_regions
                        caption=heading
                    />
                </div>
            </div>
        </section>
    }
}

/// Name, rural-only and "households on the map"; the checkboxes apply at
/// once, the name on submit.
#[component]
fn Filters(name: Memo<Option<String>>, rural: Memo<Option<String>>, points: Memo<Option<String>>) -> impl IntoView {
    let t = texts();
    let set_query = query::setter();
    let name_input = RwSignal::new(name.get_untracked().unwrap_or_default());
    let flag = |on: bool| if on { "1".to_owned() } else { String::new() };
    let write = {
        let set_query = set_query.clone();
        move |rural_on: bool, points_on: bool| {
            set_query(&[("name", name_input.get_untracked()), ("rural", flag(rural_on)), ("points", flag(points_on))]);
        }
    };
    let on_submit = {
        let write = write.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            write(rural.get_untracked().is_some(), points.get_untracked().is_some());
        }
    };
    let on_rural = {
        let write = write.clone();
        move |ev: leptos::ev::Event| write(event_target_checked(&ev), points.get_untracked().is_some())
    };
    let on_points = move |ev: leptos::ev::Event| write(rural.get_untracked().is_some(), event_target_checked(&ev));

    view! {
        <FilterBox active=name.get_untracked().is_some() || rural.get_untracked().is_some()>
        <form class="filters" role="search" aria-label=t.filters_label on:submit=on_submit>
            <label>
                {t.filter_name}
                <input name="name" type="search" bind:value=name_input />
            </label>
            <label class="check">
                <input type="checkbox" name="rural" prop:checked=move || rural.get().is_some() on:change=on_rural />
                {t.filter_rural_only}
            </label>
            <label class="check">
                <input type="checkbox" name="points" prop:checked=move || points.get().is_some() on:change=on_points />
                {t.map_show_households}
            </label>
            <div class="filter-actions">
                <button type="submit">{t.filter_apply}</button>
            </div>
        </form>
        </FilterBox>
    }
}
