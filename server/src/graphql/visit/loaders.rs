//! Batched loading for visit fields: the marks behind
//! `Household.lastVisitAt`, and each household's next due date.

use crate::db::Db;
use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use chrono::{DateTime, Utc};
use entity::household_visit_mark;
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
use uuid::Uuid;

use crate::{
    auth::Actor,
    error::AppError,
    graphql::spans,
    policy::scope::{self, KeyRange},
    visits::{
        due::{self, Request, Window},
        schedule::{Obligation, Schedule},
        sources::Filter,
    },
};

pub struct VisitLoaders {
    pub mark: DataLoader<MarkByHousehold>,
    pub next_due: DataLoader<NextDue>,
}

impl VisitLoaders {
    pub fn new(db: &Db, actor: &Actor) -> Self {
        Self {
            mark: DataLoader::new(MarkByHousehold { db: db.clone() }, spans::loader("visit_mark")),
            next_due: DataLoader::new(
                NextDue { db: db.clone(), keys: scope::key_range(actor) },
                spans::loader("next_due"),
            ),
        }
    }
}

/// Marks by household id. Callers pass ids of households they already
/// loaded within scope; a mark holds times only.
pub struct MarkByHousehold {
    db: Db,
}

impl Loader<Uuid> for MarkByHousehold {
    type Value = household_visit_mark::Model;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, AppError> {
        let rows = household_visit_mark::Entity::find()
            .filter(household_visit_mark::Column::HouseholdId.is_in(keys.iter().copied()))
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|m| (m.household_id, m)).collect())
    }
}

/// The earliest due date among everything each household is owed (its
/// sweeps, its members' care, open requests), met or not.
pub struct NextDue {
    db: Db,
    keys: KeyRange,
}

impl Loader<Uuid> for NextDue {
    type Value = DateTime<Utc>;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, DateTime<Utc>>, AppError> {
        let schedule = Schedule::load(&self.db).await?;
        let filter = Filter { keys: self.keys, households: Some(keys.to_vec()) };
        let req = Request {
            filter: &filter,
            obligations: &Obligation::ALL,
            window: Window::All,
            now: Utc::now(),
            after: None,
            limit: None,
        };
        let mut out: HashMap<Uuid, DateTime<Utc>> = HashMap::new();
        // Sorted by due date: the first item per household is its earliest.
        for item in due::list(&self.db, &schedule, &req).await? {
            out.entry(item.household_id).or_insert(item.due_at);
        }
        Ok(out)
    }
}
