use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use wasm_bindgen::JsCast as _;

use super::admin::{region_choices, value_table};
use crate::api::{self, field};
use crate::components::form::{Field, SaveError, SaveStatus, optional, select};
use crate::components::query;
use crate::components::{AppHeader, Column, local_day_start, local_time, text};
use crate::i18n::texts;
use crate::model::Connection;
use crate::remote::Remote;
use crate::route::Route;
use crate::session::Auth;

/// 0 active, 1 expired, 2 revoked: the index into `token_statuses`.
fn status(token: &Value) -> usize {
    let expires_at = field(token, "expiresAt");
    if !field(token, "revokedAt").is_empty() {
        2
    } else if !expires_at.is_empty() && js_sys::Date::parse(expires_at) <= js_sys::Date::now() {
        1
    } else {
        0
    }
}

/// A time field as local time, `—` when absent.
fn time(token: &Value, key: &str) -> String {
    let at = field(token, key);
    if at.is_empty() { text(None) } else { local_time(at) }
}

/// `/tokens`: the dashboard tokens of the admin's region, a form for a new
/// one (its secret shown once) and revoking, asked for by a link in the
/// row (`?revoke=<id>`) and confirmed below the table.
#[component]
pub fn TokensPage(auth: Auth) -> impl IntoView {
    let t = texts();
    let c = t.care;
    let columns = vec![
        Column::new(t.col_name, |v: &Value| field(v, "name").to_owned()),
        Column::new(c.col_region, |v: &Value| field(v, "region.name").to_owned()),
        Column::new(c.col_created_at, |v: &Value| time(v, "createdAt")),
        Column::new(c.col_expires_at, |v: &Value| time(v, "expiresAt")),
        Column::new(c.col_revoked_at, |v: &Value| time(v, "revokedAt")),
        Column::new(c.status, |v: &Value| texts().care.token_statuses[status(v)].to_owned()),
        Column::new(c.revoke, |v: &Value| if status(v) == 0 { texts().care.revoke.to_owned() } else { String::new() })
            .link(|v| (status(v) == 0).then(|| Route::Tokens { revoke: Some(field(v, "id").to_owned()) }.href()))
            .unsorted(),
    ];
    let (tokens, table) = value_table(
        auth,
        &api::queries::API_TOKENS,
        None,
        columns,
        c.tokens_total,
        Signal::stored(c.tokens_empty),
        c.tokens_heading,
    );
    let regions = Signal::derive(move || region_choices(auth, tokens));
    let done = Callback::new(move |()| tokens.refetch());
    // Others get the server's FORBIDDEN in the table, and no forms.
    let admin = auth.can().manage_users;
    view! {
        <AppHeader auth />
        <main>
            <section class="tokens">
                <h2>{c.tokens_heading}</h2>
                {table}
            </section>
            {admin.then(|| view! {
                <Revoke auth tokens done />
                <NewToken auth regions done />
            })}
        </main>
    }
}

#[component]
fn NewToken(auth: Auth, regions: Signal<Vec<(String, String)>>, done: Callback<()>) -> impl IntoView {
    let t = texts();
    let c = t.care;
    let [name, region, expires] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let error: SaveError = RwSignal::new(None);
    let secret = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = region.get_untracked();
        let region_id = if chosen.is_empty() {
            regions.with_untracked(|r| r.first().map(|(id, _)| id.clone())).unwrap_or_default()
        } else {
            chosen
        };
        // Valid through the chosen day: it ends at the next midnight.
        let expires_at = optional(expires.get_untracked()).and_then(|day| local_day_start(&day, 1));
        let token_name = name.get_untracked().trim().to_owned();
        busy.set(true);
        secret.set(None);
        error.set(None);
        spawn_local(async move {
            let result =
                auth.check(api::admin::create_api_token(auth.token(), token_name, region_id, expires_at).await);
            let _ = busy.try_set(false);
            match result {
                Ok(token) => {
                    let _ = name.try_set(String::new());
                    let _ = expires.try_set(String::new());
                    let _ = secret.try_set(Some(token));
                    done.run(());
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="card new-token">
            <h3>{c.create_token}</h3>
            <form on:submit=submit novalidate>
                <Field label=t.col_name name="name" error required=true>
                    <input type="text" name="name" bind:value=name />
                </Field>
                <Field label=c.col_region name="regionId" error>
                    {select("regionId", region, move || regions.get())}
                </Field>
                <Field label=c.col_expires_at name="expiresAt" error hint=Some(c.expiry_hint)>
                    <input type="date" name="expiresAt" bind:value=expires />
                </Field>
                <SaveStatus error on_reload=done />
                <div class="actions">
                    <button type="submit" disabled=move || busy.get()>{c.create_token}</button>
                </div>
            </form>
            {move || secret.get().map(secret_box)}
        </section>
    }
}

/// The new token's secret, the only time it can be seen: held in this
/// view alone, so leaving or reloading the page drops it.
fn secret_box(secret: String) -> impl IntoView {
    let c = texts().care;
    let copied = RwSignal::new(false);
    let copy = {
        let secret = secret.clone();
        move |_| copy_text(secret.clone(), copied)
    };
    view! {
        <div class="secret" role="status">
            <h4>{c.secret_heading}</h4>
            <p class="warning">{c.secret_warning}</p>
            <code class="mono secret-value">{secret}</code>
            <button type="button" class="copy" on:click=copy>{move || if copied.get() { c.copied } else { c.copy }}</button>
        </div>
    }
}

/// `navigator.clipboard.writeText`, where the browser offers it (secure
/// origins only); elsewhere the text stays there to select by hand. Read
/// through `Reflect` so the bundle needs no more `web-sys` bindings.
fn copy_text(text: String, copied: RwSignal<bool>) {
    let write = web_sys::window().and_then(|w| {
        let clipboard = js_sys::Reflect::get(&w.navigator(), &"clipboard".into()).ok()?;
        let write = js_sys::Reflect::get(&clipboard, &"writeText".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
        write.call1(&clipboard, &text.into()).ok()?.dyn_into::<js_sys::Promise>().ok()
    });
    let Some(promise) = write else { return };
    spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => {
                let _ = copied.try_set(true);
            }
            // Refused (no permission, page not focused): the text is there.
            Err(_) => leptos::logging::warn!("clipboard refused the token"),
        }
    });
}

/// The confirm step of `?revoke=<id>`: the token stops working only after
/// a second click here.
#[component]
fn Revoke(auth: Auth, tokens: Remote<Connection<Value>>, done: Callback<()>) -> impl IntoView {
    let c = texts().care;
    let asked = query::param("revoke");
    let set_query = query::setter();
    let error: SaveError = RwSignal::new(None);
    let revoked = RwSignal::new(false);
    let cancel = {
        let set_query = set_query.clone();
        move || {
            error.set(None);
            set_query(&[("revoke", String::new())]);
        }
    };
    let revoke = move |id: String| {
        error.set(None);
        let set_query = set_query.clone();
        spawn_local(async move {
            match auth.check(api::admin::revoke_api_token(auth.token(), id).await) {
                Ok(()) => {
                    let _ = revoked.try_set(true);
                    set_query(&[("revoke", String::new())]);
                    done.run(());
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    move || {
        let Some(id) = asked.get() else {
            return revoked.get().then(|| view! { <p class="saved" role="status">{c.token_revoked}</p> }).into_any();
        };
        revoked.set(false);
        // The name from the loaded page; a link from elsewhere shows the id.
        let name = tokens.state.with(|s| {
            let nodes = s.ready().map(|p| p.nodes.as_slice()).unwrap_or_default();
            nodes.iter().find(|v| field(v, "id") == id).map_or_else(|| id.clone(), |v| field(v, "name").to_owned())
        });
        let (revoke, cancel) = (revoke.clone(), cancel.clone());
        view! {
            <section class="card confirm" role="alertdialog" aria-label=c.revoke>
                <p>{(c.revoke_confirm)(&name)}</p>
                <SaveStatus error on_reload=done />
                <div class="actions">
                    <button type="button" class="danger" on:click=move |_| revoke(id.clone())>{c.revoke}</button>
                    <button type="button" on:click=move |_| cancel()>{c.cancel}</button>
                </div>
            </section>
        }
        .into_any()
    }
}
