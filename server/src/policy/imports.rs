//! Who may bring ledgers in (`POST /imports/people`, `liushou import
//! people`).
//!
//! A town imports for its villages: it keeps the registry there and answers
//! for it. The district may check a file against the whole district (to
//! see what a town's ledger would do) but does not write it: the district
//! does not edit records ([`super::allows`]), and a district-wide write
//! needs an admin's approval, which is not built yet. Grid and village
//! workers register people one by one in the app.

use super::{Action, may};
use crate::{auth::Actor, error::AppResult};

/// The dry run: rows are checked against the caller's jurisdiction only.
pub fn may_check(actor: &Actor) -> AppResult<()> {
    may(actor, Action::CheckImport)
}

/// The commit.
pub fn may_commit(actor: &Actor) -> AppResult<()> {
    may(actor, Action::CommitImport)
}
