//! Form pieces shared by the household and person forms: a labelled field
//! with the server's message for it, the form-level outcome (including the
//! optimistic-locking conflict), and selects over the API's enums.

use leptos::prelude::*;

use crate::api::{ApiError, ErrorCode};
use crate::i18n::texts;

/// The last failed save, or client-side checks dressed the same way.
pub type SaveError = RwSignal<Option<ApiError>>;

/// A `VALIDATION` error built in the browser (e.g. a number that is not one).
pub fn local_validation(fields: Vec<(String, String)>) -> ApiError {
    ApiError::Graphql { code: ErrorCode::Validation, fields, messages: Vec::new(), message: None }
}

/// A label, its input, an optional hint, and the message the server gave
/// for `name` (the API's field name, as in `extensions.fields`).
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    error: SaveError,
    #[prop(default = None)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    children: Children,
) -> impl IntoView {
    let message = move || error.with(|e| e.as_ref().and_then(|e| e.field(name)));
    view! {
        <div class="field" class:invalid=move || message().is_some() data-field=name>
            <label>
                <span class="field-label">
                    {label}
                    {required.then(|| view! { <abbr class="required" title=texts().required>"*"</abbr> })}
                </span>
                {children()}
            </label>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            {move || message().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </div>
    }
}

/// The outcome above the buttons: a conflict with a way to reload, or the
/// error of the whole save.
#[component]
pub fn SaveStatus(error: SaveError, on_reload: Callback<()>) -> impl IntoView {
    let t = texts();
    move || {
        error.with(|e| match e {
            None => ().into_any(),
            Some(e) if e.is_conflict() => view! {
                <div class="conflict" role="alert">
                    <p>{conflict_text(e)}</p>
                    <button type="button" on:click=move |_| on_reload.run(())>{t.reload}</button>
                </div>
            }
            .into_any(),
            Some(ApiError::Graphql { code: ErrorCode::Validation, .. }) => {
                view! { <p class="error" role="alert">{t.fix_marked_fields}</p> }.into_any()
            }
            Some(e) => view! { <p class="error" role="alert">{t.error_message(e)}</p> }.into_any(),
        })
    }
}

/// What a conflict says: the server's reason when it is more than a stale
/// version (a report already submitted), else the usual notice.
fn conflict_text(error: &ApiError) -> String {
    let t = texts();
    match error.message() {
        Some(m) if m.code != "STALE_VERSION" => t.server_message(m, t.conflict_notice),
        _ => t.conflict_notice.to_owned(),
    }
}

/// A select bound to `value`. Each option marks itself selected: the
/// select's own `value` would be set before its options exist, and lost.
pub fn select<F>(name: &'static str, value: RwSignal<String>, options: F) -> impl IntoView
where
    F: Fn() -> Vec<(String, String)> + Send + Sync + 'static,
{
    let options = move || {
        options()
            .into_iter()
            .map(|(v, label)| {
                let is_chosen = {
                    let v = v.clone();
                    move || value.with(|current| *current == v)
                };
                view! { <option value=v prop:selected=is_chosen>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <select name=name on:change:target=move |ev| value.set(ev.target().value())>
            {options}
        </select>
    }
}

/// A select over an API enum, with "not given" (or `first`) first when given.
pub fn enum_select<E: Copy + Send + Sync + 'static>(
    name: &'static str,
    value: RwSignal<String>,
    variants: &'static [E],
    label: fn(E) -> &'static str,
    api: fn(E) -> &'static str,
    none: Option<&'static str>,
) -> impl IntoView {
    select(name, value, move || {
        let first = none.map(|none| (String::new(), none.to_owned()));
        first.into_iter().chain(variants.iter().map(|&v| (api(v).to_owned(), label(v).to_owned()))).collect()
    })
}

/// Yes / no / not given, for the API's optional booleans.
pub fn bool_select(name: &'static str, value: RwSignal<String>) -> impl IntoView {
    select(name, value, || {
        let t = texts();
        vec![
            (String::new(), t.select_none.to_owned()),
            ("true".into(), t.yes.to_owned()),
            ("false".into(), t.no.to_owned()),
        ]
    })
}

/// A select's value for an optional boolean, and back.
pub fn bool_value(value: Option<bool>) -> String {
    value.map(|b| b.to_string()).unwrap_or_default()
}

pub fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Trimmed text, `None` when empty.
pub fn optional(value: String) -> Option<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}
