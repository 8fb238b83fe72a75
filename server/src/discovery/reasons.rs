//! The vocabulary of the rules: every reason a rule gives for a match, a
//! non-match, a care level or an alert, with its machine-readable spelling
//! (`FATHER_AWAY_SINCE 2025-03-01`, stored and sent over the API) and its
//! Chinese label for staff.
//!
//! The spelling is part of the API and of stored fingerprints: renaming a
//! code may bring back every rejected suggestion it appears in.

use std::fmt;

use chrono::NaiveDate;

/// Which parent a reason is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Parent {
    Father,
    Mother,
}

impl Parent {
    fn code(self) -> &'static str {
        match self {
            Self::Father => "FATHER",
            Self::Mother => "MOTHER",
        }
    }

    fn zh(self) -> &'static str {
        match self {
            Self::Father => "父亲",
            Self::Mother => "母亲",
        }
    }
}

/// What a rule found about a parent (child rule, guardianship alert).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParentFact {
    /// Away (work, business, other) since the date.
    AwaySince(NaiveDate),
    /// Away, but since when is not recorded: the rule cannot count it.
    AwaySinceUnknown,
    /// 无监护能力 recorded on the parent.
    NoGuardianship,
    Deceased,
    /// At home and not recorded as incapable.
    AtHome,
    MovedOut,
    /// No link to a registered parent.
    Unknown,
}

/// One reason. The derived order sorts a list the same way however a rule
/// found it, so equal facts give equal fingerprints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    // Gates every rule applies first.
    NotRural,
    NotAtHome,
    BirthDateUnknown,
    // 留守儿童.
    Age16OrOver,
    Parent(Parent, ParentFact),
    /// A fact of a parent not registered here, recorded on the child.
    UnregisteredParent(Parent, ParentFact),
    NoParentAway,
    // 留守老年人.
    AgeUnder60,
    NoChildren,
    ChildAwayOutsideCountySince(NaiveDate),
    ChildNotAway,
    ChildNotOutsideCounty,
    ChildAwayUnder6Months,
    ChildAwaySinceUnknown,
    /// A linked child who moved out, with no date: away long-term.
    ChildMovedOut,
    UnregisteredChildAwayOutsideCountySince(NaiveDate),
    UnregisteredChildNotAway,
    UnregisteredChildNotOutsideCounty,
    UnregisteredChildAwayUnder6Months,
    // 留守妇女.
    SexUnknown,
    NotFemale,
    NotMarried,
    HusbandUnknown,
    HusbandAwaySince(NaiveDate),
    HusbandNotAway,
    HusbandAwayUnder6Months,
    HusbandAwaySinceUnknown,
    // Care levels.
    Age80LivingAlone,
    NoSelfCareLivingAlone,
    ChildLivingAlone,
    GuardianIncapable,
    NoSelfCare,
    PartialSelfCare,
    Disability,
    Dibao,
    Tekun,
    // Alerts.
    NoCarerAtHome,
    // Raised by staff, not by the rules (`suggestClassification`, a spot
    // check's missed report): the rules neither refresh nor end it.
    StaffReported,
}

/// The prefix of a reason drawn from a relative not registered here
/// (`relative`), in codes and in labels.
const UNREGISTERED: &str = "UNREGISTERED_";
const UNREGISTERED_ZH: &str = "未在本地登记的";

/// Reasons without an argument: (reason, code, label).
const PLAIN: &[(Reason, &str, &str)] = &[
    (Reason::NotRural, "NOT_RURAL", "户籍所在地不是农村"),
    (Reason::NotAtHome, "NOT_AT_HOME", "本人不在村居住"),
    (Reason::BirthDateUnknown, "BIRTH_DATE_UNKNOWN", "出生日期不详"),
    (Reason::Age16OrOver, "AGE_16_OR_OVER", "已满16周岁"),
    (Reason::NoParentAway, "NO_PARENT_AWAY", "父母均未外出"),
    (Reason::AgeUnder60, "AGE_UNDER_60", "未满60周岁"),
    (Reason::NoChildren, "NO_CHILDREN", "无登记子女"),
    (Reason::ChildNotAway, "CHILD_NOT_AWAY", "有子女未外出"),
    (Reason::ChildNotOutsideCounty, "CHILD_NOT_OUTSIDE_COUNTY", "有子女外出但未登记在县外"),
    (Reason::ChildAwayUnder6Months, "CHILD_AWAY_UNDER_6_MONTHS", "有子女外出不满6个月"),
    (Reason::ChildAwaySinceUnknown, "CHILD_AWAY_SINCE_UNKNOWN", "有子女外出时间不详"),
    (Reason::ChildMovedOut, "CHILD_MOVED_OUT", "子女已迁出"),
    (Reason::UnregisteredChildNotAway, "UNREGISTERED_CHILD_NOT_AWAY", "有未在本地登记的子女未外出"),
    (
        Reason::UnregisteredChildNotOutsideCounty,
        "UNREGISTERED_CHILD_NOT_OUTSIDE_COUNTY",
        "有未在本地登记的子女外出但不在县外",
    ),
    (
        Reason::UnregisteredChildAwayUnder6Months,
        "UNREGISTERED_CHILD_AWAY_UNDER_6_MONTHS",
        "有未在本地登记的子女外出不满6个月",
    ),
    (Reason::SexUnknown, "SEX_UNKNOWN", "性别不详"),
    (Reason::NotFemale, "NOT_FEMALE", "非女性"),
    (Reason::NotMarried, "NOT_MARRIED", "婚姻状况非已婚"),
    (Reason::HusbandUnknown, "HUSBAND_UNKNOWN", "丈夫未登记"),
    (Reason::HusbandNotAway, "HUSBAND_NOT_AWAY", "丈夫未外出"),
    (Reason::HusbandAwayUnder6Months, "HUSBAND_AWAY_UNDER_6_MONTHS", "丈夫外出不满6个月"),
    (Reason::HusbandAwaySinceUnknown, "HUSBAND_AWAY_SINCE_UNKNOWN", "丈夫外出时间不详"),
    (Reason::Age80LivingAlone, "AGE_80_LIVING_ALONE", "80周岁以上独居"),
    (Reason::NoSelfCareLivingAlone, "NO_SELF_CARE_LIVING_ALONE", "不能自理且独居"),
    (Reason::ChildLivingAlone, "CHILD_LIVING_ALONE", "儿童独居"),
    (Reason::GuardianIncapable, "GUARDIAN_INCAPABLE", "父母一方无监护能力"),
    (Reason::NoSelfCare, "NO_SELF_CARE", "不能自理"),
    (Reason::PartialSelfCare, "PARTIAL_SELF_CARE", "部分自理"),
    (Reason::Disability, "DISABILITY", "残疾"),
    (Reason::Dibao, "DIBAO", "低保家庭"),
    (Reason::Tekun, "TEKUN", "特困家庭"),
    (Reason::NoCarerAtHome, "NO_CARER_AT_HOME", "家中无其他有监护能力的成年人"),
    (Reason::StaffReported, "STAFF_REPORTED", "工作人员核查发现"),
];

/// Parent facts: (suffix of the code after `FATHER_`/`MOTHER_`, label after 父亲/母亲).
fn parent_fact_code(fact: ParentFact) -> (&'static str, &'static str) {
    match fact {
        ParentFact::AwaySince(_) => ("AWAY_SINCE", "外出"),
        ParentFact::AwaySinceUnknown => ("AWAY_SINCE_UNKNOWN", "外出时间不详"),
        ParentFact::NoGuardianship => ("NO_GUARDIANSHIP", "无监护能力"),
        ParentFact::Deceased => ("DECEASED", "已故"),
        ParentFact::AtHome => ("AT_HOME", "在家且有监护能力"),
        ParentFact::MovedOut => ("MOVED_OUT", "已迁出"),
        ParentFact::Unknown => ("UNKNOWN", "未登记"),
    }
}

const PARENT_FACTS: [ParentFact; 6] = [
    ParentFact::AwaySinceUnknown,
    ParentFact::NoGuardianship,
    ParentFact::Deceased,
    ParentFact::AtHome,
    ParentFact::MovedOut,
    ParentFact::Unknown,
];

impl Reason {
    /// The code without its date, e.g. `FATHER_AWAY_SINCE`.
    pub fn code(&self) -> String {
        match self {
            Self::Parent(who, fact) => format!("{}_{}", who.code(), parent_fact_code(*fact).0),
            Self::UnregisteredParent(who, fact) => {
                format!("{UNREGISTERED}{}_{}", who.code(), parent_fact_code(*fact).0)
            }
            Self::ChildAwayOutsideCountySince(_) => "CHILD_AWAY_OUTSIDE_COUNTY_SINCE".to_owned(),
            Self::UnregisteredChildAwayOutsideCountySince(_) => {
                "UNREGISTERED_CHILD_AWAY_OUTSIDE_COUNTY_SINCE".to_owned()
            }
            Self::HusbandAwaySince(_) => "HUSBAND_AWAY_SINCE".to_owned(),
            plain => PLAIN.iter().find(|(r, _, _)| r == plain).map_or("UNKNOWN_REASON", |(_, c, _)| c).to_owned(),
        }
    }

    /// The date a reason carries, if any.
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Self::Parent(_, ParentFact::AwaySince(d))
            | Self::UnregisteredParent(_, ParentFact::AwaySince(d))
            | Self::ChildAwayOutsideCountySince(d)
            | Self::UnregisteredChildAwayOutsideCountySince(d)
            | Self::HusbandAwaySince(d) => Some(*d),
            _ => None,
        }
    }

    /// What staff read, in Simplified Chinese.
    pub fn label_zh(&self) -> String {
        let day = |d: &NaiveDate| d.format("%Y年%-m月%-d日").to_string();
        match self {
            Self::Parent(who, ParentFact::AwaySince(d)) => format!("{}自{}起外出", who.zh(), day(d)),
            Self::Parent(who, fact) => format!("{}{}", who.zh(), parent_fact_code(*fact).1),
            Self::UnregisteredParent(who, ParentFact::AwaySince(d)) => {
                format!("{UNREGISTERED_ZH}{}自{}起外出", who.zh(), day(d))
            }
            Self::UnregisteredParent(who, fact) => {
                format!("{UNREGISTERED_ZH}{}{}", who.zh(), parent_fact_code(*fact).1)
            }
            Self::ChildAwayOutsideCountySince(d) => format!("子女自{}起在县外", day(d)),
            Self::UnregisteredChildAwayOutsideCountySince(d) => format!("{UNREGISTERED_ZH}子女自{}起在县外", day(d)),
            Self::HusbandAwaySince(d) => format!("丈夫自{}起外出", day(d)),
            plain => PLAIN.iter().find(|(r, _, _)| r == plain).map_or("", |(_, _, zh)| zh).to_owned(),
        }
    }

    /// Parses the stored spelling; `None` for a code this version does not
    /// know (e.g. written by a newer one).
    pub fn parse(raw: &str) -> Option<Self> {
        let (code, date) = match raw.split_once(' ') {
            Some((code, arg)) => (code, Some(NaiveDate::parse_from_str(arg, "%Y-%m-%d").ok()?)),
            None => (raw, None),
        };
        if let Some(d) = date {
            return match code {
                "CHILD_AWAY_OUTSIDE_COUNTY_SINCE" => Some(Self::ChildAwayOutsideCountySince(d)),
                "UNREGISTERED_CHILD_AWAY_OUTSIDE_COUNTY_SINCE" => {
                    Some(Self::UnregisteredChildAwayOutsideCountySince(d))
                }
                "UNREGISTERED_FATHER_AWAY_SINCE" => {
                    Some(Self::UnregisteredParent(Parent::Father, ParentFact::AwaySince(d)))
                }
                "UNREGISTERED_MOTHER_AWAY_SINCE" => {
                    Some(Self::UnregisteredParent(Parent::Mother, ParentFact::AwaySince(d)))
                }
                "HUSBAND_AWAY_SINCE" => Some(Self::HusbandAwaySince(d)),
                "FATHER_AWAY_SINCE" => Some(Self::Parent(Parent::Father, ParentFact::AwaySince(d))),
                "MOTHER_AWAY_SINCE" => Some(Self::Parent(Parent::Mother, ParentFact::AwaySince(d))),
                _ => None,
            };
        }
        if let Some((reason, _, _)) = PLAIN.iter().find(|(_, c, _)| *c == code) {
            return Some(*reason);
        }
        let (unregistered, code) = match code.strip_prefix(UNREGISTERED) {
            Some(rest) => (true, rest),
            None => (false, code),
        };
        for who in [Parent::Father, Parent::Mother] {
            let Some(rest) = code.strip_prefix(who.code()).and_then(|r| r.strip_prefix('_')) else { continue };
            if let Some(fact) = PARENT_FACTS.into_iter().find(|f| parent_fact_code(*f).0 == rest) {
                return Some(if unregistered { Self::UnregisteredParent(who, fact) } else { Self::Parent(who, fact) });
            }
        }
        None
    }
}

impl fmt::Display for Reason {
    /// The stored spelling: the code, then the date if any.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.date() {
            Some(d) => write!(f, "{} {}", self.code(), d.format("%Y-%m-%d")),
            None => f.write_str(&self.code()),
        }
    }
}

/// Reasons as stored: a JSON array of strings.
pub fn to_json(reasons: &[Reason]) -> serde_json::Value {
    serde_json::Value::Array(reasons.iter().map(|r| serde_json::Value::String(r.to_string())).collect())
}

/// The strings of a stored JSON array (anything else reads as empty).
pub fn strings(json: &serde_json::Value) -> Vec<String> {
    json.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_round_trips_through_its_spelling_and_has_a_label() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        let mut all: Vec<Reason> = PLAIN.iter().map(|(r, _, _)| *r).collect();
        for who in [Parent::Father, Parent::Mother] {
            all.push(Reason::Parent(who, ParentFact::AwaySince(d)));
            all.extend(PARENT_FACTS.map(|f| Reason::Parent(who, f)));
            all.push(Reason::UnregisteredParent(who, ParentFact::AwaySince(d)));
            all.extend(PARENT_FACTS.map(|f| Reason::UnregisteredParent(who, f)));
        }
        all.extend([
            Reason::ChildAwayOutsideCountySince(d),
            Reason::UnregisteredChildAwayOutsideCountySince(d),
            Reason::HusbandAwaySince(d),
        ]);
        for reason in all {
            let spelled = reason.to_string();
            assert_eq!(Reason::parse(&spelled), Some(reason), "{spelled}");
            assert!(!reason.label_zh().is_empty(), "{spelled} has no label");
        }
    }

    #[test]
    fn the_documented_examples_spell_as_in_the_issue() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        assert_eq!(
            Reason::Parent(Parent::Father, ParentFact::AwaySince(d)).to_string(),
            "FATHER_AWAY_SINCE 2025-03-01"
        );
        assert_eq!(Reason::Parent(Parent::Mother, ParentFact::NoGuardianship).to_string(), "MOTHER_NO_GUARDIANSHIP");
        assert_eq!(Reason::Parent(Parent::Father, ParentFact::AwaySince(d)).label_zh(), "父亲自2025年3月1日起外出");
        assert_eq!(Reason::parse("SOMETHING_NEW"), None);
        assert_eq!(
            Reason::UnregisteredParent(Parent::Mother, ParentFact::AwaySince(d)).to_string(),
            "UNREGISTERED_MOTHER_AWAY_SINCE 2025-03-01"
        );
        assert_eq!(
            Reason::UnregisteredChildAwayOutsideCountySince(d).label_zh(),
            "未在本地登记的子女自2025年3月1日起在县外"
        );
    }
}
