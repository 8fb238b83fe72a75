use async_graphql::{Context, ID, Object};
use entity::classification;
use sea_orm::{EntityTrait, QueryFilter};

use super::types::{Classification, ClassificationFilter};
use crate::{
    classifications as service,
    error::AppResult,
    graphql::{
        context::ContextExt as _,
        ids::parse_id,
        pagination::{self, Page},
        sensitive::{self, Kind},
    },
    policy::{
        self, Action,
        fields::{self, Field},
        scope,
    },
};

#[derive(Default)]
pub struct ClassificationQuery;

#[Object]
impl ClassificationQuery {
    /// The verification work list: classifications in the caller's
    /// jurisdiction, by grid or village, then oldest first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn classifications(
        &self,
        ctx: &Context<'_>,
        filter: Option<ClassificationFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Page<Classification>> {
        let actor = ctx.actor()?;
        policy::may(actor, Action::ReadRegistry)?;
        fields::require_clear(actor, Field::Classification)?;
        let select = service::list(ctx.db(), actor, filter.unwrap_or_default().parse()?).await?;
        pagination::page_scoped(
            ctx.db(),
            select,
            (classification::Column::ScopeKey, classification::Column::Id),
            first,
            after,
            Classification,
        )
        .await
    }

    /// One classification, or `null` when missing or outside the jurisdiction.
    async fn classification(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Classification>> {
        let actor = ctx.actor()?;
        policy::may(actor, Action::ReadRegistry)?;
        fields::require_clear(actor, Field::Classification)?;
        let id = parse_id(&id, "id")?;
        let found = classification::Entity::find_by_id(id)
            .filter(scope::registry(actor, classification::Column::ScopeKey))
            .one(ctx.db())
            .await?;
        Ok(sensitive::traced_opt(ctx, Kind::Classification, id, found).await?.map(Classification))
    }
}
