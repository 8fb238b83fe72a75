//! Checking a [`RelativeFacts`] against the person and the relatives already
//! recorded. Every problem is reported at once, per field.

use chrono::NaiveDate;
use entity::{KinRelation, person, relative};

use super::RelativeFacts;
use crate::{
    clock,
    error::{AppResult, FieldErrors, messages as msg},
    validate,
};

/// More would be a typing error, not a family.
const MAX_PER_PERSON: usize = 20;

/// The facts ready to be written.
pub(super) struct Valid {
    pub relation: KinRelation,
    pub away_since: Option<NaiveDate>,
    pub outside_county: Option<bool>,
    pub deceased: bool,
    pub guardianship_capable: Option<bool>,
    pub note: Option<String>,
}

/// `others`: the person's other unregistered relatives (without the one
/// being updated).
pub(super) fn relative(input: RelativeFacts, person: &person::Model, others: &[relative::Model]) -> AppResult<Valid> {
    let mut e = FieldErrors::default();
    let today = clock::today();
    let deceased = input.deceased.unwrap_or(false);
    let parent = matches!(input.relation, KinRelation::Father | KinRelation::Mother);

    if others.len() >= MAX_PER_PERSON {
        e.add("relation", msg::TOO_MANY_RELATIVES.with("max", MAX_PER_PERSON));
    }
    let linked = match input.relation {
        KinRelation::Father => person.father_id.is_some(),
        KinRelation::Mother => person.mother_id.is_some(),
        KinRelation::Child => false,
    };
    if linked {
        e.add("relation", msg::RELATIVE_REGISTERED);
    } else if parent && others.iter().any(|o| o.relation == input.relation) {
        e.add("relation", msg::RELATIVE_DUPLICATE);
    }

    let away_since = input.away_since;
    if let Some(since) = away_since {
        if deceased {
            e.add("awaySince", msg::DECEASED_NOT_AWAY);
        } else if input.relation == KinRelation::Child
            && let Some(birth) = person.birth_date
            && since < birth
        {
            // A parent may have left before the child was born; a child
            // cannot have left before the parent was.
            e.add("awaySince", msg::AWAY_SINCE_BEFORE_PERSON_BIRTH);
        } else {
            e.check("awaySince", validate::not_future(since, today));
        }
    }
    if input.outside_county.is_some() && away_since.is_none() {
        e.add("outsideCounty", msg::RELATIVE_OUTSIDE_COUNTY_ONLY_WHEN_AWAY);
    }
    if input.guardianship_capable.is_some() && !parent {
        e.add("guardianshipCapable", msg::GUARDIANSHIP_ONLY_PARENTS);
    }
    let note = e.check("note", validate::optional_text(input.note.as_deref(), 500)).flatten();

    e.into_result()?;
    Ok(Valid {
        relation: input.relation,
        away_since,
        outside_county: input.outside_county,
        deceased,
        guardianship_capable: input.guardianship_capable,
        note,
    })
}
