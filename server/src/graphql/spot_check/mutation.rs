use async_graphql::{Context, ID, Object};

use super::types::{SpotCheckFinding, SpotCheckFindingInput, SpotCheckItem, SpotCheckRound, SpotCheckStrataInput};
use crate::{
    error::AppResult,
    graphql::{context::ContextExt as _, ids::parse_id, scalars::Date, visit::types::VisitInput},
    spot_checks::{
        draw::{self, Draw},
        record, workflow,
    },
};

#[derive(Default)]
pub struct SpotCheckMutation;

#[Object]
impl SpotCheckMutation {
    /// Draws the quarter's round (the district only, once per quarter):
    /// `perTown` households per town, `strata.classified` of them from
    /// households with someone confirmed (half by default), the rest from
    /// the others. Without `seed` a fresh one is drawn; the round shows it.
    /// Re-visits are shared in turn among `assigneeIds` (district users;
    /// the caller by default) and due by `dueOn` (the end of the month
    /// after the quarter by default).
    #[allow(clippy::too_many_arguments)]
    async fn draw_spot_check(
        &self,
        ctx: &Context<'_>,
        quarter: String,
        per_town: i32,
        strata: Option<SpotCheckStrataInput>,
        seed: Option<i64>,
        due_on: Option<Date>,
        assignee_ids: Option<Vec<ID>>,
    ) -> AppResult<SpotCheckRound> {
        let assignees = assignee_ids
            .unwrap_or_default()
            .iter()
            .map(|id| parse_id(id, "assigneeIds"))
            .collect::<AppResult<Vec<_>>>()?;
        let input = Draw {
            quarter,
            per_town,
            classified: strata.map(|s| s.classified),
            seed,
            due_on: due_on.map(|d| d.0),
            assignees,
        };
        draw::draw(ctx.db(), ctx.actor()?, input).await.map(SpotCheckRound)
    }

    /// Records the re-visit of a sampled household: the visit (kind
    /// `SPOT_CHECK`, to the sampled household) and one finding per member.
    /// A `MISSED` finding creates a suggestion for the town to decide; a
    /// `WRONG` one rejects the classification with the checker's reason.
    /// All of it is saved, or none.
    async fn record_spot_check(
        &self,
        ctx: &Context<'_>,
        item_id: ID,
        visit: VisitInput,
        findings: Vec<SpotCheckFindingInput>,
    ) -> AppResult<SpotCheckItem> {
        let item = parse_id(&item_id, "itemId")?;
        let visit = visit.parse().map_err(|e| e.within("visit"))?;
        let findings = findings.into_iter().enumerate().map(|(i, f)| f.parse(i)).collect::<AppResult<Vec<_>>>()?;
        record::record(ctx.db(), ctx.actor()?, item, visit, findings).await.map(SpotCheckItem)
    }

    /// Closes a round once every sampled household is checked; the towns
    /// then see their findings.
    async fn close_spot_check(&self, ctx: &Context<'_>, id: ID, version: i32) -> AppResult<SpotCheckRound> {
        let id = parse_id(&id, "id")?;
        workflow::close(ctx.db(), ctx.actor()?, id, version).await.map(SpotCheckRound)
    }

    /// The town's rectification (整改) of a finding in a closed round.
    async fn answer_spot_check_finding(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        note: String,
    ) -> AppResult<SpotCheckFinding> {
        let id = parse_id(&id, "id")?;
        workflow::answer(ctx.db(), ctx.actor()?, id, version, &note).await.map(SpotCheckFinding)
    }
}
