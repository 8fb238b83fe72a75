//! The registry's enums, each with its API spelling and the list of
//! variants a form offers. `Unknown` stands for a value from a newer server.

/// Every enum of the app in one invocation, so that the contract test
/// (`api::contract`) sees each one: [`API_ENUMS`] lists their GraphQL
/// names and values.
macro_rules! api_enums {
    ($($(#[$doc:meta])* $name:ident { $($variant:ident = $api:literal),+ $(,)? })+) => {
        $(api_enum!($(#[$doc])* $name { $($variant = $api),+ });)+

        /// (GraphQL name, values) of every enum above.
        #[cfg(test)]
        pub const API_ENUMS: &[(&str, &[&str])] = &[$((stringify!($name), &[$($api),+])),+];
    };
}

macro_rules! api_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $api:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            Unknown,
        }

        impl $crate::json::FromJson for $name {
            fn from_json(value: &serde_json::Value) -> $crate::json::Decoded<Self> {
                let text = value.as_str().ok_or($crate::json::Mismatch(""))?;
                Ok(Self::from_api(text).unwrap_or(Self::Unknown))
            }
        }

        #[cfg(test)]
        impl $crate::json::Describe for $name {
            fn shape() -> $crate::json::Shape {
                $crate::json::Shape::Leaf
            }
        }

        impl $crate::json::ToJson for $name {
            fn to_json(&self) -> serde_json::Value {
                serde_json::Value::String(self.as_api().to_owned())
            }
        }

        #[allow(dead_code, reason = "each enum uses the helpers it needs")]
        impl $name {
            /// The variants a user may choose, in display order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The API's spelling, as sent in variables and URLs.
            pub fn as_api(self) -> &'static str {
                match self {
                    $(Self::$variant => $api,)+
                    Self::Unknown => "",
                }
            }

            /// The position in `ALL`, for label tables; `None` for `Unknown`.
            pub fn index(self) -> Option<usize> {
                Self::ALL.iter().position(|&v| v == self)
            }

            /// The variant spelled `s`, if any.
            pub fn from_api(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_api() == s)
            }
        }
    };
}

api_enums! {
    /// A user's role; decides what the server lets them see.
    Role {
        Grid = "GRID",
        Village = "VILLAGE",
        Town = "TOWN",
        District = "DISTRICT",
        Admin = "ADMIN",
        Dashboard = "DASHBOARD",
    }
    /// The level of a region in the district → town → village → grid tree.
    RegionLevel { District = "DISTRICT", Town = "TOWN", Village = "VILLAGE", Grid = "GRID" }
    /// A household's economic status (低保 / 特困 / 一般).
    EconomicStatus { Dibao = "DIBAO", Tekun = "TEKUN", General = "GENERAL" }
    Sex { Male = "MALE", Female = "FEMALE" }
    /// How an unregistered relative is related to the person.
    KinRelation { Child = "CHILD", Father = "FATHER", Mother = "MOTHER" }
    /// 与户主关系.
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
    ResidenceStatus {
        AtHome = "AT_HOME",
        AwayWork = "AWAY_WORK",
        AwayBusiness = "AWAY_BUSINESS",
        AwayOther = "AWAY_OTHER",
        Deceased = "DECEASED",
        MovedOut = "MOVED_OUT",
    }
    /// 自理能力.
    SelfCare { Full = "FULL", Partial = "PARTIAL", None = "NONE" }
    MaritalStatus { Single = "SINGLE", Married = "MARRIED", Divorced = "DIVORCED", Widowed = "WIDOWED" }
    /// 三留守 categories.
    Category { Child = "LEFT_BEHIND_CHILD", Elderly = "LEFT_BEHIND_ELDERLY", Woman = "LEFT_BEHIND_WOMAN" }
    CareLevel { High = "HIGH", Key = "KEY", General = "GENERAL" }
    ClassificationStatus {
        Suggested = "SUGGESTED",
        Confirmed = "CONFIRMED",
        Rejected = "REJECTED",
        Ended = "ENDED",
    }
    VisitKind {
        MonthlySweep = "MONTHLY_SWEEP",
        QuarterlySweep = "QUARTERLY_SWEEP",
        CareVisit = "CARE_VISIT",
        SpotCheck = "SPOT_CHECK",
        ReturnVisit = "RETURN_VISIT",
    }
    /// 问需.
    Need {
        BasicLiving = "BASIC_LIVING",
        Medical = "MEDICAL",
        Education = "EDUCATION",
        Guardianship = "GUARDIANSHIP",
        Safety = "SAFETY",
        MentalHealth = "MENTAL_HEALTH",
        Housing = "HOUSING",
    }
    DueReason {
        MonthlySweep = "MONTHLY_SWEEP",
        QuarterlySweep = "QUARTERLY_SWEEP",
        CareHigh = "CARE_HIGH",
        CareKey = "CARE_KEY",
        CareGeneral = "CARE_GENERAL",
        Emergency = "EMERGENCY",
    }
    /// 强制报告 situations the rules raise.
    AlertKind { ChildLivingAlone = "CHILD_LIVING_ALONE", GuardianIncapable = "GUARDIAN_INCAPABLE" }
    AlertStatus { Open = "OPEN", Acknowledged = "ACKNOWLEDGED" }
}

impl RegionLevel {
    /// Levels that hold households directly; above them a region is
    /// summarised by its child regions.
    pub fn holds_households(self) -> bool {
        matches!(self, Self::Village | Self::Grid)
    }
}

impl ResidenceStatus {
    /// Away for work, business or otherwise: the states that take `awaySince`.
    pub fn is_away(self) -> bool {
        matches!(self, Self::AwayWork | Self::AwayBusiness | Self::AwayOther)
    }
}
