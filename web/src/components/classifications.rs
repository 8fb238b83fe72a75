//! A person's classifications, and the audited reveal of an ID number.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form::{Field, SaveError, SaveStatus, local_validation, optional};
use crate::components::text;
use crate::i18n::texts;
use crate::model::{Classification, reason_text};
use crate::session::Auth;

/// The person's classifications: category, status, level, grounds, dates.
pub fn classification_list(items: Vec<Classification>) -> impl IntoView {
    let t = texts();
    let c = t.care;
    let rows = items
        .into_iter()
        .map(|k| {
            let level = k.care_level.or(k.suggested_care_level).map(|l| c.care_level(l));
            view! {
                <tr>
                    <td data-label=c.col_kind>{c.category(k.category)}</td>
                    <td data-label=c.status>{c.status(k.status)}</td>
                    <td data-label=c.care_level>{text(level)}</td>
                    <td data-label=c.reasons>{reason_text(&k.reasons, t.list_separator)}</td>
                    <td data-label=c.since>{text(k.since.as_deref())}</td>
                    <td data-label=c.until>{text(k.until.as_deref())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data classifications">
            <thead>
                <tr>
                    <th>{c.col_kind}</th>
                    <th>{c.status}</th>
                    <th>{c.care_level}</th>
                    <th>{c.reasons}</th>
                    <th>{c.since}</th>
                    <th>{c.until}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// 查看完整身份证号: asks for a reason, shows the answer once (it is not
/// kept anywhere but this view).
#[component]
pub fn RevealId(auth: Auth, person_id: String) -> impl IntoView {
    let c = texts().care;
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error: SaveError = RwSignal::new(None);
    let shown = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(why) = optional(reason.get_untracked()) else {
            error.set(Some(local_validation(vec![("reason".into(), c.reason_required.into())])));
            return;
        };
        let id = person_id.clone();
        busy.set(true);
        spawn_local(async move {
            let result = auth.check(api::care::reveal_id(auth.token(), id, why).await);
            let _ = busy.try_set(false);
            match result {
                Ok(number) => {
                    let _ = shown.try_set(Some(number));
                    let _ = open.try_set(false);
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    move || match (shown.get(), open.get()) {
        (Some(number), _) => view! {
            <p class="revealed" role="status">
                <span class="mono">{number}</span>
                " "
                <small>{c.revealed_note}</small>
            </p>
        }
        .into_any(),
        (None, false) => view! {
            <button type="button" class="reveal" on:click=move |_| open.set(true)>{c.reveal_id}</button>
        }
        .into_any(),
        (None, true) => view! {
            <form class="reveal-form" on:submit=submit.clone() novalidate>
                <Field label=c.reveal_reason name="reason" error required=true>
                    <input type="text" name="reason" prop:value=move || reason.get()
                        on:input:target=move |ev| reason.set(ev.target().value()) />
                </Field>
                <SaveStatus error on_reload=Callback::new(|()| ()) />
                <div class="actions">
                    <button type="submit" disabled=move || busy.get()>{c.reveal_submit}</button>
                    <button type="button" on:click=move |_| open.set(false)>{c.cancel}</button>
                </div>
            </form>
        }
        .into_any(),
    }
}
