//! How single values are shown: absent ones as a dash, masked ones as
//! given by the server and marked as masked.

use leptos::prelude::*;

use crate::i18n::texts;

/// A value as shown, `—` when the API gave none.
pub fn text(value: Option<&str>) -> String {
    value.unwrap_or(texts().hidden_value).to_owned()
}

/// Whether the server masked a value (`120***************`, `138****5678`).
pub fn is_masked(value: &str) -> bool {
    value.contains('*')
}

/// A sensitive value exactly as the server sent it, flagged when masked so
/// nobody mistakes the stars for a typing error.
#[component]
pub fn Sensitive(value: Option<String>) -> impl IntoView {
    let t = texts();
    match value {
        Some(v) if is_masked(&v) => view! {
            <span class="masked" title=t.masked_title>
                <span class="mono">{v}</span>
                " "
                <small class="badge">{t.masked_badge}</small>
            </span>
        }
        .into_any(),
        Some(v) => view! { <span class="mono">{v}</span> }.into_any(),
        None => t.hidden_value.into_any(),
    }
}

/// An RFC 3339 time as local `YYYY-MM-DD HH:MM`; as given if unreadable.
pub fn local_time(rfc3339: &str) -> String {
    let date = js_sys::Date::new(&rfc3339.into());
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// The start of the local day `days_after` days after `date`
/// (`YYYY-MM-DD`, as a date input gives it), as RFC 3339; `None` when
/// `date` is not a date. Dates are read in the browser's time zone, like
/// `local_time` shows them.
pub fn local_day_start(date: &str, days_after: i32) -> Option<String> {
    let mut parts = date.trim().splitn(3, '-').map(|p| p.parse::<i32>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(d))) = (parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    // `Date` rolls day 32 over into the next month, and so on.
    let day = js_sys::Date::new_with_year_month_day(u32::try_from(y).ok()?, m - 1, d + days_after);
    (!day.get_time().is_nan()).then(|| day.to_iso_string().into())
}

/// A definition list of label → value, the layout of every record page.
pub fn fact_list(facts: Vec<(&'static str, AnyView)>) -> impl IntoView {
    let items = facts
        .into_iter()
        .map(|(label, value)| {
            view! {
                <div class="fact">
                    <dt>{label}</dt>
                    <dd>{value}</dd>
                </div>
            }
        })
        .collect_view();
    view! { <dl class="facts">{items}</dl> }
}
