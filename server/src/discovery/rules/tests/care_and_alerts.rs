//! Suggested care levels and alert situations.

use entity::{CareLevel, SelfCare, alert::AlertKind};

use super::*;

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
