//! Every rule at its boundaries, as tables: one row per situation, the
//! expected match and reasons beside it. The evaluation date is fixed.

use chrono::NaiveDate;
use entity::{CareLevel, Category, EconomicStatus, MaritalStatus, ResidenceStatus, SelfCare, Sex, alert::AlertKind};
use uuid::Uuid;

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The evaluation date of every table.
fn on() -> NaiveDate {
    d("2026-06-15")
}

const RURAL: u128 = 1;
const RURAL_NEXT_DOOR: u128 = 2;
const URBAN: u128 = 3;
const POOR: u128 = 4;

/// A person under construction: at home in the rural household, nothing
/// else known.
#[derive(Clone)]
struct P(PersonFacts);

fn person(id: u128) -> P {
    P(PersonFacts {
        id: Uuid::from_u128(id),
        household_id: Uuid::from_u128(RURAL),
        scope_key: 1,
        sex: None,
        birth_date: None,
        residence_status: ResidenceStatus::AtHome,
        away_since: None,
        away_outside_county: None,
        guardianship_capable: None,
        living_alone: None,
        self_care: None,
        has_disability: false,
        marital_status: None,
        father_id: None,
        mother_id: None,
        spouse_id: None,
    })
}

impl P {
    fn born(mut self, date: &str) -> Self {
        self.0.birth_date = Some(d(date));
        self
    }
    fn sex(mut self, sex: Sex) -> Self {
        self.0.sex = Some(sex);
        self
    }
    fn status(mut self, status: ResidenceStatus) -> Self {
        self.0.residence_status = status;
        self
    }
    fn away(self, since: &str) -> Self {
        let mut p = self.status(ResidenceStatus::AwayWork);
        p.0.away_since = Some(d(since));
        p.0.away_outside_county = Some(true);
        p
    }
    fn inside_county(mut self) -> Self {
        self.0.away_outside_county = Some(false);
        self
    }
    fn incapable(mut self) -> Self {
        self.0.guardianship_capable = Some(false);
        self
    }
    fn alone(mut self) -> Self {
        self.0.living_alone = Some(true);
        self
    }
    fn self_care(mut self, s: SelfCare) -> Self {
        self.0.self_care = Some(s);
        self
    }
    fn married_to(mut self, spouse: Option<u128>) -> Self {
        self.0.marital_status = Some(MaritalStatus::Married);
        self.0.spouse_id = spouse.map(Uuid::from_u128);
        self
    }
    fn marital(mut self, m: MaritalStatus) -> Self {
        self.0.marital_status = Some(m);
        self
    }
    fn parents(mut self, father: Option<u128>, mother: Option<u128>) -> Self {
        self.0.father_id = father.map(Uuid::from_u128);
        self.0.mother_id = mother.map(Uuid::from_u128);
        self
    }
    fn lives_in(mut self, household: u128) -> Self {
        self.0.household_id = Uuid::from_u128(household);
        self
    }
}

fn world(people: impl IntoIterator<Item = P>) -> Facts {
    let mut facts = Facts::default();
    let general = EconomicStatus::General;
    for (id, rural, economic_status) in [
        (RURAL, true, general),
        (RURAL_NEXT_DOOR, true, general),
        (URBAN, false, general),
        (POOR, true, EconomicStatus::Dibao),
    ] {
        facts.add_household(Uuid::from_u128(id), HouseholdFacts { rural, economic_status });
    }
    for p in people {
        facts.add_person(p.0);
    }
    facts
}

/// The subject of every table is person 1.
fn evaluate_subject(people: Vec<P>) -> Evaluation {
    evaluate(&world(people), Uuid::from_u128(1), on()).unwrap()
}

fn strings(reasons: &[&str]) -> Vec<String> {
    reasons.iter().map(|r| (*r).to_owned()).collect()
}

fn outcome_of(e: &Evaluation, category: Category) -> (bool, Vec<String>) {
    let o = e.outcomes.iter().find(|o| o.category == category).unwrap();
    (o.matched, o.reasons.iter().map(ToString::to_string).collect())
}

/// Parents 2 (father) and 3 (mother) of child 1.
fn child_with(child: P, father: Option<P>, mother: Option<P>) -> Vec<P> {
    let f = father.as_ref().map(|_| 2);
    let m = mother.as_ref().map(|_| 3);
    let mut people = vec![child.parents(f, m)];
    people.extend(father.map(|p| p.sex(Sex::Male)));
    people.extend(mother.map(|p| p.sex(Sex::Female)));
    people
}

#[test]
fn the_child_rule_holds_exactly_at_its_boundaries() {
    let kid = || person(1).born("2012-01-10");
    let father = || Some(person(2).born("1985-01-01"));
    let mother = || Some(person(3).born("1987-01-01"));
    let away = |p: Option<P>| p.map(|p| p.away("2025-03-01"));
    let table: Vec<(&str, Vec<P>, bool, &[&str])> = vec![
        (
            "both parents away",
            child_with(kid(), away(father()), away(mother())),
            true,
            &["FATHER_AWAY_SINCE 2025-03-01", "MOTHER_AWAY_SINCE 2025-03-01"],
        ),
        (
            "the day before the 16th birthday",
            child_with(person(1).born("2010-06-16"), away(father()), away(mother())),
            true,
            &["FATHER_AWAY_SINCE 2025-03-01", "MOTHER_AWAY_SINCE 2025-03-01"],
        ),
        (
            "on the 16th birthday",
            child_with(person(1).born("2010-06-15"), away(father()), away(mother())),
            false,
            &["AGE_16_OR_OVER"],
        ),
        (
            "father away, mother capable at home",
            child_with(kid(), away(father()), mother()),
            false,
            &["MOTHER_AT_HOME"],
        ),
        (
            "father away, mother without guardianship capacity",
            child_with(kid(), away(father()), mother().map(P::incapable)),
            true,
            &["FATHER_AWAY_SINCE 2025-03-01", "MOTHER_NO_GUARDIANSHIP"],
        ),
        (
            "mother away, father deceased",
            child_with(kid(), father().map(|p| p.status(ResidenceStatus::Deceased)), away(mother())),
            true,
            &["FATHER_DECEASED", "MOTHER_AWAY_SINCE 2025-03-01"],
        ),
        (
            "father away without a start date",
            child_with(kid(), father().map(|p| p.status(ResidenceStatus::AwayWork)), away(mother())),
            false,
            &["FATHER_AWAY_SINCE_UNKNOWN"],
        ),
        ("father not registered", child_with(kid(), None, away(mother())), false, &["FATHER_UNKNOWN"]),
        (
            "father moved out",
            child_with(kid(), father().map(|p| p.status(ResidenceStatus::MovedOut)), away(mother())),
            false,
            &["FATHER_MOVED_OUT"],
        ),
        (
            "both parents incapable, neither away",
            child_with(kid(), father().map(P::incapable), mother().map(P::incapable)),
            false,
            &["NO_PARENT_AWAY"],
        ),
        (
            "parents registered in another household",
            child_with(
                kid(),
                away(father()).map(|p| p.lives_in(RURAL_NEXT_DOOR)),
                away(mother()).map(|p| p.lives_in(URBAN)),
            ),
            true,
            &["FATHER_AWAY_SINCE 2025-03-01", "MOTHER_AWAY_SINCE 2025-03-01"],
        ),
        ("an urban child", child_with(kid().lives_in(URBAN), away(father()), away(mother())), false, &["NOT_RURAL"]),
        (
            "a child who went with the parents",
            child_with(kid().away("2025-03-01"), away(father()), away(mother())),
            false,
            &["NOT_AT_HOME"],
        ),
        ("no birth date", child_with(person(1), away(father()), away(mother())), false, &["BIRTH_DATE_UNKNOWN"]),
    ];
    for (situation, people, matched, reasons) in table {
        let e = evaluate_subject(people);

        let (got, why) = outcome_of(&e, Category::LeftBehindChild);

        assert_eq!((got, why), (matched, strings(reasons)), "{situation}");
    }
}

/// Elder 1 and children 2, 3 (father link to 1).
fn elder_with(elder: P, children: Vec<P>) -> Vec<P> {
    let mut people = vec![elder];
    people.extend(children.into_iter().map(|c| c.parents(Some(1), None)));
    people
}

#[test]
fn the_elderly_rule_holds_exactly_at_its_boundaries() {
    let elder = || person(1).born("1950-01-01").sex(Sex::Male);
    let son = || person(2).born("1980-01-01");
    let daughter = || person(3).born("1982-01-01");
    let table: Vec<(&str, Vec<P>, bool, &[&str])> = vec![
        (
            "the day before the 60th birthday",
            elder_with(person(1).born("1966-06-16"), vec![son().away("2020-01-01")]),
            false,
            &["AGE_UNDER_60"],
        ),
        (
            "on the 60th birthday",
            elder_with(person(1).born("1966-06-15"), vec![son().away("2020-01-01")]),
            true,
            &["CHILD_AWAY_OUTSIDE_COUNTY_SINCE 2020-01-01"],
        ),
        (
            "a child away six months to the day",
            elder_with(elder(), vec![son().away("2025-12-15")]),
            true,
            &["CHILD_AWAY_OUTSIDE_COUNTY_SINCE 2025-12-15"],
        ),
        (
            "a child away six months minus a day",
            elder_with(elder(), vec![son().away("2025-12-16")]),
            false,
            &["CHILD_AWAY_UNDER_6_MONTHS"],
        ),
        (
            "a child away inside the county",
            elder_with(elder(), vec![son().away("2020-01-01").inside_county()]),
            false,
            &["CHILD_NOT_OUTSIDE_COUNTY"],
        ),
        (
            "one child away outside the county, one at home",
            elder_with(elder(), vec![son().away("2020-01-01"), daughter()]),
            false,
            &["CHILD_NOT_AWAY"],
        ),
        (
            "all children away, in other households and regions",
            elder_with(
                elder(),
                vec![son().away("2020-01-01").lives_in(RURAL_NEXT_DOOR), daughter().away("2021-05-01").lives_in(URBAN)],
            ),
            true,
            &["CHILD_AWAY_OUTSIDE_COUNTY_SINCE 2020-01-01", "CHILD_AWAY_OUTSIDE_COUNTY_SINCE 2021-05-01"],
        ),
        (
            "a deceased child does not count",
            elder_with(elder(), vec![son().away("2020-01-01"), daughter().status(ResidenceStatus::Deceased)]),
            true,
            &["CHILD_AWAY_OUTSIDE_COUNTY_SINCE 2020-01-01"],
        ),
        ("no registered children", elder_with(elder(), vec![]), false, &["NO_CHILDREN"]),
        (
            "a child who moved out is not known to be away",
            elder_with(elder(), vec![son().status(ResidenceStatus::MovedOut)]),
            false,
            &["CHILD_NOT_AWAY"],
        ),
        (
            "a child away without a start date",
            elder_with(elder(), vec![son().status(ResidenceStatus::AwayBusiness)]),
            false,
            &["CHILD_AWAY_SINCE_UNKNOWN"],
        ),
        ("an urban elder", elder_with(elder().lives_in(URBAN), vec![son().away("2020-01-01")]), false, &["NOT_RURAL"]),
        (
            "an elder living elsewhere",
            elder_with(elder().away("2024-01-01"), vec![son().away("2020-01-01")]),
            false,
            &["NOT_AT_HOME"],
        ),
    ];
    for (situation, people, matched, reasons) in table {
        let e = evaluate_subject(people);

        let (got, why) = outcome_of(&e, Category::LeftBehindElderly);

        assert_eq!((got, why), (matched, strings(reasons)), "{situation}");
    }
}

#[test]
fn the_woman_rule_holds_exactly_at_its_boundaries() {
    let wife = || person(1).born("1990-01-01").sex(Sex::Female).married_to(Some(2));
    let husband = || person(2).born("1988-01-01").sex(Sex::Male).married_to(Some(1));
    let table: Vec<(&str, Vec<P>, bool, &[&str])> = vec![
        (
            "husband away six months to the day",
            vec![wife(), husband().away("2025-12-15")],
            true,
            &["HUSBAND_AWAY_SINCE 2025-12-15"],
        ),
        (
            "husband away six months minus a day",
            vec![wife(), husband().away("2025-12-16")],
            false,
            &["HUSBAND_AWAY_UNDER_6_MONTHS"],
        ),
        ("husband at home", vec![wife(), husband()], false, &["HUSBAND_NOT_AWAY"]),
        ("husband deceased", vec![wife(), husband().status(ResidenceStatus::Deceased)], false, &["HUSBAND_NOT_AWAY"]),
        (
            "husband away without a start date",
            vec![wife(), husband().status(ResidenceStatus::AwayOther)],
            false,
            &["HUSBAND_AWAY_SINCE_UNKNOWN"],
        ),
        (
            "the link entered on the husband's side only",
            vec![wife().married_to(None), husband().away("2024-01-01")],
            true,
            &["HUSBAND_AWAY_SINCE 2024-01-01"],
        ),
        (
            "husband registered in another household",
            vec![wife(), husband().away("2024-01-01").lives_in(URBAN)],
            true,
            &["HUSBAND_AWAY_SINCE 2024-01-01"],
        ),
        ("no husband registered", vec![wife().married_to(None)], false, &["HUSBAND_UNKNOWN"]),
        (
            "divorced",
            vec![wife().marital(MaritalStatus::Divorced), husband().away("2024-01-01")],
            false,
            &["NOT_MARRIED"],
        ),
        ("a man", vec![wife().sex(Sex::Male), husband().away("2024-01-01")], false, &["NOT_FEMALE"]),
        ("an urban wife", vec![wife().lives_in(URBAN), husband().away("2024-01-01")], false, &["NOT_RURAL"]),
        ("away herself", vec![wife().away("2024-01-01"), husband().away("2024-01-01")], false, &["NOT_AT_HOME"]),
    ];
    for (situation, people, matched, reasons) in table {
        let e = evaluate_subject(people);

        let (got, why) = outcome_of(&e, Category::LeftBehindWoman);

        assert_eq!((got, why), (matched, strings(reasons)), "{situation}");
    }
}

#[test]
fn one_person_can_hold_several_categories_at_once() {
    let people = vec![
        person(1).born("1960-01-01").sex(Sex::Female).married_to(Some(2)),
        person(2).born("1958-01-01").sex(Sex::Male).married_to(Some(1)).away("2024-01-01"),
        person(3).born("1985-01-01").parents(Some(2), Some(1)).away("2023-01-01"),
    ];

    let e = evaluate_subject(people);

    assert!(outcome_of(&e, Category::LeftBehindElderly).0);
    assert!(outcome_of(&e, Category::LeftBehindWoman).0);
    assert!(!outcome_of(&e, Category::LeftBehindChild).0);
}

#[test]
fn six_months_are_calendar_months_and_the_boundary_is_inclusive() {
    let table = [
        ("2025-12-15", "2026-06-15", true),
        ("2025-12-15", "2026-06-14", false),
        // 31 August + 6 months is the last day of February.
        ("2025-08-31", "2026-02-28", true),
        ("2025-08-31", "2026-02-27", false),
        ("2023-08-31", "2024-02-29", true),
    ];
    for (since, on, reached) in table {
        assert_eq!(six_months_reached(d(since), d(on)), reached, "{since} + 6 months <= {on}");
    }
}

#[test]
fn care_levels_follow_the_domain_examples() {
    let table: Vec<(&str, P, CareLevel, &[&str])> = vec![
        ("80 and living alone", person(1).born("1946-06-15").alone(), CareLevel::High, &["AGE_80_LIVING_ALONE"]),
        ("79 and living alone", person(1).born("1946-06-16").alone(), CareLevel::General, &[]),
        (
            "no self-care, living alone",
            person(1).born("1950-01-01").alone().self_care(SelfCare::None),
            CareLevel::High,
            &["NO_SELF_CARE_LIVING_ALONE"],
        ),
        ("a child living alone", person(1).born("2015-01-01").alone(), CareLevel::High, &["CHILD_LIVING_ALONE"]),
        (
            "partial self-care (dementia)",
            person(1).born("1950-01-01").self_care(SelfCare::Partial),
            CareLevel::Key,
            &["PARTIAL_SELF_CARE"],
        ),
        ("a 低保 household", person(1).born("1950-01-01").lives_in(POOR), CareLevel::Key, &["DIBAO"]),
        ("nothing special", person(1).born("1950-01-01"), CareLevel::General, &[]),
    ];
    for (situation, p, level, reasons) in table {
        let e = evaluate_subject(vec![p]);

        let why: Vec<String> = e.care.reasons.iter().map(ToString::to_string).collect();

        assert_eq!((e.care.level, why), (level, strings(reasons)), "{situation}");
    }
}

#[test]
fn a_child_whose_parent_is_incapable_is_suggested_high_care() {
    let people = child_with(
        person(1).born("2015-01-01"),
        Some(person(2).born("1985-01-01").away("2024-01-01")),
        Some(person(3).born("1987-01-01").incapable()),
    );

    let e = evaluate_subject(people);

    assert_eq!(e.care.level, CareLevel::High);
    assert_eq!(e.care.reasons, [crate::discovery::reasons::Reason::GuardianIncapable]);
}

#[test]
fn alerts_fire_for_a_child_alone_or_without_a_capable_carer() {
    let kid = || person(1).born("2015-01-01");
    let father_away = || Some(person(2).born("1985-01-01").away("2024-01-01"));
    let mother_incapable = || Some(person(3).born("1987-01-01").incapable());
    let grandma = person(4).born("1955-01-01");
    let table: Vec<(&str, Vec<P>, [bool; 2])> = vec![
        ("a child living alone", vec![kid().alone()], [true, false]),
        ("a 16-year-old living alone", vec![person(1).born("2010-06-15").alone()], [false, false]),
        ("an incapable mother and nobody else", child_with(kid(), father_away(), mother_incapable()), [false, true]),
        (
            "an incapable mother and a grandmother at home",
            [child_with(kid(), father_away(), mother_incapable()), vec![grandma.clone()]].concat(),
            [false, false],
        ),
        (
            "an incapable mother and a capable father at home",
            child_with(kid(), Some(person(2).born("1985-01-01")), mother_incapable()),
            [false, false],
        ),
        (
            "an incapable mother, grandmother away",
            [child_with(kid(), father_away(), mother_incapable()), vec![grandma.away("2025-01-01")]].concat(),
            [false, true],
        ),
        (
            "both parents away, the child not alone",
            child_with(kid(), father_away(), Some(person(3).born("1987-01-01").away("2024-01-01"))),
            [false, false],
        ),
    ];
    for (situation, people, expected) in table {
        let e = evaluate_subject(people);

        let got = e.alerts.clone().map(|a| a.holds);

        assert_eq!(got, expected, "{situation}");
        assert_eq!(e.alerts.map(|a| a.kind), [AlertKind::ChildLivingAlone, AlertKind::GuardianIncapable]);
    }
}
