//! Adding a person to a household, or editing one: the whole `PersonInput`
//! (and for an edit the version last read, so a concurrent edit is refused
//! as a `CONFLICT` rather than lost).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, people::PersonInput};
use crate::components::form::{
    Field, SaveError, SaveStatus, bool_select, bool_value, enum_select, optional, parse_bool, select,
};
use crate::components::value::is_masked;
use crate::i18n::texts;
use crate::model::{MaritalStatus, PersonDetail, PersonRef, Relation, ResidenceStatus, SelfCare, Sex};
use crate::session::Auth;

/// What the form saves to.
#[derive(Clone, Debug, PartialEq)]
pub enum PersonTarget {
    Add { household_id: String },
    Edit { id: String, version: i32 },
}

/// One signal per input, as text (selects hold the API's spelling).
#[derive(Clone, Copy)]
struct Inputs {
    name: RwSignal<String>,
    id_number: RwSignal<String>,
    sex: RwSignal<String>,
    birth_date: RwSignal<String>,
    phone: RwSignal<String>,
    relation: RwSignal<String>,
    residence: RwSignal<String>,
    away_since: RwSignal<String>,
    away_outside_county: RwSignal<String>,
    guardianship_capable: RwSignal<String>,
    living_alone: RwSignal<String>,
    health: RwSignal<String>,
    disability: RwSignal<String>,
    self_care: RwSignal<String>,
    marital: RwSignal<String>,
    father: RwSignal<String>,
    mother: RwSignal<String>,
    spouse: RwSignal<String>,
}

impl Inputs {
    /// Prefilled with `p` as the API gave it, masked ID number included:
    /// sent back untouched, it asks the server to keep the stored number.
    fn new(p: Option<&PersonDetail>) -> Self {
        let text = |f: fn(&PersonDetail) -> Option<String>| RwSignal::new(p.and_then(f).unwrap_or_default());
        let api = |v: Option<&'static str>| RwSignal::new(v.unwrap_or_default().to_owned());
        Self {
            name: text(|p| p.name.clone()),
            id_number: text(|p| p.id_number.clone()),
            sex: api(p.and_then(|p| p.sex).map(Sex::as_api)),
            birth_date: text(|p| p.birth_date.clone()),
            phone: text(|p| p.phone.clone()),
            relation: api(Some(p.and_then(|p| p.relation_to_head).unwrap_or(Relation::Child).as_api())),
            residence: api(Some(p.and_then(|p| p.residence_status).unwrap_or(ResidenceStatus::AtHome).as_api())),
            away_since: text(|p| p.away_since.clone()),
            away_outside_county: RwSignal::new(bool_value(p.and_then(|p| p.away_outside_county))),
            guardianship_capable: RwSignal::new(bool_value(p.and_then(|p| p.guardianship_capable))),
            living_alone: RwSignal::new(bool_value(p.and_then(|p| p.living_alone))),
            health: text(|p| p.health.clone()),
            disability: text(|p| p.disability.clone()),
            self_care: api(p.and_then(|p| p.self_care).map(SelfCare::as_api)),
            marital: api(p.and_then(|p| p.marital_status).map(MaritalStatus::as_api)),
            father: text(|p| p.father.as_ref().map(|r| r.id.clone())),
            mother: text(|p| p.mother.as_ref().map(|r| r.id.clone())),
            spouse: text(|p| p.spouse.as_ref().map(|r| r.id.clone())),
        }
    }

    fn input(&self) -> PersonInput {
        let get = |s: RwSignal<String>| s.get_untracked();
        let residence = ResidenceStatus::from_api(&get(self.residence)).unwrap_or(ResidenceStatus::AtHome);
        // Absence details only go with an absence; the server refuses them otherwise.
        let away = |value: Option<String>| value.filter(|_| residence.is_away());
        PersonInput {
            name: get(self.name).trim().to_owned(),
            id_number: optional(get(self.id_number)),
            sex: Sex::from_api(&get(self.sex)),
            birth_date: optional(get(self.birth_date)),
            phone: optional(get(self.phone)),
            relation_to_head: Relation::from_api(&get(self.relation)).unwrap_or(Relation::Other),
            residence_status: residence,
            away_since: away(optional(get(self.away_since))),
            away_outside_county: parse_bool(&get(self.away_outside_county)).filter(|_| residence.is_away()),
            guardianship_capable: parse_bool(&get(self.guardianship_capable)),
            living_alone: parse_bool(&get(self.living_alone)),
            health: optional(get(self.health)),
            disability: optional(get(self.disability)),
            self_care: SelfCare::from_api(&get(self.self_care)),
            marital_status: MaritalStatus::from_api(&get(self.marital)),
            father_id: optional(get(self.father)),
            mother_id: optional(get(self.mother)),
            spouse_id: optional(get(self.spouse)),
        }
    }
}

#[component]
pub fn PersonForm(
    auth: Auth,
    target: PersonTarget,
    /// The person as last read, for an edit.
    #[prop(optional)]
    initial: Option<PersonDetail>,
    /// Who may be linked as father, mother or spouse.
    relatives: Vec<PersonRef>,
    on_saved: Callback<String>,
    on_cancel: Callback<()>,
    on_reload: Callback<()>,
) -> impl IntoView {
    let t = texts();
    let inputs = Inputs::new(initial.as_ref());
    let error: SaveError = RwSignal::new(None);
    let id_hint =
        initial.as_ref().and_then(|p| p.id_number.as_deref()).is_some_and(is_masked).then_some(t.id_number_masked_hint);
    let relatives = StoredValue::new(relatives);
    // A father is not a woman, a mother not a man; the server checks it
    // too, the form just does not offer the impossible.
    let relative_options = move |excluded: Option<Sex>| {
        move || {
            let none = (String::new(), texts().select_none.to_owned());
            let people = relatives
                .get_value()
                .into_iter()
                .filter(|r| excluded.is_none() || r.sex != excluded)
                .map(|r| (r.id, r.name.unwrap_or_default()));
            std::iter::once(none).chain(people).collect::<Vec<_>>()
        }
    };

    let pending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        pending.set(true);
        let (target, input) = (target.clone(), inputs.input());
        spawn_local(async move {
            let result = match target {
                PersonTarget::Add { household_id } => api::people::add(auth.token(), household_id, input).await,
                PersonTarget::Edit { id, version } => api::people::update(auth.token(), id, version, input).await,
            };
            pending.set(false);
            match auth.check(result) {
                Ok(saved) => on_saved.run(saved.id),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let away = move || ResidenceStatus::from_api(&inputs.residence.get()).is_some_and(ResidenceStatus::is_away);
    let none = Some(t.select_none);

    view! {
        <form class="record-form person-form" on:submit=on_submit novalidate>
            <Field label=t.field_name name="name" error required=true>
                <input name="name" bind:value=inputs.name autocomplete="off" />
            </Field>
            <Field label=t.field_id_number name="idNumber" error hint=id_hint>
                <input name="idNumber" class="mono" bind:value=inputs.id_number autocomplete="off" maxlength="18" />
            </Field>
            <Field label=t.field_sex name="sex" error>
                {enum_select("sex", inputs.sex, Sex::ALL, |v| texts().sex(v), Sex::as_api, none)}
            </Field>
            <Field label=t.field_birth_date name="birthDate" error>
                <input name="birthDate" type="date" bind:value=inputs.birth_date />
            </Field>
            <Field label=t.field_phone name="phone" error>
                <input name="phone" type="tel" inputmode="tel" bind:value=inputs.phone />
            </Field>
            <Field label=t.field_relation name="relationToHead" error required=true>
                {enum_select("relationToHead", inputs.relation, Relation::ALL, |v| texts().relation(v), Relation::as_api, None)}
            </Field>
            <Field label=t.field_residence name="residenceStatus" error required=true>
                {enum_select("residenceStatus", inputs.residence, ResidenceStatus::ALL, |v| texts().residence(v), ResidenceStatus::as_api, None)}
            </Field>
            <Show when=away>
                <Field label=t.field_away_since name="awaySince" error>
                    <input name="awaySince" type="date" bind:value=inputs.away_since />
                </Field>
                <Field label=t.field_away_outside_county name="awayOutsideCounty" error>
                    {bool_select("awayOutsideCounty", inputs.away_outside_county)}
                </Field>
            </Show>
            <Field label=t.field_guardianship_capable name="guardianshipCapable" error>
                {bool_select("guardianshipCapable", inputs.guardianship_capable)}
            </Field>
            <Field label=t.field_living_alone name="livingAlone" error>
                {bool_select("livingAlone", inputs.living_alone)}
            </Field>
            <Field label=t.field_self_care name="selfCare" error>
                {enum_select("selfCare", inputs.self_care, SelfCare::ALL, |v| texts().self_care(v), SelfCare::as_api, none)}
            </Field>
            <Field label=t.field_marital_status name="maritalStatus" error>
                {enum_select("maritalStatus", inputs.marital, MaritalStatus::ALL, |v| texts().marital(v), MaritalStatus::as_api, none)}
            </Field>
            <Field label=t.field_health name="health" error>
                <input name="health" bind:value=inputs.health />
            </Field>
            <Field label=t.field_disability name="disability" error>
                <input name="disability" bind:value=inputs.disability />
            </Field>
            <Field label=t.field_father name="fatherId" error>
                {select("fatherId", inputs.father, relative_options(Some(Sex::Female)))}
            </Field>
            <Field label=t.field_mother name="motherId" error>
                {select("motherId", inputs.mother, relative_options(Some(Sex::Male)))}
            </Field>
            <Field label=t.field_spouse name="spouseId" error>
                {select("spouseId", inputs.spouse, relative_options(None))}
            </Field>
            <SaveStatus error on_reload />
            <div class="form-actions">
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || if pending.get() { t.saving } else { t.save }}
                </button>
                <button type="button" on:click=move |_| on_cancel.run(())>{t.cancel}</button>
            </div>
        </form>
    }
}
