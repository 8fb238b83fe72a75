//! Enumerations stored as short strings (portable across SQLite and
//! PostgreSQL, readable in a database shell) and exposed in GraphQL.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

macro_rules! stored_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $value:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum,
            Serialize, Deserialize, async_graphql::Enum,
        )]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum $name {
            $(
                #[sea_orm(string_value = $value)]
                $variant,
            )+
        }

        impl $name {
            /// The stored and API spelling, e.g. `LEFT_BEHIND_CHILD`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $value,)+
                }
            }
        }
    };
}

stored_enum!(
    /// What a user is allowed to be; see DOMAIN.md "Who does the work".
    Role {
        Grid = "GRID",
        Village = "VILLAGE",
        Town = "TOWN",
        District = "DISTRICT",
        Admin = "ADMIN",
        Dashboard = "DASHBOARD",
    }
);

stored_enum!(
    /// Depth of a region in the district → town → village → grid tree.
    RegionLevel {
        District = "DISTRICT",
        Town = "TOWN",
        Village = "VILLAGE",
        Grid = "GRID",
    }
);

stored_enum!(
    /// 低保 / 特困 / 一般.
    EconomicStatus {
        Dibao = "DIBAO",
        Tekun = "TEKUN",
        General = "GENERAL",
    }
);

stored_enum!(Sex { Male = "MALE", Female = "FEMALE" });

stored_enum!(
    /// Relation to the household head (与户主关系).
    Relation {
        Head = "HEAD",
        Spouse = "SPOUSE",
        Child = "CHILD",
        Parent = "PARENT",
        Grandchild = "GRANDCHILD",
        Grandparent = "GRANDPARENT",
        Sibling = "SIBLING",
        Other = "OTHER",
    }
);

stored_enum!(
    ResidenceStatus {
        AtHome = "AT_HOME",
        AwayWork = "AWAY_WORK",
        AwayBusiness = "AWAY_BUSINESS",
        AwayOther = "AWAY_OTHER",
        Deceased = "DECEASED",
        MovedOut = "MOVED_OUT",
    }
);

impl ResidenceStatus {
    /// "Away" in the sense of the national definitions: working, trading or
    /// otherwise living elsewhere while still registered here.
    pub fn is_away(self) -> bool {
        matches!(self, Self::AwayWork | Self::AwayBusiness | Self::AwayOther)
    }
}

stored_enum!(
    /// 自理能力.
    SelfCare {
        Full = "FULL",
        Partial = "PARTIAL",
        None = "NONE",
    }
);

stored_enum!(
    MaritalStatus {
        Single = "SINGLE",
        Married = "MARRIED",
        Divorced = "DIVORCED",
        Widowed = "WIDOWED",
    }
);

stored_enum!(
    /// 三留守 categories.
    Category {
        LeftBehindChild = "LEFT_BEHIND_CHILD",
        LeftBehindElderly = "LEFT_BEHIND_ELDERLY",
        LeftBehindWoman = "LEFT_BEHIND_WOMAN",
    }
);

stored_enum!(
    CareLevel {
        High = "HIGH",
        Key = "KEY",
        General = "GENERAL",
    }
);

stored_enum!(
    ClassificationStatus {
        Suggested = "SUGGESTED",
        Confirmed = "CONFIRMED",
        Rejected = "REJECTED",
        Ended = "ENDED",
    }
);

stored_enum!(
    /// How a relative who is not in the registry is related to the person
    /// who carries the facts about him or her.
    KinRelation {
        Child = "CHILD",
        Father = "FATHER",
        Mother = "MOTHER",
    }
);

stored_enum!(
    VisitKind {
        MonthlySweep = "MONTHLY_SWEEP",
        QuarterlySweep = "QUARTERLY_SWEEP",
        CareVisit = "CARE_VISIT",
        SpotCheck = "SPOT_CHECK",
        ReturnVisit = "RETURN_VISIT",
    }
);

stored_enum!(
    /// 问需: the kinds of need a visit can find.
    Need {
        BasicLiving = "BASIC_LIVING",
        Medical = "MEDICAL",
        Education = "EDUCATION",
        Guardianship = "GUARDIANSHIP",
        Safety = "SAFETY",
        MentalHealth = "MENTAL_HEALTH",
        Housing = "HOUSING",
    }
);

stored_enum!(
    /// Whether an account that can read personal data is in force: a second
    /// person (see the server's `policy::accounts`) approves what an admin
    /// created or widened before it can be used.
    Approval {
        Approved = "APPROVED",
        Pending = "PENDING",
        Refused = "REFUSED",
    }
);

stored_enum!(
    /// An admin's change that needs a second person's approval before the
    /// account can be used again.
    AccountChange {
        Created = "CREATED",
        RoleRaised = "ROLE_RAISED",
        RegionWidened = "REGION_WIDENED",
        Reactivated = "REACTIVATED",
        PasswordReset = "PASSWORD_RESET",
    }
);

impl AccountChange {
    /// The stored comma-separated list, unknown codes skipped.
    pub fn parse_list(stored: &str) -> Vec<Self> {
        use sea_orm::Iterable as _;
        stored.split(',').filter_map(|code| Self::iter().find(|c| c.as_str() == code)).collect()
    }

    /// `changes` as stored, in a stable order, each once.
    pub fn join_list(changes: &[Self]) -> String {
        use sea_orm::Iterable as _;
        Self::iter().filter(|c| changes.contains(c)).map(Self::as_str).collect::<Vec<_>>().join(",")
    }
}

stored_enum!(
    /// Where a report stands: prepared, sent up, and decided by the tier
    /// above. A returned report is corrected by preparing its next version.
    ReportStatus {
        Draft = "DRAFT",
        Submitted = "SUBMITTED",
        Accepted = "ACCEPTED",
        Returned = "RETURNED",
    }
);

stored_enum!(
    /// A report row compared with the previous accepted report of its region.
    ReportChange {
        New = "NEW",
        Ended = "ENDED",
        Changed = "CHANGED",
        Unchanged = "UNCHANGED",
    }
);

stored_enum!(
    /// A spot-check round: open while the district re-visits its sample,
    /// closed once every item is checked, when the towns see the findings.
    SpotCheckStatus { Open = "OPEN", Closed = "CLOSED" }
);

stored_enum!(
    /// The stratum a sampled household was drawn from: with someone
    /// classified (where wrong reports hide) or without (missed reports).
    SpotCheckStratum {
        Classified = "CLASSIFIED",
        Unclassified = "UNCLASSIFIED",
    }
);

stored_enum!(
    /// Whether a sampled household has been re-visited.
    SpotCheckItemStatus { Pending = "PENDING", Checked = "CHECKED" }
);

stored_enum!(
    /// What a spot check found for one person: the registry agrees; someone
    /// who qualifies was not classified (漏报); someone classified does not
    /// qualify (错报); facts on record are wrong; or the person was not met.
    SpotCheckResult {
        Consistent = "CONSISTENT",
        Missed = "MISSED",
        Wrong = "WRONG",
        DataError = "DATA_ERROR",
        Unreachable = "UNREACHABLE",
    }
);
