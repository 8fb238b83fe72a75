//! `/spot-checks`: 随机抽查. The district draws the quarter's sample (the
//! seed shown, the sample frozen), sees it as a map and a table per town,
//! records each re-visit with one result per member (works on a phone),
//! reads the rates per town with the villages answerable, and closes the
//! round; a town then sees its findings and answers each one (整改).
//! Which round and household are open is in the query string (`?id=`,
//! `&item=`). The server decides who may do what; the page only leaves out
//! what would end in `FORBIDDEN`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Value, json};

use crate::api::{ApiError, field, spot_checks as api};
use crate::components::form::{SaveError, SaveStatus, optional};
use crate::components::map::{MapPoint, SvgMap};
use crate::components::markup::{close, element, escape, open};
use crate::components::{AppHeader, loaded, local_time};
use crate::i18n::{label, report_texts, spot_texts};
use crate::remote::Remote;
use crate::router;
use crate::session::Auth;

fn num(v: &Value) -> u64 {
    v.as_u64().unwrap_or_default()
}

fn list(v: &Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}

/// The quarter before the current one, `2026-Q3` in December: the round a
/// district draws once the quarter it checks is over.
fn last_quarter() -> String {
    let d = js_sys::Date::new_0();
    let (year, q) = (d.get_full_year() as i32, d.get_month() / 3 + 1);
    if q == 1 { format!("{}-Q4", year - 1) } else { format!("{year}-Q{}", q - 1) }
}

#[component]
pub fn SpotChecksPage(auth: Auth) -> impl IntoView {
    let s = spot_texts();
    let can = auth.can();
    let again = RwSignal::new(0_u32);
    let rounds =
        Remote::new(
            Memo::new(move |_| again.get()),
            move |_| async move { auth.check(api::rounds(auth.token()).await) },
        );
    let opened = router::query_param("id");
    let changed = Callback::new(move |()| again.update(|n| *n += 1));
    let body = loaded(rounds.state, move |r| {
        let rows = list(&r);
        let empty = rows.is_empty();
        let links = rows
            .into_iter()
            .map(|n| {
                let href = format!("/spot-checks?id={}", field(&n, "id"));
                let text = format!(
                    "{} · {} · {}",
                    field(&n, "quarter"),
                    label(&s.statuses, field(&n, "status")),
                    num(&n["itemCount"])
                );
                view! { <li><a href=href>{text}</a></li> }
            })
            .collect_view();
        view! {
            {empty.then(|| view! { <p class="status empty">{s.no_rounds}</p> })}
            <ul class="rounds">{links}</ul>
        }
    });
    let intro = if can.run_spot_checks { s.intro_district } else { s.intro_town };
    view! {
        <AppHeader auth />
        <main class="record spot-checks">
            <h2>{s.heading}</h2>
            <p class="intro">{intro}</p>
            {can.run_spot_checks.then(|| view! { <Draw auth changed /> })}
            <section class="rounds"><h3>{s.rounds}</h3>{body}</section>
            {move || opened.get().map(|id| view! { <RoundView auth id changed /> })}
        </main>
    }
}

/// The draw form: quarter, households per town, how many of them from the
/// classified stratum, and an optional seed, read from the form when sent.
#[component]
fn Draw(auth: Auth, changed: Callback<()>) -> impl IntoView {
    let s = spot_texts();
    let error: SaveError = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let go = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(data) = form_data(&ev) else { return };
        let value = |name: &str| data.get(name).as_string().and_then(optional);
        // Numbers the browser could not read go as -1, which the server
        // refuses naming the field.
        let number = |name: &str| value(name).map(|v| v.parse::<i64>().unwrap_or(-1));
        let (q, n) = (value("quarter").unwrap_or_default(), number("perTown").unwrap_or(0));
        let (c, seed) = (number("classified"), number("seed"));
        busy.set(true);
        spawn_local(async move {
            let result = auth.check(api::draw(auth.token(), q, n, c, seed).await);
            let _ = busy.try_set(false);
            match result {
                Ok(id) => {
                    let _ = error.try_set(None);
                    changed.run(());
                    router::navigate(&format!("/spot-checks?id={id}"), false);
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <form class="draw" novalidate on:submit=go>
            <h3>{s.draw_heading}</h3>
            <div class="fields" inner_html=draw_html()></div>
            {move || errors(error, &[])}
            <SaveStatus error on_reload=changed />
            <div class="actions"><button type="submit" class="draw" disabled=move || busy.get()>{s.draw}</button></div>
        </form>
    }
}

/// The draw form's inputs, each labelled, with its hint.
fn draw_html() -> String {
    let s = spot_texts();
    let quarter = last_quarter();
    let inputs: [(&str, &str, &str, &str); 4] = [
        (s.quarter, "quarter", &quarter, ""),
        (s.per_town, "perTown", "10", ""),
        (s.classified, "classified", "", s.classified_hint),
        (s.seed, "seed", "", s.seed_hint),
    ];
    let mut out = String::new();
    for (text, name, value, hint) in inputs {
        open(&mut out, "label", &[("class", "field")]);
        element(&mut out, "span", &[("class", "field-label")], text);
        open(&mut out, "input", &[("name", name), ("value", value)]);
        if !hint.is_empty() {
            element(&mut out, "span", &[("class", "hint")], hint);
        }
        close(&mut out, "label");
    }
    out
}

/// The server's field messages, each naming its field (`data-field`) and,
/// for a member's field (`findings.2.reason`), the member.
fn errors(error: SaveError, people: &[(String, String)]) -> impl IntoView + use<> {
    let list: Vec<(String, String)> = error.with(|e| match e {
        Some(e @ ApiError::Graphql { .. }) => e
            .field_messages()
            .iter()
            .map(|(name, message)| {
                let who = name
                    .strip_prefix("findings.")
                    .and_then(|rest| rest.split('.').next()?.parse::<usize>().ok())
                    .and_then(|i| people.get(i))
                    .map_or(String::new(), |(_, n)| format!("{n}："));
                (name.clone(), format!("{who}{message}"))
            })
            .collect(),
        _ => Vec::new(),
    });
    let mut out = String::new();
    for (name, text) in &list {
        element(&mut out, "p", &[("class", "field-error"), ("role", "alert"), ("data-field", name)], text);
    }
    view! { <div class="errors" hidden=list.is_empty() inner_html=out></div> }
}

/// One round: its facts, the rates per town, the sample as a map and a
/// table, and what the caller may do with it.
#[component]
fn RoundView(auth: Auth, id: String, changed: Callback<()>) -> impl IntoView {
    let can = auth.can();
    let again = RwSignal::new(0_u32);
    let round = {
        let id = id.clone();
        Remote::new(Memo::new(move |_| again.get()), move |_| {
            let id = id.clone();
            async move { auth.check(api::round(auth.token(), id).await) }
        })
    };
    let done = Callback::new(move |()| {
        again.update(|n| *n += 1);
        changed.run(());
    });
    let item = router::query_param("item");
    let closing: SaveError = RwSignal::new(None);
    // The round's one button (closing it) is plain markup; its click is
    // read here, with the version the round was drawn at.
    let click = move |ev: leptos::ev::MouseEvent| {
        use wasm_bindgen::JsCast as _;
        let Some(button) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        if !button.class_list().contains("close-round") {
            return;
        }
        let id = button.get_attribute("data-id").unwrap_or_default();
        let version = button.get_attribute("data-version").and_then(|v| v.parse().ok()).unwrap_or(0);
        spawn_local(async move {
            match auth.check(api::close(auth.token(), id, version).await) {
                Ok(()) => done.run(()),
                Err(e) => {
                    let _ = closing.try_set(Some(e));
                }
            }
        });
    };
    let body = loaded(round.state, move |r| {
        if r.is_null() {
            return view! { <p class="status empty">{crate::i18n::texts().not_found}</p> }.into_any();
        }
        let status = field(&r, "status").to_owned();
        let open = status == "OPEN";
        let items = list(&r["items"]["nodes"]);
        let pending = items.iter().filter(|i| i["status"] == "PENDING").count() as u64;
        let points: Vec<MapPoint> = items.iter().filter_map(point).collect();
        let round_id = field(&r, "id").to_owned();
        let findings: Vec<Value> =
            items.iter().flat_map(|i| list(&i["findings"])).filter(|f| f["result"] != "CONSISTENT").collect();
        let chosen = {
            let items = items.clone();
            move || {
                item.get().and_then(|wanted| {
                    items.iter().find(|i| field(i, "id") == wanted && i["status"] == "PENDING").cloned()
                })
            }
        };
        let rid = round_id.clone();
        let (may_record, may_answer) = (open && can.run_spot_checks, !open && can.answer_spot_checks);
        view! {
            <div class="round-body" inner_html=round_html(&r, &items, may_record, pending)></div>
            <SvgMap points=Signal::derive(move || points.clone()) areas=Signal::derive(Vec::new)
                legend=Signal::derive(legend) fit_key=Signal::derive(move || rid.clone()) />
            {move || chosen().map(|i| view! { <ResultForm auth item=i done /> })}
            {may_answer.then(|| view! { <Findings auth findings=findings.clone() done /> })}
            <SaveStatus error=closing on_reload=done />
        }
        .into_any()
    });
    view! {
        <section class="round" data-round=id on:click=click>
            <a class="close" href="/spot-checks">{report_texts().close}</a>
            {body}
        </section>
    }
}

/// The round's facts, rates and sample table, and the button that closes
/// it (disabled while households are unchecked).
fn round_html(r: &Value, items: &[Value], may_record: bool, pending: u64) -> String {
    let s = spot_texts();
    let seed = r["seed"].as_i64().unwrap_or_default();
    let status = field(r, "status");
    let facts = (s.facts)(field(r, "quarter"), label(&s.statuses, status), seed, field(r, "dueOn"));
    let mut out = String::new();
    element(&mut out, "p", &[("class", "facts"), ("data-seed", &seed.to_string())], &facts);
    open(&mut out, "p", &[("class", "hash")]);
    element(&mut out, "span", &[], s.sample_hash);
    out.push(' ');
    element(&mut out, "code", &[], field(r, "sampleHash"));
    close(&mut out, "p");
    element(&mut out, "h3", &[], s.rates);
    out.push_str("<div class=\"table-scroll\"><table class=\"rates\">");
    out.push_str(&rates_html(r));
    out.push_str("</table></div>");
    element(&mut out, "h3", &[], s.sample);
    out.push_str("<div class=\"table-scroll\"><table class=\"sample\">");
    out.push_str(&items_html(items, field(r, "id"), may_record));
    out.push_str("</table></div>");
    if may_record {
        open(&mut out, "div", &[("class", "actions close-round")]);
        if pending > 0 {
            element(&mut out, "p", &[("class", "hint")], &(s.close_hint)(pending));
        }
        let version = r["version"].as_i64().unwrap_or_default().to_string();
        let mut attrs = vec![("type", "button"), ("class", "close-round"), ("data-id", field(r, "id"))];
        attrs.push(("data-version", &version));
        if pending > 0 {
            attrs.push(("disabled", ""));
        }
        element(&mut out, "button", &attrs, s.close_round);
        close(&mut out, "div");
    }
    out
}

fn legend() -> String {
    let s = spot_texts();
    let mut out = String::new();
    for (class, text) in ["c-care-key", "c-general", "c-care-high"].iter().zip(s.legend) {
        out.push_str(&format!("<li><span class=\"swatch {class}\"></span>{}</li>", escape(text)));
    }
    out
}

/// A sampled household on the map: to check, consistent, or with findings.
fn point(i: &Value) -> Option<MapPoint> {
    let h = &i["household"];
    let class = if i["status"] == "PENDING" {
        "c-care-key"
    } else if list(&i["findings"]).iter().any(|f| f["result"] != "CONSISTENT") {
        "c-care-high"
    } else {
        "c-general"
    };
    Some(MapPoint {
        lat: h["lat"].as_f64()?,
        lng: h["lng"].as_f64()?,
        class,
        classes: [class; 3],
        title: field(h, "address").to_owned(),
        href: format!("/households/{}", field(h, "id")),
    })
}

/// The sample, one row per household; a pending one links to its result
/// form when the caller may record it.
fn items_html(items: &[Value], round: &str, may_record: bool) -> String {
    let s = spot_texts();
    let c = s.item_columns;
    let mut out = String::from("<thead><tr>");
    for col in c {
        element(&mut out, "th", &[], col);
    }
    out.push_str("<th></th></tr></thead><tbody>");
    for i in items {
        let swept = match field(i, "lastSweptAt") {
            "" => s.not_swept.to_owned(),
            at => format!("{} {}", field(i, "lastSweptBy.displayName"), local_time(at)),
        };
        let summary: Vec<String> = list(&i["findings"])
            .iter()
            .filter(|f| f["result"] != "CONSISTENT")
            .map(|f| format!("{} {}", field(f, "person.name"), label(&s.results, field(f, "result"))))
            .collect();
        let status = if summary.is_empty() {
            label(&s.item_statuses, field(i, "status")).to_owned()
        } else {
            summary.join("、")
        };
        open(&mut out, "tr", &[("data-item", field(i, "id")), ("data-status", field(i, "status"))]);
        element(&mut out, "td", &[("data-label", c[0])], field(i, "town.name"));
        element(&mut out, "td", &[("data-label", c[1])], field(i, "village.name"));
        open(&mut out, "td", &[("data-label", c[2])]);
        let household = format!("/households/{}", field(i, "household.id"));
        element(&mut out, "a", &[("href", &household)], field(i, "household.address"));
        close(&mut out, "td");
        element(&mut out, "td", &[("data-label", c[3])], label(&s.strata, field(i, "stratum")));
        element(&mut out, "td", &[("data-label", c[4])], &swept);
        element(&mut out, "td", &[("data-label", c[5])], field(i, "assignee.displayName"));
        element(&mut out, "td", &[("data-label", c[6]), ("class", "status")], &status);
        open(&mut out, "td", &[]);
        if may_record && i["status"] == "PENDING" {
            let href = format!("/spot-checks?id={round}&item={}", field(i, "id"));
            element(&mut out, "a", &[("class", "record button"), ("href", &href)], s.record);
        }
        close(&mut out, "td");
        close(&mut out, "tr");
    }
    out.push_str("</tbody>");
    out
}

fn rates_html(r: &Value) -> String {
    let s = spot_texts();
    let mut out = String::from("<thead><tr>");
    for c in s.rate_columns {
        element(&mut out, "th", &[], c);
    }
    out.push_str("</tr></thead><tbody>");
    for t in list(&r["rates"]) {
        let k = &t["counts"];
        let rate = k["errorRate"]
            .as_f64()
            .map_or_else(|| "—".to_owned(), |x| format!("{}%", crate::components::markup::decimal(x * 100.0, 1)));
        let villages: Vec<String> = list(&t["villages"])
            .iter()
            .map(|v| {
                let c = &v["counts"];
                let n = num(&c["missed"]) + num(&c["wrong"]) + num(&c["dataError"]) + num(&c["unreachable"]);
                format!("{}（{n}）", field(v, "village.name"))
            })
            .collect();
        let answered = format!("{}/{}", num(&k["answered"]), num(&k["toAnswer"]));
        let cells = [
            field(&t, "town.name").to_owned(),
            num(&t["sampled"]).to_string(),
            num(&t["checked"]).to_string(),
            num(&k["compared"]).to_string(),
            num(&k["consistent"]).to_string(),
            num(&k["missed"]).to_string(),
            num(&k["wrong"]).to_string(),
            num(&k["dataError"]).to_string(),
            num(&k["unreachable"]).to_string(),
            rate,
            answered,
            villages.join("、"),
        ];
        out.push_str(&format!("<tr data-town=\"{}\">", escape(field(&t, "town.name"))));
        for (col, text) in s.rate_columns.iter().zip(cells) {
            element(&mut out, "td", &[("data-label", col)], &text);
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody>");
    out
}

/// The result form for one sampled household: one card per member, read
/// from the form itself when sent (no state per member to keep in step).
#[component]
fn ResultForm(auth: Auth, item: Value, done: Callback<()>) -> impl IntoView {
    let s = spot_texts();
    let members = list(&item["household"]["members"]);
    let people: Vec<(String, String)> =
        members.iter().map(|m| (field(m, "id").to_owned(), field(m, "name").to_owned())).collect();
    let error: SaveError = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let (item_id, household) = (field(&item, "id").to_owned(), field(&item, "household.id").to_owned());
    let back = format!("/spot-checks?id={}", router::query_param("id").get_untracked().unwrap_or_default());
    let save = {
        let (people, back) = (people.clone(), back.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(data) = form_data(&ev) else { return };
            let value = |name: String| data.get(&name).as_string().and_then(optional);
            let findings: Vec<Value> = people
                .iter()
                .enumerate()
                .map(|(i, (person, _))| {
                    let result = value(format!("result-{i}")).unwrap_or_else(|| "CONSISTENT".into());
                    json!({
                        "personId": person,
                        "category": if result == "MISSED" { value(format!("category-{i}")) } else { None },
                        "classificationId": if result == "WRONG" { value(format!("which-{i}")) } else { None },
                        "reason": value(format!("reason-{i}")),
                        "result": result,
                    })
                })
                .collect();
            let (item_id, household, back) = (item_id.clone(), household.clone(), back.clone());
            let at = String::from(js_sys::Date::new_0().to_iso_string());
            let notes = value("notes".into());
            busy.set(true);
            spawn_local(async move {
                let result = auth.check(api::record(auth.token(), item_id, household, at, notes, findings).await);
                let _ = busy.try_set(false);
                match result {
                    Ok(()) => {
                        router::navigate(&back, true);
                        done.run(());
                    }
                    Err(e) => {
                        let _ = error.try_set(Some(e));
                    }
                }
            });
        }
    };
    view! {
        <form class="spot-result" novalidate on:submit=save>
            <h3>{(s.record_heading)(field(&item, "household.address"))}</h3>
            <ol class="members" inner_html=members_html(&members)></ol>
            <label class="notes">{s.notes}<textarea name="notes" rows="2"></textarea></label>
            {move || errors(error, &people)}
            <SaveStatus error on_reload=done />
            <div class="actions">
                <button type="submit" class="save" disabled=move || busy.get()>{s.save}</button>
                <a class="cancel" href=back>{s.cancel}</a>
            </div>
        </form>
    }
}

fn form_data(ev: &leptos::ev::SubmitEvent) -> Option<web_sys::FormData> {
    use wasm_bindgen::JsCast as _;
    let form = ev.target()?.dyn_into::<web_sys::HtmlFormElement>().ok()?;
    web_sys::FormData::new_with_form(&form).ok()
}

/// One card per member: the result, and what a missed (the category) or a
/// wrong report (which classification) needs, and what was found.
fn members_html(members: &[Value]) -> String {
    let s = spot_texts();
    let r = report_texts();
    let options = |out: &mut String, items: &[(&str, &str)]| {
        for (value, text) in items {
            element(out, "option", &[("value", value)], text);
        }
    };
    let mut out = String::new();
    for (i, m) in members.iter().enumerate() {
        open(&mut out, "li", &[("class", "member"), ("data-person", field(m, "id"))]);
        element(&mut out, "span", &[("class", "name")], field(m, "name"));
        let select = |out: &mut String, text: &str, name: String, items: &[(&str, &str)]| {
            open(out, "label", &[]);
            out.push_str(&escape(text));
            open(out, "select", &[("name", &name)]);
            options(out, items);
            close(out, "select");
            close(out, "label");
        };
        select(&mut out, s.result, format!("result-{i}"), &s.results);
        let categories: Vec<(&str, &str)> = std::iter::once(("", "")).chain(r.categories).collect();
        select(&mut out, s.category, format!("category-{i}"), &categories);
        let held: Vec<(String, String)> = list(&m["classifications"])
            .iter()
            .map(|c| (field(c, "id").to_owned(), label(&r.categories, field(c, "category")).to_owned()))
            .collect();
        let held: Vec<(&str, &str)> =
            std::iter::once(("", "")).chain(held.iter().map(|(a, b)| (a.as_str(), b.as_str()))).collect();
        select(&mut out, s.which, format!("which-{i}"), &held);
        open(&mut out, "label", &[]);
        out.push_str(&escape(s.reason));
        open(&mut out, "textarea", &[("name", &format!("reason-{i}")), ("rows", "2")]);
        close(&mut out, "textarea");
        close(&mut out, "label");
        close(&mut out, "li");
    }
    out
}

/// A town's findings, each with its answer form; one handler serves them
/// all (submit events bubble to the list).
#[component]
fn Findings(auth: Auth, findings: Vec<Value>, done: Callback<()>) -> impl IntoView {
    use wasm_bindgen::JsCast as _;
    let s = spot_texts();
    let empty = findings.is_empty();
    let error: SaveError = RwSignal::new(None);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
        let id = form.get_attribute("data-id").unwrap_or_default();
        let version = form.get_attribute("data-version").and_then(|v| v.parse().ok()).unwrap_or(0);
        let note =
            web_sys::FormData::new_with_form(&form).ok().and_then(|d| d.get("note").as_string()).unwrap_or_default();
        spawn_local(async move {
            let result: Result<(), ApiError> = auth.check(api::answer(auth.token(), id, version, note).await);
            match result {
                Ok(()) => done.run(()),
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="findings">
            <h3>{s.findings}</h3>
            {empty.then(|| view! { <p class="status empty">{s.no_findings}</p> })}
            {move || errors(error, &[])}
            <SaveStatus error on_reload=done />
            <ul on:submit=send inner_html=findings_html(&findings)></ul>
        </section>
    }
}

fn findings_html(findings: &[Value]) -> String {
    let s = spot_texts();
    let mut out = String::new();
    for f in findings {
        let answered = !field(f, "rectification").is_empty();
        let mut head = format!("{} · {}", field(f, "person.name"), label(&s.results, field(f, "result")));
        if answered {
            head = format!("{head} · {}", s.answered);
        }
        let version = f["version"].as_i64().unwrap_or_default().to_string();
        let flag = if answered { "true" } else { "false" };
        open(&mut out, "li", &[("class", "finding"), ("data-finding", field(f, "id")), ("data-answered", flag)]);
        element(&mut out, "p", &[("class", "head")], &head);
        element(&mut out, "p", &[("class", "reason")], field(f, "reason"));
        open(&mut out, "form", &[("novalidate", ""), ("data-id", field(f, "id")), ("data-version", &version)]);
        open(&mut out, "label", &[]);
        out.push_str(&escape(s.answer_label));
        element(&mut out, "textarea", &[("name", "note"), ("rows", "2")], field(f, "rectification"));
        close(&mut out, "label");
        open(&mut out, "div", &[("class", "actions")]);
        element(&mut out, "button", &[("type", "submit"), ("class", "answer")], s.answer);
        close(&mut out, "div");
        close(&mut out, "form");
        close(&mut out, "li");
    }
    out
}
