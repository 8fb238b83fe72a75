//! Reporting periods: a calendar month for a village's report, a calendar
//! quarter for a town's ledger, both in China time; and when each is due.

use std::fmt;

use chrono::{DateTime, Datelike as _, Days, NaiveDate, TimeZone as _, Utc};
use entity::RegionLevel;

use crate::clock;
use crate::error::{Msg, messages as msg};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeriodKind {
    Month,
    Quarter,
}

impl PeriodKind {
    /// The period of the reports a region of `level` prepares, if it
    /// prepares any: villages report monthly, towns quarterly.
    pub fn of_level(level: RegionLevel) -> Option<Self> {
        match level {
            RegionLevel::Village => Some(Self::Month),
            RegionLevel::Town => Some(Self::Quarter),
            RegionLevel::District | RegionLevel::Grid => None,
        }
    }

    fn months(self) -> u32 {
        match self {
            Self::Month => 1,
            Self::Quarter => 3,
        }
    }
}

/// `2026-11` or `2026-Q4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    year: i32,
    /// First month of the period, 1..=12.
    first_month: u32,
    kind: PeriodKind,
}

impl Period {
    /// Parses `YYYY-MM` or `YYYY-Qn`; the message is for the user.
    pub fn parse(raw: &str) -> Result<Self, Msg> {
        let (year, rest) = raw.trim().split_once('-').ok_or(msg::PERIOD_FORMAT)?;
        let year: i32 = year.parse().ok().filter(|y| (2000..=2200).contains(y)).ok_or(msg::PERIOD_FORMAT)?;
        if let Some(q) = rest.strip_prefix('Q') {
            let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q)).ok_or(msg::PERIOD_FORMAT)?;
            return Ok(Self { year, first_month: q * 3 - 2, kind: PeriodKind::Quarter });
        }
        if rest.len() != 2 {
            return Err(msg::PERIOD_FORMAT);
        }
        let month: u32 = rest.parse().ok().filter(|m| (1..=12).contains(m)).ok_or(msg::PERIOD_FORMAT)?;
        Ok(Self { year, first_month: month, kind: PeriodKind::Month })
    }

    /// The period of `kind` that contains `t` (in China).
    pub fn containing(t: DateTime<Utc>, kind: PeriodKind) -> Self {
        let local = t.with_timezone(&clock::china());
        let month0 = local.month0();
        let first_month = month0 - month0 % kind.months() + 1;
        Self { year: local.year(), first_month, kind }
    }

    pub fn kind(self) -> PeriodKind {
        self.kind
    }

    /// The period `n` periods later (earlier for negative `n`).
    pub fn shift(self, n: i32) -> Self {
        let index = self.year * 12 + self.first_month as i32 - 1 + n * self.kind.months() as i32;
        Self { year: index.div_euclid(12), first_month: index.rem_euclid(12) as u32 + 1, kind: self.kind }
    }

    /// The calendar months of the period (one for a month, three for a quarter).
    pub fn months(self) -> Vec<Period> {
        (0..self.kind.months())
            .map(|i| Self { year: self.year, first_month: self.first_month + i, kind: PeriodKind::Month })
            .collect()
    }

    fn first_day(self) -> NaiveDate {
        // Fields are validated on construction, so the date exists.
        NaiveDate::from_ymd_opt(self.year, self.first_month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Midnight in China on the first day.
    pub fn start(self) -> DateTime<Utc> {
        china_midnight(self.first_day())
    }

    /// Midnight in China on the first day of the next period (exclusive).
    pub fn end(self) -> DateTime<Utc> {
        self.shift(1).start()
    }

    /// The end of day `due_day` of the month after the period: a report
    /// submitted before this instant is on time.
    pub fn deadline(self, due_day: i32) -> DateTime<Utc> {
        let days = u64::try_from(due_day.clamp(1, 28)).unwrap_or(1);
        let next = self.shift(1).first_day();
        china_midnight(next.checked_add_days(Days::new(days)).unwrap_or(next))
    }
}

fn china_midnight(date: NaiveDate) -> DateTime<Utc> {
    // A fixed offset maps every local time to exactly one instant.
    clock::china()
        .from_local_datetime(&date.and_time(chrono::NaiveTime::MIN))
        .single()
        .map_or(DateTime::<Utc>::MIN_UTC, |t| t.with_timezone(&Utc))
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Month => write!(f, "{}-{:02}", self.year, self.first_month),
            PeriodKind::Quarter => write!(f, "{}-Q{}", self.year, self.first_month.div_ceil(3)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn periods_parse_and_print_the_same() {
        for s in ["2026-11", "2026-01", "2026-Q4", "2027-Q1"] {
            assert_eq!(Period::parse(s).unwrap().to_string(), s);
        }
        for bad in ["2026-13", "2026-Q5", "2026-1", "26-11", "2026/11", "", "2026-Q0"] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_month_starts_at_china_midnight_and_a_quarter_holds_three_months() {
        let nov = Period::parse("2026-11").unwrap();
        assert_eq!(nov.start(), at("2026-11-01T00:00:00+08:00"));
        assert_eq!(nov.end(), at("2026-12-01T00:00:00+08:00"));
        let q4 = Period::parse("2026-Q4").unwrap();
        assert_eq!(q4.end(), at("2027-01-01T00:00:00+08:00"));
        let months: Vec<String> = q4.months().iter().map(ToString::to_string).collect();
        assert_eq!(months, ["2026-10", "2026-11", "2026-12"]);
        // 23:30 UTC on 31 December is already the next quarter in China.
        assert_eq!(Period::containing(at("2026-12-31T16:30:00Z"), PeriodKind::Quarter).to_string(), "2027-Q1");
        assert_eq!(Period::parse("2027-01").unwrap().shift(-1).to_string(), "2026-12");
    }

    #[test]
    fn the_deadline_is_the_end_of_the_due_day_of_the_next_month() {
        let nov = Period::parse("2026-11").unwrap();
        assert_eq!(nov.deadline(5), at("2026-12-06T00:00:00+08:00"));
        let q4 = Period::parse("2026-Q4").unwrap();
        assert_eq!(q4.deadline(10), at("2027-01-11T00:00:00+08:00"));
    }
}
