use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use super::admin::role_label;
use crate::api::{self, field};
use crate::components::form::{Field, SaveError, SaveStatus, local_validation, optional};
use crate::components::{AppHeader, Pager, PagerBar, Paging, facts_html, loaded, local_time};
use crate::i18n::texts;
use crate::remote::Remote;
use crate::session::Auth;

/// `/approvals`: 账号审核, the accounts an admin created or widened that
/// await the caller's approval (TOWN: the grids and villages of its town;
/// DISTRICT: any of the district), each approved or refused with a reason.
#[component]
pub fn ApprovalsPage(auth: Auth) -> impl IntoView {
    let c = texts().care;
    let pager = Pager::new(Memo::new(|_| String::new()));
    let source = Memo::new(move |_| serde_json::json!({ "first": pager.size(), "after": pager.after() }));
    let queue = Remote::new(source, move |vars| async move {
        auth.check(api::page_of_values(auth.token(), &api::queries::PENDING_ACCOUNTS, vars).await)
    });
    let next = Signal::derive(move || queue.state.with(|s| s.ready().and_then(|p| p.next_cursor())));
    let done = Callback::new(move |()| queue.refetch());
    let body = loaded(queue.state, move |page| {
        let total = page.total_count.unwrap_or_default();
        let cards = page.nodes.into_iter().map(|account| view! { <AccountCard auth account done /> }).collect_view();
        view! {
            <p class="total">{(c.approvals_total)(total)}</p>
            {(total == 0).then(|| view! { <p class="status empty">{c.approvals_empty}</p> })}
            <div class="queue">{cards}</div>
        }
    });
    view! {
        <AppHeader auth />
        <main class="record approvals">
            <h2>{c.approvals_heading}</h2>
            <p class="intro">{c.approvals_intro}</p>
            {body}
            <PagerBar paging=Paging { pager, next } />
        </main>
    }
}

/// One pending account: who it is, what the admin asked for, and the two
/// decisions. Refusing opens a required reason.
#[component]
fn AccountCard(auth: Auth, account: Value, done: Callback<()>) -> impl IntoView {
    let t = texts();
    let c = t.care;
    let refusing = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error: SaveError = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let id = field(&account, "id").to_owned();
    let version = account["version"].as_i64().unwrap_or_default();
    let decide = move |refuse: bool| {
        let reason = if refuse {
            match optional(reason.get_untracked()) {
                Some(r) => Some(r),
                None => {
                    error.set(Some(local_validation(vec![("reason".into(), c.reason_required.into())])));
                    return;
                }
            }
        } else {
            None
        };
        let id = id.clone();
        busy.set(true);
        spawn_local(async move {
            let result = auth.check(api::admin::decide_account(auth.token(), id, version, reason).await);
            let _ = busy.try_set(false);
            match result {
                Ok(()) => done.run(()),
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    let changes: Vec<&str> = account["pendingChanges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|code| c.account_changes.iter().find(|(k, _)| *k == code).map_or(code, |(_, label)| label))
        .collect();
    let requester = format!(
        "{} {}",
        role_label(field(&account, "approvalRequestedBy.role")),
        field(&account, "approvalRequestedBy.displayName")
    );
    let facts = facts_html(&[
        (c.col_username, field(&account, "username").to_owned()),
        (c.col_role, role_label(field(&account, "role")).to_owned()),
        (c.col_region, field(&account, "region.name").to_owned()),
        (c.pending_changes, changes.join(t.list_separator)),
        (c.requested_by, requester),
        (c.requested_at, local_time(field(&account, "approvalRequestedAt"))),
    ]);
    let (approve, refuse) = (decide.clone(), decide);
    view! {
        <article class="card pending-account" data-username=field(&account, "username").to_owned()>
            <h3>{field(&account, "displayName").to_owned()}</h3>
            <dl class="facts" inner_html=facts></dl>
            <form class="decision" novalidate on:submit=move |ev| { ev.prevent_default(); refuse(true) }>
                {move || refusing.get().then(|| view! {
                    <Field label=c.refuse_reason name="reason" error required=true>
                        <textarea name="reason" rows="2" prop:value=move || reason.get()
                            on:input:target=move |ev| reason.set(ev.target().value())></textarea>
                    </Field>
                })}
                <SaveStatus error on_reload=done />
                <div class="actions">
                    {move || if refusing.get() {
                        view! {
                            <button type="submit" class="refuse" disabled=move || busy.get()>{c.refuse}</button>
                            <button type="button" on:click=move |_| refusing.set(false)>{c.cancel}</button>
                        }.into_any()
                    } else {
                        let approve = approve.clone();
                        view! {
                            <button type="button" class="approve" disabled=move || busy.get()
                                on:click=move |_| approve(false)>{c.approve}</button>
                            <button type="button" class="refuse" on:click=move |_| refusing.set(true)>{c.refuse}</button>
                        }.into_any()
                    }}
                </div>
            </form>
        </article>
    }
}
