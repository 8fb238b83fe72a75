//! Who does what in the district's spot checks (随机抽查): the district
//! draws the quarter's round, re-visits the sample and closes the round;
//! a town sees its own findings once the round is closed, and answers each
//! one with its rectification (整改). Until then the sample is the
//! district's alone: a town that knew which households were drawn could
//! tidy exactly those records before the re-visit.

use entity::{Role, SpotCheckResult, SpotCheckStatus, spot_check_item, spot_check_round};

use super::{Action, scope};
use crate::{
    auth::Actor,
    error::{AppError, AppResult, messages as msg},
};

/// Whether the caller may draw and close rounds: the district only.
pub fn may_run(actor: &Actor) -> AppResult<()> {
    super::may(actor, Action::RunSpotChecks)
}

/// Whether the caller may see `round` at all: the district always, a town
/// once it is closed. Other tiers never: the spot check checks them.
pub fn may_see(actor: &Actor, round: &spot_check_round::Model) -> bool {
    match actor.role {
        Role::District => true,
        Role::Town => round.status == SpotCheckStatus::Closed,
        Role::Grid | Role::Village | Role::Admin | Role::Dashboard => false,
    }
}

/// Whether the caller may record the re-visit of `item` (found in row
/// scope): a district user, the assignee or a colleague standing in.
/// Recording a re-visit by the checked town itself would defeat the check.
pub fn may_check(actor: &Actor, _item: &spot_check_item::Model) -> AppResult<()> {
    super::may(actor, Action::RunSpotChecks)
}

/// Whether the caller may answer a finding of `item` in a closed round:
/// the town the household belongs to, for findings that are not
/// consistent (there is nothing to rectify in those).
pub fn may_answer(
    actor: &Actor,
    round: &spot_check_round::Model,
    item: &spot_check_item::Model,
    result: SpotCheckResult,
) -> AppResult<()> {
    let town = super::allows(actor.role, Action::AnswerSpotChecks) && scope::key_range(actor).contains(item.scope_key);
    if !town {
        return Err(AppError::Forbidden);
    }
    if round.status != SpotCheckStatus::Closed {
        return Err(AppError::Conflict(msg::SPOT_CHECK_STILL_OPEN));
    }
    if result == SpotCheckResult::Consistent {
        return Err(AppError::Conflict(msg::NOTHING_TO_RECTIFY));
    }
    Ok(())
}

/// The assignees a round's items may be given: district users, who are
/// not part of the chain being checked.
pub fn may_be_assigned(role: Role) -> bool {
    role == Role::District
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_district_runs_and_sees_open_rounds_towns_see_closed_ones() {
        use Role::*;
        for (role, runs, open, closed) in [
            (Grid, false, false, false),
            (Village, false, false, false),
            (Town, false, false, true),
            (District, true, true, true),
            (Admin, false, false, false),
            (Dashboard, false, false, false),
        ] {
            assert_eq!(may_be_assigned(role), runs, "{role:?} assigned");
            let actor = actor(role);
            assert_eq!(may_run(&actor).is_ok(), runs, "{role:?} runs");
            assert_eq!(may_see(&actor, &round(SpotCheckStatus::Open)), open, "{role:?} open");
            assert_eq!(may_see(&actor, &round(SpotCheckStatus::Closed)), closed, "{role:?} closed");
        }
    }

    fn actor(role: Role) -> Actor {
        Actor {
            user_id: uuid::Uuid::nil(),
            role,
            region_id: uuid::Uuid::nil(),
            region_code: "120116".into(),
            key_lo: 0,
            key_hi: 100,
            meta: Default::default(),
        }
    }

    fn round(status: SpotCheckStatus) -> spot_check_round::Model {
        let now = chrono::Utc::now();
        spot_check_round::Model {
            id: uuid::Uuid::nil(),
            quarter: "2026-Q3".into(),
            seed: 1,
            per_town: 4,
            classified: 2,
            unclassified: 2,
            due_on: now.date_naive(),
            status,
            item_count: 0,
            sample_hash: String::new(),
            drawn_by: uuid::Uuid::nil(),
            drawn_at: now,
            closed_by: None,
            closed_at: None,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }
}
