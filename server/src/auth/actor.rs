//! The authenticated caller of one request, re-read from the database on
//! every request so that a deactivation or a move to another region takes
//! effect at once, not when the token expires; and a token of an earlier
//! session generation (before a password reset, a re-activation, a change
//! of role or region) is refused.

use entity::{Role, region, user};
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use super::jwt::Session;
use crate::error::{AppError, AppResult};

/// Where a request came from, for the audit log.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub request_id: Option<String>,
    pub ip: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Uuid,
    pub role: Role,
    pub region_id: Uuid,
    /// The statistical code of the bound region (logged in audit entries).
    pub region_code: String,
    /// The bound region's subtree as a scope-key range (see `region::scope_span`).
    /// Read only by `policy::scope`, so every row-scope decision is made there.
    pub key_lo: i64,
    pub key_hi: i64,
    pub meta: RequestMeta,
}

impl Actor {
    /// The user of `session` if the account is in force and the session
    /// current, or `Unauthenticated` (deactivated, pending or refused
    /// accounts, tokens of an ended session).
    pub async fn load(db: &impl ConnectionTrait, session: Session, meta: RequestMeta) -> AppResult<Self> {
        let user = user::Entity::find_by_id(session.user).one(db).await?;
        let Some(user) = user.filter(|u| u.in_force() && u.session_generation == session.generation) else {
            return Err(AppError::Unauthenticated);
        };
        let region = region::Entity::find_by_id(user.region_id).one(db).await?;
        let region = region.ok_or_else(|| AppError::internal("user bound to a missing region"))?;
        Ok(Self::from_models(&user, &region, meta))
    }

    pub fn from_models(u: &user::Model, r: &region::Model, meta: RequestMeta) -> Self {
        Self {
            user_id: u.id,
            role: u.role,
            region_id: r.id,
            region_code: r.code.clone(),
            key_lo: r.key_lo,
            key_hi: r.key_hi,
            meta,
        }
    }

    /// A dashboard token's caller: bound to the token's region, with the
    /// token's id standing in for a user in the audit log.
    pub fn dashboard(token_id: Uuid, r: &region::Model, meta: RequestMeta) -> Self {
        Self {
            user_id: token_id,
            role: Role::Dashboard,
            region_id: r.id,
            region_code: r.code.clone(),
            key_lo: r.key_lo,
            key_hi: r.key_hi,
            meta,
        }
    }
}
