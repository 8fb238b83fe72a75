//! The audit entry for reads of sensitive data: which fields of whom a
//! request read, never the values. Written by the GraphQL field guard and
//! by list exports alike, so both leave the same kind of record.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;
use uuid::Uuid;

use super::Entry;

/// Who an audited read was about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Whom {
    Person(Uuid),
    /// A household with nobody recorded: its own fields were read.
    Household(Uuid),
}

/// (whom, "Type.field") pairs read.
pub type Reads = BTreeMap<Whom, BTreeSet<String>>;

/// One `person.read_sensitive` entry for `reads`.
pub fn entry(reads: &Reads) -> Entry {
    let people: Vec<Uuid> =
        reads.keys().filter_map(|w| if let Whom::Person(id) = w { Some(*id) } else { None }).collect();
    let single = (reads.len() == 1 && people.len() == 1).then(|| people[0]);
    let rows = reads
        .iter()
        .map(|(whom, fields)| match whom {
            Whom::Person(id) => json!({ "person": id, "fields": fields }),
            Whom::Household(id) => json!({ "household": id, "fields": fields }),
        })
        .collect::<Vec<_>>();
    Entry {
        action: "person.read_sensitive",
        target_type: Some("person"),
        target_id: single,
        person_id: single,
        reason: None,
        outcome: "OK",
        detail: json!({ "people": people.len(), "reads": rows }),
    }
}
