//! Every permission decision of the server, in one place.
//!
//! - [`scope`]: which rows a caller may see at all, as SQL conditions;
//! - [`fields`]: how each sensitive field is shown to each role;
//! - [`may`]: which roles may perform which actions;
//! - [`accounts`]: the two-person rule for accounts that read personal data;
//! - [`reports`] and [`spot_checks`]: who acts at which step of the
//!   reporting chain and of the district's spot checks.
//! - [`visits`]: which tier may record which kind of visit.
//! - [`exports`]: who may take which list out as a spreadsheet.
//! - [`imports`]: who may bring ledgers in.
//!
//! Resolvers ask here and never decide themselves, so a change of policy is
//! a change of this module and of its tests.

pub mod accounts;
pub mod exports;
pub mod fields;
pub mod imports;
pub mod lists;
pub mod reports;
pub mod rules;
pub mod scope;
pub mod spot_checks;
pub mod visits;

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
    /// Confirm or reject a suggested classification (核实认定).
    DecideClassification,
    /// Suggest a classification the rules did not make (someone found on a
    /// visit or a spot check who qualifies), for the town to decide.
    SuggestClassification,
    /// Record a home visit (入户走访、探访、抽查、回访).
    RecordVisit,
    /// Acknowledge a mandatory-report alert (强制报告).
    AcknowledgeAlert,
    /// Read aggregate statistics (`stats`).
    ReadStats,
    /// Reveal a full ID number, with a reason, audited.
    RevealIdNumber,
    /// Manage users and API tokens.
    ManageUsers,
    /// Read the audit log.
    ReadAudit,
    /// Approve or refuse an account an admin created or widened (see
    /// [`accounts`] for whose).
    ApproveAccounts,
    /// Read reports and ledgers with their rows (上报、信息台账).
    ReadReports,
    /// Read the status grid of reports (who has reported which period).
    ReadReportStatus,
    /// Prepare and submit the report of one's own region.
    PrepareReport,
    /// Accept or return a report of the tier below.
    DecideReport,
    /// Read spot-check rounds (see [`spot_checks`] for which and when).
    ReadSpotChecks,
    /// Draw, re-visit and close spot-check rounds (随机抽查).
    RunSpotChecks,
    /// Answer a spot check's findings with a rectification (整改).
    AnswerSpotChecks,
    /// Check a ledger file against the registry (an import's dry run).
    CheckImport,
    /// Write a checked ledger file into the registry (see [`imports`]).
    CommitImport,
}

/// Whether `role` may perform `action` at all (jurisdiction is checked
/// separately, by [`scope`]).
///
/// - Registry edits are for the tiers that know the families: grid workers,
///   village committees and town cadres. The district supervises and refers;
///   it reads everything in the district but does not edit records.
/// - Classifications are decided by the town (精准识别、建档到人) or the
///   district (hard cases); villages report and help verify but do not decide.
/// - Every staff tier may suggest a classification the rules missed.
/// - Every staff tier visits (the district for its spot checks).
/// - Alerts go to the town and the district, who acknowledge them.
/// - Reports go up the chain (see [`reports`]); grid workers read their
///   village's; dashboards see only how many are in which state.
/// - The district runs the spot checks; towns read and answer their
///   findings once a round is closed ([`spot_checks`]).
/// - Ledgers are imported by towns, for their villages (see [`imports`]).
/// - Admins manage accounts and read the audit log, nothing personal; an
///   account that reads personal data comes into force only when a town or
///   the district approves it ([`accounts`]);
///   dashboards read aggregates only.
pub fn allows(role: Role, action: Action) -> bool {
    use Role::*;
    match action {
        Action::ReadRegistry => matches!(role, Grid | Village | Town | District),
        Action::EditRegistry => matches!(role, Grid | Village | Town),
        Action::DecideClassification => matches!(role, Town | District),
        Action::SuggestClassification => matches!(role, Grid | Village | Town | District),
        Action::RecordVisit => matches!(role, Grid | Village | Town | District),
        Action::AcknowledgeAlert => matches!(role, Town | District),
        Action::ReadStats => matches!(role, Grid | Village | Town | District | Dashboard),
        Action::RevealIdNumber => matches!(role, Town | District),
        Action::ManageUsers => matches!(role, Admin),
        Action::ReadAudit => matches!(role, Admin | District),
        Action::ApproveAccounts => matches!(role, Town | District),
        Action::ReadReports => matches!(role, Grid | Village | Town | District),
        Action::ReadReportStatus => matches!(role, Grid | Village | Town | District | Dashboard),
        Action::PrepareReport => matches!(role, Village | Town),
        Action::DecideReport => matches!(role, Town | District),
        Action::ReadSpotChecks => matches!(role, Town | District),
        Action::RunSpotChecks => matches!(role, District),
        Action::AnswerSpotChecks => matches!(role, Town),
        Action::CheckImport => matches!(role, Town | District),
        Action::CommitImport => matches!(role, Town),
    }
}

/// Roles that may never run a mutation, checked before execution as a
/// second line behind the per-action rights above.
pub fn read_only(role: Role) -> bool {
    role == Role::Dashboard
}

/// Whether a user account may have `role`. Dashboards are API tokens, never
/// accounts with a password.
pub fn is_account_role(role: Role) -> bool {
    role != Role::Dashboard
}

/// Whether an account with `role` may be bound to a region of `level`:
/// each tier works at its own level; admins manage the accounts of a
/// district or of one town.
pub fn role_fits_level(role: Role, level: entity::RegionLevel) -> bool {
    use entity::RegionLevel as L;
    matches!(
        (role, level),
        (Role::Grid, L::Grid)
            | (Role::Village, L::Village)
            | (Role::Town, L::Town)
            | (Role::District | Role::Admin, L::District)
            | (Role::Admin, L::Town)
    )
}

/// Smallest count a dashboard may see; smaller non-zero counts are
/// suppressed (reported as `null`) so that nobody can be singled out.
pub const MIN_PUBLISHED_COUNT: u64 = 5;

/// An aggregate count as the caller may see it: staff see every count,
/// dashboards see `None` for counts from 1 to 4.
pub fn published_count(role: Role, count: u64) -> Option<u64> {
    if counts_suppressed(role) && (1..MIN_PUBLISHED_COUNT).contains(&count) { None } else { Some(count) }
}

/// Whether `role` reads aggregate counts with small ones suppressed, and
/// with them every count that would give a small one away
/// (`graphql/stats/suppress.rs`).
pub fn counts_suppressed(role: Role) -> bool {
    role == Role::Dashboard
}

pub fn may(actor: &Actor, action: Action) -> AppResult<()> {
    if allows(actor.role, action) { Ok(()) } else { Err(AppError::Forbidden) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashboards_never_see_counts_under_five() {
        assert_eq!(published_count(Role::Dashboard, 0), Some(0));
        assert_eq!(published_count(Role::Dashboard, 4), None);
        assert_eq!(published_count(Role::Dashboard, 5), Some(5));
        assert_eq!(published_count(Role::Town, 1), Some(1));
    }

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
