//! Batched loading of classifications for nested fields (`Person.
//! classifications`, `Household.classifications`, `Classification.history`,
//! `decidedBy`): one query per field per request level, scoped in the SQL.

use crate::db::Db;
use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use entity::{classification, classification_event, person, user};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::error::AppError;

/// Every classification of each person (all statuses), oldest first.
pub struct ClassificationsOfPerson {
    pub db: Db,
    pub scope: Condition,
}

impl Loader<Uuid> for ClassificationsOfPerson {
    type Value = Vec<classification::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = classification::Entity::find()
            .filter(classification::Column::PersonId.is_in(keys.iter().copied()))
            .filter(self.scope.clone())
            .order_by_asc(classification::Column::Id)
            .all(&self.db)
            .await?;
        // Every key answered, none too: the request's cache then knows a
        // person without classifications as well as one with.
        let mut out: HashMap<Uuid, Vec<_>> = keys.iter().map(|k| (*k, Vec::new())).collect();
        for row in rows {
            out.entry(row.person_id).or_default().push(row);
        }
        Ok(out)
    }
}

/// Every classification of each household's members.
pub struct ClassificationsOfHousehold {
    pub db: Db,
    /// Scope of people; classifications share their person's scope key.
    pub scope: Condition,
}

impl Loader<Uuid> for ClassificationsOfHousehold {
    type Value = Vec<classification::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let members: Vec<(Uuid, Uuid)> = person::Entity::find()
            .select_only()
            .columns([person::Column::Id, person::Column::HouseholdId])
            .filter(person::Column::HouseholdId.is_in(keys.iter().copied()))
            .filter(self.scope.clone())
            .into_tuple()
            .all(&self.db)
            .await?;
        let household_of: HashMap<Uuid, Uuid> = members.into_iter().collect();
        let rows = classification::Entity::find()
            .filter(classification::Column::PersonId.is_in(household_of.keys().copied()))
            .order_by_asc(classification::Column::Id)
            .all(&self.db)
            .await?;
        let mut out: HashMap<Uuid, Vec<_>> = HashMap::new();
        for row in rows {
            if let Some(household) = household_of.get(&row.person_id) {
                out.entry(*household).or_default().push(row);
            }
        }
        Ok(out)
    }
}

/// The transitions of each classification, in order. Callers reach a
/// classification only through a scoped query, so no scope is repeated here.
pub struct EventsOfClassification {
    pub db: Db,
}

impl Loader<Uuid> for EventsOfClassification {
    type Value = Vec<classification_event::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = classification_event::Entity::find()
            .filter(classification_event::Column::ClassificationId.is_in(keys.iter().copied()))
            .order_by_asc(classification_event::Column::At)
            .order_by_asc(classification_event::Column::Id)
            .all(&self.db)
            .await?;
        let mut out: HashMap<Uuid, Vec<_>> = HashMap::new();
        for row in rows {
            out.entry(row.classification_id).or_default().push(row);
        }
        Ok(out)
    }
}

/// Staff accounts by id, for "who decided" (name and role only are shown).
pub struct StaffById {
    pub db: Db,
}

impl Loader<Uuid> for StaffById {
    type Value = user::Model;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = user::Entity::find().filter(user::Column::Id.is_in(keys.iter().copied())).all(&self.db).await?;
        Ok(rows.into_iter().map(|u| (u.id, u)).collect())
    }
}
