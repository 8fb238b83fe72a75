//! The operator's side of visits: the overdue report of `liushou overdue`
//! and the migration that added visit schedules, which must come down and
//! go up again on both databases.

use chrono::{Duration, Utc};
use migration::MigratorTrait as _;
use sea_orm::{ConnectionTrait as _, EntityTrait as _, PaginatorTrait as _};

use crate::{
    db_tests,
    helpers::{Backend, spawn_app},
    visit_support::{record_ok, registered_days_ago, visit},
};

async fn the_overdue_report_lists_a_region_oldest_first_with_addresses(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let old = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    let older = app.create_household(&grid, &app.regions().grid, "渡口村1排2号").await;
    let fresh = app.create_household(&grid, &app.regions().grid, "渡口村1排3号").await;
    registered_days_ago(&app, &old, 40).await;
    registered_days_ago(&app, &older, 100).await;
    let mut out = Vec::new();

    let total = liushou::visits::report::overdue(&app.db, "120116157201", 2, Utc::now(), &mut out).await.unwrap();

    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // Registered 40 days ago is in the last quarter early in a quarter.
    let now = Utc::now();
    let quarter = |t| liushou::visits::period::start_of(t, 3);
    let old_quarter_missed = u64::from(quarter(now - Duration::days(40)) < quarter(now));
    assert_eq!(total, 3 + old_quarter_missed, "two monthly sweeps, the older one's quarterly sweep:\n{text}");
    assert!(lines[0].contains("120116157201") && lines[0].contains("渡口村"), "{text}");
    assert!(lines[2].contains(&older) && lines[2].contains("MONTHLY_SWEEP") && lines[2].contains("渡口村1排2号"));
    assert_eq!(lines.len(), 5, "heading, columns, two rows, and how many more:\n{text}");
    assert!(!text.contains(&fresh), "not overdue yet");
}

async fn the_visit_schedule_migration_comes_down_and_goes_up_again(backend: Backend) {
    let app = spawn_app(backend).await;
    let grid = app.login("grid").await;
    let h = app.create_household(&grid, &app.regions().grid, "渡口村1排1号").await;
    record_ok(&app, &grid, visit(&h, "MONTHLY_SWEEP", Utc::now())).await;

    crate::helpers::migrate_down_through(&app.db, "m20261129_000004_add_visit_schedules").await;
    let gone = app.db.execute_unprepared("SELECT living FROM visit").await;
    migration::Migrator::up(&app.db, None).await.unwrap();

    assert!(gone.is_err(), "the visit columns were dropped");
    assert_eq!(entity::visit_schedule::Entity::find().count(&app.db).await.unwrap(), 6, "defaults seeded again");
    let marks = entity::household_visit_mark::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(marks.len(), 1, "marks rebuilt from the visits kept");
    assert!(marks[0].last_monthly_sweep_at.is_some());
}

db_tests!(
    the_overdue_report_lists_a_region_oldest_first_with_addresses,
    the_visit_schedule_migration_comes_down_and_goes_up_again,
);
