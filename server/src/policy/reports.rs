//! Who does what in the reporting chain (上报): the village prepares and
//! submits its monthly report, the town decides it and prepares and submits
//! its quarterly ledger, the district decides the ledgers. Each tier acts
//! on its own region only; the tier above decides within its jurisdiction.

use entity::{RegionLevel, Role, region, report};

use super::scope;
use crate::{
    auth::Actor,
    error::{AppError, AppResult},
};

/// The level of the reports `role` prepares, if any.
fn prepares(role: Role) -> Option<RegionLevel> {
    match role {
        Role::Village => Some(RegionLevel::Village),
        Role::Town => Some(RegionLevel::Town),
        Role::Grid | Role::District | Role::Admin | Role::Dashboard => None,
    }
}

/// The level of the reports `role` accepts or returns, if any.
fn decides(role: Role) -> Option<RegionLevel> {
    match role {
        Role::Town => Some(RegionLevel::Village),
        Role::District => Some(RegionLevel::Town),
        Role::Grid | Role::Village | Role::Admin | Role::Dashboard => None,
    }
}

/// Whether the caller may prepare a report for `region` (already found in
/// the caller's row scope): only for the region it is bound to, at its tier.
pub fn may_prepare(actor: &Actor, region: &region::Model) -> AppResult<()> {
    if prepares(actor.role) == Some(region.level) && region.id == actor.region_id {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whether the caller may submit `report` (found in row scope): whoever
/// may prepare it.
pub fn may_submit(actor: &Actor, report: &report::Model) -> AppResult<()> {
    if prepares(actor.role) == Some(report.level) && report.region_id == actor.region_id {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whether the caller may accept or return `report` (found in row scope):
/// the tier above, for a region below its own.
pub fn may_decide(actor: &Actor, report: &report::Model) -> AppResult<()> {
    if decides(actor.role) == Some(report.level)
        && report.region_id != actor.region_id
        && scope::key_range(actor).contains(report.key_lo)
    {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tier_prepares_its_own_level_and_decides_the_one_below() {
        use Role::*;
        let table = [
            (Grid, None, None),
            (Village, Some(RegionLevel::Village), None),
            (Town, Some(RegionLevel::Town), Some(RegionLevel::Village)),
            (District, None, Some(RegionLevel::Town)),
            (Admin, None, None),
            (Dashboard, None, None),
        ];
        for (role, prepared, decided) in table {
            assert_eq!(prepares(role), prepared, "{role:?} prepares");
            assert_eq!(decides(role), decided, "{role:?} decides");
        }
    }
}
