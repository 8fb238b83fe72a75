//! Batched loading for nested fields (no N+1): one query per field per
//! request level, each scoped to the caller's jurisdiction inside the SQL, so
//! a link to a record outside it (a father registered in another town)
//! resolves to `null` exactly like a missing one.

use crate::db::Db;
use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use entity::{household, person, region};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::{
    auth::Actor,
    error::AppError,
    graphql::classification::loaders::{
        ClassificationsOfHousehold, ClassificationsOfPerson, EventsOfClassification, StaffById,
    },
    graphql::visit::loaders::VisitLoaders,
    policy::scope,
};

/// All loaders of one request.
pub struct Loaders {
    pub region: DataLoader<RegionById>,
    pub household: DataLoader<HouseholdById>,
    pub person: DataLoader<PersonById>,
    pub members: DataLoader<MembersOfHousehold>,
    pub visits: VisitLoaders,
    pub person_classifications: DataLoader<ClassificationsOfPerson>,
    pub household_classifications: DataLoader<ClassificationsOfHousehold>,
    pub classification_events: DataLoader<EventsOfClassification>,
    pub staff: DataLoader<StaffById>,
}

impl Loaders {
    pub fn new(db: &Db, actor: &Actor) -> Self {
        let spawn = |fut| tokio::spawn(fut);
        Self {
            region: DataLoader::new(
                RegionById { db: db.clone(), scope: scope::regions(actor, region::Column::KeyLo) },
                spawn,
            ),
            household: DataLoader::new(
                HouseholdById { db: db.clone(), scope: scope::registry(actor, household::Column::ScopeKey) },
                spawn,
            ),
            person: DataLoader::new(
                PersonById { db: db.clone(), scope: scope::registry(actor, person::Column::ScopeKey) },
                spawn,
            ),
            members: DataLoader::new(
                MembersOfHousehold { db: db.clone(), scope: scope::registry(actor, person::Column::ScopeKey) },
                spawn,
            ),
            visits: VisitLoaders::new(db, actor),
            person_classifications: DataLoader::new(
                ClassificationsOfPerson {
                    db: db.clone(),
                    scope: scope::registry(actor, entity::classification::Column::ScopeKey),
                },
                spawn,
            ),
            household_classifications: DataLoader::new(
                ClassificationsOfHousehold { db: db.clone(), scope: scope::registry(actor, person::Column::ScopeKey) },
                spawn,
            ),
            classification_events: DataLoader::new(EventsOfClassification { db: db.clone() }, spawn),
            staff: DataLoader::new(StaffById { db: db.clone() }, spawn),
        }
    }
}

macro_rules! by_id_loader {
    ($name:ident, $entity:ident) => {
        pub struct $name {
            db: Db,
            scope: Condition,
        }

        impl Loader<Uuid> for $name {
            type Value = $entity::Model;
            type Error = AppError;

            async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
                let rows = $entity::Entity::find()
                    .filter($entity::Column::Id.is_in(keys.iter().copied()))
                    .filter(self.scope.clone())
                    .all(&self.db)
                    .await?;
                Ok(rows.into_iter().map(|row| (row.id, row)).collect())
            }
        }
    };
}

by_id_loader!(RegionById, region);
by_id_loader!(HouseholdById, household);
by_id_loader!(PersonById, person);

/// The people of each household, in registration order.
pub struct MembersOfHousehold {
    db: Db,
    scope: Condition,
}

impl Loader<Uuid> for MembersOfHousehold {
    type Value = Vec<person::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = person::Entity::find()
            .filter(person::Column::HouseholdId.is_in(keys.iter().copied()))
            .filter(self.scope.clone())
            .order_by_asc(person::Column::Id)
            .all(&self.db)
            .await?;
        let mut out: HashMap<Uuid, Vec<person::Model>> = HashMap::new();
        for row in rows {
            out.entry(row.household_id).or_default().push(row);
        }
        Ok(out)
    }
}
