//! The two-person rule for accounts (四眼原则): an account that can read
//! personal data never comes into force on one admin's word alone.
//!
//! Decisions the issue left open, and why:
//! - What needs approval: creating such an account, raising its role (or
//!   giving a non-reading account a reading role), moving it to a region not
//!   inside its old one (sideways counts: it opens other families' files),
//!   re-activating it and resetting its password (whoever sets a password
//!   can log in with it). Lowering a role, narrowing a region and renaming
//!   need no approval. ADMIN accounts read no personal data and need none,
//!   but an admin can never approve.
//! - Until approved the account cannot log in or act at all (not "the old
//!   rights meanwhile"): simple to reason about, and the approver is near.
//! - Who approves: a DISTRICT user any account of the district (the bureau
//!   answers for the whole district, its own colleagues included); a TOWN
//!   user the GRID and VILLAGE accounts of its town (the cadre knows its
//!   village and grid staff). Never the admin who asked for the change, never
//!   the account itself.
//! - A refusal keeps the account out of force with the reason shown to the
//!   admin; any later change by an admin re-submits it, listing the refused
//!   changes too, so a refused account cannot slip in under a small change.

use entity::{AccountChange, Approval, Role, user};
use sea_orm::{ColumnTrait, Condition};

use super::{Action, allows, scope};
use crate::auth::Actor;

/// Whether accounts of `role` read personal data and so fall under the rule.
pub fn reads_personal_data(role: Role) -> bool {
    allows(role, Action::ReadRegistry)
}

/// Where an account stands: its role and the scope-key span of its region.
#[derive(Debug, Clone, Copy)]
pub struct Standing {
    pub role: Role,
    pub key_lo: i64,
    pub key_hi: i64,
}

/// Tiers that read personal data, lowest first; other roles rank 0.
fn rank(role: Role) -> u8 {
    match role {
        Role::Grid => 1,
        Role::Village => 2,
        Role::Town => 3,
        Role::District => 4,
        Role::Admin | Role::Dashboard => 0,
    }
}

/// What an admin's creation (`before` is `None`) or update asks for that
/// needs a second person's approval; empty when it may take effect at once.
pub fn needing_approval(
    before: Option<Standing>,
    after: Standing,
    reactivated: bool,
    password_reset: bool,
) -> Vec<AccountChange> {
    if !reads_personal_data(after.role) {
        return Vec::new();
    }
    let Some(before) = before else { return vec![AccountChange::Created] };
    let mut changes = Vec::new();
    if !reads_personal_data(before.role) || rank(after.role) > rank(before.role) {
        changes.push(AccountChange::RoleRaised);
    }
    if after.key_lo < before.key_lo || after.key_hi > before.key_hi {
        changes.push(AccountChange::RegionWidened);
    }
    if reactivated {
        changes.push(AccountChange::Reactivated);
    }
    if password_reset {
        changes.push(AccountChange::PasswordReset);
    }
    changes
}

/// The pending accounts `actor` may approve or refuse, as a SQL condition
/// on `app_user` (nothing for roles without [`Action::ApproveAccounts`]).
pub fn approvable(actor: &Actor) -> Condition {
    let pending = Condition::all()
        .add(user::Column::Approval.eq(Approval::Pending))
        .add(user::Column::Active.eq(true))
        .add(user::Column::RegionId.in_subquery(scope::region_ids(actor)))
        .add(user::Column::Id.ne(actor.user_id))
        .add(
            Condition::any()
                .add(user::Column::ApprovalRequestedBy.is_null())
                .add(user::Column::ApprovalRequestedBy.ne(actor.user_id)),
        );
    match actor.role {
        Role::District => pending,
        Role::Town => pending.add(user::Column::Role.is_in([Role::Grid, Role::Village])),
        Role::Grid | Role::Village | Role::Admin | Role::Dashboard => Condition::all().add(user::Column::Id.is_null()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AccountChange::*;

    const DISTRICT: Standing = Standing { role: Role::District, key_lo: 120116000000000, key_hi: 120116999999999 };
    const TOWN: Standing = Standing { role: Role::Town, key_lo: 120116157000000, key_hi: 120116157999999 };
    const GRID: Standing = Standing { role: Role::Grid, key_lo: 120116157201001, key_hi: 120116157201001 };
    const GRID2: Standing = Standing { role: Role::Grid, key_lo: 120116157201002, key_hi: 120116157201002 };
    const ADMIN: Standing = Standing { role: Role::Admin, ..DISTRICT };

    /// (before, after, re-activated, password reset, changes needing approval)
    type Case = (Option<Standing>, Standing, bool, bool, &'static [AccountChange]);

    #[test]
    fn what_widens_what_an_account_reads_needs_approval_and_nothing_else_does() {
        let table: &[Case] = &[
            (None, GRID, false, false, &[Created]),
            (None, ADMIN, false, false, &[]),
            (Some(GRID), TOWN, false, false, &[RoleRaised, RegionWidened]),
            (Some(GRID), GRID2, false, false, &[RegionWidened]),
            (Some(ADMIN), DISTRICT, false, false, &[RoleRaised]),
            (Some(TOWN), GRID, false, false, &[]),
            (Some(DISTRICT), ADMIN, true, true, &[]),
            (Some(GRID), GRID, true, false, &[Reactivated]),
            (Some(GRID), GRID, false, true, &[PasswordReset]),
        ];
        for (before, after, reactivated, reset, expected) in table {
            let got = needing_approval(*before, *after, *reactivated, *reset);
            assert_eq!(got, *expected, "{before:?} → {after:?}, reactivated {reactivated}, reset {reset}");
        }
    }
}
