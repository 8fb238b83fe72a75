//! The visits a caller may read, and the scoped, filtered select behind
//! `visits`.

use chrono::{DateTime, Utc};
use entity::{VisitKind, visit, visit_person};
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, QuerySelect as _, QueryTrait as _, Select};
use uuid::Uuid;

use crate::{
    auth::Actor,
    db::Db,
    error::AppResult,
    policy::{self, scope},
};

/// What `visits(filter:)` narrows by.
#[derive(Debug, Clone, Default)]
pub struct VisitFilter {
    /// Only visits to households in this region's subtree.
    pub region_id: Option<Uuid>,
    pub household_id: Option<Uuid>,
    /// Only visits that saw this person.
    pub person_id: Option<Uuid>,
    pub kind: Option<VisitKind>,
    /// Visited at or after.
    pub visited_from: Option<DateTime<Utc>>,
    /// Visited before.
    pub visited_to: Option<DateTime<Utc>>,
    pub follow_up: Option<bool>,
}

/// Visits the caller may read at all, in the caller's jurisdiction.
pub fn visible(actor: &Actor) -> AppResult<Select<visit::Entity>> {
    policy::lists::visits(actor)?;
    Ok(visit::Entity::find().filter(scope::registry(actor, visit::Column::ScopeKey)))
}

pub async fn list(db: &Db, actor: &Actor, filter: VisitFilter) -> AppResult<Select<visit::Entity>> {
    let mut select = visible(actor)?;
    if let Some(region) = filter.region_id {
        select = select.filter(scope::within_region(db, actor, region, visit::Column::ScopeKey).await?);
    }
    if let Some(household) = filter.household_id {
        select = select.filter(visit::Column::HouseholdId.eq(household));
    }
    if let Some(person) = filter.person_id {
        let seen = visit_person::Entity::find()
            .select_only()
            .column(visit_person::Column::VisitId)
            .filter(visit_person::Column::PersonId.eq(person))
            .into_query();
        select = select.filter(visit::Column::Id.in_subquery(seen));
    }
    if let Some(kind) = filter.kind {
        select = select.filter(visit::Column::Kind.eq(kind));
    }
    if let Some(from) = filter.visited_from {
        select = select.filter(visit::Column::VisitedAt.gte(from));
    }
    if let Some(to) = filter.visited_to {
        select = select.filter(visit::Column::VisitedAt.lt(to));
    }
    if let Some(follow_up) = filter.follow_up {
        select = select.filter(visit::Column::FollowUp.eq(follow_up));
    }
    Ok(select)
}
