//! The scoped, filtered select behind `people`.

use entity::{ResidenceStatus, person};
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, Select};
use uuid::Uuid;

use crate::{
    auth::Actor,
    db::{Db, search},
    error::{AppError, AppResult},
    policy::{
        self, Action,
        fields::{self, Field},
        scope,
    },
    validate,
};

#[derive(Debug, Clone, Default)]
pub struct PersonFilter {
    /// Only people in this region's subtree.
    pub region_id: Option<Uuid>,
    pub household_id: Option<Uuid>,
    pub residence_status: Option<ResidenceStatus>,
    pub name_contains: Option<String>,
    /// Exact mobile number.
    pub phone: Option<String>,
}

/// People in the caller's jurisdiction matching `filter`. Searching by a
/// value the caller may not read in clear is refused: the answer would
/// reveal it.
pub async fn list(db: &Db, actor: &Actor, filter: PersonFilter) -> AppResult<Select<person::Entity>> {
    policy::may(actor, Action::ReadRegistry)?;
    let mut select = person::Entity::find().filter(scope::registry(actor, person::Column::ScopeKey));
    if let Some(region) = filter.region_id {
        select = select.filter(scope::within_region(db, actor, region, person::Column::ScopeKey).await?);
    }
    if let Some(household) = filter.household_id {
        select = select.filter(person::Column::HouseholdId.eq(household));
    }
    if let Some(status) = filter.residence_status {
        select = select.filter(person::Column::ResidenceStatus.eq(status));
    }
    if let Some(text) = search::needle(filter.name_contains.as_deref(), "filter.nameContains")? {
        fields::require_clear(actor, Field::PersonName)?;
        select = select.filter(search::contains(person::Column::Name, &text));
    }
    if let Some(raw) = filter.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        fields::require_clear(actor, Field::Phone)?;
        let phone = validate::phone(raw).map_err(|m| AppError::invalid("filter.phone", m))?;
        select = select.filter(person::Column::Phone.eq(phone));
    }
    Ok(select)
}
