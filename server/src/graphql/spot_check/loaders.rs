//! The findings of each spot-check item, batched for a page of items.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use entity::spot_check_finding;
use sea_orm::{ColumnTrait as _, Condition, EntityTrait as _, QueryFilter as _, QueryOrder as _};
use uuid::Uuid;

use crate::{db::Db, error::AppError};

pub struct FindingsOfItem {
    pub db: Db,
    pub scope: Condition,
}

impl Loader<Uuid> for FindingsOfItem {
    type Value = Vec<spot_check_finding::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = spot_check_finding::Entity::find()
            .filter(spot_check_finding::Column::ItemId.is_in(keys.iter().copied()))
            .filter(self.scope.clone())
            .order_by_asc(spot_check_finding::Column::Id)
            .all(&self.db)
            .await?;
        let mut out: HashMap<Uuid, Self::Value> = keys.iter().map(|k| (*k, Vec::new())).collect();
        for row in rows {
            out.entry(row.item_id).or_default().push(row);
        }
        Ok(out)
    }
}
