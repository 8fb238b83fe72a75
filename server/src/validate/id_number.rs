//! 公民身份号码 (GB 11643-1999): 6-digit area, 8-digit birth date, 3-digit
//! sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check
//! character.
//!
//! The area code is checked against GB/T 2260 as far as a rule can without
//! the full code list (which changes every year, while numbers keep the code
//! of the year they were issued): a province that exists and, within it, a
//! prefecture and a county that are not `00`. Numbers of the residence
//! permits for Hong Kong, Macao and Taiwan residents (港澳台居民居住证) carry
//! `810000`, `820000` and `830000`; those are accepted as they are.

use chrono::NaiveDate;
use entity::Sex;

use crate::error::{Msg, messages as msg};

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// A checked ID number with the facts it encodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber {
    /// Normalised: upper-case `X`.
    pub value: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
}

impl IdNumber {
    pub fn parse(raw: &str) -> Result<Self, Msg> {
        let value = raw.trim().to_ascii_uppercase();
        let bytes = value.as_bytes();
        if bytes.len() != 18
            || !bytes[..17].iter().all(u8::is_ascii_digit)
            || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
        {
            return Err(msg::ID_NUMBER_FORMAT);
        }
        if !valid_area(&bytes[..6]) {
            return Err(msg::ID_NUMBER_AREA);
        }
        if check_char(&bytes[..17]) != bytes[17] {
            return Err(msg::ID_NUMBER_CHECKSUM);
        }
        let birth_date = NaiveDate::parse_from_str(&value[6..14], "%Y%m%d").map_err(|_| msg::ID_NUMBER_BIRTH_DATE)?;
        let sex = if (bytes[16] - b'0') % 2 == 1 { Sex::Male } else { Sex::Female };
        Ok(Self { value, birth_date, sex })
    }

    /// `120***************`: the masked form every role without clear
    /// access sees: the first three characters, nothing else.
    ///
    /// Why so little: the roles that see the mask also read the birth date
    /// and the sex, and can guess the area code from the person's region.
    /// That leaves only the three-digit sequence code unknown, and its last
    /// digit's parity is the sex: 500 candidates. Each digit of it shown
    /// divides that by ten (the old `…1234` tail showed all three, so the
    /// number was fully known), and the check character, though computed,
    /// takes 11 values evenly, so showing it alone would still leave only
    /// about 500 / 11 ≈ 45. Hidden, all ~500 numbers that agree with the
    /// birth date and sex are equally likely; the one way left to tell them
    /// apart, registering a candidate and being refused as a duplicate, is
    /// audited. The three characters shown (province and the first digit of
    /// the prefecture) are the same for nearly everyone in a district.
    pub fn masked(value: &str) -> String {
        let chars: Vec<char> = value.chars().collect();
        if chars.len() < 8 {
            return "*".repeat(chars.len());
        }
        let head: String = chars[..3].iter().collect();
        format!("{head}{}", "*".repeat(chars.len() - 3))
    }
}

/// Province codes of GB/T 2260: 北京 11 … 内蒙古 15, 辽宁 21 … 黑龙江 23,
/// 上海 31 … 山东 37, 河南 41 … 海南 46, 重庆 50 … 西藏 54, 陕西 61 … 新疆 65,
/// 台湾 71, and the residence-permit codes 81 香港, 82 澳门, 83 台湾.
fn valid_area(area: &[u8]) -> bool {
    let two = |i: usize| area.get(i..i + 2).and_then(|d| std::str::from_utf8(d).ok()?.parse::<u8>().ok());
    let (Some(province), Some(prefecture), Some(county)) = (two(0), two(2), two(4)) else { return false };
    match province {
        11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 => prefecture != 0 && county != 0,
        // Taiwan has no subdivisions in GB/T 2260; the permits use xx0000.
        71 | 81..=83 => true,
        _ => false,
    }
}

/// The check character for the first 17 characters, which must be ASCII
/// digits (anything else gives a meaningless but harmless result).
pub fn check_char(first17: &[u8]) -> u8 {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d.saturating_sub(b'0')) * w).sum();
    CHECK[(sum % 11) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    // 11010519491231002X is the standard's own worked example.
    #[test]
    fn the_standard_example_parses_with_its_birth_date_and_sex() {
        let id = IdNumber::parse("11010519491231002x").unwrap();
        assert_eq!(id.value, "11010519491231002X");
        assert_eq!(id.birth_date, NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(id.sex, Sex::Female);
    }

    #[test]
    fn a_wrong_check_digit_is_refused() {
        assert!(IdNumber::parse("110105194912310021").is_err());
    }

    #[test]
    fn wrong_length_letters_and_impossible_dates_are_refused() {
        assert!(IdNumber::parse("11010519491231002").is_err());
        assert!(IdNumber::parse("1101051949123100AX").is_err());
        let mut bad_date = b"12011620250230001".to_vec();
        bad_date.push(check_char(&bad_date));
        assert!(IdNumber::parse(std::str::from_utf8(&bad_date).unwrap()).is_err());
    }

    fn with_check(first17: &str) -> String {
        format!("{first17}{}", char::from(check_char(first17.as_bytes())))
    }

    #[test]
    fn area_codes_must_name_a_province_prefecture_and_county() {
        for area in ["000000", "190116", "991234", "120016", "120100", "001234"] {
            let id = with_check(&format!("{area}19830914123"));
            assert!(IdNumber::parse(&id).is_err(), "{area} accepted");
        }
        for area in ["120116", "110105", "650102", "810000", "830000"] {
            let id = with_check(&format!("{area}19830914123"));
            assert!(IdNumber::parse(&id).is_ok(), "{area} refused");
        }
    }

    #[test]
    fn masking_keeps_only_the_first_three() {
        assert_eq!(IdNumber::masked("120116201001011234"), "120***************");
    }
}
