//! 公民身份号码 (GB 11643-1999) for synthetic people: valid, unique, and
//! consistent with the birth date and sex they encode.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use entity::Sex;

/// ISO 7064 MOD 11-2 weights of the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character by remainder.
const CHECK: &[u8; 11] = b"10X98765432";
/// Sequence codes per sex and day: odd ones (001..999) for men, even ones
/// (002..998) for women.
const SLOTS: u32 = 499;
/// Coprime to [`SLOTS`]: spreads issued sequence codes over the range so the
/// numbers do not all read 001, 003, ...
const STRIDE: u32 = 37;

/// The check character for the first 17 digits, or `None` if they are not
/// 17 ASCII digits.
pub(crate) fn check_char(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = bytes
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    CHECK.get((sum % 11) as usize).map(|&c| char::from(c))
}

/// Birth date and sex encoded in a well-formed number with a valid check
/// character; `None` otherwise. Only the tests read numbers back.
#[cfg(test)]
pub(crate) fn decode(id: &str) -> Option<(NaiveDate, Sex)> {
    let (first17, last) = (id.get(..17)?, id.get(17..)?);
    if last.len() != 1 || last.chars().next()? != check_char(first17)? {
        return None;
    }
    let date = NaiveDate::parse_from_str(&id[6..14], "%Y%m%d").ok()?;
    let sequence: u32 = id[14..17].parse().ok()?;
    let sex = if sequence % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    };
    Some((date, sex))
}

/// Issues numbers under one area code, never the same one twice.
pub(super) struct IdNumbers {
    area: &'static str,
    /// How many numbers were issued per (day, sex).
    issued: HashMap<(NaiveDate, bool), u32>,
}

impl IdNumbers {
    pub(super) fn new(area: &'static str) -> Self {
        Self {
            area,
            issued: HashMap::new(),
        }
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
        let check = check_char(&first17)?;
        Some(format!("{first17}{check}"))
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests fail loudly on bad fixtures")]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn a_published_sample_number_has_the_expected_check_character() {
        // The worked example of GB 11643-1999.
        assert_eq!(check_char("11010519491231002"), Some('X'));
        assert!(decode("11010519491231002X").is_some());
        assert!(decode("110105194912310021").is_none());
    }

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
