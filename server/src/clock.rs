//! Dates as the staff see them: the calendar day in China (UTC+8), which is
//! what ages, birthdays and "six months away" are counted in.

use chrono::{FixedOffset, NaiveDate, Offset as _, Utc};

pub fn china() -> FixedOffset {
    // 8 hours is within the ±24 h that `east_opt` accepts.
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

/// Today's date in China.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&china()).date_naive()
}

/// Completed years between `birth` and `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    use chrono::Datelike as _;
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_turns_on_the_birthday_not_before() {
        let birth = NaiveDate::from_ymd_opt(2010, 6, 15).unwrap();
        assert_eq!(age_on(birth, NaiveDate::from_ymd_opt(2026, 6, 14).unwrap()), 15);
        assert_eq!(age_on(birth, NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()), 16);
    }
}
