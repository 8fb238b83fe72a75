//! Visits as obligations (issue #5): who must be visited, by whom, by when.
//!
//! - [`schedule`]: the frequencies, read from the `visit_schedule` table;
//! - [`period`]: calendar months and quarters in China time;
//! - [`duty`]: which obligations each role's work list holds;
//! - [`sources`] and [`due`]: the work list, computed in SQL and paged;
//! - [`worklist`]: the caller's work list (`dueVisits`): its duties, its
//!   jurisdiction, a page and the totals;
//! - [`marks`]: the latest relevant visits per household and person, moved
//!   forward by every recorded visit;
//! - [`requests`]: one-off visits owed by a deadline (emergencies);
//! - [`coverage`]: the figures `stats` shows;
//! - [`report`]: the overdue list of `liushou overdue`;
//! - [`record`] and [`check`]: recording a visit, with the change reports
//!   it carries.
//!
//! Nothing here knows GraphQL beyond the `DueReason` enum.

mod check;
pub mod coverage;
pub mod due;
pub mod duty;
pub mod list;
pub mod marks;
pub mod period;
pub mod record;
pub mod report;
pub mod requests;
pub mod schedule;
pub mod sources;
pub mod worklist;
