use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Map, Value};

use crate::api::admin::UserInput;
use crate::api::{self, field};
use crate::components::form::{Field, SaveError, SaveStatus, select};
use crate::components::pager::{Pager, Paging};
use crate::components::{AppHeader, Column, DataTable, text};
use crate::i18n::texts;
use crate::model::{Connection, Role};
use crate::remote::Remote;
use crate::session::Auth;

const ROLES: [Role; 5] = [Role::Grid, Role::Village, Role::Town, Role::District, Role::Admin];

fn role_api(role: Role) -> &'static str {
    match role {
        Role::Grid => "GRID",
        Role::Village => "VILLAGE",
        Role::Town => "TOWN",
        Role::District => "DISTRICT",
        _ => "ADMIN",
    }
}

/// The label of a role as the API spells it (`GRID`), the code itself for
/// one without a label here.
pub(super) fn role_label(code: &str) -> &str {
    ROLES.into_iter().find(|r| role_api(*r) == code).map_or(code, |r| texts().role(r))
}

/// `/admin`: the accounts in the admin's region and a form for a new one.
/// Nothing here touches households or people.
#[component]
pub fn AdminPage(auth: Auth) -> impl IntoView {
    let c = texts().care;
    let columns = vec![
        Column::new(c.col_username, |v: &Value| field(v, "username").to_owned()).class("mono"),
        Column::new(c.col_display_name, |v: &Value| field(v, "displayName").to_owned()),
        Column::new(c.col_role, |v: &Value| role_label(field(v, "role")).to_owned()),
        Column::new(c.col_region, |v: &Value| text(Some(field(v, "region.name")).filter(|n| !n.is_empty()))),
        Column::new(c.col_active, |v: &Value| status_label(field(v, "status"), field(v, "refusalReason"))),
    ];
    let (users, table) = value_table(
        auth,
        &api::queries::USERS,
        None,
        columns,
        c.users_total,
        Signal::stored(c.users_empty),
        c.users_heading,
    );
    let regions = Signal::derive(move || region_choices(auth, users));
    view! {
        <AppHeader auth />
        <main>
            <section class="users">
                <h2>{c.users_heading}</h2>
                {table}
            </section>
            <NewUser auth regions done=Callback::new(move |()| users.refetch()) />
        </main>
    }
}

/// An account's status as shown to the admin: 待审核 for one awaiting
/// approval, the approver's reason beside a refusal.
fn status_label(code: &str, refusal: &str) -> String {
    let c = texts().care;
    let index = ["ACTIVE", "PENDING", "REFUSED", "INACTIVE"].iter().position(|s| *s == code);
    let label = index.and_then(|i| c.account_statuses.get(i)).copied().unwrap_or(code);
    if code == "REFUSED" && !refusal.is_empty() { format!("{label}：{refusal}") } else { label.to_owned() }
}

/// The regions a new account or token can be given: the admin's own and
/// those of the accounts or tokens listed, without a request of their own.
pub(super) fn region_choices(auth: Auth, listed: Remote<Connection<Value>>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        auth.user().and_then(|u| u.region).map(|r| (r.id, r.name)).into_iter().collect();
    listed.state.with(|s| {
        for node in s.ready().iter().flat_map(|p| &p.nodes) {
            let (id, name) = (field(node, "region.id"), field(node, "region.name"));
            if !id.is_empty() && !out.iter().any(|(known, _)| known == id) {
                out.push((id.to_owned(), name.to_owned()));
            }
        }
    });
    out
}

/// The paged table of the user, token and audit pages, over JSON nodes
/// (see `api::page_of_values`): one copy of the fetching code for all.
/// `filter` is the query's own variables and a key that changes with them
/// (the URL's query string), `None` for a query without; `first` and
/// `after` are added here.
pub(super) fn value_table(
    auth: Auth,
    operation: &'static api::queries::Query<Connection<Value>>,
    filter: Option<(Memo<String>, Memo<Value>)>,
    columns: Vec<Column<Value>>,
    total: fn(i64) -> String,
    empty: Signal<&'static str>,
    heading: &'static str,
) -> (Remote<Connection<Value>>, AnyView) {
    let (key, variables) = filter.unzip();
    let pager = Pager::new(key.unwrap_or_else(|| Memo::new(|_| String::new())));
    let source = Memo::new(move |_| {
        let mut vars = match variables.map(|v| v.get()) {
            Some(Value::Object(vars)) => vars,
            _ => Map::new(),
        };
        vars.insert("first".into(), pager.size().into());
        vars.insert("after".into(), pager.after().into());
        Value::Object(vars)
    });
    let page =
        Remote::new(
            source,
            move |vars| async move { auth.check(api::page_of_values(auth.token(), operation, vars).await) },
        );
    let rows = Signal::derive(move || page.state.get().map(|p| p.nodes));
    let next = Signal::derive(move || page.state.with(|s| s.ready().and_then(|p| p.next_cursor())));
    let summary = Signal::derive(move || page.state.with(|s| s.ready().and_then(|p| p.total_count).map(total)));
    let table = view! {
        <DataTable
            columns
            rows
            pending=page.pending
            summary
            empty
            csv_name=heading
            paging=Paging { pager, next }
            caption=heading
        />
    };
    (page, table.into_any())
}

#[component]
fn NewUser(auth: Auth, regions: Signal<Vec<(String, String)>>, done: Callback<()>) -> impl IntoView {
    let t = texts();
    let c = t.care;
    let [username, display_name, password, region] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let role = RwSignal::new("GRID".to_owned());
    let error: SaveError = RwSignal::new(None);
    // The status of the account just created: `PENDING` until approved.
    let created = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen_region = region.get_untracked();
        let input = UserInput {
            username: username.get_untracked().trim().to_owned(),
            display_name: display_name.get_untracked().trim().to_owned(),
            role: ROLES.into_iter().find(|r| role_api(*r) == role.get_untracked()).unwrap_or(Role::Grid),
            region_id: if chosen_region.is_empty() {
                regions.with_untracked(|r| r.first().map(|(id, _)| id.clone())).unwrap_or_default()
            } else {
                chosen_region
            },
            password: password.get_untracked(),
        };
        busy.set(true);
        created.set(None);
        error.set(None);
        spawn_local(async move {
            let result = auth.check(api::admin::create_user(auth.token(), input).await);
            let _ = busy.try_set(false);
            match result {
                Ok(status) => {
                    for s in [username, display_name, password] {
                        let _ = s.try_set(String::new());
                    }
                    let _ = created.try_set(Some(status));
                    done.run(());
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    let input = |label: &'static str, name: &'static str, kind: &'static str, value: RwSignal<String>| {
        view! {
            <Field label name error required=true>
                <input type=kind name=name prop:value=move || value.get()
                    on:input:target=move |ev| value.set(ev.target().value()) />
            </Field>
        }
    };
    view! {
        <section class="card new-user">
            <h3>{c.create_user}</h3>
            <form on:submit=submit novalidate>
                {input(c.col_username, "username", "text", username)}
                {input(c.col_display_name, "displayName", "text", display_name)}
                <Field label=c.col_role name="role" error>
                    {select("role", role, || ROLES.iter().map(|&r| (role_api(r).to_owned(), texts().role(r).to_owned())).collect())}
                </Field>
                <Field label=c.col_region name="regionId" error>
                    {select("regionId", region, move || regions.get())}
                </Field>
                {input(t.password, "password", "password", password)}
                <SaveStatus error on_reload=done />
                {move || created.get().map(|status| {
                    let note = if status == "PENDING" { c.user_created_pending } else { c.user_created };
                    view! { <p class="saved" role="status">{note}</p> }
                })}
                <div class="actions">
                    <button type="submit" disabled=move || busy.get()>{c.create_user}</button>
                </div>
            </form>
        </section>
    }
}
