//! Parsing of untrusted input into values the rest of the server can trust.
//! Each check returns `Err(message)`, a coded [`Msg`] whose Chinese text is
//! what the people next to the form field read; callers attach the field
//! name.

mod id_number;
pub mod text;

pub use id_number::{IdNumber, check_char as id_check_char};

use chrono::NaiveDate;

use crate::error::{Msg, messages as msg};

/// Mainland China mobile number: 11 digits starting 13–19.
pub fn phone(raw: &str) -> Result<String, Msg> {
    let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = digits.strip_prefix("+86").unwrap_or(&digits);
    let ok = digits.len() == 11
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.as_bytes()[0] == b'1'
        && (b'3'..=b'9').contains(&digits.as_bytes()[1]);
    if ok { Ok(digits.to_owned()) } else { Err(msg::PHONE_INVALID) }
}

/// Coordinates inside China's bounding box (WGS-84). A coarse box, but it
/// catches swapped lat/lng and zeros, the mistakes that actually happen.
pub fn lat_lng(lat: Option<f64>, lng: Option<f64>) -> Result<(Option<f64>, Option<f64>), Msg> {
    match (lat, lng) {
        (None, None) => Ok((None, None)),
        (Some(lat), Some(lng)) => {
            if (3.8..=53.6).contains(&lat) && (73.4..=135.1).contains(&lng) {
                Ok((Some(lat), Some(lng)))
            } else {
                Err(msg::COORDINATES_OUTSIDE_CHINA)
            }
        }
        _ => Err(msg::COORDINATES_INCOMPLETE),
    }
}

pub fn not_future(date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, Msg> {
    if date > today { Err(msg::DATE_IN_FUTURE) } else { Ok(date) }
}

/// Trims and bounds free text; `None` stays `None`, blank becomes `None`.
pub fn optional_text(raw: Option<&str>, max_chars: usize) -> Result<Option<String>, Msg> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) if s.chars().count() > max_chars => Err(msg::TEXT_TOO_LONG.with("max", max_chars)),
        Some(s) => Ok(Some(s.to_owned())),
    }
}

/// Trims and requires non-blank text within a bound.
pub fn required_text(raw: &str, max_chars: usize) -> Result<String, Msg> {
    match optional_text(Some(raw), max_chars)? {
        Some(s) => Ok(s),
        None => Err(msg::REQUIRED),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers_are_normalised_and_landlines_refused() {
        assert_eq!(phone("138 0013 8000").as_deref(), Ok("13800138000"));
        assert_eq!(phone("+8613800138000").as_deref(), Ok("13800138000"));
        assert!(phone("12800138000").is_err());
        assert!(phone("022-25551234").is_err());
        assert!(phone("1380013800").is_err());
    }

    #[test]
    fn coordinates_outside_china_or_half_given_are_refused() {
        assert!(lat_lng(Some(39.0), Some(117.6)).is_ok());
        assert!(lat_lng(Some(117.6), Some(39.0)).is_err(), "swapped");
        assert!(lat_lng(Some(0.0), Some(0.0)).is_err());
        assert!(lat_lng(Some(39.0), None).is_err());
        assert_eq!(lat_lng(None, None), Ok((None, None)));
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(optional_text(Some("  "), 5), Ok(None));
        assert_eq!(required_text(" 渡口村 ", 5).as_deref(), Ok("渡口村"));
        assert!(required_text("", 5).is_err());
        assert!(optional_text(Some("一二三四五六"), 5).is_err());
    }
}
