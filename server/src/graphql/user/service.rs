use entity::user;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde_json::json;

use crate::{
    audit::{self, Entry},
    auth::{actor::RequestMeta, password},
    error::{AppError, AppResult},
    graphql::context::AppState,
};

/// Checks a username and password. Unknown user, wrong password and
/// deactivated account all fail the same way and take the same time.
pub async fn login(
    state: &AppState,
    username: &str,
    plain: &str,
    meta: &RequestMeta,
) -> AppResult<(String, chrono::DateTime<chrono::Utc>, user::Model)> {
    let db: &DatabaseConnection = &state.db;
    let found = user::Entity::find().filter(user::Column::Username.eq(username.trim())).one(db).await?;
    let hash = found.as_ref().map(|u| u.password_hash.clone());
    // argon2 is deliberately slow; keep it off the async workers.
    let plain = plain.to_owned();
    let verified = tokio::task::spawn_blocking(move || password::verify(&plain, hash.as_deref()))
        .await
        .map_err(AppError::internal)?;
    let user = match found {
        Some(u) if verified && u.active => u,
        other => {
            let entry = Entry {
                action: "login.failed",
                target_type: other.as_ref().map(|_| "user"),
                target_id: other.as_ref().map(|u| u.id),
                person_id: None,
                reason: None,
                outcome: "DENIED",
                detail: json!({}),
            };
            audit::record(db, None, meta, entry).await?;
            return Err(AppError::Unauthenticated);
        }
    };
    let (token, expires) = state.jwt.issue(user.id, state.settings.token_ttl)?;
    let entry = Entry::write("login.success", "user", user.id, json!({}));
    audit::record(db, None, meta, Entry { target_type: Some("user"), ..entry }).await?;
    Ok((token, expires, user))
}
