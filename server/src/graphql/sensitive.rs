//! Accountability for reads: every clear read of a sensitive field during a
//! request is noted here and written as one audit entry when the request
//! ends. If that entry cannot be written, the response is withheld.

use std::{
    collections::{BTreeMap, BTreeSet},
    sync::Mutex,
};

use async_graphql::Context;
use serde_json::json;
use uuid::Uuid;

use crate::{
    audit::{self, Entry},
    auth::Actor,
    error::AppResult,
};

/// Per-request record of (person, field) pairs read in clear.
#[derive(Default)]
pub struct SensitiveReads(Mutex<BTreeMap<Uuid, BTreeSet<&'static str>>>);

impl SensitiveReads {
    pub fn note(&self, person: Uuid, field: &'static str) {
        if let Ok(mut reads) = self.0.lock() {
            reads.entry(person).or_default().insert(field);
        }
    }

    /// Writes the audit entry for this request, if anything was read.
    pub async fn flush(&self, db: &sea_orm::DatabaseConnection, actor: &Actor) -> AppResult<()> {
        let reads = match self.0.lock() {
            Ok(mut reads) => std::mem::take(&mut *reads),
            // A panic while holding the lock cannot happen in `note`; treat a
            // poisoned lock as "nothing recorded" rather than fail the read.
            Err(_) => return Ok(()),
        };
        if reads.is_empty() {
            return Ok(());
        }
        let single = (reads.len() == 1).then(|| reads.keys().next().copied()).flatten();
        let detail = json!({
            "people": reads.len(),
            "reads": reads.iter().map(|(id, fields)| json!({ "person": id, "fields": fields })).collect::<Vec<_>>(),
        });
        let entry = Entry {
            action: "person.read_sensitive",
            target_type: Some("person"),
            target_id: single,
            person_id: single,
            reason: None,
            outcome: "OK",
            detail,
        };
        audit::record_alone(db, Some(actor), &actor.meta, entry).await
    }
}

/// Notes a clear read of `field` of `person` in this request.
pub fn note(ctx: &Context<'_>, person: Uuid, field: &'static str) {
    // The handler keeps its own handle to flush after execution.
    if let Ok(reads) = ctx.data::<std::sync::Arc<SensitiveReads>>() {
        reads.note(person, field);
    }
}
