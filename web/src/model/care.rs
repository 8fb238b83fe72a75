//! Classifications (认定) and visits (走访), in the shapes the queue, the
//! person page and the work list ask for.

use crate::json::decoded;

use super::PersonRef;
use super::enums::{CareLevel, Category, ClassificationStatus, DueReason, VisitKind};

decoded! {
    /// A reason as the rules give it; staff read `text`.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Reason {
        pub text: Option<String> = "text",
    }
}

decoded! {
    /// One classification of a person.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Classification {
        pub id: String = "id",
        pub person: Option<PersonRef> = "person",
        pub category: Category = "category",
        pub status: ClassificationStatus = "status",
        pub care_level: Option<CareLevel> = "careLevel",
        pub suggested_care_level: Option<CareLevel> = "suggestedCareLevel",
        pub reasons: Vec<Reason> = "reasons",
        pub care_reasons: Vec<Reason> = "careReasons",
        pub since: Option<String> = "since",
        pub until: Option<String> = "until",
    }
}

decoded! {
    /// A household as a visit needs it.
    #[derive(Clone, Debug, PartialEq)]
    pub struct VisitHousehold {
        pub id: String = "id",
        pub address: Option<String> = "address",
        pub members: Vec<PersonRef> = "members",
    }
}

decoded! {
    /// A row of the work list: a visit owed.
    #[derive(Clone, Debug, PartialEq)]
    pub struct DueVisit {
        pub household: Option<VisitHousehold> = "household",
        pub person: Option<PersonRef> = "person",
        pub kind: VisitKind = "kind",
        pub reason: DueReason = "reason",
        pub due_at: String = "dueAt",
        pub overdue: bool = "overdue",
        pub last_visit_at: Option<String> = "lastVisitAt",
    }
}

decoded! {
    /// A page of `dueVisits` as it comes; the app reads it as a [`WorkList`].
    pub struct DuePage {
        pub total_count: i64 = "totalCount",
        pub overdue_count: i64 = "overdueCount",
        pub page_info: super::PageInfo = "pageInfo",
        pub edges: Vec<DueEdge> = "edges",
    }
}

decoded! {
    pub struct DueEdge {
        pub node: DueVisit = "node",
    }
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

decoded! {
    /// A count per category or care level; `None` when suppressed.
    #[derive(Clone, Debug, PartialEq)]
    pub struct CategoryCount {
        pub category: Category = "category",
        pub count: Option<i64> = "count",
    }
}

decoded! {
    /// The figures of one region.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Figures {
        pub households: Option<i64> = "households",
        pub people: Option<i64> = "people",
        pub swept_this_month_share: Option<f64> = "sweptThisMonthShare",
        pub overdue_care_visits: Option<i64> = "overdueCareVisits",
        pub by_category: Vec<CategoryCount> = "byCategory",
    }
}

decoded! {
    /// A child region and its figures.
    #[derive(Clone, Debug, PartialEq)]
    pub struct ChildStats {
        pub region: super::Region = "region",
        pub figures: Figures = "figures",
    }
}

decoded! {
    /// `stats`: the region's totals and each child's.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Stats {
        pub totals: Figures = "totals",
        pub children: Vec<ChildStats> = "children",
    }
}
