//! What reading a whole list needs beyond row scope, for the lists whose
//! rows are someone's data of a guarded kind: the GraphQL list and its
//! export (`policy::exports`) check the same function, so they cannot drift.

use super::{
    Action,
    fields::{self, Field},
    may,
};
use crate::{auth::Actor, error::AppResult};

/// `visits`: every column of a visit is visit data.
pub fn visits(actor: &Actor) -> AppResult<()> {
    may(actor, Action::ReadRegistry)?;
    fields::require_clear(actor, Field::Visit)
}

/// `alerts`: an alert says that a child was found in danger.
pub fn alerts(actor: &Actor) -> AppResult<()> {
    may(actor, Action::ReadRegistry)?;
    fields::require_clear(actor, Field::Classification)
}

/// `dueVisits`: the visits the caller owes.
pub fn worklist(actor: &Actor) -> AppResult<()> {
    may(actor, Action::RecordVisit)?;
    fields::require_clear(actor, Field::Visit)?;
    // A care reason says that someone is classified, and at which level.
    fields::require_clear(actor, Field::Classification)
}
