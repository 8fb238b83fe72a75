//! Households (户): the scoped list, and writes (validation, optimistic
//! locking, history and audit in one transaction).

use crate::db::Db;
use chrono::Utc;
use entity::{
    EconomicStatus, RegionLevel, classification, household, household_visit_mark, person, region, relative, visit,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait, Select, sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    auth::Actor,
    db,
    db::search,
    discovery,
    error::{AppError, AppResult, FieldErrors, messages as msg},
    policy::{
        self, Action,
        fields::{self, Field},
        scope,
    },
    validate,
    versioned::{self, Audit},
};

/// Fields whose values never enter the audit log in clear.
const SENSITIVE: &[&str] = &["address", "lat", "lng"];

/// A household's facts as staff send them, before validation.
#[derive(Debug, Clone)]
pub struct HouseholdFacts {
    /// A village or grid in the caller's jurisdiction.
    pub region_id: Uuid,
    pub address: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    /// Defaults to `GENERAL`.
    pub economic_status: Option<EconomicStatus>,
}

#[derive(Debug, Clone, Default)]
pub struct HouseholdFilter {
    /// Only households in this region's subtree.
    pub region_id: Option<Uuid>,
    pub economic_status: Option<EconomicStatus>,
    pub address_contains: Option<String>,
}

/// Households in the caller's jurisdiction matching `filter`; searching by
/// address needs the right to read addresses in clear.
pub async fn list(db: &Db, actor: &Actor, filter: HouseholdFilter) -> AppResult<Select<household::Entity>> {
    policy::may(actor, Action::ReadRegistry)?;
    let mut select = household::Entity::find().filter(scope::registry(actor, household::Column::ScopeKey));
    if let Some(region) = filter.region_id {
        select = select.filter(scope::within_region(db, actor, region, household::Column::ScopeKey).await?);
    }
    if let Some(status) = filter.economic_status {
        select = select.filter(household::Column::EconomicStatus.eq(status));
    }
    if let Some(text) = search::needle(filter.address_contains.as_deref(), "filter.addressContains")? {
        fields::require_clear(actor, Field::Location)?;
        select = select.filter(search::contains(household::Column::Address, &text));
    }
    Ok(select)
}

/// A validated [`HouseholdFacts`].
struct Valid {
    region: region::Model,
    address: String,
    lat: Option<f64>,
    lng: Option<f64>,
    economic_status: EconomicStatus,
}

async fn validate(db: &impl ConnectionTrait, actor: &Actor, input: HouseholdFacts) -> AppResult<Valid> {
    let mut errors = FieldErrors::default();
    let region = region::Entity::find_by_id(input.region_id)
        .filter(scope::regions(actor, region::Column::KeyLo))
        .one(db)
        .await?;
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

pub async fn create(db: &Db, actor: &Actor, input: HouseholdFacts) -> AppResult<household::Model> {
    policy::may(actor, Action::EditRegistry)?;
    let txn = db::begin_write(db).await?;
    let valid = validate(&txn, actor, input).await?;
    let now = Utc::now();
    let blank = household::Model {
        id: Uuid::now_v7(),
        region_id: valid.region.id,
        scope_key: valid.region.key_lo,
        address: String::new(),
        lat: None,
        lng: None,
        economic_status: EconomicStatus::General,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let audit = Audit::diff("household.create", SENSITIVE);
    let model = versioned::create::<household::Entity>(&txn, actor, apply(valid, blank), audit).await?;
    crate::idempotency::complete(&txn, model.id).await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    version: i32,
    input: HouseholdFacts,
) -> AppResult<household::Model> {
    policy::may(actor, Action::EditRegistry)?;
    let txn = db::begin_write(db).await?;
    let scoped = household::Entity::find_by_id(id).filter(scope::registry(actor, household::Column::ScopeKey));
    let current = versioned::current(&txn, scoped, Some(version)).await?;
    let valid = validate(&txn, actor, input).await?;
    let updated = apply(valid, current.clone());
    // The region (rural or not) and the economic status feed the rules.
    let updated = versioned::update_then::<household::Entity>(
        &txn,
        actor,
        &current,
        updated,
        Audit::diff("household.update", SENSITIVE),
        async |updated| {
            if updated.scope_key != current.scope_key {
                follow(&txn, id, updated.scope_key).await?;
            }
            db::as_system(&txn, scope::rows(actor), discovery::after_household_write(&txn, updated, &actor.meta))
                .await?;
            Ok(())
        },
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// `base` with the checked facts in place; the scope key is the region's.
fn apply(valid: Valid, base: household::Model) -> household::Model {
    household::Model {
        region_id: valid.region.id,
        scope_key: valid.region.key_lo,
        address: valid.address,
        lat: valid.lat,
        lng: valid.lng,
        economic_status: valid.economic_status,
        ..base
    }
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
