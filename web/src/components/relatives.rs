//! 未在本地登记的亲属 on the person page: the children and parents who are
//! not registered here, each with its facts, and one small form (a column
//! on a phone) to add, change or remove them.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::form::{Field, SaveError, SaveStatus, bool_select, bool_value, enum_select, optional, parse_bool};
use super::{fact_list, text};
use crate::api::relatives::{self, RelativeInput};
use crate::i18n::{relative_texts, texts};
use crate::model::{KinRelation, Relative};
use crate::session::Auth;

/// Which form is open: none, a new relative, or the one with this id.
#[derive(Clone, Debug, PartialEq)]
enum Open {
    Nothing,
    New,
    Edit(String),
}

/// The section; `on_changed` reloads the person (and with it the
/// classifications the rules may have changed).
#[component]
pub fn RelativesSection(
    auth: Auth,
    person_id: String,
    relatives: Vec<Relative>,
    can_edit: bool,
    on_changed: Callback<()>,
) -> impl IntoView {
    let r = relative_texts();
    let open = RwSignal::new(Open::Nothing);
    let person_id = StoredValue::new(person_id);
    let list = StoredValue::new(relatives);
    let rows = move || {
        let items = list.get_value();
        if items.is_empty() {
            return view! { <p class="status empty">{r.none}</p> }.into_any();
        }
        items
            .into_iter()
            .map(|rel| {
                let editing = {
                    let id = rel.id.clone();
                    move || open.with(|o| *o == Open::Edit(id.clone()))
                };
                let shown = rel.clone();
                let form_rel = rel.clone();
                view! {
                    <article class="relative" data-relation=rel.relation.as_api()>
                        <Show when=editing fallback=move || facts(auth, shown.clone(), can_edit, open, on_changed)>
                            <RelativeForm auth person_id=person_id.get_value() current=Some(form_rel.clone()) open on_changed />
                        </Show>
                    </article>
                }
            })
            .collect_view()
            .into_any()
    };
    let add = move || {
        (can_edit && open.with(|o| *o == Open::Nothing)).then(|| {
            view! {
                <div class="actions">
                    <button type="button" class="add-relative" on:click=move |_| open.set(Open::New)>{r.add}</button>
                </div>
            }
        })
    };
    let new_form = move || {
        open.with(|o| *o == Open::New)
            .then(|| view! { <RelativeForm auth person_id=person_id.get_value() current=None open on_changed /> })
    };
    view! {
        <section class="card relatives">
            <h3>{r.heading}</h3>
            <p class="hint">{r.intro}</p>
            {rows}
            {new_form}
            {add}
        </section>
    }
}

fn facts(auth: Auth, rel: Relative, can_edit: bool, open: RwSignal<Open>, on_changed: Callback<()>) -> impl IntoView {
    let r = relative_texts();
    let t = texts();
    let yes_no = |v: Option<bool>| text(v.map(|b| t.yes_no(b)));
    let away = rel.away_since.clone().unwrap_or_else(|| r.at_home.to_owned());
    let list = fact_list(vec![
        (r.relation, r.relation_label(rel.relation).into_any()),
        (r.away_since, away.into_any()),
        (r.outside_county, yes_no(rel.outside_county).into_any()),
        (r.deceased, t.yes_no(rel.deceased).into_any()),
        (r.guardianship_capable, yes_no(rel.guardianship_capable).into_any()),
        (r.note, text(rel.note.as_deref()).into_any()),
    ]);
    let error: SaveError = RwSignal::new(None);
    let (id, version) = (rel.id.clone(), rel.version);
    let remove = move |_| {
        let asked = web_sys::window().and_then(|w| w.confirm_with_message(r.confirm_remove).ok());
        if asked != Some(true) {
            return;
        }
        let id = id.clone();
        spawn_local(async move {
            match auth.check(relatives::remove(auth.token(), id, version).await) {
                Ok(()) => on_changed.run(()),
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    let edit_id = rel.id.clone();
    let buttons = can_edit.then(|| {
        view! {
            <div class="actions">
                <button type="button" class="edit-relative" on:click=move |_| open.set(Open::Edit(edit_id.clone()))>
                    {r.edit}
                </button>
                <button type="button" class="remove-relative" on:click=remove>{r.remove}</button>
            </div>
        }
    });
    view! {
        {list}
        <SaveStatus error on_reload=on_changed />
        {buttons}
    }
}

/// Adds a relative (`current` is `None`) or replaces one's facts.
#[component]
fn RelativeForm(
    auth: Auth,
    person_id: String,
    current: Option<Relative>,
    open: RwSignal<Open>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let r = relative_texts();
    let c = current.as_ref();
    let relation = RwSignal::new(c.map_or(KinRelation::Child, |c| c.relation).as_api().to_owned());
    let away_since = RwSignal::new(c.and_then(|c| c.away_since.clone()).unwrap_or_default());
    let outside_county = RwSignal::new(bool_value(c.and_then(|c| c.outside_county)));
    let deceased = RwSignal::new(c.is_some_and(|c| c.deceased));
    let guardianship = RwSignal::new(bool_value(c.and_then(|c| c.guardianship_capable)));
    let note = RwSignal::new(c.and_then(|c| c.note.clone()).unwrap_or_default());
    let error: SaveError = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let target = current.map(|c| (c.id, c.version));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(relation) = KinRelation::from_api(&relation.get_untracked()) else { return };
        let input = RelativeInput {
            relation,
            away_since: optional(away_since.get_untracked()),
            outside_county: parse_bool(&outside_county.get_untracked()),
            deceased: Some(deceased.get_untracked()),
            guardianship_capable: parse_bool(&guardianship.get_untracked()),
            note: optional(note.get_untracked()),
        };
        let (person_id, target) = (person_id.clone(), target.clone());
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let saved = match target {
                None => relatives::add(auth.token(), person_id, input).await,
                Some((id, version)) => relatives::update(auth.token(), id, version, input).await,
            };
            match auth.check(saved) {
                Ok(_) => {
                    let _ = open.try_set(Open::Nothing);
                    on_changed.run(());
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                    let _ = busy.try_set(false);
                }
            }
        });
    };
    view! {
        <form class="record-form relative-form" on:submit=submit novalidate>
            <Field label=r.relation name="relation" error required=true>
                {enum_select("relation", relation, KinRelation::ALL, |k| relative_texts().relation_label(k), KinRelation::as_api, None)}
            </Field>
            <Field label=r.away_since name="awaySince" error hint=Some(r.away_since_hint)>
                <input type="date" name="awaySince" prop:value=move || away_since.get()
                    on:input:target=move |ev| away_since.set(ev.target().value()) />
            </Field>
            <Field label=r.outside_county name="outsideCounty" error>
                {bool_select("outsideCounty", outside_county)}
            </Field>
            <label class="check">
                <input type="checkbox" name="deceased" prop:checked=move || deceased.get()
                    on:change:target=move |ev| deceased.set(ev.target().checked()) />
                {r.deceased}
            </label>
            <Field label=r.guardianship_capable name="guardianshipCapable" error>
                {bool_select("guardianshipCapable", guardianship)}
            </Field>
            <Field label=r.note name="note" error>
                <textarea name="note" prop:value=move || note.get()
                    on:input:target=move |ev| note.set(ev.target().value())></textarea>
            </Field>
            <SaveStatus error on_reload=on_changed />
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>{move || if busy.get() { r.saving } else { r.save }}</button>
                <button type="button" on:click=move |_| open.set(Open::Nothing)>{r.cancel}</button>
            </div>
        </form>
    }
}
