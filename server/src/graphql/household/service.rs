//! Household writes: validation, optimistic locking, history and audit in
//! one transaction.

use crate::db::Db;
use chrono::Utc;
use entity::{
    EconomicStatus, RegionLevel, classification, household, household_visit_mark, person, region, relative, visit,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait, sea_query::Expr,
};
use uuid::Uuid;

use super::types::HouseholdInput;
use crate::{
    audit::{self, Entry},
    auth::Actor,
    db, discovery,
    error::{AppError, AppResult, FieldErrors, messages as msg},
    graphql::ids::parse_id,
    history,
    policy::{self, Action, scope},
    validate,
};

/// Fields whose values never enter the audit log in clear.
const SENSITIVE: &[&str] = &["address", "lat", "lng"];

/// A validated [`HouseholdInput`].
struct Valid {
    region: region::Model,
    address: String,
    lat: Option<f64>,
    lng: Option<f64>,
    economic_status: EconomicStatus,
}

async fn validate(db: &impl ConnectionTrait, actor: &Actor, input: HouseholdInput) -> AppResult<Valid> {
    let mut errors = FieldErrors::default();
    let region = match parse_id(&input.region_id, "regionId") {
        Ok(id) => region::Entity::find_by_id(id).filter(scope::regions(actor, region::Column::KeyLo)).one(db).await?,
        Err(_) => None,
    };
    match &region {
        None => errors.add("regionId", msg::REGION_NOT_IN_SCOPE),
        Some(r) if !matches!(r.level, RegionLevel::Village | RegionLevel::Grid) => {
            errors.add("regionId", msg::HOUSEHOLD_REGION_LEVEL)
        }
        Some(_) => {}
    }
    let address = errors.check("address", validate::required_text(&input.address, 200));
    let coords = errors.check("lat", validate::lat_lng(input.lat, input.lng));
    errors.into_result()?;
    match (region, address, coords) {
        (Some(region), Some(address), Some((lat, lng))) => Ok(Valid {
            region,
            address,
            lat,
            lng,
            economic_status: input.economic_status.unwrap_or(EconomicStatus::General),
        }),
        _ => Err(AppError::internal("household validation passed without values")),
    }
}

pub async fn create(db: &Db, actor: &Actor, input: HouseholdInput) -> AppResult<household::Model> {
    policy::may(actor, Action::EditRegistry)?;
    let txn = db::begin_write(db).await?;
    let valid = validate(&txn, actor, input).await?;
    let now = Utc::now();
    let model = household::Model {
        id: Uuid::now_v7(),
        region_id: valid.region.id,
        scope_key: valid.region.key_lo,
        address: valid.address,
        lat: valid.lat,
        lng: valid.lng,
        economic_status: valid.economic_status,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    household::Entity::insert(household::ActiveModel::from(model.clone())).exec_without_returning(&txn).await?;
    let snapshot = serde_json::to_value(&model).map_err(AppError::caused("serialising a snapshot"))?;
    history::record(&txn, "household", model.id, 1, snapshot.clone(), Some(actor.user_id)).await?;
    let detail = audit::diff(None, &snapshot, SENSITIVE);
    audit::record(&txn, Some(actor), &actor.meta, Entry::write("household.create", "household", model.id, detail))
        .await?;
    crate::idempotency::complete(&txn, model.id).await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    input: HouseholdInput,
) -> AppResult<household::Model> {
    policy::may(actor, Action::EditRegistry)?;
    let txn = db::begin_write(db).await?;
    let current = household::Entity::find_by_id(id)
        .filter(scope::registry(actor, household::Column::ScopeKey))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if current.version != version {
        return Err(AppError::stale());
    }
    let valid = validate(&txn, actor, input).await?;
    let updated = household::Model {
        region_id: valid.region.id,
        scope_key: valid.region.key_lo,
        address: valid.address,
        lat: valid.lat,
        lng: valid.lng,
        economic_status: valid.economic_status,
        version: version + 1,
        updated_at: Utc::now(),
        ..current.clone()
    };
    // The version in the WHERE clause makes the check atomic: a concurrent
    // writer that got in after our read leaves zero rows to update.
    let res = household::Entity::update_many()
        .set(household::ActiveModel {
            region_id: Set(updated.region_id),
            scope_key: Set(updated.scope_key),
            address: Set(updated.address.clone()),
            lat: Set(updated.lat),
            lng: Set(updated.lng),
            economic_status: Set(updated.economic_status),
            version: Set(updated.version),
            updated_at: Set(updated.updated_at),
            ..Default::default()
        })
        .filter(household::Column::Id.eq(id))
        .filter(household::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::stale());
    }
    if updated.scope_key != current.scope_key {
        follow(&txn, id, updated.scope_key).await?;
    }
    let before = serde_json::to_value(&current).map_err(AppError::caused("serialising a snapshot"))?;
    let after = serde_json::to_value(&updated).map_err(AppError::caused("serialising a snapshot"))?;
    history::record(&txn, "household", id, updated.version, after.clone(), Some(actor.user_id)).await?;
    // The region (rural or not) and the economic status feed the rules;
    // before the audit entry, whose chain lock must come second.
    db::as_system(&txn, scope::rows(actor), discovery::after_household_write(&txn, &updated, &actor.meta)).await?;
    let detail = audit::diff(Some(&before), &after, SENSITIVE);
    audit::record(&txn, Some(actor), &actor.meta, Entry::write("household.update", "household", id, detail)).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Every copy of a household's scope key follows it into its new region:
/// its members, their classifications and unregistered relatives, its
/// visits and its visit marks.
async fn follow(db: &impl ConnectionTrait, id: Uuid, scope_key: i64) -> AppResult<()> {
    person::Entity::update_many()
        .col_expr(person::Column::ScopeKey, Expr::value(scope_key))
        .filter(person::Column::HouseholdId.eq(id))
        .exec(db)
        .await?;
    let members =
        || person::Entity::find().select_only().column(person::Column::Id).filter(person::Column::HouseholdId.eq(id));
    classification::Entity::update_many()
        .col_expr(classification::Column::ScopeKey, Expr::value(scope_key))
        .filter(classification::Column::PersonId.in_subquery(members().into_query()))
        .exec(db)
        .await?;
    relative::Entity::update_many()
        .col_expr(relative::Column::ScopeKey, Expr::value(scope_key))
        .filter(relative::Column::PersonId.in_subquery(members().into_query()))
        .exec(db)
        .await?;
    visit::Entity::update_many()
        .col_expr(visit::Column::ScopeKey, Expr::value(scope_key))
        .filter(visit::Column::HouseholdId.eq(id))
        .exec(db)
        .await?;
    household_visit_mark::Entity::update_many()
        .col_expr(household_visit_mark::Column::ScopeKey, Expr::value(scope_key))
        .filter(household_visit_mark::Column::HouseholdId.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
