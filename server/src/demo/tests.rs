//! Seeds small in-memory SQLite databases and checks the shape of the data.

use std::collections::HashMap;

use chrono::{Months, Utc};
use entity::{RegionLevel, Role, Sex, household, person, region, relative, user};
use migration::MigratorTrait as _;
use sea_orm::{Database, DatabaseConnection, EntityTrait, Iterable as _};
use uuid::Uuid;

use super::id_number::decode;
use super::people::age_on;
use super::{
    AlreadySeeded, BATCH_HOUSEHOLDS, PERSON_ROWS, REGION_ROWS, SeedOptions, generate, prepare, seed, statement_sizes,
};

async fn seeded(seed_value: u64) -> anyhow::Result<DatabaseConnection> {
    let db = Database::connect("sqlite::memory:").await?;
    migration::Migrator::up(&db, None).await?;
    seed(&db, &SeedOptions { households: 300, seed: seed_value, progress: false }).await?;
    Ok(db)
}

#[tokio::test]
async fn seeding_creates_the_demo_accounts_registry_and_left_behind_cases() -> anyhow::Result<()> {
    // Arrange / Act
    let db = seeded(7).await?;
    let regions: HashMap<Uuid, region::Model> =
        region::Entity::find().all(&db).await?.into_iter().map(|r| (r.id, r)).collect();
    let users: HashMap<String, user::Model> =
        user::Entity::find().all(&db).await?.into_iter().map(|u| (u.username.clone(), u)).collect();
    let households = household::Entity::find().all(&db).await?;
    let people = person::Entity::find().all(&db).await?;
    let today = Utc::now().date_naive();

    // Assert: accounts and the sibling relations of API.md.
    let expected = [
        ("admin", Role::Admin),
        ("district", Role::District),
        ("town", Role::Town),
        ("town2", Role::Town),
        ("village", Role::Village),
        ("village2", Role::Village),
        ("grid", Role::Grid),
        ("grid2", Role::Grid),
    ];
    assert_eq!(users.len(), expected.len());
    for (name, role) in expected {
        assert_eq!(users[name].role, role, "{name}");
        assert!(users[name].password_hash.starts_with("$argon2id$"));
    }
    let region_of = |name: &str| &regions[&users[name].region_id];
    assert_eq!(region_of("admin").level, RegionLevel::District);
    assert_eq!(region_of("district").code, "120116");
    assert_eq!(region_of("town").code, "120116157");
    assert_eq!(region_of("town2").level, RegionLevel::Town);
    assert_ne!(region_of("town2").id, region_of("town").id);
    assert_eq!(region_of("village").parent_id, Some(region_of("town").id));
    assert_eq!(region_of("village2").parent_id, Some(region_of("town").id));
    assert_ne!(region_of("village").id, region_of("village2").id);
    assert_eq!(region_of("grid").parent_id, Some(region_of("village").id));
    assert_eq!(region_of("grid2").parent_id, Some(region_of("village").id));
    assert_ne!(region_of("grid").id, region_of("grid2").id);
    assert_ne!(users["town"].password_hash, users["town2"].password_hash, "salts differ");
    let villages = regions.values().filter(|r| r.level == RegionLevel::Village && r.rural).count();
    assert_eq!(villages, 139);

    // Assert: every household sits in a grid or an urban community, keyed inside its span.
    assert_eq!(households.len(), 300);
    for h in &households {
        let r = &regions[&h.region_id];
        let leaf = r.level == RegionLevel::Grid || (r.level == RegionLevel::Village && !r.rural);
        assert!(leaf, "household in {:?} {}", r.level, r.code);
        assert!((r.key_lo..=r.key_hi).contains(&h.scope_key));
    }

    // Assert: ID numbers are valid and agree with sex and birth date.
    for p in &people {
        let id = p.id_number.as_deref().unwrap();
        assert_eq!(decode(id), Some((p.birth_date.unwrap(), p.sex.unwrap())), "{}", p.id);
        assert!(p.birth_date.unwrap() <= today);
    }

    // Assert: the three left-behind shapes exist.
    let by_id: HashMap<Uuid, &person::Model> = people.iter().map(|p| (p.id, p)).collect();
    let away = |id: Option<Uuid>| id.is_some_and(|id| by_id[&id].residence_status.is_away());
    let age = |p: &person::Model| age_on(p.birth_date.unwrap(), today);
    let at_home = |p: &person::Model| p.residence_status == entity::ResidenceStatus::AtHome;
    let child = people.iter().any(|p| at_home(p) && age(p) < 16 && away(p.father_id) && away(p.mother_id));
    assert!(child, "a child under 16 at home with both parents away");
    let elderly = people.iter().any(|p| {
        let children: Vec<_> =
            people.iter().filter(|c| c.father_id == Some(p.id) || c.mother_id == Some(p.id)).collect();
        at_home(p)
            && age(p) >= 60
            && !children.is_empty()
            && children.iter().all(|c| c.residence_status.is_away() && c.away_outside_county == Some(true))
    });
    assert!(elderly, "an elderly person whose children are all away outside the county");
    let six_months_ago = today.checked_sub_months(Months::new(6)).unwrap();
    let woman = people.iter().any(|p| {
        let husband = p.spouse_id.map(|id| by_id[&id]);
        p.sex == Some(Sex::Female)
            && at_home(p)
            && husband.is_some_and(|h| {
                h.spouse_id == Some(p.id)
                    && h.residence_status.is_away()
                    && h.away_since.is_some_and(|d| d <= six_months_ago)
            })
    });
    assert!(woman, "a married woman whose husband has been away six months or more");
    let unregistered = relative::Entity::find().all(&db).await?;
    assert!(
        unregistered
            .iter()
            .any(|r| r.away_since.is_some_and(|d| d <= six_months_ago) && r.outside_county == Some(true)),
        "an elderly person whose child, not registered here, has been away outside the county six months or more"
    );
    for r in &unregistered {
        let elder = by_id[&r.person_id];
        assert_eq!(r.scope_key, elder.scope_key, "a relative carries the scope of the person");
        assert!(age(elder) >= 60, "recorded on an elder");
    }

    // Act / Assert: a second run refuses.
    let again = seed(&db, &SeedOptions { households: 10, seed: 7, progress: false }).await;
    assert!(again.is_err_and(|e| e.is::<AlreadySeeded>()));
    Ok(())
}

/// Runs the same generation `seed` does, without a database (and without
/// the deliberately slow password hashing).
fn id_numbers(seed_value: u64) -> anyhow::Result<Vec<String>> {
    let now = Utc::now();
    let opts = SeedOptions { households: 300, seed: seed_value, progress: false };
    let (_, places, rng) = prepare(&opts, now)?;
    let mut ids = Vec::new();
    generate(rng, now, &places, |batch| {
        ids.extend(batch.people.into_iter().filter_map(|p| p.id_number));
        true
    });
    Ok(ids)
}

#[test]
fn the_same_seed_gives_the_same_id_numbers() -> anyhow::Result<()> {
    let first = id_numbers(42)?;
    assert!(first.len() > 300);
    assert_eq!(first, id_numbers(42)?);
    assert_ne!(first, id_numbers(43)?);
    Ok(())
}

#[test]
fn person_statements_stay_under_the_row_limit_and_never_split_a_household() {
    let starts: Vec<usize> = (0..5_000).step_by(3).collect();
    let sizes = statement_sizes(&starts, 5_000);
    assert_eq!(sizes.iter().sum::<usize>(), 5_000);
    let mut end = 0;
    for size in sizes {
        assert!(size <= PERSON_ROWS);
        end += size;
        assert!(end == 5_000 || starts.contains(&end), "cut inside a household at {end}");
    }
    assert_eq!(statement_sizes(&[], 0), Vec::<usize>::new());
}

#[test]
fn every_insert_stays_under_the_bind_parameter_limit() {
    // SQLite's default SQLITE_MAX_VARIABLE_NUMBER, the lower of our two backends.
    const MAX_PARAMS: usize = 32_766;
    // A batch may run one household over (an elderly household and its
    // neighbour are generated together).
    assert!(person::Column::iter().count() * PERSON_ROWS <= MAX_PARAMS);
    assert!(household::Column::iter().count() * (BATCH_HOUSEHOLDS + 1) <= MAX_PARAMS);
    assert!(region::Column::iter().count() * REGION_ROWS <= MAX_PARAMS);
}
