//! `/reports`: 台账上报. A village prepares its monthly report, checks the
//! frozen rows with their changes marked, and submits it; a town sees its
//! villages × months, opens a report (`?id=`), accepts or returns it with a
//! reason, and prepares and submits its quarterly ledger; the district sees
//! its towns × quarters, decides the ledgers and downloads them as XLSX.
//! The server decides who may do what; the buttons shown only avoid
//! offering what would end in `FORBIDDEN`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::api::reports::{self as api, Step};
use crate::api::{ApiError, field};
use crate::components::form::{Field, SaveError, SaveStatus, local_validation, optional};
use crate::components::markup::{close, element, open};
use crate::components::{AppHeader, loaded, local_time};
use crate::i18n::{label, report_texts};
use crate::model::Role;
use crate::remote::Remote;
use crate::router;
use crate::session::Auth;

fn num(v: &Value) -> u64 {
    v.as_u64().unwrap_or_default()
}

/// `2026-Q4` for `2026-11`: the quarter a town prepares while its villages report months.
fn quarter_of(month: &str) -> String {
    let (year, m) = month.split_once('-').unwrap_or_default();
    let m: u32 = m.parse().unwrap_or(1);
    format!("{year}-Q{}", m.div_ceil(3))
}

#[component]
pub fn ReportsPage(auth: Auth) -> impl IntoView {
    let r = report_texts();
    let role = auth.user().map(|u| u.role);
    let region = auth.user().and_then(|u| u.region).map(|g| g.id).unwrap_or_default();
    let again = RwSignal::new(0_u32);
    let grid =
        Remote::new(
            Memo::new(move |_| again.get()),
            move |_| async move { auth.check(api::status(auth.token()).await) },
        );
    let opened = router::query_param("id");
    let changed = Callback::new(move |()| again.update(|n| *n += 1));
    let intro = match role {
        Some(Role::Village) => r.intro_village,
        Some(Role::Town) => r.intro_town,
        Some(Role::District) => r.intro_district,
        _ => r.intro_grid,
    };
    let body = loaded(grid.state, move |g| {
        let periods: Vec<String> =
            g["periods"].as_array().into_iter().flatten().filter_map(|p| p.as_str().map(str::to_owned)).collect();
        let current = periods.last().cloned().unwrap_or_default();
        let prepare_for = match role {
            Some(Role::Village) => Some(current),
            Some(Role::Town) => Some(quarter_of(&current)),
            _ => None,
        };
        let region = region.clone();
        view! {
            <p class="total">{(r.late_total)(num(&g["late"]))}</p>
            <div class="table-scroll"><table class="report-grid" inner_html=grid_html(&g, &periods)></table></div>
            {prepare_for.map(|period| view! { <Prepare auth region=region.clone() period changed /> })}
        }
    });
    view! {
        <AppHeader auth />
        <main class="record reports">
            <h2>{r.heading}</h2>
            <p class="intro">{intro}</p>
            {body}
            {(role == Some(Role::Town)).then(|| view! { <Ledgers auth again /> })}
            {move || opened.get().map(|id| view! { <ReportView auth id changed /> })}
        </main>
    }
}

/// Regions × periods; a cell with a report links to it.
fn grid_html(g: &Value, periods: &[String]) -> String {
    let r = report_texts();
    let mut out = String::new();
    out.push_str("<thead><tr>");
    element(&mut out, "th", &[], r.region_col);
    for p in periods {
        element(&mut out, "th", &[], p);
    }
    out.push_str("</tr></thead><tbody>");
    for row in g["rows"].as_array().into_iter().flatten() {
        let name = field(row, "region.name");
        out.push_str("<tr>");
        element(&mut out, "th", &[], name);
        for cell in row["cells"].as_array().into_iter().flatten() {
            let status = field(cell, "status");
            let late = cell["late"].as_bool().unwrap_or_default();
            let class = format!("cell s-{status}{}", if late { " late" } else { "" });
            let period = field(cell, "period");
            open(&mut out, "td", &[("class", &class), ("data-region", name), ("data-period", period)]);
            let text = label(&r.statuses, status);
            match field(cell, "report.id") {
                "" => out.push_str(&crate::components::markup::escape(text)),
                id => element(&mut out, "a", &[("href", &format!("/reports?id={id}"))], text),
            }
            if late {
                element(&mut out, "span", &[("class", "badge")], r.late);
            }
            close(&mut out, "td");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody>");
    out
}

/// The button that prepares the caller's report of the current period.
#[component]
fn Prepare(auth: Auth, region: String, period: String, changed: Callback<()>) -> impl IntoView {
    let r = report_texts();
    let error: SaveError = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let label = (r.prepare)(&period);
    let go = move |_| {
        let (region, period) = (region.clone(), period.clone());
        busy.set(true);
        spawn_local(async move {
            let result = auth.check(api::prepare(auth.token(), region, period).await);
            let _ = busy.try_set(false);
            match result {
                Ok(id) => {
                    changed.run(());
                    router::navigate(&format!("/reports?id={id}"), false);
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <div class="actions prepare">
            <button type="button" class="prepare" disabled=move || busy.get() on:click=go>{label}</button>
        </div>
        <SaveStatus error on_reload=changed />
    }
}

/// A town's own quarterly ledgers, newest first.
#[component]
fn Ledgers(auth: Auth, again: RwSignal<u32>) -> impl IntoView {
    let r = report_texts();
    let list =
        Remote::new(
            Memo::new(move |_| again.get()),
            move |_| async move { auth.check(api::ledgers(auth.token()).await) },
        );
    let body = loaded(list.state, move |l| {
        let nodes = l["nodes"].as_array().cloned().unwrap_or_default();
        let empty = nodes.is_empty();
        let items = nodes
            .into_iter()
            .map(|n| {
                let href = format!("/reports?id={}", field(&n, "id"));
                let text = format!(
                    "{} {} · {}",
                    field(&n, "period"),
                    (r.version)(n["reportVersion"].as_i64().unwrap_or(1)),
                    label(&r.statuses, field(&n, "status"))
                );
                view! { <li><a href=href>{text}</a></li> }
            })
            .collect_view();
        view! {
            {empty.then(|| view! { <p class="status empty">{r.no_ledgers}</p> })}
            <ul class="ledgers">{items}</ul>
        }
    });
    view! { <section class="ledgers"><h3>{r.ledgers}</h3>{body}</section> }
}

/// One report: its facts, totals, rows (changes marked) and what the caller may do with it.
#[component]
fn ReportView(auth: Auth, id: String, changed: Callback<()>) -> impl IntoView {
    let r = report_texts();
    let again = RwSignal::new(0_u32);
    let key = Memo::new(move |_| again.get());
    let report = {
        let id = id.clone();
        Remote::new(key, move |_| {
            let id = id.clone();
            async move { auth.check(api::report(auth.token(), id).await) }
        })
    };
    let done = Callback::new(move |()| {
        again.update(|n| *n += 1);
        changed.run(());
    });
    let body = loaded(report.state, move |rep| {
        if rep.is_null() {
            return view! { <p class="status empty">{crate::i18n::texts().not_found}</p> }.into_any();
        }
        let t = &rep["totals"];
        let by = |c: &str| {
            t["byChange"].as_array().into_iter().flatten().find(|x| x["change"] == c).map_or(0, |x| num(&x["count"]))
        };
        let totals = (r.totals)(
            num(&t["people"]),
            by("NEW"),
            by("ENDED"),
            by("CHANGED"),
            num(&t["households"]),
            num(&t["sweptHouseholds"]),
        );
        let title = format!(
            "{} {} {} · {}",
            field(&rep, "region.name"),
            field(&rep, "period"),
            (r.version)(rep["reportVersion"].as_i64().unwrap_or(1)),
            label(&r.statuses, field(&rep, "status"))
        );
        let facts = [
            (r.deadline, local_time(field(&rep, "deadline"))),
            (r.submitted_at, local_time(field(&rep, "submittedAt"))),
            (r.decision_note, field(&rep, "decisionNote").to_owned()),
            (r.gap_reason, field(&rep, "gapReason").to_owned()),
        ];
        let facts = facts
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> })
            .collect_view();
        let shown = rep["rows"]["nodes"].as_array().map_or(0, Vec::len) as u64;
        let total = num(&rep["rows"]["totalCount"]);
        let file = format!("{}-{}.xlsx", field(&rep, "region.name"), field(&rep, "period"));
        let (rid, status) = (field(&rep, "id").to_owned(), field(&rep, "status").to_owned());
        view! {
            <h3>{title}</h3>
            <dl class="facts">{facts}</dl>
            <p class="totals">{totals}</p>
            <div class="table-scroll"><table class="report-rows" inner_html=rows_html(&rep)></table></div>
            {(total > shown).then(|| view! { <p class="hint">{(r.more_rows)(total)}</p> })}
            <Actions auth report=rep.clone() done />
            <Download auth id=rid file status />
        }
        .into_any()
    });
    view! {
        <section class="report" data-report=id>
            <a class="close" href="/reports">{r.close}</a>
            {body}
        </section>
    }
}

fn rows_html(rep: &Value) -> String {
    let r = report_texts();
    let mut out = String::from("<thead><tr>");
    for c in r.columns {
        element(&mut out, "th", &[], c);
    }
    out.push_str("</tr></thead><tbody>");
    for row in rep["rows"]["nodes"].as_array().into_iter().flatten() {
        let change = field(row, "change");
        open(&mut out, "tr", &[("class", &format!("change-{change}"))]);
        let categories: Vec<&str> = row["categories"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| label(&r.categories, field(c, "category")))
            .collect();
        let level = match field(row, "careLevel") {
            "" => r.undecided,
            code => label(&r.care_levels, code),
        };
        let sex = match field(row, "sex") {
            "MALE" => r.male,
            "FEMALE" => r.female,
            _ => "",
        };
        let last = field(row, "lastVisitAt");
        let last = if last.is_empty() { String::new() } else { local_time(last) };
        let mut note = label(&r.changes, change).to_owned();
        let detail: Vec<&str> =
            row["changedFields"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        if !detail.is_empty() {
            note = format!("{note}: {}", detail.join(", "));
        }
        if let Some(reason) = row["endReason"].as_str() {
            note = format!("{note}: {reason}");
        }
        let seq = row["seq"].as_i64().unwrap_or_default().to_string();
        let cells: [(&str, &str); 10] = [
            (r.columns[0], &seq),
            (r.columns[1], field(row, "villageName")),
            (r.columns[2], field(row, "name")),
            (r.columns[3], sex),
            (r.columns[4], field(row, "birthDate")),
            (r.columns[5], field(row, "idNumber")),
            (r.columns[6], &categories.join("、")),
            (r.columns[7], level),
            (r.columns[8], &last),
            (r.columns[9], &note),
        ];
        for (col, text) in cells {
            element(&mut out, "td", &[("data-label", col)], text);
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody>");
    out
}

/// Submit (the preparer, on a draft) or accept / return (the tier above,
/// on a submitted report). A return needs a reason; a town's submit takes
/// the reason for missing village reports.
#[component]
fn Actions(auth: Auth, report: Value, done: Callback<()>) -> impl IntoView {
    let r = report_texts();
    let role = auth.user().map(|u| u.role);
    let (level, status) = (field(&report, "level").to_owned(), field(&report, "status").to_owned());
    let own = match role {
        Some(Role::Village) => level == "VILLAGE",
        Some(Role::Town) => level == "TOWN",
        _ => false,
    };
    let decides = match role {
        Some(Role::Town) => level == "VILLAGE",
        Some(Role::District) => level == "TOWN",
        _ => false,
    };
    let may_submit = own && status == "DRAFT";
    let may_decide = decides && status == "SUBMITTED";
    if !may_submit && !may_decide {
        return ().into_any();
    }
    let id = field(&report, "id").to_owned();
    let version = report["version"].as_i64().unwrap_or_default();
    let text = RwSignal::new(String::new());
    let returning = RwSignal::new(false);
    let error: SaveError = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let run = move |step: Step| {
        let reason = optional(text.get_untracked());
        if step == Step::GiveBack && reason.is_none() {
            error.set(Some(local_validation(vec![("reason".into(), r.reason_required.into())])));
            return;
        }
        let id = id.clone();
        busy.set(true);
        spawn_local(async move {
            let result: Result<(), ApiError> = auth.check(api::step(auth.token(), step, id, version, reason).await);
            let _ = busy.try_set(false);
            match result {
                Ok(()) => done.run(()),
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    let town_submit = may_submit && level == "TOWN";
    let (submit, accept, give_back) = (run.clone(), run.clone(), run);
    view! {
        <form class="decision" novalidate on:submit=move |ev| ev.prevent_default()>
            {town_submit.then(|| view! {
                <Field label=r.gap_reason name="reason" error hint=Some(r.gap_hint)>
                    <textarea name="reason" rows="2" prop:value=move || text.get()
                        on:input:target=move |ev| text.set(ev.target().value())></textarea>
                </Field>
            })}
            {move || returning.get().then(|| view! {
                <Field label=r.return_reason name="reason" error required=true>
                    <textarea name="reason" rows="2" prop:value=move || text.get()
                        on:input:target=move |ev| text.set(ev.target().value())></textarea>
                </Field>
            })}
            <SaveStatus error on_reload=done />
            <div class="actions">
                {may_submit.then(|| {
                    let submit = submit.clone();
                    view! { <button type="button" class="submit" disabled=move || busy.get()
                        on:click=move |_| submit(Step::Submit)>{r.submit}</button> }
                })}
                {may_decide.then(|| {
                    let (accept, give_back) = (accept.clone(), give_back.clone());
                    view! {
                        <button type="button" class="accept" disabled=move || busy.get()
                            on:click=move |_| accept(Step::Accept)>{r.accept}</button>
                        <button type="button" class="give-back" disabled=move || busy.get()
                            on:click=move |_| if returning.get_untracked() { give_back(Step::GiveBack) } else { returning.set(true) }>
                            {r.give_back}</button>
                    }
                })}
            </div>
        </form>
    }
    .into_any()
}

#[component]
fn Download(auth: Auth, id: String, file: String, status: String) -> impl IntoView {
    let r = report_texts();
    let error: SaveError = RwSignal::new(None);
    let go = move |_| {
        let (id, file) = (id.clone(), file.clone());
        spawn_local(async move {
            if let Err(e) = auth.check(api::download(auth.token(), &id, &file).await) {
                let _ = error.try_set(Some(e));
            }
        });
    };
    view! {
        <div class="actions download" data-status=status>
            <button type="button" class="download" on:click=go>{r.download}</button>
        </div>
        <SaveStatus error on_reload=Callback::new(|()| ()) />
    }
}
