//! What the colour of a household point means: its economic status, the
//! category of its members' confirmed classifications, or their strictest
//! confirmed care level. The map only carries the CSS class.

use std::fmt::Write as _;

use crate::components::markup::escape;
use crate::i18n::texts;
use crate::model::{CareLevel, Category, ClassificationStatus, EconomicStatus, HouseholdPoint};

/// The discriminants index [`ColourBy::ALL`] and so `MapPoint::classes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColourBy {
    EconomicStatus = 0,
    Category = 1,
    CareLevel = 2,
}

/// Households with no confirmed classification, under the two care colourings.
const NONE: &str = "c-none";

/// A household with members in several categories gets one colour, by this
/// priority rather than a "several" colour: a child's safety is the most
/// pressing duty (mandatory reporting covers minors), grandparents raising
/// their grandchildren are the common mixed case and are best found as a
/// child's household, and one hue per category keeps the legend short
/// enough for a phone. The household page lists every classification.
const CATEGORY_PRIORITY: [(Category, &str); 3] =
    [(Category::Child, "c-child"), (Category::Elderly, "c-elderly"), (Category::Woman, "c-woman")];

/// Strictest first: the level that sets how often someone must visit.
const CARE_PRIORITY: [(CareLevel, &str); 3] =
    [(CareLevel::High, "c-care-high"), (CareLevel::Key, "c-care-key"), (CareLevel::General, "c-care-general")];

impl ColourBy {
    pub const ALL: [Self; 3] = [Self::EconomicStatus, Self::Category, Self::CareLevel];

    /// The value in the URL's `colour` parameter.
    pub fn key(self) -> &'static str {
        match self {
            Self::EconomicStatus => "economic",
            Self::Category => "category",
            Self::CareLevel => "care",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn label(self) -> &'static str {
        let t = texts();
        match self {
            Self::EconomicStatus => t.col_economic_status,
            Self::Category => t.care.category_label,
            Self::CareLevel => t.care.care_level,
        }
    }

    /// The CSS class of a household's point (colours live in `index.html`).
    pub fn class(self, household: &HouseholdPoint) -> &'static str {
        // Only confirmed ones count, whatever the query asked for: a
        // suggestion is not yet a finding.
        let confirmed = || household.classifications.iter().filter(|c| c.status == ClassificationStatus::Confirmed);
        match self {
            Self::EconomicStatus => match household.economic_status {
                Some(EconomicStatus::Dibao) => "c-dibao",
                Some(EconomicStatus::Tekun) => "c-tekun",
                Some(EconomicStatus::General) => "c-general",
                _ => "c-unknown",
            },
            Self::Category => CATEGORY_PRIORITY
                .iter()
                .find(|(k, _)| confirmed().any(|c| c.category == *k))
                .map_or(NONE, |(_, class)| class),
            Self::CareLevel => CARE_PRIORITY
                .iter()
                .find(|(l, _)| confirmed().any(|c| c.care_level == Some(*l)))
                .map_or(NONE, |(_, class)| class),
        }
    }

    /// The classes of the legend, each with its meaning.
    fn legend_items(self) -> Vec<(&'static str, &'static str)> {
        let t = texts();
        let c = t.care;
        let mut items: Vec<_> = match self {
            Self::EconomicStatus => {
                return vec![
                    ("c-general", t.economic_general),
                    ("c-dibao", t.economic_dibao),
                    ("c-tekun", t.economic_tekun),
                ];
            }
            Self::Category => CATEGORY_PRIORITY.iter().map(|&(k, class)| (class, c.category(k))).collect(),
            Self::CareLevel => CARE_PRIORITY.iter().map(|&(l, class)| (class, c.care_level(l))).collect(),
        };
        // Most households hold no classification: their grey is explained too.
        items.push((NONE, c.not_classified));
        items
    }

    /// The legend's items as markup: a swatch of each colour and its meaning.
    pub fn legend(self) -> String {
        let mut out = String::new();
        for (class, label) in self.legend_items() {
            // Writing to a String cannot fail.
            let _ = write!(out, "<li><span class=\"swatch {class}\"></span>{}</li>", escape(label));
        }
        out
    }

    /// The `<option>`s of the colouring select, `self` chosen.
    pub fn options(self) -> String {
        let mut out = String::new();
        for by in Self::ALL {
            let selected = if by == self { " selected" } else { "" };
            // Writing to a String cannot fail.
            let _ = write!(out, "<option value=\"{}\"{selected}>{}</option>", by.key(), escape(by.label()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Classification;

    fn classification(category: Category, status: ClassificationStatus, level: Option<CareLevel>) -> Classification {
        Classification {
            id: String::new(),
            person: None,
            category,
            status,
            care_level: level,
            suggested_care_level: None,
            reasons: Vec::new(),
            care_reasons: Vec::new(),
            since: None,
            until: None,
        }
    }

    fn household(classifications: Vec<Classification>) -> HouseholdPoint {
        HouseholdPoint {
            id: String::new(),
            lat: None,
            lng: None,
            economic_status: Some(EconomicStatus::Dibao),
            address: None,
            classifications,
        }
    }

    #[test]
    fn several_categories_take_the_first_by_priority_and_the_strictest_level() {
        use ClassificationStatus::Confirmed;
        let h = household(vec![
            classification(Category::Woman, Confirmed, Some(CareLevel::High)),
            classification(Category::Elderly, Confirmed, Some(CareLevel::General)),
        ]);
        assert_eq!(ColourBy::Category.class(&h), "c-elderly");
        assert_eq!(ColourBy::CareLevel.class(&h), "c-care-high");
        assert_eq!(ColourBy::EconomicStatus.class(&h), "c-dibao");
        let h = household(vec![
            classification(Category::Elderly, Confirmed, Some(CareLevel::Key)),
            classification(Category::Child, Confirmed, Some(CareLevel::General)),
        ]);
        assert_eq!(ColourBy::Category.class(&h), "c-child");
        assert_eq!(ColourBy::CareLevel.class(&h), "c-care-key");
    }

    #[test]
    fn only_confirmed_classifications_colour() {
        let h = household(vec![
            classification(Category::Child, ClassificationStatus::Suggested, None),
            classification(Category::Child, ClassificationStatus::Ended, Some(CareLevel::High)),
        ]);
        assert_eq!(ColourBy::Category.class(&h), NONE);
        assert_eq!(ColourBy::CareLevel.class(&h), NONE);
        assert_eq!(ColourBy::Category.class(&household(Vec::new())), NONE);
    }

    #[test]
    fn every_class_is_in_its_legend_and_keys_round_trip() {
        for by in ColourBy::ALL {
            assert_eq!(ColourBy::from_key(by.key()), Some(by));
            assert_eq!(ColourBy::ALL[by as usize], by);
        }
        let legend: Vec<&str> = ColourBy::Category.legend_items().iter().map(|i| i.0).collect();
        assert_eq!(legend, ["c-child", "c-elderly", "c-woman", NONE]);
        assert!(ColourBy::CareLevel.options().contains(r#"<option value="care" selected>"#));
    }
}
