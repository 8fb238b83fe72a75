use async_graphql::{ComplexObject, Context, ID, SimpleObject};
use entity::{RegionLevel, region};

use crate::{error::AppResult, graphql::context::ContextExt as _};

/// A node of the administrative tree with its statistical division code.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Region {
    pub id: ID,
    pub name: String,
    pub level: RegionLevel,
    /// 统计用区划代码: 6 digits for the district, 9 town, 12 village, 15 grid.
    pub code: String,
    /// A rural village (村) rather than an urban community (社区).
    pub rural: bool,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    #[graphql(skip)]
    pub parent_id: Option<uuid::Uuid>,
}

impl From<region::Model> for Region {
    fn from(m: region::Model) -> Self {
        Self {
            id: ID(m.id.to_string()),
            name: m.name,
            level: m.level,
            code: m.code,
            rural: m.rural,
            lat: m.lat,
            lng: m.lng,
            parent_id: m.parent_id,
        }
    }
}

#[ComplexObject]
impl Region {
    /// The parent region, or `null` above the caller's jurisdiction.
    async fn parent(&self, ctx: &Context<'_>) -> AppResult<Option<Region>> {
        let Some(parent) = self.parent_id else { return Ok(None) };
        Ok(ctx.loaders()?.region.load_one(parent).await?.map(Region::from))
    }
}
