//! Schedules as configuration (DOMAIN.md: "frequencies are configuration,
//! not code"): the `visit_schedule` table says how often each obligation
//! recurs. It is read on every computation (one small query), so a change
//! applies at once on every server instance and no instance holds state.
//!
//! Two kinds of interval:
//! - `MONTH` × n: calendar periods in China time (month, quarter…). One visit
//!   in each period discharges it; what is owed is due at the period's end.
//!   Sweeps and the KEY and GENERAL care levels count this way, like the
//!   monthly reports and quarterly ledgers of the notice.
//! - `DAY` or `HOUR` × n: rolling from the last visit (or from the start,
//!   e.g. the emergency report). HIGH care is 7 rolling days: "at least
//!   weekly" has no ledger period, and a rolling week is the stricter reading.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use entity::{CareLevel, VisitKind, visit_schedule};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait as _, sea_query::OnConflict};

use super::period;
use crate::{
    audit::{self, Entry},
    auth::actor::RequestMeta,
    error::{AppError, AppResult, Msg, messages as msg},
};

/// Why a visit is owed: one schedule row each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, async_graphql::Enum)]
#[graphql(name = "DueReason")]
pub enum Obligation {
    /// 每月入户排查 of every household, by its grid or village.
    MonthlySweep,
    /// 每季度入户排查 of every household, by its town.
    QuarterlySweep,
    /// 探访 of a person whose strictest confirmed care level is HIGH.
    CareHigh,
    /// … KEY.
    CareKey,
    /// … GENERAL.
    CareGeneral,
    /// The visit owed after an emergency report.
    Emergency,
}

impl Obligation {
    pub const ALL: [Self; 6] =
        [Self::MonthlySweep, Self::QuarterlySweep, Self::CareHigh, Self::CareKey, Self::CareGeneral, Self::Emergency];

    /// The key of the schedule row.
    pub fn key(self) -> &'static str {
        match self {
            Self::MonthlySweep => "MONTHLY_SWEEP",
            Self::QuarterlySweep => "QUARTERLY_SWEEP",
            Self::CareHigh => "CARE_HIGH",
            Self::CareKey => "CARE_KEY",
            Self::CareGeneral => "CARE_GENERAL",
            Self::Emergency => "EMERGENCY",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.key() == key)
    }

    /// The kind of visit to record for it.
    pub fn kind(self) -> VisitKind {
        match self {
            Self::MonthlySweep => VisitKind::MonthlySweep,
            Self::QuarterlySweep => VisitKind::QuarterlySweep,
            Self::CareHigh | Self::CareKey | Self::CareGeneral | Self::Emergency => VisitKind::CareVisit,
        }
    }

    pub fn care_level(self) -> Option<CareLevel> {
        match self {
            Self::CareHigh => Some(CareLevel::High),
            Self::CareKey => Some(CareLevel::Key),
            Self::CareGeneral => Some(CareLevel::General),
            _ => None,
        }
    }

    /// Whether a visit of `kind` discharges this obligation.
    ///
    /// A town's quarterly sweep is a full household inquiry, so it also
    /// counts as that month's sweep; a village's monthly sweep does not count
    /// as the town's quarterly one, which exists to check the villages' work
    /// (镇(街)每季度排查). Spot checks and return visits count for neither:
    /// they check or follow up work, they are not the work. Care is
    /// discharged only by a care visit that saw the person.
    pub fn cleared_by(self, kind: VisitKind) -> bool {
        match self {
            Self::MonthlySweep => matches!(kind, VisitKind::MonthlySweep | VisitKind::QuarterlySweep),
            Self::QuarterlySweep => kind == VisitKind::QuarterlySweep,
            Self::CareHigh | Self::CareKey | Self::CareGeneral | Self::Emergency => kind == VisitKind::CareVisit,
        }
    }

    /// The notice's frequency, used when the table has no row for it.
    pub fn default_rule(self) -> Rule {
        let (interval, notice_hours) = match self {
            Self::MonthlySweep | Self::CareKey => (Interval::Calendar { months: 1 }, 0),
            Self::QuarterlySweep | Self::CareGeneral => (Interval::Calendar { months: 3 }, 0),
            Self::CareHigh => (Interval::Rolling(TimeDelta::days(7)), 48),
            Self::Emergency => (Interval::Rolling(TimeDelta::hours(24)), 24),
        };
        Rule { interval, notice: TimeDelta::hours(notice_hours) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    /// Periods of this many months, aligned to 1 January in China time.
    Calendar { months: u32 },
    /// This long after the last visit.
    Rolling(TimeDelta),
}

/// One obligation's frequency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub interval: Interval,
    /// Rolling intervals: how long before it is due an obligation shows on
    /// the work list. Calendar ones show for their whole period.
    pub notice: TimeDelta,
}

/// Where an obligation's anchor (the time it counts from) comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Start {
    /// Nothing has discharged it yet: it counts from the registration,
    /// the confirmation or the report.
    Fresh,
    /// It counts from the last visit that discharged it.
    Repeat,
}

/// A set of anchors `{k >= at}` (inclusive) or `{k > at}`: every bound the
/// work list needs is one of these or its complement, because due dates
/// never decrease as anchors grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    pub at: DateTime<Utc>,
    pub inclusive: bool,
}

impl Cut {
    pub fn contains(self, k: DateTime<Utc>) -> bool {
        if self.inclusive { k >= self.at } else { k > self.at }
    }
}

impl Rule {
    /// When an obligation anchored at `k` falls due.
    pub fn due(&self, start: Start, k: DateTime<Utc>) -> DateTime<Utc> {
        match self.interval {
            Interval::Rolling(d) => k.checked_add_signed(d).unwrap_or(DateTime::<Utc>::MAX_UTC),
            // Registered in a period: owed in that period. Visited in a
            // period: owed in the next one.
            Interval::Calendar { months } => period::shift(k, months, self.offset(start)),
        }
    }

    fn offset(&self, start: Start) -> i64 {
        match start {
            Start::Fresh => 1,
            Start::Repeat => 2,
        }
    }

    /// The anchors whose due date is at or after `d`.
    pub fn reaching(&self, start: Start, d: DateTime<Utc>) -> Cut {
        match self.interval {
            Interval::Rolling(delta) => Cut { at: minus(d, delta), inclusive: true },
            Interval::Calendar { months } => {
                Cut { at: period::shift(period::ceil(d, months), months, -self.offset(start)), inclusive: true }
            }
        }
    }

    /// The anchors whose due date is after `d`.
    pub fn beyond(&self, start: Start, d: DateTime<Utc>) -> Cut {
        match self.interval {
            Interval::Rolling(delta) => Cut { at: minus(d, delta), inclusive: false },
            Interval::Calendar { months } => {
                Cut { at: period::shift(d, months, 1 - self.offset(start)), inclusive: true }
            }
        }
    }

    /// Until when an obligation shows on the work list: the end of the
    /// current period, or `notice` ahead for rolling intervals.
    pub fn horizon(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self.interval {
            Interval::Rolling(_) => now.checked_add_signed(self.notice).unwrap_or(now),
            Interval::Calendar { months } => period::shift(now, months, 1),
        }
    }

    /// The start of the current calendar period (`None` for rolling ones).
    pub fn period_start(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self.interval {
            Interval::Calendar { months } => Some(period::start_of(now, months)),
            Interval::Rolling(_) => None,
        }
    }
}

fn minus(t: DateTime<Utc>, d: TimeDelta) -> DateTime<Utc> {
    t.checked_sub_signed(d).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Every obligation's rule, as configured.
#[derive(Debug, Clone)]
pub struct Schedule(BTreeMap<Obligation, Rule>);

impl Default for Schedule {
    fn default() -> Self {
        Self(Obligation::ALL.into_iter().map(|o| (o, o.default_rule())).collect())
    }
}

impl Schedule {
    /// The configured rules; an obligation without a row keeps the
    /// notice's frequency, a malformed row is an error (a silent fallback
    /// would hide a misconfiguration from the people it misleads).
    pub async fn load(db: &impl ConnectionTrait) -> AppResult<Self> {
        let mut schedule = Self::default();
        for row in visit_schedule::Entity::find().all(db).await? {
            let Some(obligation) = Obligation::from_key(&row.obligation) else {
                tracing::warn!(obligation = %row.obligation, "ignoring a schedule row for an unknown obligation");
                continue;
            };
            let rule = parse(&row.unit, row.every, row.notice_hours)
                .map_err(|msg| AppError::internal(format!("visit_schedule {}: {msg}", row.obligation)))?;
            schedule.0.insert(obligation, rule);
        }
        Ok(schedule)
    }

    pub fn rule(&self, obligation: Obligation) -> Rule {
        self.0.get(&obligation).copied().unwrap_or_else(|| obligation.default_rule())
    }
}

/// Changes one obligation's frequency (`liushou schedule set`), audited
/// like any other write; it applies to every server at its next request.
pub async fn set(
    db: &impl ConnectionTrait,
    obligation: Obligation,
    unit: &str,
    every: i32,
    notice_hours: i32,
) -> AppResult<Rule> {
    let rule = parse(unit, every, notice_hours).map_err(|msg| AppError::invalid("schedule", msg))?;
    let row = visit_schedule::ActiveModel {
        obligation: Set(obligation.key().to_owned()),
        unit: Set(unit.to_owned()),
        every: Set(every),
        notice_hours: Set(notice_hours),
        updated_at: Set(Some(Utc::now())),
    };
    visit_schedule::Entity::insert(row)
        .on_conflict(
            OnConflict::column(visit_schedule::Column::Obligation)
                .update_columns([
                    visit_schedule::Column::Unit,
                    visit_schedule::Column::Every,
                    visit_schedule::Column::NoticeHours,
                    visit_schedule::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    let detail = serde_json::json!({ "obligation": obligation.key(), "unit": unit, "every": every, "notice_hours": notice_hours });
    let entry = Entry {
        action: "visit_schedule.set",
        target_type: Some("visit_schedule"),
        target_id: None,
        person_id: None,
        reason: None,
        outcome: "OK",
        detail,
    };
    audit::record(db, None, &RequestMeta::default(), entry).await?;
    Ok(rule)
}

/// Checks one row's values: calendar periods must tile the year.
pub fn parse(unit: &str, every: i32, notice_hours: i32) -> Result<Rule, Msg> {
    if notice_hours < 0 {
        return Err(msg::SCHEDULE_NOTICE_NEGATIVE);
    }
    let interval = match (unit, every) {
        ("MONTH", 1 | 2 | 3 | 4 | 6 | 12) => Interval::Calendar { months: every.unsigned_abs() },
        ("MONTH", _) => return Err(msg::SCHEDULE_MONTHS),
        ("DAY", 1..=366) => Interval::Rolling(TimeDelta::days(i64::from(every))),
        ("HOUR", 1..=8784) => Interval::Rolling(TimeDelta::hours(i64::from(every))),
        ("DAY" | "HOUR", _) => return Err(msg::SCHEDULE_EVERY),
        _ => return Err(msg::SCHEDULE_UNIT.with("unit", format!("{unit:?}"))),
    };
    Ok(Rule { interval, notice: TimeDelta::hours(i64::from(notice_hours)) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    const MONTHLY: Rule = Rule { interval: Interval::Calendar { months: 1 }, notice: TimeDelta::zero() };

    #[test]
    fn a_household_registered_this_month_owes_a_sweep_by_the_month_end() {
        let due = MONTHLY.due(Start::Fresh, at("2026-11-29T09:00:00+08:00"));
        assert_eq!(due, at("2026-12-01T00:00:00+08:00"));
    }

    #[test]
    fn a_sweep_this_month_moves_the_next_one_to_the_end_of_next_month() {
        let due = MONTHLY.due(Start::Repeat, at("2026-11-03T09:00:00+08:00"));
        assert_eq!(due, at("2027-01-01T00:00:00+08:00"));
    }

    #[test]
    fn cuts_agree_with_the_due_function_on_both_sides_of_every_boundary() {
        let rules = [MONTHLY, Obligation::CareHigh.default_rule(), Obligation::QuarterlySweep.default_rule()];
        let anchors = [
            "2026-09-30T23:59:59+08:00",
            "2026-10-01T00:00:00+08:00",
            "2026-10-15T12:00:00+08:00",
            "2026-10-31T23:59:59+08:00",
            "2026-11-01T00:00:00+08:00",
            "2026-11-22T08:00:00+08:00",
        ]
        .map(at);
        let dates = ["2026-11-01T00:00:00+08:00", "2026-11-29T10:00:00+08:00", "2026-12-01T00:00:00+08:00"].map(at);
        for rule in rules {
            for start in [Start::Fresh, Start::Repeat] {
                for d in dates {
                    for k in anchors {
                        let due = rule.due(start, k);
                        assert_eq!(rule.reaching(start, d).contains(k), due >= d, "{rule:?} {start:?} {k} {d}");
                        assert_eq!(rule.beyond(start, d).contains(k), due > d, "{rule:?} {start:?} {k} {d}");
                    }
                }
            }
        }
    }

    #[test]
    fn malformed_rows_are_refused() {
        assert!(parse("MONTH", 5, 0).is_err());
        assert!(parse("DAY", 0, 0).is_err());
        assert!(parse("WEEK", 1, 0).is_err());
        assert!(parse("DAY", 7, -1).is_err());
        assert_eq!(parse("DAY", 7, 48), Ok(Obligation::CareHigh.default_rule()));
    }
}
