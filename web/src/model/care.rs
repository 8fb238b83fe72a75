//! Classifications (认定) and visits (走访), in the shapes the queue, the
//! person page and the work list ask for.

use crate::json::from_json;

use super::PersonRef;
use super::enums::{CareLevel, Category, ClassificationStatus, DueReason, VisitKind};

/// A reason as the rules give it; staff read `text`.
#[derive(Clone, Debug, PartialEq)]
pub struct Reason {
    pub text: Option<String>,
}

/// One classification of a person.
#[derive(Clone, Debug, PartialEq)]
pub struct Classification {
    pub id: String,
    pub person: Option<PersonRef>,
    pub category: Category,
    pub status: ClassificationStatus,
    pub care_level: Option<CareLevel>,
    pub suggested_care_level: Option<CareLevel>,
    pub reasons: Vec<Reason>,
    pub care_reasons: Vec<Reason>,
    pub since: Option<String>,
    pub until: Option<String>,
}

/// A household as a visit needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitHousehold {
    pub id: String,
    pub address: Option<String>,
    pub members: Vec<PersonRef>,
}

/// A row of the work list: a visit owed.
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryCount {
    pub category: Category,
    pub count: Option<i64>,
}

/// The figures of one region.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    pub households: Option<i64>,
    pub people: Option<i64>,
    pub swept_this_month_share: Option<f64>,
    pub overdue_care_visits: Option<i64>,
    pub by_category: Vec<CategoryCount>,
}

/// A child region and its figures.
#[derive(Clone, Debug, PartialEq)]
pub struct ChildStats {
    pub region: super::Region,
    pub figures: Figures,
}

/// `stats`: the region's totals and each child's.
#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    pub totals: Figures,
    pub children: Vec<ChildStats>,
}

from_json!(Reason { text: "text" });
from_json!(Classification {
    id: "id",
    person: "person",
    category: "category",
    status: "status",
    care_level: "careLevel",
    suggested_care_level: "suggestedCareLevel",
    reasons: "reasons",
    care_reasons: "careReasons",
    since: "since",
    until: "until"
});
from_json!(VisitHousehold { id: "id", address: "address", members: "members" });
from_json!(DueVisit {
    household: "household",
    person: "person",
    kind: "kind",
    reason: "reason",
    due_at: "dueAt",
    overdue: "overdue",
    last_visit_at: "lastVisitAt"
});
from_json!(CategoryCount { category: "category", count: "count" });
from_json!(Figures {
    households: "households",
    people: "people",
    swept_this_month_share: "sweptThisMonthShare",
    overdue_care_visits: "overdueCareVisits",
    by_category: "byCategory"
});
from_json!(ChildStats { region: "region", figures: "figures" });
from_json!(Stats { totals: "totals", children: "children" });
