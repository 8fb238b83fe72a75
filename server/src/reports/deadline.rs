//! The configured deadlines (`report_deadline`), read on every request.

use entity::{RegionLevel, report_deadline};
use sea_orm::{ConnectionTrait, EntityTrait as _};

use crate::error::{AppError, AppResult, messages as msg};

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

/// Changes the day a report of `level` is due; only villages and towns report.
pub async fn set(db: &impl ConnectionTrait, level: RegionLevel, due_day: i32) -> AppResult<()> {
    use sea_orm::{ActiveValue::Set, sea_query::OnConflict};
    if !matches!(level, RegionLevel::Village | RegionLevel::Town) {
        return Err(AppError::invalid("level", msg::DEADLINE_LEVEL));
    }
    if !(1..=28).contains(&due_day) {
        return Err(AppError::invalid("dueDay", msg::DEADLINE_DAY));
    }
    let row = report_deadline::ActiveModel { level: Set(level), due_day: Set(due_day) };
    report_deadline::Entity::insert(row)
        .on_conflict(
            OnConflict::column(report_deadline::Column::Level)
                .update_column(report_deadline::Column::DueDay)
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Every level's due day, defaults filled in.
pub async fn all(db: &impl ConnectionTrait) -> AppResult<Vec<(RegionLevel, i32)>> {
    let mut out = Vec::new();
    for level in [RegionLevel::Village, RegionLevel::Town] {
        out.push((level, due_day(db, level).await?));
    }
    Ok(out)
}
