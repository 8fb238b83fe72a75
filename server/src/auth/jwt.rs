//! Login tokens: HS256 JWTs with `exp`, `iss` and `aud` all required.

use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{AppError, AppResult};

pub const ISSUER: &str = "liushou";
pub const AUDIENCE: &str = "liushou-api";

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: Uuid,
    /// The account's session generation at login. Tokens issued before
    /// this claim existed read as generation 0, which every account had
    /// until its first change that ends sessions.
    #[serde(default)]
    generation: i32,
    iat: i64,
    exp: i64,
    iss: String,
    aud: String,
}

/// What a valid token says: whose it is and of which session generation
/// (compared with the account's on every request, see `Actor::load`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    pub user: Uuid,
    pub generation: i32,
}

/// Signs and checks tokens with one shared secret.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl JwtKeys {
    pub fn new(secret: &[u8]) -> anyhow::Result<Self> {
        // Only HS256 is accepted; `alg: none` or any other algorithm in a
        // presented token fails validation.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 30;
        Ok(Self {
            encoding: EncodingKey::from_secret(secret)?,
            decoding: DecodingKey::from_secret(secret)?,
            validation,
        })
    }

    /// A token for `session` and its expiry time.
    pub fn issue(&self, session: Session, ttl: std::time::Duration) -> AppResult<(String, chrono::DateTime<Utc>)> {
        let now = Utc::now();
        let expires = now + chrono::Duration::from_std(ttl).map_err(AppError::internal)?;
        let claims = Claims {
            sub: session.user,
            generation: session.generation,
            iat: now.timestamp(),
            exp: expires.timestamp(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(AppError::internal)?;
        Ok((token, expires))
    }

    /// HMAC-SHA256 of `message` under the token secret, base64url: a keyed
    /// hash that cannot be recomputed from the database alone.
    pub fn mac(&self, message: &[u8]) -> AppResult<String> {
        jsonwebtoken::crypto::sign(message, &self.encoding, Algorithm::HS256).map_err(AppError::internal)
    }

    /// The session of a valid token. Every failure is the same error: the
    /// caller learns nothing about why.
    pub fn verify(&self, token: &str) -> AppResult<Session> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| Session { user: data.claims.sub, generation: data.claims.generation })
            .map_err(|err| {
                tracing::debug!(kind = ?err.kind(), "token rejected");
                AppError::Unauthenticated
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> JwtKeys {
        JwtKeys::new(b"0123456789abcdef0123456789abcdef").unwrap()
    }

    #[test]
    fn an_issued_token_verifies_to_its_user_and_generation() {
        let session = Session { user: Uuid::now_v7(), generation: 3 };
        let (token, _) = keys().issue(session, std::time::Duration::from_secs(60)).unwrap();
        assert_eq!(keys().verify(&token).unwrap(), session);
    }

    #[test]
    fn a_token_signed_with_another_key_is_refused() {
        let other = JwtKeys::new(b"another-secret-another-secret-xx").unwrap();
        let session = Session { user: Uuid::now_v7(), generation: 0 };
        let (token, _) = other.issue(session, std::time::Duration::from_secs(60)).unwrap();
        assert!(matches!(keys().verify(&token), Err(AppError::Unauthenticated)));
    }
}
