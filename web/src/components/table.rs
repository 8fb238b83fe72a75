//! The generic table: columns sortable over the loaded page, loading,
//! empty and error states, Relay paging, and CSV export of what is shown.
//!
//! Only `DataTable` is generic, and all it does is turn each row into
//! text cells; `TableView` does the rest once for every row type, which
//! keeps the browser bundle from carrying a copy of it per table.

use std::cmp::Ordering;

use leptos::prelude::*;

use crate::components::markup::{close, element, escape, open};
use crate::components::pager::{PagerBar, Paging};
use crate::components::status::Loading;
use crate::i18n::{self, texts};
use crate::remote::Load;

/// One column: a label, the cell's plain text (what display, sorting and
/// the CSV use), and optionally a numeric sort key, a link and a class.
pub struct Column<T> {
    pub label: &'static str,
    pub text: fn(&T) -> String,
    pub sortable: bool,
    pub number: Option<fn(&T) -> Option<f64>>,
    pub link: Option<fn(&T) -> Option<String>>,
    pub class: &'static str,
}

impl<T> Column<T> {
    /// A column sorted by its text, in the collation of the interface
    /// language (pinyin order for Chinese, 1排2号 before 1排10号).
    pub fn new(label: &'static str, text: fn(&T) -> String) -> Self {
        Self { label, text, sortable: true, number: None, link: None, class: "" }
    }

    pub fn numeric(mut self, value: fn(&T) -> Option<f64>) -> Self {
        self.number = Some(value);
        self.class = "num";
        self
    }

    pub fn unsorted(mut self) -> Self {
        self.sortable = false;
        self
    }

    pub fn link(mut self, href: fn(&T) -> Option<String>) -> Self {
        self.link = Some(href);
        self
    }

    pub fn class(mut self, class: &'static str) -> Self {
        self.class = class;
        self
    }
}

#[derive(Clone, Copy)]
struct Header {
    label: &'static str,
    sortable: bool,
    class: &'static str,
}

/// A cell as drawn: its text, where it links, and its numeric sort key.
#[derive(Clone, Debug, PartialEq)]
struct Cell {
    text: String,
    link: Option<String>,
    number: Option<f64>,
}

type Rows = Load<Vec<Vec<Cell>>>;

/// A table over `rows`; `summary` is the line above it (e.g. a total).
#[component]
pub fn DataTable<T>(
    columns: Vec<Column<T>>,
    #[prop(into)] rows: Signal<Load<Vec<T>>>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] summary: Signal<Option<String>>,
    /// Shown when there are no rows (it may depend on the filters).
    #[prop(into)]
    empty: Signal<&'static str>,
    /// The CSV's file name, before the date.
    csv_name: &'static str,
    /// Relay paging, for connections; lists that arrive whole have none.
    #[prop(optional)]
    paging: Option<Paging>,
    /// Accessible name of the table.
    caption: &'static str,
) -> impl IntoView
where
    T: Send + Sync + 'static,
{
    let headers: Vec<Header> =
        columns.iter().map(|c| Header { label: c.label, sortable: c.sortable, class: c.class }).collect();
    let cells = Memo::new(move |_| {
        rows.with(|rows| match rows {
            Load::Loading => Load::Loading,
            Load::Failed(e) => Load::Failed(e.clone()),
            Load::Ready(rows) => Load::Ready(rows.iter().map(|row| cells_of(&columns, row)).collect()),
        })
    });
    table_view(headers, cells, pending, summary, empty, csv_name, paging, caption)
}

fn cells_of<T>(columns: &[Column<T>], row: &T) -> Vec<Cell> {
    columns
        .iter()
        .map(|c| Cell { text: (c.text)(row), link: c.link.and_then(|f| f(row)), number: c.number.and_then(|f| f(row)) })
        .collect()
}

#[derive(Clone, PartialEq)]
enum Phase {
    Loading,
    Failed(String),
    Empty,
    Rows,
}

/// Which column sorts, and which way.
#[derive(Clone, Copy, PartialEq)]
struct SortState {
    column: usize,
    ascending: bool,
}

#[expect(clippy::too_many_arguments, reason = "the props of `DataTable`, passed through unchanged")]
fn table_view(
    headers: Vec<Header>,
    rows: Memo<Rows>,
    pending: Signal<bool>,
    summary: Signal<Option<String>>,
    empty: Signal<&'static str>,
    csv_name: &'static str,
    paging: Option<Paging>,
    caption: &'static str,
) -> AnyView {
    let t = texts();
    let headers = StoredValue::new(headers);
    let sort = RwSignal::new(None::<SortState>);
    let shown = Memo::new(move |_| {
        let state = sort.get();
        rows.with(|rows| {
            rows.ready().map(|rows| {
                let mut rows = rows.clone();
                if let Some(state) = state {
                    sort_rows(&mut rows, state);
                }
                rows
            })
        })
    });
    let export = move |_| {
        let header: Vec<&str> = headers.with_value(|h| h.iter().map(|h| h.label).collect());
        let lines: Vec<Vec<String>> = shown.with_untracked(|rows| {
            rows.iter().flatten().map(|row| row.iter().map(|c| c.text.clone()).collect()).collect()
        });
        let csv = crate::csv::encode(&header, &lines);
        if let Err(e) = crate::csv::download(&crate::csv::file_name(csv_name), &csv) {
            leptos::logging::error!("CSV export failed: {e:?}");
        }
    };
    // Re-rendered only when the kind of content changes, so sorting or
    // paging keeps the header (and the focus on its buttons) in place.
    let phase = Memo::new(move |_| {
        rows.with(|r| match r {
            Load::Loading => Phase::Loading,
            Load::Failed(e) => Phase::Failed(t.error_message(e)),
            Load::Ready(rows) if rows.is_empty() => Phase::Empty,
            Load::Ready(_) => Phase::Rows,
        })
    });
    let body = move || match phase.get() {
        Phase::Loading => view! { <Loading /> }.into_any(),
        Phase::Failed(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
        Phase::Empty => view! { <p class="status empty">{move || empty.get()}</p> }.into_any(),
        Phase::Rows => {
            let header =
                headers.with_value(|h| h.iter().enumerate().map(|(i, h)| header_cell(i, *h, sort)).collect_view());
            let body =
                move || shown.with(|rows| headers.with_value(|h| rows_markup(h, rows.as_deref().unwrap_or_default())));
            view! {
                <table>
                    <caption class="visually-hidden">{caption}</caption>
                    <thead>
                        <tr>{header}</tr>
                    </thead>
                    <tbody inner_html=body></tbody>
                </table>
            }
            .into_any()
        }
    };
    let can_export = move || shown.with(|s| s.as_ref().is_some_and(|r| !r.is_empty()));

    view! {
        <div class="table-tools">
            <p class="total" aria-live="polite">{move || summary.get()}</p>
            <button class="export" disabled=move || !can_export() on:click=export>{t.export_csv}</button>
        </div>
        <div class="table-wrap" aria-busy=move || pending.get().to_string()>{body}</div>
        {paging.map(|paging| view! { <PagerBar paging /> })}
    }
    .into_any()
}

fn header_cell(index: usize, header: Header, sort: RwSignal<Option<SortState>>) -> AnyView {
    if !header.sortable {
        return view! { <th scope="col" class=header.class>{header.label}</th> }.into_any();
    }
    let aria_sort = move || match sort.get() {
        Some(s) if s.column == index && s.ascending => "ascending",
        Some(s) if s.column == index => "descending",
        _ => "none",
    };
    // Ascending, descending, then back to the server's order.
    let cycle = move |_| {
        sort.update(|s| {
            *s = match *s {
                Some(s) if s.column == index && s.ascending => Some(SortState { column: index, ascending: false }),
                Some(s) if s.column == index => None,
                _ => Some(SortState { column: index, ascending: true }),
            }
        })
    };
    let mark = move || match aria_sort() {
        "ascending" => "▲",
        "descending" => "▼",
        _ => "↕",
    };
    view! {
        <th scope="col" class=header.class aria-sort=aria_sort>
            <button class="sort" aria-label=(texts().sort_by)(header.label) on:click=cycle>
                {header.label}
                <span class="sort-mark" aria-hidden="true">{mark}</span>
            </button>
        </th>
    }
    .into_any()
}

/// The rows as markup (see `components/markup.rs` for why); links are
/// plain anchors, which the router catches like any other.
fn rows_markup(headers: &[Header], rows: &[Vec<Cell>]) -> String {
    let mut out = String::new();
    for row in rows {
        out.push_str("<tr>");
        for (h, c) in headers.iter().zip(row) {
            open(&mut out, "td", &[("data-label", h.label), ("class", h.class)]);
            match &c.link {
                Some(href) => element(&mut out, "a", &[("href", href)], &c.text),
                None => out.push_str(&escape(&c.text)),
            }
            close(&mut out, "td");
        }
        out.push_str("</tr>");
    }
    out
}

fn sort_rows(rows: &mut [Vec<Cell>], state: SortState) {
    let order = |a: &Vec<Cell>, b: &Vec<Cell>| {
        let (Some(a), Some(b)) = (a.get(state.column), b.get(state.column)) else { return Ordering::Equal };
        match (a.number, b.number) {
            (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
            // Blanks count as smaller than any number.
            (Some(_), None) => Ordering::Greater,
            (None, Some(_)) => Ordering::Less,
            (None, None) => compare_text(&a.text, &b.text),
        }
    };
    rows.sort_by(|a, b| if state.ascending { order(a, b) } else { order(b, a) });
}

/// `Intl` collation in the interface language, numbers inside text
/// compared as numbers.
fn compare_text(a: &str, b: &str) -> Ordering {
    let locales = js_sys::Array::of1(&i18n::locale().tag().into());
    let options = js_sys::Object::new();
    if js_sys::Reflect::set(&options, &"numeric".into(), &true.into()).is_err() {
        return a.cmp(b);
    }
    js_sys::JsString::from(a).locale_compare(b, &locales, &options).cmp(&0)
}
