//! Which tier may record which kind of visit. A visit discharges a duty
//! (`visits::duty`), so recording a kind is claiming that tier's work: a
//! grid worker's `QUARTERLY_SWEEP` would clear the town's screening, and a
//! `SPOT_CHECK` of one's own grid would check nothing.
//!
//! - Monthly sweeps (月度排查) are the villages' duty, done by grid workers
//!   and village committees; the town may sweep too.
//! - Quarterly sweeps (季度排查) are the town's screening, the town's alone.
//! - Spot checks (随机抽查) are the district's. The notice also has the town
//!   spot-check people assisted through the green relief channel; there is
//!   no green channel (and so no notion of "assisted") yet, so the town may
//!   not record a spot check until it exists, rather than on anyone.
//! - Care visits and return visits are every staff tier's, in jurisdiction.

use entity::{Role, VisitKind};

use crate::error::{AppError, AppResult};

/// Whether `role` may record a visit of `kind` (jurisdiction is checked by
/// row scope, and the right to record visits at all by
/// [`super::Action::RecordVisit`]).
pub fn may_record(role: Role, kind: VisitKind) -> bool {
    use Role::*;
    use VisitKind::*;
    match kind {
        MonthlySweep => matches!(role, Grid | Village | Town),
        QuarterlySweep => matches!(role, Town),
        SpotCheck => matches!(role, District),
        CareVisit | ReturnVisit => matches!(role, Grid | Village | Town | District),
    }
}

/// The kinds `role` may record, in the order the enum lists them.
pub fn recordable(role: Role) -> Vec<VisitKind> {
    use sea_orm::Iterable as _;
    VisitKind::iter().filter(|&kind| may_record(role, kind)).collect()
}

/// [`may_record`] as a request check: `FORBIDDEN` otherwise.
pub fn may(role: Role, kind: VisitKind) -> AppResult<()> {
    if may_record(role, kind) { Ok(()) } else { Err(AppError::Forbidden) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_recorded_by_the_tiers_whose_duty_it_is() {
        use Role::*;
        use VisitKind::*;
        // (kind, GRID, VILLAGE, TOWN, DISTRICT); admins and dashboards never.
        let table = [
            (MonthlySweep, true, true, true, false),
            (QuarterlySweep, false, false, true, false),
            (SpotCheck, false, false, false, true),
            (CareVisit, true, true, true, true),
            (ReturnVisit, true, true, true, true),
        ];
        for (kind, grid, village, town, district) in table {
            for (role, expected) in [(Grid, grid), (Village, village), (Town, town), (District, district)] {
                assert_eq!(may_record(role, kind), expected, "{role:?} {kind:?}");
            }
        }
    }

    #[test]
    fn admins_and_dashboards_record_no_kind() {
        assert!(recordable(Role::Admin).is_empty());
        assert!(recordable(Role::Dashboard).is_empty());
        assert_eq!(recordable(Role::Town).len(), 4);
    }
}
