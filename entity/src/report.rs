//! 上报: a village's monthly report or a town's quarterly ledger (信息台账),
//! one row per version; its rows (`report_row`) are frozen when prepared.

use sea_orm::entity::prelude::*;

use crate::{RegionLevel, ReportStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub region_id: Uuid,
    /// `Village` (monthly) or `Town` (quarterly).
    pub level: RegionLevel,
    /// `2026-11` for a month, `2026-Q4` for a quarter (China time).
    pub period: String,
    pub period_start: DateTimeUtc,
    pub period_end: DateTimeUtc,
    /// 1 for the first report of the period; each return allows the next.
    pub report_version: i32,
    pub status: ReportStatus,
    /// The region's scope-key span, so row scope is a range on `key_lo`.
    pub key_lo: i64,
    pub key_hi: i64,
    pub row_count: i32,
    /// Counts by category, care level and change, and sweep coverage.
    pub totals: Json,
    /// The accepted report the changes were computed against.
    pub previous_id: Option<Uuid>,
    pub prepared_by: Uuid,
    pub prepared_at: DateTimeUtc,
    pub submitted_by: Option<Uuid>,
    pub submitted_at: Option<DateTimeUtc>,
    /// A town's stated reason for submitting with village reports missing
    /// or returned.
    pub gap_reason: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTimeUtc>,
    /// The acceptance note, or the reason for returning.
    pub decision_note: Option<String>,
    /// Optimistic lock of the workflow state (rows never change).
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
