//! A person's classifications, and the audited reveal of an ID number.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form::{Field, SaveError, SaveStatus, local_validation, optional};
use crate::components::{markup, text};
use crate::i18n::texts;
use crate::model::{Classification, reason_text};
use crate::session::Auth;

/// The person's classifications: category, status, level, grounds, dates.
/// Drawn as escaped markup: read-only, and cheaper in the bundle than a view.
pub fn classification_list(items: Vec<Classification>) -> impl IntoView {
    let t = texts();
    let c = t.care;
    let heads = [c.col_kind, c.status, c.care_level, c.reasons, c.since, c.until];
    let mut html = String::from("<thead><tr>");
    for h in heads {
        markup::element(&mut html, "th", &[], h);
    }
    html.push_str("</tr></thead><tbody>");
    for k in items {
        let level = k.care_level.or(k.suggested_care_level).map(|l| c.care_level(l));
        let cells = [
            c.category(k.category).to_owned(),
            c.status(k.status).to_owned(),
            text(level),
            reason_text(&k.reasons, t.list_separator),
            text(k.since.as_deref()),
            text(k.until.as_deref()),
        ];
        html.push_str("<tr>");
        for (label, cell) in heads.iter().zip(cells) {
            markup::element(&mut html, "td", &[("data-label", label)], &cell);
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody>");
    view! { <table class="data classifications" inner_html=html></table> }
}

/// A definition list of label → text as escaped markup, for read-only facts.
pub fn facts_html(facts: &[(&str, String)]) -> String {
    let mut html = String::new();
    for (label, value) in facts {
        markup::open(&mut html, "div", &[("class", "fact")]);
        markup::element(&mut html, "dt", &[], label);
        markup::element(&mut html, "dd", &[], value);
        markup::close(&mut html, "div");
    }
    html
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
