use leptos::prelude::*;

use super::route_id;
use crate::api;
use crate::components::map::{ColourBy, MapArea, MapPoint, SvgMap};
use crate::components::markup::decimal;
use crate::components::{
    AppHeader, Breadcrumb, Column, DataTable, ExportAll, HouseholdForm, PersonForm, PersonTarget, fact_list, loaded,
    local_time, text,
};
use crate::i18n::texts;
use crate::model::{HouseholdDetail, HouseholdPoint, Member, PersonRef};
use crate::remote::{Load, Remote};
use crate::route::Route;
use crate::session::Auth;

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    View,
    Edit,
    AddPerson,
}

/// `/households/:id`: a household's facts, its members, and (for the
/// roles that keep the registry) editing it and adding members.
#[component]
pub fn HouseholdPage(auth: Auth) -> impl IntoView {
    let id = route_id();
    let household =
        Remote::new(id, move |id| async move { auth.check(api::households::detail(auth.token(), id).await) });
    let mode = RwSignal::new(Mode::View);
    let saved = RwSignal::new(false);
    // A conflict's "reload" keeps the form open on the fresh record.
    let reload = Callback::new(move |()| household.refetch());
    // After a save the form stays until the saved record is back, so the
    // page never shows the values from before the save.
    let done = Callback::new(move |()| {
        saved.set(true);
        household.refetch();
    });
    let body = loaded(household.state, move |h| {
        if saved.get_untracked() {
            mode.set(Mode::View);
        }
        match h {
            None => view! { <p class="error" role="alert">{texts().err_not_found}</p> }.into_any(),
            Some(h) => render(auth, h, mode, saved, reload, done).into_any(),
        }
    });
    view! {
        <AppHeader auth />
        <main class="record">{body}</main>
    }
}

fn render(
    auth: Auth,
    h: HouseholdDetail,
    mode: RwSignal<Mode>,
    saved: RwSignal<bool>,
    reload: Callback<()>,
    done: Callback<()>,
) -> impl IntoView {
    let t = texts();
    let can_edit = auth.can().edit_registry;
    let trail = h.region.as_ref().map(|r| r.trail()).unwrap_or_default();
    let title = text(h.address.as_deref());
    let relatives: Vec<PersonRef> =
        h.members.iter().map(|m| PersonRef { id: m.id.clone(), name: m.name.clone(), sex: m.sex }).collect();
    let household_id = h.id.clone();
    // Ids are UUIDs: nothing to percent-encode.
    let members_query = format!("householdId={}", h.id);
    let map = location_map(&h);
    let members = Signal::stored(Load::Ready(h.members.clone()));
    let record = StoredValue::new(h);
    let cancel = Callback::new(move |()| mode.set(Mode::View));
    let start = move |next: Mode| {
        move |_| {
            saved.set(false);
            mode.set(next);
        }
    };

    let facts_or_form = move || match mode.get() {
        Mode::Edit => view! {
            <HouseholdForm auth household=record.get_value() on_saved=done on_cancel=cancel on_reload=reload />
        }
        .into_any(),
        _ => record.with_value(facts).into_any(),
    };
    let add_person = move || {
        (mode.get() == Mode::AddPerson).then(|| {
            let target = PersonTarget::Add { household_id: household_id.clone() };
            let on_saved = Callback::new(move |_id: String| done.run(()));
            view! {
                <h3>{t.add_person}</h3>
                <PersonForm auth target relatives=relatives.clone() on_saved on_cancel=cancel on_reload=reload />
            }
        })
    };
    let actions = move || {
        (can_edit && mode.get() == Mode::View).then(|| {
            view! {
                <div class="actions">
                    <button type="button" on:click=start(Mode::Edit)>{t.edit_household}</button>
                    <button type="button" on:click=start(Mode::AddPerson)>{t.add_person}</button>
                </div>
            }
        })
    };
    let columns = vec![
        Column::new(t.field_name, |m: &Member| text(m.name.as_deref()))
            .link(|m| Some(Route::Person(m.id.clone()).href())),
        Column::new(t.field_relation, |m: &Member| text(m.relation_to_head.map(|r| texts().relation(r)))),
        Column::new(t.field_sex, |m: &Member| text(m.sex.map(|s| texts().sex(s)))),
        Column::new(t.field_age, |m: &Member| m.age.map_or_else(|| text(None), |a| a.to_string()))
            .numeric(|m| m.age.map(f64::from)),
        Column::new(t.field_id_number, |m: &Member| text(m.id_number.as_deref())).class("mono").unsorted(),
        Column::new(t.field_phone, |m: &Member| text(m.phone.as_deref())).class("mono").unsorted(),
        Column::new(t.field_residence, |m: &Member| text(m.residence_status.map(|r| texts().residence(r)))),
    ];

    view! {
        <Breadcrumb trail current=title.clone() />
        <section class="card household">
            <div class="section-head">
                <h2>{t.household_heading}</h2>
                {actions}
            </div>
            {move || saved.get().then(|| view! { <p class="saved" role="status">{t.saved}</p> })}
            <div class="split">
                <div class="split-table">{facts_or_form}</div>
                <div class="split-map small-map">{map}</div>
            </div>
        </section>
        <section class="card members">
            <h2>{t.members_heading}</h2>
            {add_person}
            <ExportAll auth list="people" query=members_query />
            <DataTable
                columns
                rows=members
                pending=Signal::stored(false)
                summary=Signal::stored(None::<String>)
                empty=t.members_empty
                csv_name=t.csv_members
                caption=t.members_heading
            />
        </section>
    }
}

fn facts(h: &HouseholdDetail) -> impl IntoView + use<> {
    let t = texts();
    let location = match (h.lat, h.lng) {
        (Some(lat), Some(lng)) => format!("{}, {}", decimal(lat, 6), decimal(lng, 6)),
        _ => text(None),
    };
    let region = h.region.as_ref().map(|r| {
        let href = Route::Region(r.id.clone()).href();
        view! { <a href=href>{r.name.clone()}</a> }
    });
    fact_list(vec![
        (t.field_address, text(h.address.as_deref()).into_any()),
        (t.field_region, region.into_any()),
        (t.field_economic_status, text(h.economic_status.map(|s| t.economic_status(s))).into_any()),
        (t.field_location, view! { <span class="mono">{location}</span> }.into_any()),
        (t.field_version, h.version.into_any()),
        (t.field_created, h.created_at.as_deref().map(local_time).into_any()),
        (t.field_updated, h.updated_at.as_deref().map(local_time).into_any()),
    ])
}

/// The household where it is, beside its region's centroid.
fn location_map(h: &HouseholdDetail) -> impl IntoView + use<> {
    let colour = ColourBy::EconomicStatus;
    let as_point = HouseholdPoint {
        id: h.id.clone(),
        lat: h.lat,
        lng: h.lng,
        economic_status: h.economic_status,
        address: h.address.clone(),
        classifications: Vec::new(),
    };
    let class = colour.class(&as_point);
    let point = h.lat.zip(h.lng).map(|(lat, lng)| MapPoint {
        lat,
        lng,
        class,
        classes: [class; 3],
        title: h.address.clone().unwrap_or_default(),
        href: Route::Household(h.id.clone()).href(),
    });
    let area = h.region.as_ref().and_then(MapArea::label);
    view! {
        <SvgMap
            points=Signal::stored(point.into_iter().collect::<Vec<_>>())
            areas=Signal::stored(area.into_iter().collect::<Vec<_>>())
            legend=colour.legend()
            fit_key=Signal::stored(h.id.clone())
        />
    }
}
