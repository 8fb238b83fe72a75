//! Field-level permissions: how each sensitive field is shown to each role
//! (DOMAIN.md, "Field-level permissions"). Masking happens here, on the
//! server; clients only ever receive what this table allows.

use entity::Role;

use crate::{
    auth::Actor,
    error::{AppError, AppResult},
    validate::IdNumber,
};

/// Fields whose visibility depends on the role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    PersonName,
    IdNumber,
    Phone,
    BirthDate,
    /// Health, disability and free-text notes.
    Health,
    /// Address and exact coordinates.
    Location,
    /// Classifications and care levels of a person.
    Classification,
    /// Visits and their findings.
    Visit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Clear,
    Masked,
    Hidden,
}

/// The policy table. Staff tiers are `Clear` except where the notice's
/// minimum-necessary principle asks for masking; admins and dashboards see
/// no person-level data at all.
pub fn access(role: Role, field: Field) -> Access {
    use Access::*;
    use Field::*;
    use Role::*;
    match (role, field) {
        (Admin | Dashboard, _) => Hidden,
        (_, IdNumber) => Masked,
        (District, Phone) => Masked,
        (Grid | Village | Town | District, _) => Clear,
    }
}

/// Fields whose reads in clear are recorded in the audit log (who read
/// which field of whom, never the value). Data of children under 14 is
/// recorded too, whatever the field (PIPL: sensitive personal information).
pub fn audited_on_clear_read(field: Field) -> bool {
    matches!(field, Field::IdNumber | Field::Phone | Field::Health)
}

/// Age below which every read of a person's data is audited.
pub const MINOR_AGE: i32 = 14;

/// Applies the policy to a value that has no masked form: masked counts as
/// hidden. For checks outside field resolution (filters on a field, list
/// queries); a guarded field itself is served only through
/// `graphql::sensitive::guard`.
pub fn require_clear(actor: &Actor, field: Field) -> AppResult<()> {
    match access(actor.role, field) {
        Access::Clear => Ok(()),
        Access::Masked | Access::Hidden => Err(AppError::Forbidden),
    }
}

/// The value to store for a field the caller reads masked, given what an
/// update sent back. Updates replace the whole record, but a client cannot
/// send what it was never shown: the masked value, or nothing, means
/// "unchanged"; an empty string clears; anything else is a new value.
/// Fields the caller reads in clear are taken as sent.
pub fn resolve_masked_input(
    actor: &Actor,
    field: Field,
    sent: Option<String>,
    stored: Option<&str>,
    mask: fn(&str) -> String,
) -> Option<String> {
    if access(actor.role, field) != Access::Masked {
        return sent;
    }
    match sent {
        None => stored.map(str::to_owned),
        Some(v) if stored.is_some_and(|s| mask(s) == v.trim()) => stored.map(str::to_owned),
        Some(v) => Some(v),
    }
}

/// `120***************`; why nothing more shows: [`IdNumber::masked`].
pub fn mask_id_number(value: &str) -> String {
    IdNumber::masked(value)
}

/// `138****5678`.
pub fn mask_phone(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_mask_to_three_and_four() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
    }

    #[test]
    fn the_default_policy_matches_the_domain_table() {
        use Access::*;
        use Field::*;
        use Role::*;
        let table = [
            (Grid, IdNumber, Masked),
            (Town, IdNumber, Masked),
            (District, IdNumber, Masked),
            (Grid, Phone, Clear),
            (Town, Phone, Clear),
            (District, Phone, Masked),
            (Village, Health, Clear),
            (District, Location, Clear),
            (Admin, PersonName, Hidden),
            (Dashboard, BirthDate, Hidden),
        ];
        for (role, field, expected) in table {
            assert_eq!(access(role, field), expected, "{role:?} {field:?}");
        }
    }
}
