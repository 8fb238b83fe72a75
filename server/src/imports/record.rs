//! One row read into the registry's values, each field checked with the
//! same rules (and the same messages) as the registration form, every
//! problem of the row kept.

use chrono::NaiveDate;
use entity::{EconomicStatus, MaritalStatus, Relation, ResidenceStatus, SelfCare, Sex};

use super::{
    columns::Field,
    read::{Cell, SourceRow},
    text,
};
use crate::{
    error::{Msg, messages as msg},
    validate::{self, IdNumber},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A problem with a row, about one field or the row as a whole.
#[derive(Debug, Clone)]
pub struct Issue {
    pub severity: Severity,
    pub field: Option<Field>,
    pub message: Msg,
}

/// A row's facts, as far as they could be read, and its problems.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub line: u32,
    pub head_name: Option<Box<str>>,
    pub name: Option<Box<str>>,
    pub relation: Option<Relation>,
    /// The sex the relation's word says (父亲, 女儿).
    pub relation_sex: Option<Sex>,
    pub id: Option<IdNumber>,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    pub phone: Option<Box<str>>,
    pub address: Option<Box<str>>,
    pub region: Option<Box<str>>,
    pub residence: Option<ResidenceStatus>,
    pub away_since: Option<NaiveDate>,
    pub away_outside_county: Option<bool>,
    pub economic: Option<EconomicStatus>,
    pub health: Option<Box<str>>,
    pub disability: Option<Box<str>>,
    pub self_care: Option<SelfCare>,
    pub marital: Option<MaritalStatus>,
    pub living_alone: Option<bool>,
    pub issues: Vec<Issue>,
}

impl Record {
    pub fn error(&mut self, field: Option<Field>, message: Msg) {
        self.issues.push(Issue { severity: Severity::Error, field, message });
    }

    pub fn warn(&mut self, field: Option<Field>, message: Msg) {
        self.issues.push(Issue { severity: Severity::Warning, field, message });
    }

    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(|i| i.severity == Severity::Error)
    }

    fn check<T>(&mut self, field: Field, result: Result<T, Msg>) -> Option<T> {
        result.map_err(|m| self.error(Some(field), m)).ok()
    }
}

/// A cell as text: numbers without a trailing `.0` (a phone number typed
/// into a number cell), dates as `YYYY-MM-DD`.
enum Value<'a> {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    Refused(&'a Cell),
}

fn value(cell: &Cell) -> Value<'_> {
    match cell {
        Cell::Text(t) => Value::Text(text::fold_width(t).trim().to_owned()),
        Cell::Number(n) => Value::Number(*n),
        Cell::Date(d) => Value::Date(*d),
        Cell::Bool(b) => Value::Bool(*b),
        Cell::Formula | Cell::Error => Value::Refused(cell),
    }
}

/// Integral numbers Excel holds exactly (below 2^53) written as digits.
fn integral(n: f64) -> Option<String> {
    (n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0).then(|| format!("{n:.0}"))
}

pub fn read(row: &SourceRow, today: NaiveDate) -> Record {
    let mut r = Record { line: row.line, ..Record::default() };
    // The text of a cell, or `None` when blank; a formula or an error
    // cell is the row's error.
    let mut texts: Vec<(Field, String)> = Vec::new();
    let mut dates: Vec<(Field, NaiveDate)> = Vec::new();
    let mut numbers: Vec<(Field, f64)> = Vec::new();
    for (field, cell) in &row.cells {
        match value(cell) {
            Value::Text(t) if t.is_empty() => {}
            Value::Text(t) => {
                if validate::text::refused_char(&t).is_some() {
                    r.error(Some(*field), msg::CONTROL_CHARACTERS);
                } else {
                    texts.push((*field, t));
                }
            }
            Value::Number(n) => {
                numbers.push((*field, n));
                if let Some(digits) = integral(n) {
                    texts.push((*field, digits));
                }
            }
            Value::Date(d) => {
                dates.push((*field, d));
                texts.push((*field, d.to_string()));
            }
            Value::Bool(b) => texts.push((*field, if b { "是" } else { "否" }.to_owned())),
            Value::Refused(Cell::Formula) => r.error(Some(*field), msg::IMPORT_FORMULA),
            Value::Refused(_) => r.error(Some(*field), msg::IMPORT_CELL_ERROR),
        }
    }
    let text_of = |f: Field| texts.iter().find(|(g, _)| *g == f).map(|(_, t)| t.as_str());
    let number_of = |f: Field| numbers.iter().find(|(g, _)| *g == f).map(|(_, n)| *n);
    let date_of = |f: Field, month_only: bool| -> Option<Result<NaiveDate, Msg>> {
        if let Some((_, d)) = dates.iter().find(|(g, _)| *g == f) {
            return Some(Ok(*d));
        }
        // A date typed into a number cell is a serial number (43905), or
        // digits (20200315).
        if let Some(n) = number_of(f)
            && !(19_000_101.0..=21_001_231.0).contains(&n)
        {
            return Some(text::excel_date(n, false));
        }
        text_of(f).map(|t| text::date(t, month_only))
    };

    r.head_name = text_of(Field::HeadName).map(Box::from);
    match text_of(Field::Name) {
        Some(name) => r.name = r.check(Field::Name, validate::required_text(name, 50)).map(String::into_boxed_str),
        None if !r.issues.iter().any(|i| i.field == Some(Field::Name)) => r.error(Some(Field::Name), msg::REQUIRED),
        None => {}
    }
    if r.head_name.as_deref().is_some_and(|h| h.chars().count() > 50) {
        r.error(Some(Field::HeadName), msg::TEXT_TOO_LONG.with("max", 50));
    }

    match text_of(Field::Relation) {
        Some(word) => {
            if let Some((relation, sex)) = r.check(Field::Relation, text::relation(word)) {
                r.relation = Some(relation);
                r.relation_sex = sex;
            }
        }
        None => r.error(Some(Field::Relation), msg::REQUIRED),
    }

    // An 18-digit number in a number cell has lost its last digits
    // (Excel keeps 15); the row cannot say whose number it was.
    if number_of(Field::IdNumber).is_some_and(|n| n.abs() >= 1e15) {
        r.error(Some(Field::IdNumber), msg::IMPORT_ID_NUMBER_AS_NUMBER);
    } else {
        match text_of(Field::IdNumber) {
            Some(raw) => r.id = r.check(Field::IdNumber, IdNumber::parse(&text::id_number(raw))),
            None => r.error(Some(Field::IdNumber), msg::IMPORT_ID_NUMBER_REQUIRED),
        }
    }

    let sex = text_of(Field::Sex).and_then(|s| r.check(Field::Sex, text::sex(s)));
    let birth = date_of(Field::BirthDate, false).and_then(|d| r.check(Field::BirthDate, d));
    r.sex = sex;
    r.birth_date = birth;
    if let Some(id) = r.id.clone() {
        match sex {
            Some(s) if s != id.sex => r.error(Some(Field::Sex), msg::SEX_CONTRADICTS_ID_NUMBER),
            _ => r.sex = Some(id.sex),
        }
        match birth {
            Some(b) if b != id.birth_date => r.error(Some(Field::BirthDate), msg::BIRTH_DATE_CONTRADICTS_ID_NUMBER),
            _ => r.birth_date = Some(id.birth_date),
        }
    }
    if let Some(b) = r.birth_date {
        r.check(Field::BirthDate, validate::not_future(b, today));
    }

    r.phone = text_of(Field::Phone).and_then(|p| r.check(Field::Phone, validate::phone(p))).map(String::into_boxed_str);
    r.address = text_of(Field::Address)
        .and_then(|a| r.check(Field::Address, validate::required_text(a, 200)))
        .map(String::into_boxed_str);
    r.region = text_of(Field::Region).map(Box::from);

    let residence = text_of(Field::Residence).and_then(|s| r.check(Field::Residence, text::residence(s)));
    let away_work = text_of(Field::AwayWork).and_then(|s| r.check(Field::AwayWork, text::yes_no(s)));
    r.residence = match (residence, away_work) {
        (Some(status), Some(true)) if !status.is_away() => {
            r.error(Some(Field::AwayWork), msg::IMPORT_AWAY_CONTRADICTS_RESIDENCE);
            Some(status)
        }
        (Some(status), _) => Some(status),
        (None, Some(true)) => Some(ResidenceStatus::AwayWork),
        (None, Some(false)) => Some(ResidenceStatus::AtHome),
        (None, None) => None,
    };
    let away = r.residence.is_some_and(|s| s.is_away() || s == ResidenceStatus::MovedOut);
    if let Some(since) = date_of(Field::AwaySince, true).and_then(|d| r.check(Field::AwaySince, d)) {
        if !away {
            r.error(Some(Field::AwaySince), msg::AWAY_SINCE_ONLY_WHEN_AWAY);
        } else if r.birth_date.is_some_and(|b| since < b) {
            r.error(Some(Field::AwaySince), msg::AWAY_SINCE_BEFORE_BIRTH);
        } else {
            r.away_since = r.check(Field::AwaySince, validate::not_future(since, today));
        }
    }
    if away {
        r.away_outside_county = text_of(Field::AwayPlace).and_then(text::outside_county);
    }

    r.economic = text_of(Field::EconomicStatus).and_then(|s| r.check(Field::EconomicStatus, text::economic(s)));
    r.health = r
        .check(Field::Health, validate::optional_text(text_of(Field::Health), 500))
        .flatten()
        .map(String::into_boxed_str);
    let disability = text_of(Field::Disability).and_then(text::disability);
    r.disability = r
        .check(Field::Disability, validate::optional_text(disability.as_deref(), 500))
        .flatten()
        .map(String::into_boxed_str);
    r.self_care = text_of(Field::SelfCare).and_then(|s| r.check(Field::SelfCare, text::self_care(s)));
    r.marital = text_of(Field::MaritalStatus).and_then(|s| r.check(Field::MaritalStatus, text::marital(s)));
    r.living_alone = text_of(Field::LivingAlone).and_then(|s| r.check(Field::LivingAlone, text::yes_no(s)));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: Vec<(Field, Cell)>) -> SourceRow {
        SourceRow { line: 2, cells }
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default()
    }

    fn codes(r: &Record) -> Vec<(Option<&'static str>, &'static str)> {
        r.issues.iter().map(|i| (i.field.map(Field::key), i.message.code())).collect()
    }

    #[test]
    fn a_good_row_reads_with_its_facts_from_the_id_number() {
        let r = read(
            &row(vec![
                (Field::Name, text("李秀英")),
                (Field::Relation, text("户主")),
                (Field::IdNumber, text("120116198503150028")),
                (Field::Phone, Cell::Number(13812345678.0)),
                (Field::AwayWork, text("是")),
                (Field::AwaySince, Cell::Number(43905.0)),
                (Field::AwayPlace, text("广东省深圳市")),
            ]),
            today(),
        );
        assert!(r.issues.is_empty(), "{:?}", codes(&r));
        assert_eq!(r.sex, Some(Sex::Female));
        assert_eq!(r.birth_date, NaiveDate::from_ymd_opt(1985, 3, 15));
        assert_eq!(r.phone.as_deref(), Some("13812345678"));
        assert_eq!(r.residence, Some(ResidenceStatus::AwayWork));
        assert_eq!(r.away_since, NaiveDate::from_ymd_opt(2020, 3, 15));
        assert_eq!(r.away_outside_county, Some(true));
    }

    #[test]
    fn every_problem_of_a_row_is_reported() {
        let r = read(
            &row(vec![
                (Field::Name, Cell::Formula),
                (Field::Relation, text("邻居")),
                (Field::IdNumber, Cell::Number(120116198503150028.0)),
                (Field::Phone, text("022-2555")),
                (Field::AwaySince, text("2020-03-01")),
            ]),
            today(),
        );
        assert_eq!(
            codes(&r),
            vec![
                (Some("name"), "IMPORT_FORMULA"),
                (Some("relation"), "IMPORT_VALUE_UNKNOWN"),
                (Some("idNumber"), "IMPORT_ID_NUMBER_AS_NUMBER"),
                (Some("phone"), "PHONE_INVALID"),
                (Some("awaySince"), "AWAY_SINCE_ONLY_WHEN_AWAY"),
            ]
        );
    }

    #[test]
    fn a_sex_or_birth_date_the_id_number_contradicts_is_an_error() {
        let r = read(
            &row(vec![
                (Field::Name, text("李秀英")),
                (Field::Relation, text("户主")),
                (Field::IdNumber, text("120116198503150028")),
                (Field::Sex, text("男")),
                (Field::BirthDate, text("1985年3月16日")),
            ]),
            today(),
        );
        assert_eq!(
            codes(&r),
            vec![(Some("sex"), "SEX_CONTRADICTS_ID_NUMBER"), (Some("birthDate"), "BIRTH_DATE_CONTRADICTS_ID_NUMBER")]
        );
    }
}
