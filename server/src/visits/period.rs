//! Calendar periods in China time (UTC+8, no daylight saving): blocks of
//! `months` months aligned to 1 January, so that one month is a calendar
//! month and three months a calendar quarter, as the notice's monthly
//! reports and quarterly ledgers count them.

use chrono::{DateTime, Datelike as _, NaiveDate, TimeZone as _, Utc};

use crate::clock;

/// Month number since year 0 (`year * 12 + month0`) of an instant, in China.
fn month_index(t: DateTime<Utc>) -> i64 {
    let local = t.with_timezone(&clock::china());
    i64::from(local.year()) * 12 + i64::from(local.month0())
}

/// Midnight in China on the first day of month number `index`. Saturates at
/// chrono's range of years (±262,000), which no date in the registry nears.
fn month_start(index: i64) -> DateTime<Utc> {
    let year = i32::try_from(index.div_euclid(12)).unwrap_or(if index < 0 { i32::MIN } else { i32::MAX });
    let month = u32::try_from(index.rem_euclid(12) + 1).unwrap_or(1);
    let date =
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(if index < 0 { NaiveDate::MIN } else { NaiveDate::MAX });
    // A fixed offset maps every local time to exactly one instant.
    clock::china().from_local_datetime(&date.and_time(chrono::NaiveTime::MIN)).single().map_or_else(
        || if index < 0 { DateTime::<Utc>::MIN_UTC } else { DateTime::<Utc>::MAX_UTC },
        |t| t.with_timezone(&Utc),
    )
}

/// The start of the period of `months` months that contains `t`.
pub fn start_of(t: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    let months = i64::from(months.max(1));
    let index = month_index(t);
    month_start(index - index.rem_euclid(months))
}

/// The start of the period `n` periods after the one containing `t`
/// (before it for negative `n`).
pub fn shift(t: DateTime<Utc>, months: u32, n: i64) -> DateTime<Utc> {
    let months = i64::from(months.max(1));
    let index = month_index(t);
    month_start(index - index.rem_euclid(months) + n * months)
}

/// `t` itself when it starts a period, else the start of the next period.
pub fn ceil(t: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    let start = start_of(t, months);
    if start == t { t } else { shift(t, months, 1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_month_starts_at_midnight_china_time_which_is_the_previous_day_in_utc() {
        assert_eq!(start_of(at("2026-11-15T10:00:00+08:00"), 1), at("2026-10-31T16:00:00Z"));
        // 23:30 UTC on 30 November is already December in China.
        assert_eq!(start_of(at("2026-11-30T16:30:00Z"), 1), at("2026-12-01T00:00:00+08:00"));
    }

    #[test]
    fn quarters_are_calendar_quarters() {
        assert_eq!(start_of(at("2026-11-15T10:00:00+08:00"), 3), at("2026-10-01T00:00:00+08:00"));
        assert_eq!(shift(at("2026-11-15T10:00:00+08:00"), 3, 1), at("2027-01-01T00:00:00+08:00"));
        assert_eq!(shift(at("2026-02-01T00:00:00+08:00"), 3, -1), at("2025-10-01T00:00:00+08:00"));
    }

    #[test]
    fn ceil_keeps_a_period_start_and_rounds_anything_else_up() {
        let start = at("2026-12-01T00:00:00+08:00");
        assert_eq!(ceil(start, 1), start);
        assert_eq!(ceil(at("2026-11-02T00:00:00+08:00"), 1), start);
    }
}
