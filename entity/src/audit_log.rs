//! Append-only accountability record: every write, every clear read of a
//! sensitive field. Values themselves are never stored here, only hashes.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    /// Insertion order; the hash chain follows it.
    #[sea_orm(primary_key)]
    pub seq: i64,
    pub id: Uuid,
    pub at: DateTimeUtc,
    pub actor_id: Option<Uuid>,
    pub actor_role: Option<String>,
    pub actor_region: Option<String>,
    /// e.g. `person.update`, `person.reveal_id_number`, `login.failed`.
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub reason: Option<String>,
    pub request_id: Option<String>,
    pub ip: Option<String>,
    pub outcome: String,
    pub detail: Json,
    /// The hash of the previous row of the same chain.
    pub prev_hash: String,
    pub hash: String,
    /// Which chain the row belongs to: 0 for writes, 1–16 for reads.
    pub chain: i16,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
