//! Relay paging: a stack of the `after` cursors that led to this page, so
//! "previous" is a pop and "next" a push of `pageInfo.endCursor`.

use leptos::prelude::*;

use crate::api;
use crate::i18n::texts;

/// The cursor stack of one table. The stack belongs to one filter (its
/// `key`): when the filter changes the stack no longer applies and paging
/// starts over at page 1, without a second request to get there.
#[derive(Clone, Copy)]
pub struct Pager {
    key: Memo<String>,
    stack: RwSignal<(String, Vec<String>)>,
    size: RwSignal<u32>,
}

/// Rows per page a user may choose; the server caps `first` at 100.
pub const PAGE_SIZES: [u32; 3] = [20, 50, 100];

impl Pager {
    pub fn new(key: Memo<String>) -> Self {
        Self { key, stack: RwSignal::new((String::new(), Vec::new())), size: RwSignal::new(api::PAGE_SIZE) }
    }

    /// Rows per page (tracked).
    pub fn size(&self) -> u32 {
        self.size.get()
    }

    /// A new page size starts over at page 1: the old cursors would skip rows.
    pub fn set_size(&self, size: u32) {
        self.stack.update(|(_, cursors)| cursors.clear());
        self.size.set(size);
    }

    /// The cursor to fetch the current page after (tracked).
    pub fn after(&self) -> Option<String> {
        let key = self.key.get();
        self.stack.with(|(k, cursors)| if *k == key { cursors.last().cloned() } else { None })
    }

    /// 1 for the first page.
    pub fn page_number(&self) -> usize {
        let key = self.key.get();
        self.stack.with(|(k, cursors)| if *k == key { cursors.len() + 1 } else { 1 })
    }

    pub fn forward(&self, cursor: String) {
        let key = self.key.get_untracked();
        self.stack.update(|(k, cursors)| {
            if *k != key {
                *k = key;
                cursors.clear();
            }
            cursors.push(cursor);
        });
    }

    pub fn back(&self) {
        self.stack.update(|(_, cursors)| {
            cursors.pop();
        });
    }
}

/// A pager and where its next page starts, for `<DataTable>`.
#[derive(Clone, Copy)]
pub struct Paging {
    pub pager: Pager,
    /// `pageInfo.endCursor` when `hasNextPage`.
    pub next: Signal<Option<String>>,
}

/// Previous / page n / next.
#[component]
pub fn PagerBar(paging: Paging) -> impl IntoView {
    let t = texts();
    let Paging { pager, next } = paging;
    view! {
        <nav class="pager" aria-label=t.pager_label>
            <button disabled=move || pager.page_number() == 1 on:click=move |_| pager.back()>
                {t.prev_page}
            </button>
            <span>{move || (t.page_number)(pager.page_number())}</span>
            <label class="page-size">
                <select
                    name="pageSize"
                    aria-label=t.page_size
                    on:change:target=move |ev| {
                        if let Ok(size) = ev.target().value().parse() {
                            pager.set_size(size);
                        }
                    }
                >
                    {PAGE_SIZES
                        .iter()
                        .map(|&n| {
                            view! { <option value=n.to_string() selected=n == api::PAGE_SIZE>{(t.per_page)(n)}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <button
                disabled=move || next.with(Option::is_none)
                on:click=move |_| {
                    if let Some(cursor) = next.get_untracked() {
                        pager.forward(cursor);
                    }
                }
            >
                {t.next_page}
            </button>
        </nav>
    }
}
