//! What the colour of a household point means. Economic status for now;
//! classification category and care level join once the API has them, as
//! further variants here, without touching the map.

use crate::i18n::texts;
use crate::model::{EconomicStatus, HouseholdPoint};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColourBy {
    EconomicStatus,
}

/// One colour of the legend: the CSS class the points carry, and its meaning.
pub struct LegendItem {
    pub class: &'static str,
    pub label: &'static str,
}

impl ColourBy {
    /// The CSS class of a household's point (colours live in `index.html`).
    pub fn class(self, household: &HouseholdPoint) -> &'static str {
        match self {
            Self::EconomicStatus => match household.economic_status {
                Some(EconomicStatus::Dibao) => "c-dibao",
                Some(EconomicStatus::Tekun) => "c-tekun",
                Some(EconomicStatus::General) => "c-general",
                _ => "c-unknown",
            },
        }
    }

    pub fn legend(self) -> Vec<LegendItem> {
        let t = texts();
        match self {
            Self::EconomicStatus => vec![
                LegendItem { class: "c-general", label: t.economic_general },
                LegendItem { class: "c-dibao", label: t.economic_dibao },
                LegendItem { class: "c-tekun", label: t.economic_tekun },
            ],
        }
    }
}
