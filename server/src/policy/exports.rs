//! Who may take which list out as a spreadsheet (`GET /exports/..`). An
//! export is a read of the same rows and fields as the list in the app, so
//! it needs exactly the right that list needs; the field policy then applies
//! to each column as to each GraphQL field ([`super::rules::verdict`]).

use super::{Action, lists, may};
use crate::{auth::Actor, error::AppResult};

/// The lists that can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportList {
    Households,
    People,
    Classifications,
    Visits,
    Alerts,
    /// The caller's own work list (`dueVisits`).
    DueVisits,
}

/// Whether `actor` may export `list` at all; rows are scoped and columns
/// masked as the list's own reads are.
pub fn may_export(actor: &Actor, list: ExportList) -> AppResult<()> {
    match list {
        ExportList::Households | ExportList::People | ExportList::Classifications => may(actor, Action::ReadRegistry),
        ExportList::Visits => lists::visits(actor),
        ExportList::Alerts => lists::alerts(actor),
        ExportList::DueVisits => lists::worklist(actor),
    }
}

/// The import template holds no personal data, but it is for staff who
/// keep the registry: any account that reads it (not dashboards or admins).
pub fn may_get_template(actor: &Actor) -> AppResult<()> {
    may(actor, Action::ReadRegistry)
}
