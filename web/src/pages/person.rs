use leptos::prelude::*;

use super::route_id;
use crate::api;
use crate::components::{
    AppHeader, Breadcrumb, PersonForm, PersonTarget, RelativesSection, RevealId, Sensitive, classification_list,
    fact_list, loaded, local_time, text,
};
use crate::i18n::texts;
use crate::model::{PersonDetail, PersonRef};
use crate::remote::Remote;
use crate::route::Route;
use crate::session::Auth;

/// `/people/:id`: every field the API returns to the caller's role, as it
/// returns it (masked values masked), relatives and household as links.
#[component]
pub fn PersonPage(auth: Auth) -> impl IntoView {
    let id = route_id();
    let person = Remote::new(id, move |id| async move { auth.check(api::people::detail(auth.token(), id).await) });
    let editing = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let reload = Callback::new(move |()| person.refetch());
    // After a save the form stays until the saved record is back, so the
    // page never shows the values from before the save.
    let done = Callback::new(move |_id: String| {
        saved.set(true);
        person.refetch();
    });
    let body = loaded(person.state, move |p| {
        if saved.get_untracked() {
            editing.set(false);
        }
        match p {
            None => view! { <p class="error" role="alert">{texts().err_not_found}</p> }.into_any(),
            Some(p) => render(auth, p, editing, saved, reload, done).into_any(),
        }
    });
    view! {
        <AppHeader auth />
        <main class="record">{body}</main>
    }
}

fn render(
    auth: Auth,
    p: PersonDetail,
    editing: RwSignal<bool>,
    saved: RwSignal<bool>,
    reload: Callback<()>,
    done: Callback<String>,
) -> impl IntoView {
    let t = texts();
    let can_edit = auth.can().edit_registry;
    let trail = p.household.as_ref().and_then(|h| h.region.as_ref()).map(|r| r.trail()).unwrap_or_default();
    let title = text(p.name.as_deref());
    // Anyone else in the household may be linked; so may the relatives
    // already linked from elsewhere.
    let mut relatives: Vec<PersonRef> =
        p.household.iter().flat_map(|h| h.members.iter()).filter(|m| m.id != p.id).cloned().collect();
    for linked in [&p.father, &p.mother, &p.spouse].into_iter().flatten() {
        if !relatives.iter().any(|r| r.id == linked.id) {
            relatives.push(linked.clone());
        }
    }
    let reveal = auth.can().reveal_id_numbers.then(|| view! { <RevealId auth person_id=p.id.clone() /> });
    let classifications = p.classifications.clone().map(|items| {
        let c = t.care;
        let list = if items.is_empty() {
            view! { <p class="status empty">{c.no_classifications}</p> }.into_any()
        } else {
            classification_list(items).into_any()
        };
        view! {
            <section class="card classifications">
                <h3>{c.classifications_heading}</h3>
                {list}
            </section>
        }
    });
    let unregistered = view! {
        <RelativesSection auth person_id=p.id.clone() relatives=p.relatives.clone() can_edit on_changed=reload />
    };
    let record = StoredValue::new(p);
    let cancel = Callback::new(move |()| editing.set(false));
    let content = move || {
        if editing.get() {
            let p = record.get_value();
            let target = PersonTarget::Edit { id: p.id.clone(), version: p.version };
            view! {
                <PersonForm
                    auth
                    target
                    initial=p
                    relatives=relatives.clone()
                    on_saved=done
                    on_cancel=cancel
                    on_reload=reload
                />
            }
            .into_any()
        } else {
            record.with_value(facts).into_any()
        }
    };
    let actions = move || {
        (can_edit && !editing.get()).then(|| {
            view! {
                <div class="actions">
                    <button
                        type="button"
                        on:click=move |_| {
                            saved.set(false);
                            editing.set(true);
                        }
                    >
                        {t.edit_person}
                    </button>
                </div>
            }
        })
    };
    view! {
        <Breadcrumb trail current=title.clone() />
        <section class="card person">
            <div class="section-head">
                <h2>{t.person_heading}</h2>
                {actions}
            </div>
            {move || saved.get().then(|| view! { <p class="saved" role="status">{t.saved}</p> })}
            {reveal}
            {content}
        </section>
        {unregistered}
        {classifications}
    }
}

fn facts(p: &PersonDetail) -> impl IntoView + use<> {
    let t = texts();
    let link = |r: &Option<PersonRef>| {
        r.as_ref().map(|r| {
            let href = Route::Person(r.id.clone()).href();
            view! { <a href=href>{text(r.name.as_deref())}</a> }
        })
    };
    let yes_no = |v: Option<bool>| text(v.map(|b| t.yes_no(b)));
    let household = p.household.as_ref().map(|h| {
        let href = Route::Household(h.id.clone()).href();
        view! { <a href=href>{text(h.address.as_deref())}</a> }
    });
    let relative = |r: &Option<PersonRef>| link(r).map_or_else(|| text(None).into_any(), IntoAny::into_any);
    fact_list(vec![
        (t.field_name, text(p.name.as_deref()).into_any()),
        (t.field_sex, text(p.sex.map(|s| t.sex(s))).into_any()),
        (t.field_birth_date, text(p.birth_date.as_deref()).into_any()),
        (t.field_age, p.age.map_or_else(|| text(None), t.age_years).into_any()),
        (t.field_id_number, view! { <Sensitive value=p.id_number.clone() /> }.into_any()),
        (t.field_phone, view! { <Sensitive value=p.phone.clone() /> }.into_any()),
        (t.field_relation, text(p.relation_to_head.map(|r| t.relation(r))).into_any()),
        (t.field_residence, text(p.residence_status.map(|r| t.residence(r))).into_any()),
        (t.field_away_since, text(p.away_since.as_deref()).into_any()),
        (t.field_away_outside_county, yes_no(p.away_outside_county).into_any()),
        (t.field_guardianship_capable, yes_no(p.guardianship_capable).into_any()),
        (t.field_living_alone, yes_no(p.living_alone).into_any()),
        (t.field_health, text(p.health.as_deref()).into_any()),
        (t.field_disability, text(p.disability.as_deref()).into_any()),
        (t.field_self_care, text(p.self_care.map(|s| t.self_care(s))).into_any()),
        (t.field_marital_status, text(p.marital_status.map(|m| t.marital(m))).into_any()),
        (t.field_father, relative(&p.father)),
        (t.field_mother, relative(&p.mother)),
        (t.field_spouse, relative(&p.spouse)),
        (t.field_household, household.into_any()),
        (t.field_version, p.version.into_any()),
        (t.field_created, p.created_at.as_deref().map(local_time).into_any()),
        (t.field_updated, p.updated_at.as_deref().map(local_time).into_any()),
    ])
}
