use crate::db::Db;
use chrono::{DateTime, Utc};
use entity::{api_token, region};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, Select};
use serde_json::json;
use uuid::Uuid;

use crate::{
    audit::{self, Entry},
    auth::{Actor, api_token as tokens},
    db,
    error::{AppError, AppResult, FieldErrors, messages as msg},
    policy::{self, Action, scope},
    validate,
};

/// Tokens of regions inside the admin's subtree.
pub fn visible(actor: &Actor) -> AppResult<Select<api_token::Entity>> {
    policy::may(actor, Action::ManageUsers)?;
    Ok(api_token::Entity::find().filter(api_token::Column::RegionId.in_subquery(scope::region_ids(actor))))
}

pub async fn create(
    db: &Db,
    actor: &Actor,
    name: &str,
    region_id: Uuid,
    expires_at: Option<DateTime<Utc>>,
) -> AppResult<(String, api_token::Model)> {
    policy::may(actor, Action::ManageUsers)?;
    let mut e = FieldErrors::default();
    let name = e.check("name", validate::required_text(name, 100));
    if expires_at.is_some_and(|at| at <= Utc::now()) {
        e.add("expiresAt", msg::EXPIRY_NOT_FUTURE);
    }
    let txn = db::begin_write(db).await?;
    let region =
        region::Entity::find_by_id(region_id).filter(scope::regions(actor, region::Column::KeyLo)).one(&txn).await?;
    if region.is_none() {
        e.add("regionId", msg::REGION_NOT_MANAGED);
    }
    e.into_result()?;
    let (Some(name), Some(region)) = (name, region) else {
        return Err(AppError::internal("token validation passed without values"));
    };
    let (plain, hash) = tokens::generate();
    let model = api_token::Model {
        id: Uuid::now_v7(),
        name,
        region_id: region.id,
        token_hash: hash,
        expires_at,
        revoked_at: None,
        created_by: actor.user_id,
        created_at: Utc::now(),
    };
    api_token::Entity::insert(api_token::ActiveModel::from(model.clone())).exec_without_returning(&txn).await?;
    let detail = json!({ "name": model.name, "region": region.code, "expires_at": expires_at });
    audit::record(&txn, Some(actor), &actor.meta, Entry::write("api_token.create", "api_token", model.id, detail))
        .await?;
    crate::idempotency::complete(&txn, model.id).await?;
    txn.commit().await?;
    Ok((plain, model))
}

/// Revokes a token at once. Revoking twice is harmless and returns `true`.
pub async fn revoke(db: &Db, actor: &Actor, id: Uuid) -> AppResult<bool> {
    let txn = db::begin_write(db).await?;
    let token = visible(actor)?.filter(api_token::Column::Id.eq(id)).one(&txn).await?.ok_or(AppError::NotFound)?;
    if token.revoked_at.is_none() {
        let active = api_token::ActiveModel { id: Set(id), revoked_at: Set(Some(Utc::now())), ..Default::default() };
        api_token::Entity::update(active).exec(&txn).await?;
        audit::record(&txn, Some(actor), &actor.meta, Entry::write("api_token.revoke", "api_token", id, json!({})))
            .await?;
    }
    txn.commit().await?;
    Ok(true)
}
