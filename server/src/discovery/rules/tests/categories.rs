//! The three categories at their boundaries.

use entity::{Category, MaritalStatus, ResidenceStatus, Sex};

use super::*;
use crate::discovery::rules::six_months_reached;

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
            "a child who moved out, with no date, is away long-term",
            elder_with(elder(), vec![son().status(ResidenceStatus::MovedOut)]),
            true,
            &["CHILD_MOVED_OUT"],
        ),
        (
            "a child who moved out six months ago to the day",
            elder_with(elder(), vec![son().away("2025-12-15").status(ResidenceStatus::MovedOut)]),
            true,
            &["CHILD_AWAY_OUTSIDE_COUNTY_SINCE 2025-12-15"],
        ),
        (
            "a child who moved out six months minus a day ago",
            elder_with(elder(), vec![son().away("2025-12-16").status(ResidenceStatus::MovedOut)]),
            false,
            &["CHILD_AWAY_UNDER_6_MONTHS"],
        ),
        (
            "a child who moved inside the county",
            elder_with(elder(), vec![son().status(ResidenceStatus::MovedOut).inside_county()]),
            false,
            &["CHILD_NOT_OUTSIDE_COUNTY"],
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
