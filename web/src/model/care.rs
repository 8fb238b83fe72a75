//! Classifications (认定) and visits (走访), in the shapes the queue, the
//! person page and the work list ask for.

use serde::Deserialize;

use super::PersonRef;
use super::enums::{CareLevel, Category, ClassificationStatus, DueReason, VisitKind};

/// A reason as the rules give it; staff read `text`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Reason {
    pub text: Option<String>,
}

/// One classification of a person.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Classification {
    pub id: String,
    pub person: Option<PersonRef>,
    pub category: Category,
    pub status: ClassificationStatus,
    pub care_level: Option<CareLevel>,
    pub suggested_care_level: Option<CareLevel>,
    #[serde(default)]
    pub reasons: Vec<Reason>,
    #[serde(default)]
    pub care_reasons: Vec<Reason>,
    pub since: Option<String>,
    pub until: Option<String>,
}

/// A household as a visit needs it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct VisitHousehold {
    pub id: String,
    pub address: Option<String>,
    #[serde(default)]
    pub members: Vec<PersonRef>,
}

/// A row of the work list: a visit owed.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DueVisit {
    pub household: Option<VisitHousehold>,
    pub person: Option<PersonRef>,
    pub kind: VisitKind,
    pub reason: DueReason,
    pub due_at: String,
    pub overdue: bool,
    pub last_visit_at: Option<String>,
}

/// The work list: a page of it and its counts.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkList {
    pub total_count: i64,
    pub overdue_count: i64,
    pub rows: Vec<DueVisit>,
    pub next: Option<String>,
}

/// Joins reason texts with `sep`.
pub fn reason_text(reasons: &[Reason], sep: &str) -> String {
    reasons.iter().filter_map(|r| r.text.as_deref()).collect::<Vec<_>>().join(sep)
}

/// A count per category or care level; `None` when suppressed.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CategoryCount {
    pub category: Category,
    pub count: Option<i64>,
}

/// The figures of one region.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Figures {
    pub households: Option<i64>,
    pub people: Option<i64>,
    pub swept_this_month_share: Option<f64>,
    pub overdue_care_visits: Option<i64>,
    #[serde(default)]
    pub by_category: Vec<CategoryCount>,
}

/// A child region and its figures.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ChildStats {
    pub region: super::Region,
    pub figures: Figures,
}

/// `stats`: the region's totals and each child's.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Stats {
    pub totals: Figures,
    #[serde(default)]
    pub children: Vec<ChildStats>,
}
