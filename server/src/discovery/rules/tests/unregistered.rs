//! Relatives not registered here, recorded on the person: read by the
//! rules as linked people are, with reasons that say where they came from.

use entity::{Category, KinRelation, ResidenceStatus, Sex};
use uuid::Uuid;

use super::*;

/// An unregistered relative of person 1, at home and capable.
fn kin(relation: KinRelation) -> RelativeFacts {
    RelativeFacts {
        person_id: Uuid::from_u128(1),
        relation,
        away_since: None,
        outside_county: None,
        deceased: false,
        guardianship_capable: None,
    }
}

fn away(mut r: RelativeFacts, since: &str) -> RelativeFacts {
    r.away_since = Some(d(since));
    r.outside_county = Some(true);
    r
}

/// (situation, registered people, unregistered relatives of 1, matched, reasons).
type Row = (&'static str, Vec<P>, Vec<RelativeFacts>, bool, &'static [&'static str]);

fn evaluate_with(people: Vec<P>, relatives: Vec<RelativeFacts>) -> Evaluation {
    let mut facts = world(people);
    for r in relatives {
        facts.add_relative(r);
    }
    evaluate(&facts, Uuid::from_u128(1), on()).unwrap()
}

#[test]
fn the_elderly_rule_counts_unregistered_children_like_linked_ones() {
    let elder = || vec![person(1).born("1950-01-01").sex(Sex::Male)];
    let son = || person(2).born("1980-01-01").parents(Some(1), None);
    let child = || kin(KinRelation::Child);
    let table: Vec<Row> = vec![
        (
            "the only child, unregistered, away seven months",
            elder(),
            vec![away(child(), "2025-11-15")],
            true,
            &["UNREGISTERED_CHILD_AWAY_OUTSIDE_COUNTY_SINCE 2025-11-15"],
        ),
        (
            "away six months minus a day",
            elder(),
            vec![away(child(), "2025-12-16")],
            false,
            &["UNREGISTERED_CHILD_AWAY_UNDER_6_MONTHS"],
        ),
        ("came home", elder(), vec![child()], false, &["UNREGISTERED_CHILD_NOT_AWAY"]),
        (
            "away inside the county",
            elder(),
            vec![RelativeFacts { outside_county: Some(false), ..away(child(), "2020-01-01") }],
            false,
            &["UNREGISTERED_CHILD_NOT_OUTSIDE_COUNTY"],
        ),
        (
            "away with the county not recorded",
            elder(),
            vec![RelativeFacts { outside_county: None, ..away(child(), "2020-01-01") }],
            false,
            &["UNREGISTERED_CHILD_NOT_OUTSIDE_COUNTY"],
        ),
        (
            "a deceased unregistered child does not count",
            elder(),
            vec![away(child(), "2020-01-01"), RelativeFacts { deceased: true, ..child() }],
            true,
            &["UNREGISTERED_CHILD_AWAY_OUTSIDE_COUNTY_SINCE 2020-01-01"],
        ),
        ("only a deceased child", elder(), vec![RelativeFacts { deceased: true, ..child() }], false, &["NO_CHILDREN"]),
        (
            "a linked child away and an unregistered one away",
            [elder(), vec![son().away("2021-01-01")]].concat(),
            vec![away(child(), "2020-01-01")],
            true,
            &["CHILD_AWAY_OUTSIDE_COUNTY_SINCE 2021-01-01", "UNREGISTERED_CHILD_AWAY_OUTSIDE_COUNTY_SINCE 2020-01-01"],
        ),
        (
            "a linked child at home blocks an unregistered one away",
            [elder(), vec![son()]].concat(),
            vec![away(child(), "2020-01-01")],
            false,
            &["CHILD_NOT_AWAY"],
        ),
        (
            "an unregistered child at home blocks a linked one away",
            [elder(), vec![son().away("2020-01-01")]].concat(),
            vec![child()],
            false,
            &["UNREGISTERED_CHILD_NOT_AWAY"],
        ),
        (
            "an unregistered parent is not a child",
            elder(),
            vec![away(kin(KinRelation::Father), "2020-01-01")],
            false,
            &["NO_CHILDREN"],
        ),
    ];
    for (situation, people, relatives, matched, reasons) in table {
        let e = evaluate_with(people, relatives);

        let (got, why) = outcome_of(&e, Category::LeftBehindElderly);

        assert_eq!((got, why), (matched, strings(reasons)), "{situation}");
    }
}

#[test]
fn an_unregistered_parent_without_guardianship_capacity_means_high_care_and_an_alert() {
    let kid = || person(1).born("2015-01-01");
    let mother_away = || Some(person(3).born("1987-01-01").away("2024-01-01"));
    let incapable_father = || RelativeFacts { guardianship_capable: Some(false), ..kin(KinRelation::Father) };
    let table: Vec<Row> = vec![
        (
            "unregistered father incapable, mother away, nobody at home",
            child_with(kid(), None, mother_away()),
            vec![incapable_father()],
            true,
            &["UNREGISTERED_FATHER_NO_GUARDIANSHIP", "NO_CARER_AT_HOME"],
        ),
        (
            "unregistered father deceased, mother at home and capable",
            child_with(kid(), None, Some(person(3).born("1987-01-01"))),
            vec![RelativeFacts { deceased: true, ..kin(KinRelation::Father) }],
            false,
            &[],
        ),
    ];
    for (situation, people, relatives, holds, reasons) in table {
        let e = evaluate_with(people, relatives);

        let alert = &e.alerts[1];
        let why: Vec<String> = alert.reasons.iter().map(ToString::to_string).collect();

        assert_eq!(e.care.level, entity::CareLevel::High, "{situation}");
        assert_eq!((alert.holds, why), (holds, strings(reasons)), "{situation}");
    }
}

#[test]
fn the_child_rule_reads_an_unregistered_parent_where_no_parent_is_linked() {
    let kid = || person(1).born("2012-01-10");
    let mother = || Some(person(3).born("1987-01-01"));
    let father = || kin(KinRelation::Father);
    let table: Vec<Row> = vec![
        (
            "unregistered father away, linked mother away",
            child_with(kid(), None, mother().map(|m| m.away("2025-03-01"))),
            vec![away(father(), "2024-05-01")],
            true,
            &["MOTHER_AWAY_SINCE 2025-03-01", "UNREGISTERED_FATHER_AWAY_SINCE 2024-05-01"],
        ),
        (
            "unregistered father at home, linked mother away",
            child_with(kid(), None, mother().map(|m| m.away("2025-03-01"))),
            vec![father()],
            false,
            &["UNREGISTERED_FATHER_AT_HOME"],
        ),
        (
            "unregistered father deceased, linked mother away",
            child_with(kid(), None, mother().map(|m| m.away("2025-03-01"))),
            vec![RelativeFacts { deceased: true, ..away(father(), "2024-05-01") }],
            true,
            &["MOTHER_AWAY_SINCE 2025-03-01", "UNREGISTERED_FATHER_DECEASED"],
        ),
        (
            "unregistered father away, linked mother without guardianship capacity",
            child_with(kid(), None, mother().map(P::incapable)),
            vec![away(father(), "2024-05-01")],
            true,
            &["MOTHER_NO_GUARDIANSHIP", "UNREGISTERED_FATHER_AWAY_SINCE 2024-05-01"],
        ),
        (
            "both parents unregistered: away, and without guardianship capacity",
            child_with(kid(), None, None),
            vec![
                away(father(), "2024-05-01"),
                RelativeFacts { guardianship_capable: Some(false), ..kin(KinRelation::Mother) },
            ],
            true,
            &["UNREGISTERED_FATHER_AWAY_SINCE 2024-05-01", "UNREGISTERED_MOTHER_NO_GUARDIANSHIP"],
        ),
        (
            "a linked father is read instead of an unregistered one",
            child_with(kid(), Some(person(2).born("1985-01-01")), mother().map(|m| m.away("2025-03-01"))),
            vec![away(father(), "2024-05-01")],
            false,
            &["FATHER_AT_HOME"],
        ),
        ("no parent known at all", child_with(kid(), None, None), vec![], false, &["FATHER_UNKNOWN", "MOTHER_UNKNOWN"]),
        (
            "a child away from home is not left behind, whoever the parents are",
            child_with(kid().status(ResidenceStatus::AwayOther), None, None),
            vec![away(father(), "2024-05-01"), away(kin(KinRelation::Mother), "2024-05-01")],
            false,
            &["NOT_AT_HOME"],
        ),
    ];
    for (situation, people, relatives, matched, reasons) in table {
        let e = evaluate_with(people, relatives);

        let (got, why) = outcome_of(&e, Category::LeftBehindChild);

        assert_eq!((got, why), (matched, strings(reasons)), "{situation}");
    }
}
