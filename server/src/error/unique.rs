//! Unique indexes a caller can run into, known by name.
//!
//! A unique violation is the one database failure a caller can act on, but
//! only the write that hit it knows what it means there: the same
//! `person.id_number` is "already registered" for a registration and
//! nothing a caller did in a background job. So each write maps the index
//! it expects to its own message ([`or_taken`]); any other violation stays
//! an internal error, with its source.

use sea_orm::{DbErr, SqlErr};

use super::AppError;

/// A unique index (or constraint) of the schema, as `migration/src/`
/// creates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unique {
    /// `person.id_number`, `.unique_key()` in the core tables.
    PersonIdNumber,
    /// `app_user.username`.
    Username,
    /// `ux_report_region_period_version`: one row per version of a period.
    ReportVersion,
    /// `spot_check_round.quarter`: one draw per quarter.
    SpotCheckQuarter,
    /// `ux_spot_check_finding_item_person`: one finding per member.
    SpotCheckFinding,
    /// `ux_classification_open`: one open classification per category.
    OpenClassification,
}

impl Unique {
    /// The name PostgreSQL reports: the index's, or for a column's
    /// `UNIQUE` the constraint's default `<table>_<column>_key`.
    fn postgres(self) -> &'static str {
        match self {
            Self::PersonIdNumber => "person_id_number_key",
            Self::Username => "app_user_username_key",
            Self::ReportVersion => "ux_report_region_period_version",
            Self::SpotCheckQuarter => "spot_check_round_quarter_key",
            Self::SpotCheckFinding => "ux_spot_check_finding_item_person",
            Self::OpenClassification => "ux_classification_open",
        }
    }

    /// The columns SQLite reports (`UNIQUE constraint failed: <these>`);
    /// it never names the index.
    fn sqlite(self) -> &'static str {
        match self {
            Self::PersonIdNumber => "person.id_number",
            Self::Username => "app_user.username",
            Self::ReportVersion => "report.region_id, report.period, report.report_version",
            Self::SpotCheckQuarter => "spot_check_round.quarter",
            Self::SpotCheckFinding => "spot_check_finding.item_id, spot_check_finding.person_id",
            Self::OpenClassification => "classification.person_id, classification.category",
        }
    }
}

/// Whether `err` is a violation of `index`, on either database.
pub fn unique_violation(err: &DbErr, index: Unique) -> bool {
    let Some(SqlErr::UniqueConstraintViolation(message)) = err.sql_err() else { return false };
    // PostgreSQL: `duplicate key value violates unique constraint "<name>"`.
    message.ends_with(&format!("\"{}\"", index.postgres()))
        || message.strip_prefix("UNIQUE constraint failed: ") == Some(index.sqlite())
}

/// `taken` when `err` is a violation of `index`, else the internal error
/// every other database failure is.
pub fn or_taken(err: DbErr, index: Unique, taken: impl FnOnce() -> AppError) -> AppError {
    if unique_violation(&err, index) { taken() } else { AppError::from(err) }
}
