//! Editing a household: the whole `HouseholdInput` with the version last
//! read, so a concurrent edit is refused (`CONFLICT`) rather than lost.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, households::HouseholdInput};
use crate::components::form::{Field, SaveError, SaveStatus, enum_select, local_validation, select};
use crate::components::markup::coordinate;
use crate::i18n::texts;
use crate::model::{EconomicStatus, HouseholdDetail, Region, RegionLevel};
use crate::remote::Remote;
use crate::session::Auth;

#[component]
pub fn HouseholdForm(
    auth: Auth,
    household: HouseholdDetail,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
    on_reload: Callback<()>,
) -> impl IntoView {
    let t = texts();
    let current = household.region.clone();
    let region_id = RwSignal::new(current.as_ref().map(|r| r.id.clone()).unwrap_or_default());
    let address = RwSignal::new(household.address.clone().unwrap_or_default());
    let lat = RwSignal::new(household.lat.map(coordinate).unwrap_or_default());
    let lng = RwSignal::new(household.lng.map(coordinate).unwrap_or_default());
    let status = RwSignal::new(household.economic_status.map(|s| s.as_api().to_owned()).unwrap_or_default());
    let error: SaveError = RwSignal::new(None);

    // Where the household may move: its region's siblings and their
    // village, when the user can see that far up; else where it is.
    let choices = Remote::new(Memo::new(move |_| current.clone()), move |current| async move {
        Ok(region_choices(auth, current).await)
    });

    let (id, version) = (household.id.clone(), household.version);
    let pending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let checked = input(
            region_id.get_untracked(),
            address.get_untracked(),
            &lat.get_untracked(),
            &lng.get_untracked(),
            &status.get_untracked(),
        );
        let input = match checked {
            Ok(input) => input,
            Err(fields) => return error.set(Some(local_validation(fields))),
        };
        error.set(None);
        pending.set(true);
        let id = id.clone();
        spawn_local(async move {
            let result = auth.check(api::households::update(auth.token(), id, version, input).await);
            pending.set(false);
            match result {
                Ok(_) => on_saved.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let region_options = move || {
        choices
            .state
            .with(|s| s.ready().map(|r| r.iter().map(|r| (r.id.clone(), r.name.clone())).collect()).unwrap_or_default())
    };

    view! {
        <form class="record-form" on:submit=on_submit novalidate>
            <Field label=t.field_region name="regionId" error required=true>
                {select("regionId", region_id, region_options)}
            </Field>
            <Field label=t.field_address name="address" error required=true>
                <input name="address" bind:value=address autocomplete="off" />
            </Field>
            <Field label=t.field_lat name="lat" error>
                <input name="lat" inputmode="decimal" bind:value=lat />
            </Field>
            <Field label=t.field_lng name="lng" error>
                <input name="lng" inputmode="decimal" bind:value=lng />
            </Field>
            <Field label=t.field_economic_status name="economicStatus" error>
                {enum_select("economicStatus", status, EconomicStatus::ALL, |s| texts().economic_status(s), EconomicStatus::as_api, None)}
            </Field>
            <SaveStatus error on_reload />
            <div class="form-actions">
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || if pending.get() { t.saving } else { t.save }}
                </button>
                <button type="button" on:click=move |_| on_cancel.run(())>{t.cancel}</button>
            </div>
        </form>
    }
}

/// The input, or the fields that are not numbers where numbers belong.
fn input(
    region_id: String,
    address: String,
    lat: &str,
    lng: &str,
    status: &str,
) -> Result<HouseholdInput, Vec<(String, String)>> {
    let t = texts();
    let mut bad = Vec::new();
    let mut number = |field: &str, raw: &str| match raw.trim() {
        "" => None,
        raw => raw.parse::<f64>().map_err(|_| bad.push((field.to_owned(), t.not_a_number.to_owned()))).ok(),
    };
    let (lat, lng) = (number("lat", lat), number("lng", lng));
    if !bad.is_empty() {
        return Err(bad);
    }
    Ok(HouseholdInput {
        region_id,
        address: address.trim().to_owned(),
        lat,
        lng,
        economic_status: EconomicStatus::from_api(status),
    })
}

async fn region_choices(auth: Auth, current: Option<Region>) -> Vec<Region> {
    let Some(current) = current else { return Vec::new() };
    let Some(parent) = current.parent.as_deref() else { return vec![current] };
    match auth.check(api::regions::children(auth.token(), Some(parent.id.clone())).await) {
        Ok(siblings) if !siblings.is_empty() => {
            let village = (parent.level == RegionLevel::Village).then(|| Region { parent: None, ..parent.clone() });
            village.into_iter().chain(siblings).collect()
        }
        // The form still works with the region it has; the save reports
        // any real trouble.
        _ => vec![current],
    }
}
