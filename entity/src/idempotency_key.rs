//! A client's `Idempotency-Key` on a create mutation or `recordVisit`: who
//! sent it, a keyed hash of the request, and, once done, the id of the
//! record the request created. No request or response content is kept.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_key")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// The mutation field, e.g. `recordVisit`.
    pub operation: String,
    /// HMAC-SHA256 of the request (query, variables, operation name),
    /// base64url: a replay must be the same request.
    pub fingerprint: String,
    /// Random per attempt: only the attempt holding the claim may record a result.
    pub claim: Uuid,
    /// An attempt still without a result after this has died; another may take over.
    pub lease_until: DateTimeUtc,
    /// The created record; `None` while the first attempt runs.
    pub result_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
