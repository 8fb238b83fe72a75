use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::route_id;
use crate::api::care::VisitInput;
use crate::components::form::{Field, SaveError, SaveStatus, optional, select};
use crate::components::markup::decimal;
use crate::components::{AppHeader, loaded, text};
use crate::i18n::texts;
use crate::model::{Need, VisitHousehold, VisitKind};
use crate::remote::Remote;
use crate::route::Route;
use crate::router;
use crate::session::Auth;

/// `/visit/:household?kind=…&person=…`: 入户走访登记, one screen on a phone.
/// The work list fills in the kind and the person owed the visit.
#[component]
pub fn VisitPage(auth: Auth) -> impl IntoView {
    let id = route_id();
    let kind = router::query_param("kind").get_untracked().and_then(|k| VisitKind::from_api(&k));
    let person = router::query_param("person").get_untracked();
    let household =
        Remote::new(id, move |id| async move { auth.check(crate::api::care::visit_household(auth.token(), id).await) });
    let body = loaded(household.state, move |h| match h {
        None => view! { <p class="error" role="alert">{texts().err_not_found}</p> }.into_any(),
        Some(h) => view! { <VisitForm auth household=h kind person=person.clone() /> }.into_any(),
    });
    view! {
        <AppHeader auth />
        <main class="record">
            <h2>{texts().care.visit_heading}</h2>
            {body}
        </main>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Locating {
    Idle,
    Busy,
    Failed,
}

#[component]
fn VisitForm(auth: Auth, household: VisitHousehold, kind: Option<VisitKind>, person: Option<String>) -> impl IntoView {
    let t = texts();
    let c = t.care;
    // Only the kinds the server lets this role record (`User.can`); a kind
    // from the work list that is not among them falls back to the first.
    let kinds = auth.can().visit_kinds;
    let chosen = kind.filter(|k| kinds.contains(k)).or_else(|| kinds.first().copied());
    let kind = RwSignal::new(chosen.map(VisitKind::as_api).unwrap_or_default().to_owned());
    // Left as it was, "now" means the moment of saving, to the second.
    let opened_at = now_local();
    let visited_at = RwSignal::new(opened_at.clone());
    let seen = RwSignal::new(person.into_iter().collect::<Vec<String>>());
    let [findings, living, safety, health] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let needs = RwSignal::new(Vec::<Need>::new());
    let policies = RwSignal::new(Vec::<String>::new());
    let policy = RwSignal::new(String::new());
    let follow_up = RwSignal::new(false);
    let position = RwSignal::new(None::<(f64, f64)>);
    let locating = RwSignal::new(Locating::Idle);
    let error: SaveError = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let household_id = household.id.clone();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(kind) = VisitKind::from_api(&kind.get_untracked()) else { return };
        let (lat, lng) = position.get_untracked().unzip();
        let input = VisitInput {
            household_id: household_id.clone(),
            kind,
            visited_at: visited_at.with_untracked(|v| {
                if *v == opened_at { String::from(js_sys::Date::new_0().to_iso_string()) } else { to_rfc3339(v) }
            }),
            lat,
            lng,
            person_ids: seen.get_untracked(),
            findings: optional(findings.get_untracked()),
            living: optional(living.get_untracked()),
            safety: optional(safety.get_untracked()),
            health: optional(health.get_untracked()),
            needs: needs.get_untracked(),
            policies_explained: policies.get_untracked(),
            follow_up: follow_up.get_untracked(),
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match auth.check(crate::api::care::record_visit(auth.token(), input).await) {
                Ok(()) => router::navigate(&Route::Worklist.href(), false),
                Err(e) => {
                    let _ = error.try_set(Some(e));
                    let _ = busy.try_set(false);
                }
            }
        });
    };

    let members = household
        .members
        .iter()
        .map(|m| {
            let id = m.id.clone();
            let checked = {
                let id = id.clone();
                move || seen.with(|s| s.contains(&id))
            };
            view! {
                <label class="chip">
                    <input type="checkbox" name="personIds" value=id.clone() prop:checked=checked
                        on:change:target=move |ev| toggle(seen, id.clone(), ev.target().checked()) />
                    {text(m.name.as_deref())}
                </label>
            }
        })
        .collect_view();
    let need_chips = Need::ALL
        .iter()
        .map(|&n| {
            view! {
                <label class="chip">
                    <input type="checkbox" name="needs" value=n.as_api()
                        prop:checked=move || needs.with(|s| s.contains(&n))
                        on:change:target=move |ev| toggle(needs, n, ev.target().checked()) />
                    {texts().care.need(n)}
                </label>
            }
        })
        .collect_view();
    let add_policy = move || {
        if let Some(p) = optional(policy.get_untracked()) {
            policies.update(|ps| {
                if !ps.contains(&p) {
                    ps.push(p);
                }
            });
            policy.set(String::new());
        }
    };
    let policy_chips = move || {
        policies
            .get()
            .into_iter()
            .map(|p| {
                let title = (texts().care.policy_remove)(&p);
                let gone = p.clone();
                view! {
                    <button type="button" class="chip" title=title
                        on:click=move |_| policies.update(|ps| ps.retain(|x| *x != gone))>
                        {p} " ×"
                    </button>
                }
            })
            .collect_view()
    };
    let area = |label: &'static str, name: &'static str, value: RwSignal<String>| {
        view! {
            <Field label name error>
                <textarea name=name rows="2" prop:value=move || value.get()
                    on:input:target=move |ev| value.set(ev.target().value())></textarea>
            </Field>
        }
    };
    let location = move || match (position.get(), locating.get()) {
        (Some((lat, lng)), _) => format!("{}, {}", decimal(lat, 5), decimal(lng, 5)),
        (None, Locating::Busy) => c.locating.to_owned(),
        (None, Locating::Failed) => c.location_failed.to_owned(),
        (None, Locating::Idle) => String::new(),
    };
    view! {
        <form class="visit-form" on:submit=submit novalidate>
            <p class="household">
                <a href=Route::Household(household.id.clone()).href()>{text(household.address.as_deref())}</a>
            </p>
            <Field label=c.col_kind name="kind" error>
                {select("kind", kind, move || {
                    kinds.iter().map(|&k| (k.as_api().to_owned(), texts().care.visit_kind(k).to_owned())).collect()
                })}
            </Field>
            <Field label=c.visited_at name="visitedAt" error required=true>
                <input type="datetime-local" name="visitedAt" prop:value=move || visited_at.get()
                    on:input:target=move |ev| visited_at.set(ev.target().value()) />
            </Field>
            <Field label=c.people_seen name="personIds" error>
                <div class="chips">{members}</div>
            </Field>
            {area(c.findings, "findings", findings)}
            {area(c.living, "living", living)}
            {area(c.safety, "safety", safety)}
            {area(c.health, "health", health)}
            <Field label=c.needs_label name="needs" error>
                <div class="chips">{need_chips}</div>
            </Field>
            <Field label=c.policies name="policiesExplained" error>
                <div class="chips">{policy_chips}</div>
                <span class="inline">
                    <input type="text" name="policy" prop:value=move || policy.get()
                        on:input:target=move |ev| policy.set(ev.target().value())
                        on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); add_policy(); } />
                    <button type="button" on:click=move |_| add_policy()>{c.policy_add}</button>
                </span>
            </Field>
            <label class="check">
                <input type="checkbox" name="followUp" prop:checked=move || follow_up.get()
                    on:change:target=move |ev| follow_up.set(ev.target().checked()) />
                {c.follow_up}
            </label>
            <Field label=c.location name="lat" error>
                <span class="inline">
                    <button type="button" on:click=move |_| locate(position, locating)>{c.use_location}</button>
                    <span class="location">{location}</span>
                </span>
            </Field>
            <SaveStatus error on_reload=Callback::new(|()| ()) />
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { c.saving } else { c.save }}
                </button>
                <a href=Route::Worklist.href()>{c.back_to_worklist}</a>
            </div>
        </form>
    }
}

fn toggle<T: PartialEq + Send + Sync + 'static>(list: RwSignal<Vec<T>>, item: T, on: bool) {
    list.update(|l| {
        l.retain(|x| *x != item);
        if on {
            l.push(item);
        }
    });
}

/// Now, as a `datetime-local` value in the browser's time zone.
fn now_local() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// A `datetime-local` value (local time) as RFC 3339 in UTC; as given if
/// unreadable, so the server's message lands beside the field.
fn to_rfc3339(local: &str) -> String {
    let date = js_sys::Date::new(&local.into());
    if date.get_time().is_nan() { local.to_owned() } else { String::from(date.to_iso_string()) }
}

/// Asks the browser for the position once; optional, so a refusal only
/// says so beside the button.
fn locate(position: RwSignal<Option<(f64, f64)>>, state: RwSignal<Locating>) {
    let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        state.set(Locating::Failed);
        return;
    };
    state.set(Locating::Busy);
    let ok = Closure::once_into_js(move |p: web_sys::Position| {
        let coords = p.coords();
        let _ = position.try_set(Some((coords.latitude(), coords.longitude())));
        let _ = state.try_set(Locating::Idle);
    });
    let failed = Closure::once_into_js(move |_: wasm_bindgen::JsValue| {
        let _ = state.try_set(Locating::Failed);
    });
    if geo.get_current_position_with_error_callback(ok.unchecked_ref(), Some(failed.unchecked_ref())).is_err() {
        state.set(Locating::Failed);
    }
}
