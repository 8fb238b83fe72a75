//! The configured deadlines (`report_deadline`), read on every request.

use entity::{RegionLevel, report_deadline};
use sea_orm::{ConnectionTrait, EntityTrait as _};

use crate::error::AppResult;

/// The defaults of the notice, used when the row is missing.
fn default_day(level: RegionLevel) -> i32 {
    match level {
        RegionLevel::Town => 10,
        RegionLevel::Village | RegionLevel::District | RegionLevel::Grid => 5,
    }
}

/// Day of the month after the period by which a report of `level` is due.
pub async fn due_day(db: &impl ConnectionTrait, level: RegionLevel) -> AppResult<i32> {
    let row = report_deadline::Entity::find_by_id(level).one(db).await?;
    Ok(row.map_or_else(|| default_day(level), |r| r.due_day))
}
