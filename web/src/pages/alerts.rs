use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::api::alerts::Alert;
use crate::components::form::{Field, SaveError, SaveStatus, local_validation, optional, select};
use crate::components::pager::{Pager, PagerBar, Paging};
use crate::components::query;
use crate::components::{AppHeader, ExportAll, facts_html, loaded, local_time, text};
use crate::i18n::texts;
use crate::model::{AlertStatus, reason_text};
use crate::remote::Remote;
use crate::route::Route;
use crate::session::Auth;

/// `/alerts`: 强制报告预警, the situations the rules found that must be
/// dealt with now (a child living alone, no capable guardian). Every staff
/// tier sees those of its jurisdiction — the grid worker is usually the
/// one who can knock first — and towns and the district acknowledge them
/// with what was done. Open ones first by default, oldest first.
#[component]
pub fn AlertsPage(auth: Auth) -> impl IntoView {
    let c = texts().care;
    // `?status=ALL` lists every alert; no parameter means the open ones.
    let status_param = query::param("status");
    let status = Memo::new(move |_| match status_param.get().as_deref() {
        Some("ALL") => None,
        Some(s) => AlertStatus::from_api(s).or(Some(AlertStatus::Open)),
        None => Some(AlertStatus::Open),
    });
    let key = Memo::new(move |_| status.get().map_or("ALL", AlertStatus::as_api).to_owned());
    let pager = Pager::new(key);
    let source = Memo::new(move |_| (status.get(), pager.after()));
    let alerts = Remote::new(source, move |(status, after)| async move {
        auth.check(api::alerts::list(auth.token(), status, after).await)
    });
    let acknowledges = auth.can().acknowledge_alerts;
    let done = Callback::new(move |()| alerts.refetch());
    let next = Signal::derive(move || alerts.state.with(|s| s.ready().and_then(|c| c.next_cursor())));
    let body = loaded(alerts.state, move |page| {
        let total = page.total_count.unwrap_or_default();
        let cards =
            page.nodes.into_iter().map(|alert| view! { <AlertCard auth alert acknowledges done /> }).collect_view();
        view! {
            <p class="total">{(c.alerts_total)(total)}</p>
            {(total == 0).then(|| view! { <p class="status empty">{c.alerts_empty}</p> })}
            <div class="queue">{cards}</div>
        }
    });
    let set_query = query::setter();
    let choice = RwSignal::new(status.get_untracked().map_or("ALL", AlertStatus::as_api).to_owned());
    Effect::new(move |first: Option<()>| {
        let value = choice.get();
        // The first run is the value read from the URL, not a choice.
        if first.is_some() {
            set_query(&[("status", value)]);
        }
    });
    let options = move || {
        vec![
            (AlertStatus::Open.as_api().to_owned(), c.alert_statuses[0].to_owned()),
            (AlertStatus::Acknowledged.as_api().to_owned(), c.alert_statuses[1].to_owned()),
            ("ALL".to_owned(), c.alerts_all.to_owned()),
        ]
    };
    view! {
        <AppHeader auth />
        <main class="record">
            <h2>{c.alerts_heading}</h2>
            <p class="hint">{c.alerts_intro}</p>
            <label class="inline-filter">
                <span>{c.alert_status}</span>
                {select("status", choice, options)}
            </label>
            <ExportAll
                auth
                list="alerts"
                query=Signal::derive(move || status.get().map(|s| format!("status={}", s.as_api())).unwrap_or_default())
            />
            {body}
            <PagerBar paging=Paging { pager, next } />
        </main>
    }
}

/// One alert: whom it is about, why, and what was done or a way to say so.
#[component]
fn AlertCard(auth: Auth, alert: Alert, acknowledges: bool, done: Callback<()>) -> impl IntoView {
    let t = texts();
    let c = t.care;
    let household = alert.person.as_ref().and_then(|p| p.household.clone());
    let mut facts = vec![
        (c.alert_reasons, reason_text(&alert.reasons, t.list_separator)),
        (t.field_address, text(household.as_ref().and_then(|h| h.address.as_deref()))),
        (c.alert_raised_at, local_time(&alert.raised_at)),
    ];
    if let Some(day) = &alert.cleared_on {
        facts.push((c.alert_cleared_on, day.clone()));
    }
    if alert.status == AlertStatus::Acknowledged {
        facts.push((c.alert_acknowledged_by, text(alert.acknowledged_by.as_ref().map(|s| s.display_name.as_str()))));
        facts.push((c.alert_acknowledged_at, alert.acknowledged_at.as_deref().map_or_else(|| text(None), local_time)));
        facts.push((c.alert_note, text(alert.note.as_deref())));
    }
    let person = alert.person.as_ref().map(|p| {
        let name = match p.age {
            Some(age) => (c.name_with_age)(&text(p.name.as_deref()), age),
            None => text(p.name.as_deref()),
        };
        view! { <a href=Route::Person(p.id.clone()).href()>{name}</a> }
    });
    let household_link =
        household.map(|h| view! { " · " <a href=Route::Household(h.id.clone()).href()>{c.alert_household}</a> });
    let open = alert.status == AlertStatus::Open;
    view! {
        <article class="card alert" class:open=open data-id=alert.id.clone()>
            <h3>
                <span class="badge">{c.alert_kind(alert.kind)}</span>
                " "
                {person}
                {household_link}
            </h3>
            <dl class="facts" inner_html=facts_html(&facts)></dl>
            {(open && acknowledges).then(|| view! { <Acknowledge auth id=alert.id.clone() done /> })}
        </article>
    }
}

/// 登记处置: the note of what was done, required.
#[component]
fn Acknowledge(auth: Auth, id: String, done: Callback<()>) -> impl IntoView {
    let c = texts().care;
    let editing = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let error: SaveError = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(text) = optional(note.get_untracked()) else {
            error.set(Some(local_validation(vec![("note".into(), c.alert_note_required.into())])));
            return;
        };
        let id = id.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = auth.check(api::alerts::acknowledge(auth.token(), id, text).await);
            let _ = busy.try_set(false);
            match result {
                Ok(()) => done.run(()),
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    move || {
        if editing.get() {
            view! {
                <form class="decision" on:submit=submit.clone() novalidate>
                    <Field label=c.alert_note name="note" error required=true>
                        <textarea name="note" rows="3" prop:value=move || note.get()
                            on:input:target=move |ev| note.set(ev.target().value())></textarea>
                    </Field>
                    <SaveStatus error on_reload=done />
                    <div class="actions">
                        <button type="submit" disabled=move || busy.get()>{c.alert_acknowledge}</button>
                        <button type="button" on:click=move |_| editing.set(false)>{c.cancel}</button>
                    </div>
                </form>
            }
            .into_any()
        } else {
            view! {
                <div class="actions">
                    <button type="button" class="acknowledge" on:click=move |_| editing.set(true)>
                        {c.alert_acknowledge}
                    </button>
                </div>
            }
            .into_any()
        }
    }
}
