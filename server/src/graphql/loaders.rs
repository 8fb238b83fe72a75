//! Batched loading for nested fields (no N+1): one query per field per
//! request level, each scoped to the caller's jurisdiction inside the SQL, so
//! a link to a record outside it (a father registered in another town)
//! resolves to `null` exactly like a missing one.

use crate::db::Db;
use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use entity::{household, person, region};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::{
    auth::Actor,
    error::AppError,
    graphql::classification::loaders::{
        ClassificationsOfHousehold, ClassificationsOfPerson, EventsOfClassification, StaffById,
    },
    graphql::{
        relative::loaders::RelativesOfPerson, spans, spot_check::loaders::FindingsOfItem, visit::loaders::VisitLoaders,
    },
    policy::scope,
};

/// All loaders of one request.
pub struct Loaders {
    pub region: DataLoader<RegionById>,
    pub household: DataLoader<HouseholdById>,
    pub person: DataLoader<PersonById>,
    /// Cached for the request, so that a list can fetch the members of its
    /// whole page in one statement ([`Loaders::prefetch_members`]) instead
    /// of leaving the batching to timing.
    pub members: DataLoader<MembersOfHousehold, HashMapCache>,
    pub visits: VisitLoaders,
    pub person_classifications: DataLoader<ClassificationsOfPerson, HashMapCache>,
    pub household_classifications: DataLoader<ClassificationsOfHousehold>,
    pub classification_events: DataLoader<EventsOfClassification>,
    pub staff: DataLoader<StaffById>,
    pub spot_check_findings: DataLoader<FindingsOfItem, HashMapCache>,
    pub relatives: DataLoader<RelativesOfPerson>,
}

impl Loaders {
    pub fn new(db: &Db, actor: &Actor) -> Self {
        Self {
            region: DataLoader::new(
                RegionById { db: db.clone(), scope: scope::regions(actor, region::Column::KeyLo) },
                spans::loader("region"),
            ),
            household: DataLoader::new(
                HouseholdById { db: db.clone(), scope: scope::registry(actor, household::Column::ScopeKey) },
                spans::loader("household"),
            ),
            person: DataLoader::new(
                PersonById { db: db.clone(), scope: scope::registry(actor, person::Column::ScopeKey) },
                spans::loader("person"),
            ),
            members: DataLoader::with_cache(
                MembersOfHousehold { db: db.clone(), scope: scope::registry(actor, person::Column::ScopeKey) },
                spans::loader("members"),
                HashMapCache::default(),
            ),
            visits: VisitLoaders::new(db, actor),
            person_classifications: DataLoader::with_cache(
                ClassificationsOfPerson {
                    db: db.clone(),
                    scope: scope::registry(actor, entity::classification::Column::ScopeKey),
                },
                spans::loader("person_classifications"),
                HashMapCache::default(),
            ),
            household_classifications: DataLoader::new(
                ClassificationsOfHousehold { db: db.clone(), scope: scope::registry(actor, person::Column::ScopeKey) },
                spans::loader("household_classifications"),
            ),
            classification_events: DataLoader::new(
                EventsOfClassification { db: db.clone() },
                spans::loader("classification_events"),
            ),
            staff: DataLoader::new(StaffById { db: db.clone() }, spans::loader("staff")),
            spot_check_findings: DataLoader::with_cache(
                FindingsOfItem {
                    db: db.clone(),
                    scope: scope::registry(actor, entity::spot_check_finding::Column::ScopeKey),
                },
                spans::loader("spot_check_findings"),
                HashMapCache::default(),
            ),
            relatives: DataLoader::new(
                RelativesOfPerson { db: db.clone(), scope: scope::registry(actor, entity::relative::Column::ScopeKey) },
                spans::loader("relatives"),
            ),
        }
    }
}

impl Loaders {
    /// Fetches the members of `households` in one statement, and their
    /// classifications in one more when `with_classifications`, into the
    /// request's cache; the fields of each household then find them there.
    /// DataLoader batches what arrives within a millisecond, and a page of
    /// 100 households (more so in a debug build, and with the request's
    /// statements queued on one connection) spread its members over several
    /// batches.
    pub async fn prefetch_members(&self, households: &[Uuid], with_classifications: bool) -> Result<(), AppError> {
        let members = self.members.load_many(households.iter().copied()).await?;
        if with_classifications {
            let people: Vec<Uuid> = members.values().flatten().map(|p| p.id).collect();
            self.person_classifications.load_many(people).await?;
        }
        Ok(())
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
        // Every key answered (see `ClassificationsOfPerson`).
        let mut out: HashMap<Uuid, Vec<person::Model>> = keys.iter().map(|k| (*k, Vec::new())).collect();
        for row in rows {
            out.entry(row.household_id).or_default().push(row);
        }
        Ok(out)
    }
}
