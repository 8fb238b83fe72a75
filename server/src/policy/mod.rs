//! Every permission decision of the server, in one place.
//!
//! - [`scope`]: which rows a caller may see at all, as SQL conditions;
//! - [`fields`]: how each sensitive field is shown to each role;
//! - [`may`]: which roles may perform which actions.
//!
//! Resolvers ask here and never decide themselves, so a change of policy is
//! a change of this module and of its tests.

pub mod fields;
pub mod scope;

use entity::Role;

use crate::{
    auth::Actor,
    error::{AppError, AppResult},
};

/// Things a caller may want to do, beyond reading rows in scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read households, people and their records.
    ReadRegistry,
    /// Create and edit households and people (登记、变更).
    EditRegistry,
}

/// Whether `role` may perform `action` at all (jurisdiction is checked
/// separately, by [`scope`]).
///
/// Registry edits are for the tiers that know the families: grid workers,
/// village committees and town cadres. The district supervises and refers;
/// it reads everything in the district but does not edit records.
pub fn allows(role: Role, action: Action) -> bool {
    use Role::*;
    match action {
        Action::ReadRegistry => matches!(role, Grid | Village | Town | District),
        Action::EditRegistry => matches!(role, Grid | Village | Town),
    }
}

pub fn may(actor: &Actor, action: Action) -> AppResult<()> {
    if allows(actor.role, action) { Ok(()) } else { Err(AppError::Forbidden) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_field_tiers_edit_and_admins_read_no_registry() {
        use Role::*;
        let table = [
            (Grid, true, true),
            (Village, true, true),
            (Town, true, true),
            (District, true, false),
            (Admin, false, false),
            (Dashboard, false, false),
        ];
        for (role, read, edit) in table {
            assert_eq!(allows(role, Action::ReadRegistry), read, "{role:?} read");
            assert_eq!(allows(role, Action::EditRegistry), edit, "{role:?} edit");
        }
    }
}
