use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::api::admin::{UserInput, UserRow};
use crate::components::form::{Field, SaveError, SaveStatus, select};
use crate::components::{AppHeader, Column, DataTable, text};
use crate::i18n::texts;
use crate::model::Role;
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

/// `/admin`: the accounts in the admin's region and a form for a new one.
/// Nothing here touches households or people.
#[component]
pub fn AdminPage(auth: Auth) -> impl IntoView {
    let t = texts();
    let c = t.care;
    let source = Memo::new(|_| ());
    let users = Remote::new(source, move |()| async move { auth.check(api::admin::users(auth.token(), None).await) });
    let rows = Signal::derive(move || users.state.get().map(|page| page.nodes));
    let summary = Signal::derive(move || {
        users.state.with(|s| s.ready().map(|p| (c.users_total)(p.total_count.unwrap_or_default())))
    });
    let columns = vec![
        Column::new(c.col_username, |u: &UserRow| u.username.clone()).class("mono"),
        Column::new(c.col_display_name, |u: &UserRow| u.display_name.clone()),
        Column::new(c.col_role, |u: &UserRow| texts().role(u.role).to_owned()),
        Column::new(c.col_region, |u: &UserRow| text(u.region.as_ref().map(|r| r.name.as_str()))),
        Column::new(c.col_active, |u: &UserRow| texts().yes_no(u.active).to_owned()),
    ];
    // The regions an account can be given: the admin's own and those of
    // the accounts already there.
    let regions = Signal::derive(move || {
        let mut out: Vec<(String, String)> =
            auth.user().and_then(|u| u.region).map(|r| (r.id, r.name)).into_iter().collect();
        users.state.with(|s| {
            for r in s.ready().iter().flat_map(|p| p.nodes.iter()).filter_map(|u| u.region.as_ref()) {
                if !out.iter().any(|(id, _)| *id == r.id) {
                    out.push((r.id.clone(), r.name.clone()));
                }
            }
        });
        out
    });
    view! {
        <AppHeader auth />
        <main>
            <section class="users">
                <h2>{c.users_heading}</h2>
                <DataTable
                    columns
                    rows
                    pending=users.pending
                    summary
                    empty=c.users_empty
                    csv_name=c.users_heading
                    caption=c.users_heading
                />
            </section>
            <NewUser auth regions done=Callback::new(move |()| users.refetch()) />
        </main>
    }
}

#[component]
fn NewUser(auth: Auth, regions: Signal<Vec<(String, String)>>, done: Callback<()>) -> impl IntoView {
    let t = texts();
    let c = t.care;
    let [username, display_name, password, region] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let role = RwSignal::new("GRID".to_owned());
    let error: SaveError = RwSignal::new(None);
    let created = RwSignal::new(false);
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
        created.set(false);
        error.set(None);
        spawn_local(async move {
            let result = auth.check(api::admin::create_user(auth.token(), input).await);
            let _ = busy.try_set(false);
            match result {
                Ok(()) => {
                    for s in [username, display_name, password] {
                        let _ = s.try_set(String::new());
                    }
                    let _ = created.try_set(true);
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
                {move || created.get().then(|| view! { <p class="saved" role="status">{c.user_created}</p> })}
                <div class="actions">
                    <button type="submit" disabled=move || busy.get()>{c.create_user}</button>
                </div>
            </form>
        </section>
    }
}
