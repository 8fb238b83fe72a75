//! `User.can`: what the account's role may do, read from the one policy
//! table ([`policy::allows`]) so that the web app shows the buttons and
//! pages the server will honour instead of keeping its own copy of it.

use async_graphql::SimpleObject;
use entity::{Role, VisitKind};

use crate::policy::{self, Action};

/// The actions a role may take anywhere (jurisdiction aside). Advisory for
/// clients: every request is still checked on its own.
#[derive(SimpleObject, Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// Read households, people, their classifications and alerts.
    pub read_registry: bool,
    /// Create and edit households and people.
    pub edit_registry: bool,
    /// Confirm or reject a suggested classification.
    pub decide_classifications: bool,
    /// Record a visit, and so have a work list.
    pub record_visits: bool,
    /// Acknowledge a mandatory-report alert.
    pub acknowledge_alerts: bool,
    /// Read aggregate statistics.
    pub read_stats: bool,
    /// Reveal a full ID number, with a reason.
    pub reveal_id_numbers: bool,
    /// Manage accounts and API tokens.
    pub manage_users: bool,
    /// Read the audit log.
    pub read_audit: bool,
    /// Approve or refuse accounts awaiting a second person.
    pub approve_accounts: bool,
    /// Suggest a classification the rules did not make.
    pub suggest_classifications: bool,
    /// Read spot-check rounds (the district's, or a town's closed ones).
    pub read_spot_checks: bool,
    /// Draw, re-visit and close spot-check rounds.
    pub run_spot_checks: bool,
    /// Answer spot-check findings with a rectification.
    pub answer_spot_checks: bool,
    /// The kinds of visit the role may record (`policy::visits`); empty
    /// when it records none.
    pub visit_kinds: Vec<VisitKind>,
}

impl Capabilities {
    pub fn of(role: Role) -> Self {
        let may = |action| policy::allows(role, action);
        Self {
            read_registry: may(Action::ReadRegistry),
            edit_registry: may(Action::EditRegistry),
            decide_classifications: may(Action::DecideClassification),
            record_visits: may(Action::RecordVisit),
            acknowledge_alerts: may(Action::AcknowledgeAlert),
            read_stats: may(Action::ReadStats),
            reveal_id_numbers: may(Action::RevealIdNumber),
            manage_users: may(Action::ManageUsers),
            read_audit: may(Action::ReadAudit),
            approve_accounts: may(Action::ApproveAccounts),
            suggest_classifications: may(Action::SuggestClassification),
            read_spot_checks: may(Action::ReadSpotChecks),
            run_spot_checks: may(Action::RunSpotChecks),
            answer_spot_checks: may(Action::AnswerSpotChecks),
            visit_kinds: if may(Action::RecordVisit) { policy::visits::recordable(role) } else { Vec::new() },
        }
    }
}
