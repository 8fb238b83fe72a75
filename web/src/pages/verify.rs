use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form::{Field, SaveError, SaveStatus, enum_select, local_validation, optional};
use crate::components::{AppHeader, ExportAll, Pager, PagerBar, Paging, facts_html, loaded, text};
use crate::i18n::texts;
use crate::model::{CareLevel, Classification, reason_text};
use crate::remote::Remote;
use crate::route::Route;
use crate::session::Auth;

/// `/verify`: 核实认定, the suggestions in the caller's jurisdiction awaiting
/// a TOWN or DISTRICT decision, oldest first, a page at a time.
#[component]
pub fn VerifyPage(auth: Auth) -> impl IntoView {
    let c = texts().care;
    let pager = Pager::new(Memo::new(|_| String::new()));
    let source = Memo::new(move |_| (pager.size(), pager.after()));
    let queue = Remote::new(source, move |(size, after)| async move {
        auth.check(api::care::queue(auth.token(), size, after).await)
    });
    let next = Signal::derive(move || queue.state.with(|s| s.ready().and_then(|p| p.next_cursor())));
    // A decided suggestion leaves the queue: the same cursor then gives the
    // page with the next one moved up into it.
    let done = Callback::new(move |()| queue.refetch());
    // A page emptied (its last suggestion decided, here or by a colleague)
    // shows the one before instead.
    Effect::new(move |_| {
        let emptied = queue.state.with(|s| s.ready().is_some_and(|p| p.nodes.is_empty()));
        if emptied && pager.page_number() > 1 {
            pager.back();
        }
    });
    let body = loaded(queue.state, move |page| {
        let total = page.total_count.unwrap_or_default();
        let cards = page.nodes.into_iter().map(|item| view! { <SuggestionCard auth item done /> }).collect_view();
        view! {
            <p class="total">{(c.queue_total)(total)}</p>
            {(total == 0).then(|| view! { <p class="status empty">{c.queue_empty}</p> })}
            <div class="queue">{cards}</div>
        }
    });
    view! {
        <AppHeader auth />
        <main class="record">
            <h2>{c.verify_heading}</h2>
            // The queue is the classifications awaiting a decision.
            <ExportAll auth list="classifications" query="status=SUGGESTED".to_owned() />
            {body}
            <PagerBar paging=Paging { pager, next } />
        </main>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Idle,
    Confirm,
    Reject,
}

enum Decision {
    Confirm(CareLevel, Option<String>),
    Reject(String),
}

async fn decide(auth: Auth, id: String, decision: Decision) -> Result<(), crate::api::ApiError> {
    match decision {
        Decision::Confirm(level, note) => api::care::confirm(auth.token(), id, level, note).await,
        Decision::Reject(reason) => api::care::reject(auth.token(), id, reason).await,
    }
}

/// One suggestion with its grounds and the two decisions.
#[component]
fn SuggestionCard(auth: Auth, item: Classification, done: Callback<()>) -> impl IntoView {
    let t = texts();
    let c = t.care;
    let mode = RwSignal::new(Mode::Idle);
    let level = RwSignal::new(item.suggested_care_level.unwrap_or(CareLevel::General).as_api().to_owned());
    let note = RwSignal::new(String::new());
    let error: SaveError = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let id = item.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (id, chosen, text) = (id.clone(), mode.get_untracked(), note.get_untracked());
        let decision = match chosen {
            Mode::Confirm => match CareLevel::from_api(&level.get_untracked()) {
                Some(level) => Decision::Confirm(level, optional(text)),
                None => return,
            },
            Mode::Reject => match optional(text) {
                Some(reason) => Decision::Reject(reason),
                None => {
                    error.set(Some(local_validation(vec![("reason".into(), c.reason_required.into())])));
                    return;
                }
            },
            Mode::Idle => return,
        };
        busy.set(true);
        spawn_local(async move {
            let result = auth.check(decide(auth, id, decision).await);
            let _ = busy.try_set(false);
            match result {
                Ok(()) => done.run(()),
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    let person = item.person.clone().map(|p| {
        let href = Route::Person(p.id.clone()).href();
        view! { <a href=href>{text(p.name.as_deref())}</a> }
    });
    let facts = facts_html(&[
        (c.reasons, reason_text(&item.reasons, t.list_separator)),
        (c.suggested_level, text(item.suggested_care_level.map(|l| c.care_level(l)))),
        (c.care_reasons, reason_text(&item.care_reasons, t.list_separator)),
        (c.since, text(item.since.as_deref())),
    ]);
    let form = move || {
        let chosen = mode.get();
        let (label, name) = match chosen {
            Mode::Idle => return None,
            Mode::Confirm => (c.note, "note"),
            Mode::Reject => (c.reject_reason, "reason"),
        };
        Some(view! {
            <form class="decision" on:submit=submit.clone() novalidate>
                {(chosen == Mode::Confirm).then(|| view! {
                    <Field label=c.care_level name="careLevel" error>
                        {enum_select("careLevel", level, CareLevel::ALL, |l| texts().care.care_level(l), CareLevel::as_api, None)}
                    </Field>
                })}
                <Field label name error required=chosen == Mode::Reject>
                    <textarea name=name rows="2" prop:value=move || note.get()
                        on:input:target=move |ev| note.set(ev.target().value())></textarea>
                </Field>
                <SaveStatus error on_reload=done />
                <div class="actions">
                    <button type="submit" disabled=move || busy.get()>
                        {if chosen == Mode::Confirm { c.confirm } else { c.reject }}
                    </button>
                    <button type="button" on:click=move |_| mode.set(Mode::Idle)>{c.cancel}</button>
                </div>
            </form>
        })
    };
    let choose = move |m: Mode| {
        move |_| {
            error.set(None);
            note.set(String::new());
            mode.set(m);
        }
    };
    view! {
        <article class="card suggestion" data-id=item.id.clone()>
            <h3>{person} " · " {c.category(item.category)}</h3>
            <dl class="facts" inner_html=facts></dl>
            {move || (mode.get() == Mode::Idle).then(|| view! {
                <div class="actions">
                    <button type="button" class="confirm" on:click=choose(Mode::Confirm)>{c.confirm}</button>
                    <button type="button" class="reject" on:click=choose(Mode::Reject)>{c.reject}</button>
                </div>
            })}
            {form}
        </article>
    }
}
