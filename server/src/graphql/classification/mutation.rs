use async_graphql::{Context, ID, Object};
use entity::{CareLevel, Category};

use super::types::Classification;
use crate::{
    classifications as service,
    error::AppResult,
    graphql::{
        context::ContextExt as _,
        ids::parse_id,
        sensitive::{self, Kind},
    },
};

#[derive(Default)]
pub struct ClassificationMutation;

#[Object]
impl ClassificationMutation {
    /// Confirms a suggestion (认定) with a care level, which may differ from
    /// the suggested one; on a confirmed classification, changes the level.
    /// Towns and the district decide; villages and grids do not.
    async fn confirm_classification(
        &self,
        ctx: &Context<'_>,
        id: ID,
        care_level: CareLevel,
        note: Option<String>,
    ) -> AppResult<Classification> {
        let id = parse_id(&id, "id")?;
        let result = service::confirm(ctx.db(), ctx.actor()?, id, care_level, note).await;
        sensitive::traced(ctx, Kind::Classification, id, result).await.map(Classification)
    }

    /// Rejects a suggestion, or a confirmed classification found wrong, with
    /// a reason. It is not suggested again until the facts behind it change.
    async fn reject_classification(&self, ctx: &Context<'_>, id: ID, reason: String) -> AppResult<Classification> {
        let id = parse_id(&id, "id")?;
        let result = service::reject(ctx.db(), ctx.actor()?, id, &reason).await;
        sensitive::traced(ctx, Kind::Classification, id, result).await.map(Classification)
    }

    /// Suggests a classification the rules did not make: someone a visit
    /// or a spot check found who qualifies. It waits for the town's
    /// decision like any suggestion, carries `STAFF_REPORTED` and the
    /// reason, and the rules leave it alone until the facts behind it are
    /// on record. Every staff tier may suggest, in its jurisdiction.
    async fn suggest_classification(
        &self,
        ctx: &Context<'_>,
        person_id: ID,
        category: Category,
        reason: String,
    ) -> AppResult<Classification> {
        let id = parse_id(&person_id, "personId")?;
        let result = service::suggest(ctx.db(), ctx.actor()?, id, category, &reason).await;
        sensitive::traced(ctx, Kind::Person, id, result).await.map(Classification)
    }
}
