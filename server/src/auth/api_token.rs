//! Read-only API tokens for third-party dashboards: `lsk_` and 64 hex
//! characters, shown once at creation; only a SHA-256 hash is stored, so a
//! database leak does not leak usable tokens.

use chrono::Utc;
use entity::{api_token, region};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use sha2::{Digest as _, Sha256};

use super::{Actor, actor::RequestMeta};
use crate::{
    config::random_hex,
    error::{AppError, AppResult},
};

pub const PREFIX: &str = "lsk_";

/// A fresh token and the hash to store.
pub fn generate() -> (String, String) {
    let plain = format!("{PREFIX}{}", random_hex(32));
    let hash = hash(&plain);
    (plain, hash)
}

pub fn hash(plain: &str) -> String {
    Sha256::digest(plain.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

pub fn looks_like(token: &str) -> bool {
    token.starts_with(PREFIX)
}

/// The dashboard behind a token: unknown, revoked and expired tokens are all
/// `UNAUTHENTICATED`, re-checked on every request.
pub async fn authenticate(db: &impl ConnectionTrait, plain: &str, meta: RequestMeta) -> AppResult<Actor> {
    let token = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash(plain)))
        .one(db)
        .await?
        .filter(|t| t.revoked_at.is_none() && t.expires_at.is_none_or(|at| at > Utc::now()))
        .ok_or(AppError::Unauthenticated)?;
    let region = region::Entity::find_by_id(token.region_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("API token bound to a missing region"))?;
    Ok(Actor::dashboard(token.id, &region, meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_prefixed_random_and_stored_only_as_hashes() {
        let (a, hash_a) = generate();
        let (b, _) = generate();
        assert!(looks_like(&a) && a.len() == PREFIX.len() + 64);
        assert_ne!(a, b);
        assert_eq!(hash(&a), hash_a);
        assert!(!hash_a.contains(&a[PREFIX.len()..]));
    }
}
