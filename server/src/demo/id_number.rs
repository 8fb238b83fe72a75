//! 公民身份号码 (GB 11643-1999) for synthetic people: valid, unique, and
//! consistent with the birth date and sex they encode.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use entity::Sex;

/// Sequence codes per sex and day: odd ones (001..999) for men, even ones
/// (002..998) for women.
const SLOTS: u32 = 499;
/// Coprime to [`SLOTS`]: spreads issued sequence codes over the range so the
/// numbers do not all read 001, 003, ...
const STRIDE: u32 = 37;

/// Birth date and sex encoded in a valid number; `None` otherwise. Only
/// the tests read numbers back.
#[cfg(test)]
pub(crate) fn decode(id: &str) -> Option<(NaiveDate, Sex)> {
    crate::validate::IdNumber::parse(id).ok().map(|id| (id.birth_date, id.sex))
}

/// Issues numbers under one area code, never the same one twice.
pub(super) struct IdNumbers {
    area: &'static str,
    /// How many numbers were issued per (day, sex).
    issued: HashMap<(NaiveDate, bool), u32>,
}

impl IdNumbers {
    pub(super) fn new(area: &'static str) -> Self {
        Self { area, issued: HashMap::new() }
    }

    /// A fresh number for someone born on `birth`, or `None` once the day's
    /// 499 sequence codes for that sex are used up (the caller moves the
    /// birthday).
    pub(super) fn issue(&mut self, birth: NaiveDate, sex: Sex) -> Option<String> {
        let male = sex == Sex::Male;
        let count = self.issued.entry((birth, male)).or_insert(0);
        if *count >= SLOTS {
            return None;
        }
        let offset = (birth.ordinal() + birth.year().unsigned_abs() * 7) % SLOTS;
        let slot = (*count * STRIDE + offset) % SLOTS;
        *count += 1;
        let sequence = if male { 2 * slot + 1 } else { 2 * slot + 2 };
        let first17 = format!("{}{}{sequence:03}", self.area, birth.format("%Y%m%d"));
        let check = char::from(crate::validate::id_check_char(first17.as_bytes()));
        Some(format!("{first17}{check}"))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn issued_numbers_encode_birth_and_sex_and_never_repeat() {
        let mut ids = IdNumbers::new("120116");
        let birth = NaiveDate::from_ymd_opt(1988, 2, 29).unwrap();
        let mut seen = HashSet::new();
        for sex in [Sex::Male, Sex::Female] {
            for _ in 0..SLOTS {
                let id = ids.issue(birth, sex).unwrap();
                assert_eq!(decode(&id), Some((birth, sex)));
                assert!(id.starts_with("120116"));
                assert!(seen.insert(id));
            }
            assert_eq!(ids.issue(birth, sex), None);
        }
    }
}
