//! The registry's enums, each with its API spelling and the list of
//! variants a form offers. `Unknown` stands for a value from a newer server.

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

api_enum!(
    /// A user's role; decides what the server lets them see.
    Role {
        Grid = "GRID",
        Village = "VILLAGE",
        Town = "TOWN",
        District = "DISTRICT",
        Admin = "ADMIN",
        Dashboard = "DASHBOARD",
    }
);

impl Role {
    /// Whether the role keeps the registry; the server decides, this only
    /// spares the others buttons that would end in `FORBIDDEN`.
    pub fn edits_registry(self) -> bool {
        matches!(self, Self::Grid | Self::Village | Self::Town)
    }
}

api_enum!(
    /// The level of a region in the district → town → village → grid tree.
    RegionLevel { District = "DISTRICT", Town = "TOWN", Village = "VILLAGE", Grid = "GRID" }
);

impl RegionLevel {
    /// Levels that hold households directly; above them a region is
    /// summarised by its child regions.
    pub fn holds_households(self) -> bool {
        matches!(self, Self::Village | Self::Grid)
    }
}

api_enum!(
    /// A household's economic status (低保 / 特困 / 一般).
    EconomicStatus { Dibao = "DIBAO", Tekun = "TEKUN", General = "GENERAL" }
);
api_enum!(Sex { Male = "MALE", Female = "FEMALE" });
api_enum!(
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
);
api_enum!(ResidenceStatus {
    AtHome = "AT_HOME",
    AwayWork = "AWAY_WORK",
    AwayBusiness = "AWAY_BUSINESS",
    AwayOther = "AWAY_OTHER",
    Deceased = "DECEASED",
    MovedOut = "MOVED_OUT",
});
api_enum!(
    /// 自理能力.
    SelfCare { Full = "FULL", Partial = "PARTIAL", None = "NONE" }
);
api_enum!(MaritalStatus { Single = "SINGLE", Married = "MARRIED", Divorced = "DIVORCED", Widowed = "WIDOWED" });

api_enum!(
    /// 三留守 categories.
    Category { Child = "LEFT_BEHIND_CHILD", Elderly = "LEFT_BEHIND_ELDERLY", Woman = "LEFT_BEHIND_WOMAN" }
);
api_enum!(CareLevel { High = "HIGH", Key = "KEY", General = "GENERAL" });
api_enum!(ClassificationStatus {
    Suggested = "SUGGESTED",
    Confirmed = "CONFIRMED",
    Rejected = "REJECTED",
    Ended = "ENDED",
});
api_enum!(VisitKind {
    MonthlySweep = "MONTHLY_SWEEP",
    QuarterlySweep = "QUARTERLY_SWEEP",
    CareVisit = "CARE_VISIT",
    SpotCheck = "SPOT_CHECK",
    ReturnVisit = "RETURN_VISIT",
});
api_enum!(
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
);
api_enum!(DueReason {
    MonthlySweep = "MONTHLY_SWEEP",
    QuarterlySweep = "QUARTERLY_SWEEP",
    CareHigh = "CARE_HIGH",
    CareKey = "CARE_KEY",
    CareGeneral = "CARE_GENERAL",
    Emergency = "EMERGENCY",
});

api_enum!(
    /// 强制报告 situations the rules raise.
    AlertKind { ChildLivingAlone = "CHILD_LIVING_ALONE", GuardianIncapable = "GUARDIAN_INCAPABLE" }
);
api_enum!(AlertStatus { Open = "OPEN", Acknowledged = "ACKNOWLEDGED" });

impl ResidenceStatus {
    /// Away for work, business or otherwise: the states that take `awaySince`.
    pub fn is_away(self) -> bool {
        matches!(self, Self::AwayWork | Self::AwayBusiness | Self::AwayOther)
    }
}
