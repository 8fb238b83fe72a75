//! A closed spot-check round of last quarter, so the 随机抽查 page is not
//! empty on first start: four households per town drawn with a fixed seed,
//! re-visited by the district with a wrong report, a missed one, a data
//! error and a household nobody was home at among the consistent ones, and
//! one of the findings already answered by its town.
//!
//! It goes through the real draw, record, close and answer paths (policy,
//! audit, the suggestion and the rejection they cause).

use std::collections::HashSet;

use anyhow::Context as _;
use chrono::Utc;
use entity::{
    Category, ClassificationStatus, ResidenceStatus, SpotCheckResult, SpotCheckStratum, VisitKind, classification,
    person, spot_check_finding, spot_check_item,
};
use sea_orm::{ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _};

use super::reports::actor;
use crate::{
    classifications, clock,
    reports::period::{Period, PeriodKind},
    spot_checks::{
        draw::{self, Draw},
        record::{self, Finding},
        workflow,
    },
    visits::record::NewVisit,
};

/// The demo's seed: the same households every time the demo is seeded.
pub const SEED: i64 = 20_260_930;

/// Seeds the round; answers how many findings were not consistent.
pub async fn seed(db: &DatabaseConnection) -> anyhow::Result<usize> {
    let district = actor(db, "district").await?;
    let town = actor(db, "town").await?;
    confirm_some(db, &district).await?;
    let quarter = Period::containing(Utc::now(), PeriodKind::Quarter).shift(-1);
    let input = Draw {
        quarter: quarter.to_string(),
        per_town: 4,
        classified: Some(2),
        seed: Some(SEED),
        due_on: None,
        assignees: Vec::new(),
    };
    let round = draw::draw(db, &district, input).await.context("drawing the demo spot check")?;
    let mut items = spot_check_item::Entity::find()
        .filter(spot_check_item::Column::RoundId.eq(round.id))
        .order_by_asc(spot_check_item::Column::ScopeKey)
        .order_by_asc(spot_check_item::Column::Id)
        .all(db)
        .await?;
    // The demo's town account sees its findings first.
    items.sort_by_key(|i| !town_range_holds(&town, i.scope_key));
    // One of each kind of finding, in the first households where it fits.
    let mut wanted: Vec<SpotCheckResult> =
        vec![SpotCheckResult::Wrong, SpotCheckResult::Missed, SpotCheckResult::DataError, SpotCheckResult::Unreachable];
    let mut elderly_missed = HashSet::new();
    let mut not_consistent = 0;
    for item in &items {
        let members = person::Entity::find()
            .filter(person::Column::HouseholdId.eq(item.household_id))
            .filter(person::Column::ResidenceStatus.is_not_in([ResidenceStatus::Deceased, ResidenceStatus::MovedOut]))
            .order_by_asc(person::Column::Id)
            .all(db)
            .await?;
        let open = classification::Entity::find()
            .filter(classification::Column::PersonId.is_in(members.iter().map(|p| p.id)))
            .filter(
                classification::Column::Status
                    .is_in([ClassificationStatus::Suggested, ClassificationStatus::Confirmed]),
            )
            .all(db)
            .await?;
        let mut findings: Vec<Finding> = members
            .iter()
            .map(|p| Finding {
                person_id: p.id,
                result: SpotCheckResult::Consistent,
                category: None,
                classification_id: None,
                reason: None,
            })
            .collect();
        let today = clock::today();
        let pick = wanted.iter().position(|want| match want {
            SpotCheckResult::Wrong => {
                item.stratum == SpotCheckStratum::Classified
                    && open.iter().any(|c| c.status == ClassificationStatus::Confirmed)
            }
            SpotCheckResult::Missed => {
                item.stratum == SpotCheckStratum::Unclassified
                    && members.iter().any(|p| {
                        p.birth_date.is_some_and(|b| clock::age_on(b, today) >= 60)
                            && !open.iter().any(|c| c.person_id == p.id)
                    })
            }
            _ => !members.is_empty(),
        });
        if let Some(i) = pick {
            not_consistent += 1;
            match wanted.remove(i) {
                SpotCheckResult::Wrong => {
                    let c = open.iter().find(|c| c.status == ClassificationStatus::Confirmed).context("confirmed")?;
                    let f = findings.iter_mut().find(|f| f.person_id == c.person_id).context("member")?;
                    f.result = SpotCheckResult::Wrong;
                    f.classification_id = Some(c.id);
                    f.reason = Some("入户核实：父母已于今年返乡务农，现与子女共同生活".into());
                }
                SpotCheckResult::Missed => {
                    let p = members
                        .iter()
                        .find(|p| {
                            p.birth_date.is_some_and(|b| clock::age_on(b, today) >= 60)
                                && !open.iter().any(|c| c.person_id == p.id)
                        })
                        .context("an elderly member")?;
                    elderly_missed.insert(p.id);
                    let f = findings.iter_mut().find(|f| f.person_id == p.id).context("member")?;
                    f.result = SpotCheckResult::Missed;
                    f.category = Some(Category::LeftBehindElderly);
                    f.reason = Some("其子户口已迁往市区，常年在外省务工，未在本区登记".into());
                }
                SpotCheckResult::DataError => {
                    let f = findings.first_mut().context("member")?;
                    f.result = SpotCheckResult::DataError;
                    f.reason = Some("联系电话已停用，户主已更换号码".into());
                }
                _ => {
                    for f in &mut findings {
                        f.result = SpotCheckResult::Unreachable;
                        f.reason = Some("两次上门均无人在家".into());
                    }
                }
            }
        }
        let visit = NewVisit {
            household_id: item.household_id,
            kind: VisitKind::SpotCheck,
            visited_at: Utc::now(),
            lat: None,
            lng: None,
            person_ids: Vec::new(),
            findings: Some("区民政局随机抽查入户核实".into()),
            living: None,
            safety: None,
            health: None,
            needs: Vec::new(),
            policies_explained: Vec::new(),
            follow_up: false,
            changes: Vec::new(),
        };
        record::record(db, &district, item.id, visit, findings)
            .await
            .map_err(|e| anyhow::anyhow!("recording a demo spot check: {e:?}"))?;
    }
    let round = workflow::close(db, &district, round.id, round.version).await.context("closing the demo round")?;
    // 小王庄镇 has answered its first finding.
    let first = spot_check_finding::Entity::find()
        .filter(spot_check_finding::Column::RoundId.eq(round.id))
        .filter(spot_check_finding::Column::Result.ne(SpotCheckResult::Consistent))
        .order_by_asc(spot_check_finding::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .find(|f| town_range_holds(&town, f.scope_key));
    if let Some(f) = first {
        let note = "已组织村网格员复核，记录已更正，并对相关网格员进行了培训";
        workflow::answer(db, &town, f.id, f.version, note).await.context("answering a demo finding")?;
    }
    Ok(not_consistent)
}

/// The district confirms the first suggestions of each town (核实认定),
/// so that both strata of the draw have households: the demo's other
/// suggestions stay waiting for the towns.
async fn confirm_some(db: &DatabaseConnection, district: &crate::auth::Actor) -> anyhow::Result<()> {
    let suggested = classification::Entity::find()
        .filter(classification::Column::Status.eq(ClassificationStatus::Suggested))
        .order_by_asc(classification::Column::ScopeKey)
        .order_by_asc(classification::Column::Id)
        .all(db)
        .await?;
    let towns = entity::region::Entity::find()
        .filter(entity::region::Column::Level.eq(entity::RegionLevel::Town))
        .all(db)
        .await?;
    let handle = crate::db::Db::unscoped(db, db);
    for town in towns {
        let range = crate::policy::scope::KeyRange::of(&town);
        for c in suggested.iter().filter(|c| range.contains(c.scope_key)).take(3) {
            let level = c.suggested_care_level.unwrap_or(entity::CareLevel::General);
            classifications::confirm(&handle, district, c.id, level, Some("区民政局核实".into()))
                .await
                .map_err(|e| anyhow::anyhow!("confirming a demo suggestion: {e:?}"))?;
        }
    }
    Ok(())
}

fn town_range_holds(town: &crate::auth::Actor, key: i64) -> bool {
    crate::policy::scope::key_range(town).contains(key)
}
