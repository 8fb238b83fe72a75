use async_graphql::{ID, InputObject, Json, Object};
use chrono::{DateTime, Utc};
use entity::audit_log;

use crate::{
    audit,
    error::{AppResult, FieldErrors},
    graphql::ids::{self, to_id},
};

/// One accountable event. Values of sensitive fields never appear here,
/// only which field of which person was written or read, and why.
pub struct AuditEntry(pub audit_log::Model);

#[Object]
impl AuditEntry {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    /// Position in the hash chain.
    async fn seq(&self) -> i64 {
        self.0.seq
    }

    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }

    /// The user or API token; `null` for the system and anonymous logins.
    async fn actor_id(&self) -> Option<ID> {
        self.0.actor_id.map(to_id)
    }

    async fn actor_role(&self) -> Option<&str> {
        self.0.actor_role.as_deref()
    }

    /// Statistical code of the actor's region at the time.
    async fn actor_region(&self) -> Option<&str> {
        self.0.actor_region.as_deref()
    }

    /// e.g. `person.update`, `person.reveal_id_number`, `login.failed`.
    async fn action(&self) -> &str {
        &self.0.action
    }

    async fn target_type(&self) -> Option<&str> {
        self.0.target_type.as_deref()
    }

    async fn target_id(&self) -> Option<ID> {
        self.0.target_id.map(to_id)
    }

    /// The person concerned, if any.
    async fn person_id(&self) -> Option<ID> {
        self.0.person_id.map(to_id)
    }

    /// The reason given (reveals, rejections).
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }

    async fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    async fn ip(&self) -> Option<&str> {
        self.0.ip.as_deref()
    }

    /// `OK`, `DENIED`, `RATE_LIMITED`…
    async fn outcome(&self) -> &str {
        &self.0.outcome
    }

    /// What changed (`{field: {before, after}}` with sensitive values as
    /// fingerprints), or which fields were read.
    async fn detail(&self) -> Json<serde_json::Value> {
        Json(self.0.detail.clone())
    }
}

#[derive(InputObject, Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor_id: Option<ID>,
    /// The record acted on (household, person, user, token…).
    pub target_id: Option<ID>,
    pub person_id: Option<ID>,
    /// Exact action, e.g. `person.reveal_id_number`.
    pub action: Option<String>,
    /// From this time on (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Before this time.
    pub to: Option<DateTime<Utc>>,
}

impl AuditFilter {
    pub fn parse(self) -> AppResult<audit::list::AuditFilter> {
        let mut e = FieldErrors::default();
        let actor_id = ids::collect(&mut e, self.actor_id.as_ref(), "filter.actorId");
        let target_id = ids::collect(&mut e, self.target_id.as_ref(), "filter.targetId");
        let person_id = ids::collect(&mut e, self.person_id.as_ref(), "filter.personId");
        e.into_result()?;
        Ok(audit::list::AuditFilter {
            actor_id,
            target_id,
            person_id,
            action: self.action,
            from: self.from,
            to: self.to,
        })
    }
}
