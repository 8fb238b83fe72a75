use leptos::prelude::*;
use serde_json::{Map, Value};

use super::admin::{role_label, value_table};
use crate::api::{self, audit::detail_summary, field};
use crate::components::query::{self, FilterForm};
use crate::components::{AppHeader, Column, local_day_start, local_time};
use crate::i18n::texts;
use crate::session::Auth;

/// The query parameters of the filters, in the form's order.
const PARAMS: [&str; 5] = ["action", "actor", "person", "from", "to"];

/// Who acted: role, region code and id; the system and anonymous logins
/// have none.
fn actor(entry: &Value) -> String {
    let id = field(entry, "actorId");
    if id.is_empty() {
        return texts().care.system_actor.to_owned();
    }
    format!("{} {} {id}", role_label(field(entry, "actorRole")), field(entry, "actorRegion"))
}

/// `/audit` (ADMIN and DISTRICT; the server decides, and tells others
/// FORBIDDEN): the audit log newest first, filtered through the URL.
#[component]
pub fn AuditPage(auth: Auth) -> impl IntoView {
    let t = texts();
    let c = t.care;
    let params = PARAMS.map(query::param);
    let variables = Memo::new(move |_| {
        let [action, actor, person, from, to] = params.map(|p| p.get());
        let filter = [
            ("action", action),
            ("actorId", actor),
            ("personId", person),
            ("from", from.and_then(|day| local_day_start(&day, 0))),
            // Through the chosen day: the server's `to` is exclusive.
            ("to", to.and_then(|day| local_day_start(&day, 1))),
        ];
        // Inserted one by one: collecting would sort, at a cost in bundle size.
        let mut set = Map::new();
        for (key, value) in filter {
            if let Some(value) = value {
                set.insert(key.to_owned(), value.into());
            }
        }
        let mut vars = Map::new();
        vars.insert("filter".into(), Value::Object(set));
        Value::Object(vars)
    });
    let columns = vec![
        Column::new(c.col_at, |v: &Value| local_time(field(v, "at"))).class("nowrap"),
        Column::new(c.col_actor, actor),
        Column::new(c.col_action, |v: &Value| field(v, "action").to_owned()).class("mono nowrap"),
        Column::new(c.col_action_label, |v: &Value| texts().care.action(field(v, "action")).to_owned()),
        Column::new(c.col_target, |v: &Value| {
            format!("{} {}", field(v, "targetType"), field(v, "targetId")).trim().to_owned()
        }),
        Column::new(c.col_person, |v: &Value| field(v, "personId").to_owned()),
        Column::new(c.col_reason, |v: &Value| field(v, "reason").to_owned()),
        Column::new(c.col_outcome, |v: &Value| field(v, "outcome").to_owned()),
        Column::new(c.col_detail, |v: &Value| detail_summary(&v["detail"])).unsorted(),
    ];
    let filtered = move || params.iter().any(|p| p.with(Option::is_some));
    let empty = Signal::derive(move || if filtered() { t.no_match } else { c.audit_empty });
    // The query string holds exactly the filters: paging starts over
    // whenever it changes.
    let here = crate::router::location();
    let key = Memo::new(move |_| here.query.get());
    let (_, table) = value_table(
        auth,
        &api::queries::AUDIT_LOG,
        Some((key, variables)),
        columns,
        c.audit_total,
        empty,
        c.audit_heading,
    );
    view! {
        <AppHeader auth />
        <main>
            <section class="view audit">
                <h2>{c.audit_heading}</h2>
                <Filters params />
                {table}
            </section>
        </main>
    }
}

/// The filter form; values reach the URL (and the server) on submit.
#[component]
fn Filters(params: [Memo<Option<String>>; 5]) -> impl IntoView {
    let t = texts();
    let c = t.care;
    let set_query = query::setter();
    let inputs = params.map(|p| RwSignal::new(p.get_untracked().unwrap_or_default()));
    let apply = {
        let set_query = set_query.clone();
        Callback::new(move |()| {
            let values: Vec<(&str, String)> = PARAMS.iter().zip(inputs).map(|(&k, v)| (k, v.get_untracked())).collect();
            set_query(&values);
        })
    };
    let reset = Callback::new(move |()| {
        for input in inputs {
            input.set(String::new());
        }
        let cleared: Vec<(&str, String)> = PARAMS.iter().map(|&k| (k, String::new())).collect();
        set_query(&cleared);
    });
    let labels = [c.col_action, c.filter_actor, c.filter_person, c.date_from, c.date_to];
    let fields = PARAMS
        .iter()
        .zip(labels)
        .zip(inputs)
        .map(|((&name, label), value)| {
            let kind = if matches!(name, "from" | "to") { "date" } else { "search" };
            // The action field suggests the known codes, and takes others.
            let list = (name == "action").then_some("audit-actions");
            view! {
                <label>
                    {label}
                    <input name=name type=kind list=list bind:value=value />
                </label>
            }
        })
        .collect_view();
    let actions = c.actions.iter().map(|&(code, label)| view! { <option value=code>{label}</option> }).collect_view();
    view! {
        <FilterForm active=params.iter().any(|p| p.with_untracked(Option::is_some)) apply reset>
            {fields}
            <datalist id="audit-actions">{actions}</datalist>
        </FilterForm>
    }
}
