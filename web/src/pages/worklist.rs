use leptos::prelude::*;

use crate::api;
use crate::components::{AppHeader, Column, DataTable, ExportAll, Pager, Paging, local_time, text};
use crate::i18n::texts;
use crate::model::DueVisit;
use crate::remote::Remote;
use crate::route::Route;
use crate::session::Auth;

/// `/worklist`: 工作清单, the visits the grid or village owes, overdue first
/// as the server orders them; each row opens the visit form.
#[component]
pub fn WorkListPage(auth: Auth) -> impl IntoView {
    let t = texts();
    let c = t.care;
    let pager = Pager::new(Memo::new(|_| String::new()));
    let source = Memo::new(move |_| (pager.size(), pager.after()));
    let fetch = move |(size, after)| async move { auth.check(api::care::due(auth.token(), size, after).await) };
    let list = Remote::new(source, fetch);
    let rows = Signal::derive(move || list.state.get().map(|l| l.rows));
    let next = Signal::derive(move || list.state.with(|s| s.ready().and_then(|l| l.next.clone())));
    let summary = Signal::derive(move || {
        list.state.with(|s| s.ready().map(|l| (c.worklist_total)(l.total_count, l.overdue_count)))
    });
    let columns = vec![
        Column::new(c.col_household, |r: &DueVisit| text(r.household.as_ref().and_then(|h| h.address.as_deref())))
            .link(visit_link),
        Column::new(c.col_person, |r: &DueVisit| {
            r.person.as_ref().map(|p| text(p.name.as_deref())).unwrap_or_default()
        })
        .link(|r| r.person.as_ref().map(|p| Route::Person(p.id.clone()).href())),
        Column::new(c.col_kind, |r: &DueVisit| texts().care.visit_kind(r.kind).to_owned()),
        Column::new(c.col_reason, |r: &DueVisit| texts().care.due_reason(r.reason).to_owned()),
        Column::new(c.col_due_at, |r: &DueVisit| {
            let due = local_time(&r.due_at);
            if r.overdue { format!("{due} ({})", texts().care.overdue) } else { due }
        }),
        Column::new(c.col_last_visit, |r: &DueVisit| r.last_visit_at.as_deref().map(local_time).unwrap_or_default()),
        Column::new(c.record_visit, |_: &DueVisit| texts().care.record_visit.to_owned()).unsorted().link(visit_link),
    ];
    view! {
        <AppHeader auth />
        <main>
            <section class="worklist">
                <h2>{c.worklist_heading}</h2>
                // The page shows the caller's own list unfiltered: so does the file.
                <ExportAll auth list="due-visits" query=String::new() />
                <DataTable
                    columns
                    rows
                    pending=list.pending
                    summary
                    empty=c.worklist_empty
                    csv_name=c.worklist_heading
                    paging=Paging { pager, next }
                    caption=c.worklist_heading
                />
            </section>
        </main>
    }
}

/// The visit form for a row, with the row's kind and person chosen.
fn visit_link(r: &DueVisit) -> Option<String> {
    let household = r.household.as_ref()?;
    let person = r.person.as_ref().map(|p| p.id.clone());
    Some(Route::Visit { household: household.id.clone(), kind: Some(r.kind), person }.href())
}
