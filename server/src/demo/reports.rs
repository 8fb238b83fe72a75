//! Past reports of the demo, so the 台账上报 pages are not empty on first
//! start: the demo villages' last three months (accepted; one returned and
//! resubmitted; one late; the latest of `village2` awaiting the town), and
//! 小王庄镇's ledger of the last quarter accepted by the district.
//!
//! They go through the real workflow (snapshots, policy, audit); only their
//! times are moved back afterwards to when such reports would have been
//! made, since a report made today for a past month would all be late.

use anyhow::Context as _;
use chrono::{DateTime, Duration, Utc};
use entity::{Role, region, report, user};
use sea_orm::{ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _};

use crate::{
    auth::{Actor, actor::RequestMeta},
    reports::{
        period::{Period, PeriodKind},
        workflow::{self, Decision},
    },
};

pub(super) async fn actor(db: &DatabaseConnection, username: &str) -> anyhow::Result<Actor> {
    let u = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(db)
        .await?
        .with_context(|| format!("demo account {username}"))?;
    let r = region::Entity::find_by_id(u.region_id).one(db).await?.context("the account's region")?;
    Ok(Actor::from_models(&u, &r, RequestMeta::default()))
}

/// Moves a report's times to `submitted` (prepared a day before, decided
/// two days after, if it was).
async fn backdate(db: &DatabaseConnection, r: &report::Model, submitted: DateTime<Utc>) -> anyhow::Result<()> {
    let decided = r.decided_at.map(|_| submitted + Duration::days(2));
    report::Entity::update_many()
        .set(report::ActiveModel {
            prepared_at: Set(submitted - Duration::days(1)),
            submitted_at: Set(r.submitted_at.map(|_| submitted)),
            decided_at: Set(decided),
            ..Default::default()
        })
        .filter(report::Column::Id.eq(r.id))
        .exec(db)
        .await?;
    Ok(())
}

/// How one demo monthly report goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Story {
    Accepted,
    ReturnedThenAccepted,
    Late,
    Waiting,
}

async fn month(
    db: &DatabaseConnection,
    village: &Actor,
    town: &Actor,
    period: Period,
    story: Story,
) -> anyhow::Result<usize> {
    let due = workflow::due(db, entity::RegionLevel::Village, period).await?;
    let on_time = due - Duration::days(3);
    let mut made = 0;
    let mut r = workflow::prepare(db, village, village.region_id, period).await?;
    if story == Story::ReturnedThenAccepted {
        r = workflow::submit(db, village, r.id, r.version, None).await?;
        let reason = "走访记录不全，请补充本月排查情况后重报".to_owned();
        r = workflow::decide(db, town, r.id, r.version, Decision::Return { reason }).await?;
        backdate(db, &r, on_time - Duration::days(2)).await?;
        made += 1;
        r = workflow::prepare(db, village, village.region_id, period).await?;
    }
    r = workflow::submit(db, village, r.id, r.version, None).await?;
    if story != Story::Waiting {
        let note = Some("已核对".to_owned());
        r = workflow::decide(db, town, r.id, r.version, Decision::Accept { note }).await?;
    }
    let submitted = if story == Story::Late { due + Duration::days(4) } else { on_time };
    backdate(db, &r, submitted.min(Utc::now())).await?;
    Ok(made + 1)
}

/// Seeds the reports; returns how many were made.
pub async fn seed(db: &DatabaseConnection) -> anyhow::Result<usize> {
    let (village, village2) = (actor(db, "village").await?, actor(db, "village2").await?);
    let (town, district) = (actor(db, "town").await?, actor(db, "district").await?);
    anyhow::ensure!(town.role == Role::Town && village.role == Role::Village, "demo accounts have their roles");
    let this_month = Period::containing(Utc::now(), PeriodKind::Month);
    let mut made = 0;
    let plan = [
        (3, Story::Accepted, Story::Late),
        (2, Story::ReturnedThenAccepted, Story::Accepted),
        (1, Story::Accepted, Story::Waiting),
    ];
    for (back, first, second) in plan {
        let period = this_month.shift(-back);
        made += month(db, &village, &town, period, first).await?;
        made += month(db, &village2, &town, period, second).await?;
    }
    let quarter = Period::containing(Utc::now(), PeriodKind::Quarter).shift(-1);
    let mut ledger = workflow::prepare(db, &town, town.region_id, quarter).await?;
    let reason = "本系统启用前的月份以纸质台账上报，其余村居月报已督促补报";
    ledger = workflow::submit(db, &town, ledger.id, ledger.version, Some(reason)).await?;
    let note = Some("同意".to_owned());
    ledger = workflow::decide(db, &district, ledger.id, ledger.version, Decision::Accept { note }).await?;
    let due = workflow::due(db, entity::RegionLevel::Town, quarter).await?;
    backdate(db, &ledger, (due - Duration::days(2)).min(Utc::now())).await?;
    Ok(made + 1)
}
