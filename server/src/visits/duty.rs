//! Who owes what: the default work list of each role.
//!
//! - GRID and VILLAGE owe the monthly sweep of every household in their
//!   jurisdiction (网格员 and 村两委 share it: a sweep by either clears it
//!   for both, since the notice asks for one inquiry per household a month,
//!   not two), plus the care visits and emergency visits there.
//! - TOWN owes the quarterly sweep of its households (镇(街)每季度排查), plus
//!   the care and emergency visits of its villages, which it supervises.
//! - DISTRICT visits only to check (spot checks, hard cases): its list is
//!   everything overdue in the district, the supervision view (督查).
//!
//! Care and emergency visits are owed to everyone covering the person;
//! whoever goes first clears them for all. This is the default only:
//! `dueVisits` lets a caller pick other reasons within its jurisdiction
//! (a town checking its villages' monthly sweeps, say).

use entity::Role;

use super::{due::Window, schedule::Obligation};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duty {
    pub obligations: Vec<Obligation>,
    pub window: Window,
}

pub fn of(role: Role) -> Duty {
    use Obligation::*;
    let (obligations, window) = match role {
        Role::Grid | Role::Village => (vec![MonthlySweep, CareHigh, CareKey, CareGeneral, Emergency], Window::Open),
        Role::Town => (vec![QuarterlySweep, CareHigh, CareKey, CareGeneral, Emergency], Window::Open),
        Role::District => (Obligation::ALL.to_vec(), Window::Overdue),
        Role::Admin | Role::Dashboard => (Vec::new(), Window::Open),
    };
    Duty { obligations, window }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tier_owes_its_own_sweep_and_the_district_supervises() {
        use Obligation::*;
        let sweeps = |role| of(role).obligations.into_iter().filter(|o| matches!(o, MonthlySweep | QuarterlySweep));
        assert_eq!(sweeps(Role::Grid).collect::<Vec<_>>(), [MonthlySweep]);
        assert_eq!(sweeps(Role::Village).collect::<Vec<_>>(), [MonthlySweep]);
        assert_eq!(sweeps(Role::Town).collect::<Vec<_>>(), [QuarterlySweep]);
        assert_eq!(of(Role::District), Duty { obligations: Obligation::ALL.to_vec(), window: Window::Overdue });
        for role in [Role::Grid, Role::Village, Role::Town] {
            assert!(of(role).obligations.contains(&CareHigh) && of(role).obligations.contains(&Emergency));
        }
        assert!(of(Role::Admin).obligations.is_empty() && of(Role::Dashboard).obligations.is_empty());
    }
}
