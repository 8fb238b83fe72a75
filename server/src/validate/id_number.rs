//! 公民身份号码 (GB 11643-1999): 6-digit area, 8-digit birth date, 3-digit
//! sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check
//! character.

use chrono::NaiveDate;
use entity::Sex;

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
    pub fn parse(raw: &str) -> Result<Self, String> {
        let value = raw.trim().to_ascii_uppercase();
        let bytes = value.as_bytes();
        if bytes.len() != 18
            || !bytes[..17].iter().all(u8::is_ascii_digit)
            || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
        {
            return Err("身份证号应为18位，前17位为数字".into());
        }
        if check_char(&bytes[..17]) != bytes[17] {
            return Err("身份证号校验位不正确".into());
        }
        let birth_date =
            NaiveDate::parse_from_str(&value[6..14], "%Y%m%d").map_err(|_| "身份证号中的出生日期无效".to_owned())?;
        let sex = if (bytes[16] - b'0') % 2 == 1 { Sex::Male } else { Sex::Female };
        Ok(Self { value, birth_date, sex })
    }

    /// `120***********1234`: the masked form every role without clear access
    /// sees (first three and last four characters).
    pub fn masked(value: &str) -> String {
        let chars: Vec<char> = value.chars().collect();
        if chars.len() < 8 {
            return "*".repeat(chars.len());
        }
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
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

    #[test]
    fn masking_keeps_three_and_four() {
        assert_eq!(IdNumber::masked("120116201001011234"), "120***********1234");
    }
}
