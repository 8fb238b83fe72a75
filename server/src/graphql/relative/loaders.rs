use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use entity::relative;
use sea_orm::{ColumnTrait as _, Condition, EntityTrait as _, QueryFilter as _, QueryOrder as _};
use uuid::Uuid;

use crate::{db::Db, error::AppError};

/// The unregistered relatives of each person, oldest record first.
pub struct RelativesOfPerson {
    pub db: Db,
    pub scope: Condition,
}

impl Loader<Uuid> for RelativesOfPerson {
    type Value = Vec<relative::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = relative::Entity::find()
            .filter(relative::Column::PersonId.is_in(keys.iter().copied()))
            .filter(self.scope.clone())
            .order_by_asc(relative::Column::Id)
            .all(&self.db)
            .await?;
        let mut out: HashMap<Uuid, Self::Value> = HashMap::new();
        for row in rows {
            out.entry(row.person_id).or_default().push(row);
        }
        Ok(out)
    }
}
