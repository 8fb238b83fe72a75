use leptos::prelude::*;

use crate::api;
use crate::components::{ErrorList, Loading};
use crate::i18n::texts;
use crate::model::{Household, HouseholdPage};
use crate::session::Auth;

/// The households of one region (all the caller may see without one),
/// a page at a time.
#[component]
pub fn HouseholdTable(auth: Auth, region_id: Option<String>) -> impl IntoView {
    let t = texts();
    // `after` cursors of the pages before this one; empty on the first page.
    let cursors = RwSignal::new(Vec::<String>::new());
    let pending = RwSignal::new(false);
    let page = LocalResource::new(move || {
        let region = region_id.clone();
        let after = cursors.with(|c| c.last().cloned());
        async move { auth.check(api::households(auth.token(), region, after).await) }
    });

    let body = move || Suspend::new(async move { page.await.map(|page| render_page(page, cursors)) });

    view! {
        <section class="households" aria-busy=move || pending.get().to_string()>
            <h2>{t.households_heading}</h2>
            <Transition fallback=|| view! { <Loading /> } set_pending=pending>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors /> }>{body}</ErrorBoundary>
            </Transition>
        </section>
    }
}

fn render_page(page: HouseholdPage, cursors: RwSignal<Vec<String>>) -> AnyView {
    let t = texts();
    let total = (t.households_total)(page.total_count);
    if page.edges.is_empty() && cursors.with_untracked(Vec::is_empty) {
        return view! { <p class="status">{t.households_empty}</p> }.into_any();
    }
    let next = page.page_info.end_cursor.filter(|_| page.page_info.has_next_page);
    let has_next = next.is_some();
    let page_number = cursors.with_untracked(Vec::len) + 1;
    let rows = page.edges.into_iter().map(|edge| row(edge.node)).collect_view();

    view! {
        <p class="total">{total}</p>
        <table>
            <thead>
                <tr>
                    <th>{t.col_address}</th>
                    <th>{t.col_region}</th>
                    <th>{t.col_economic_status}</th>
                    <th>{t.col_members}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <div class="pager">
            <button
                disabled=page_number == 1
                on:click=move |_| {
                    cursors.update(|c| {
                        c.pop();
                    })
                }
            >
                {t.prev_page}
            </button>
            <span>{(t.page_number)(page_number)}</span>
            <button
                disabled=!has_next
                on:click=move |_| {
                    if let Some(cursor) = next.clone() {
                        cursors.update(|c| c.push(cursor));
                    }
                }
            >
                {t.next_page}
            </button>
        </div>
    }
    .into_any()
}

fn row(household: Household) -> impl IntoView {
    let t = texts();
    let or_hidden = |value: Option<String>| value.unwrap_or_else(|| t.hidden_value.to_owned());
    let members: Vec<String> = household.members.into_iter().filter_map(|m| m.name).collect();
    let members = if members.is_empty() { t.hidden_value.to_owned() } else { members.join(t.list_separator) };
    view! {
        <tr data-id=household.id>
            <td data-label=t.col_address>{or_hidden(household.address)}</td>
            <td data-label=t.col_region>{or_hidden(household.region.map(|r| r.name))}</td>
            <td data-label=t.col_economic_status>
                {or_hidden(household.economic_status.map(|s| t.economic_status(s).to_owned()))}
            </td>
            <td data-label=t.col_members>{members}</td>
        </tr>
    }
}
