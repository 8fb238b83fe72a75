//! Admin helpers for a real deployment, where no demo data or default
//! account exists: import the region tree, create the first admin.

use std::collections::HashMap;

use anyhow::Context as _;
use chrono::Utc;
use entity::{RegionLevel, Role, region, user};
use sea_orm::{ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, TransactionTrait as _};
use uuid::Uuid;

use crate::{auth::password, policy};

/// One line of a region file: `code,name,rural,lat,lng` (lat/lng may be
/// empty; rural is `1`/`0` or `true`/`false`).
#[derive(Debug, PartialEq)]
struct Line {
    code: String,
    name: String,
    rural: bool,
    lat: Option<f64>,
    lng: Option<f64>,
}

fn parse_line(raw: &str) -> Result<Line, String> {
    let cols: Vec<&str> = raw.split(',').map(str::trim).collect();
    let [code, name, rural, lat, lng] = cols[..] else {
        return Err("expected 5 columns: code,name,rural,lat,lng".into());
    };
    if region::scope_span(code).is_none() || level_of(code).is_none() {
        return Err(format!("bad statistical code {code:?} (6, 9, 12 or 15 digits)"));
    }
    if name.is_empty() {
        return Err("empty name".into());
    }
    let rural = match rural {
        "1" | "true" => true,
        "0" | "false" => false,
        other => return Err(format!("rural must be 1/0/true/false, not {other:?}")),
    };
    let number =
        |s: &str| if s.is_empty() { Ok(None) } else { s.parse().map(Some).map_err(|_| format!("bad number {s:?}")) };
    Ok(Line { code: code.into(), name: name.into(), rural, lat: number(lat)?, lng: number(lng)? })
}

fn level_of(code: &str) -> Option<RegionLevel> {
    match code.len() {
        6 => Some(RegionLevel::District),
        9 => Some(RegionLevel::Town),
        12 => Some(RegionLevel::Village),
        15 => Some(RegionLevel::Grid),
        _ => None,
    }
}

fn parent_code(code: &str) -> Option<&str> {
    (code.len() > 6).then(|| &code[..code.len() - 3])
}

/// Imports regions from CSV text, parents before children. Existing codes
/// are left as they are. Returns (created, skipped).
pub async fn import_regions(db: &DatabaseConnection, csv: &str) -> anyhow::Result<(usize, usize)> {
    let mut lines = Vec::new();
    for (n, raw) in csv.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#')) {
        if n == 0 && raw.starts_with("code") {
            continue;
        }
        lines.push(parse_line(raw).map_err(|e| anyhow::anyhow!("line {}: {e}", n + 1))?);
    }
    lines.sort_by_key(|l| l.code.len());
    let txn = db.begin().await?;
    let mut ids: HashMap<String, Uuid> =
        region::Entity::find().all(&txn).await?.into_iter().map(|r| (r.code, r.id)).collect();
    let (mut created, mut skipped) = (0, 0);
    for line in lines {
        if ids.contains_key(&line.code) {
            skipped += 1;
            continue;
        }
        let parent_id = match parent_code(&line.code) {
            None => None,
            Some(p) => Some(*ids.get(p).with_context(|| format!("{}: parent {p} is missing", line.code))?),
        };
        let (key_lo, key_hi) = region::scope_span(&line.code).context("checked above")?;
        let now = Utc::now();
        let model = region::Model {
            id: Uuid::now_v7(),
            parent_id,
            level: level_of(&line.code).context("checked above")?,
            code: line.code.clone(),
            name: line.name,
            rural: line.rural,
            key_lo,
            key_hi,
            lat: line.lat,
            lng: line.lng,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        region::Entity::insert(region::ActiveModel::from(model.clone())).exec_without_returning(&txn).await?;
        ids.insert(line.code, model.id);
        created += 1;
    }
    txn.commit().await?;
    Ok((created, skipped))
}

/// Creates an account (typically the first ADMIN) bound to the region with
/// `region_code`. The password comes from the caller, never a default.
pub async fn create_user(
    db: &DatabaseConnection,
    username: &str,
    display_name: &str,
    role: Role,
    region_code: &str,
    plain: &str,
) -> anyhow::Result<Uuid> {
    anyhow::ensure!(
        plain.chars().count() >= password::MIN_LENGTH,
        "the password needs {}+ characters",
        password::MIN_LENGTH
    );
    let region = region::Entity::find()
        .filter(region::Column::Code.eq(region_code))
        .one(db)
        .await?
        .with_context(|| format!("no region with code {region_code}; import regions first"))?;
    anyhow::ensure!(policy::role_fits_level(role, region.level), "a {role:?} cannot be bound to a {:?}", region.level);
    let model = user::Model::in_force_from_start(
        username.trim().to_lowercase(),
        display_name.into(),
        role,
        region.id,
        password::hash(plain).map_err(|e| anyhow::anyhow!("{e}"))?,
        Utc::now(),
    );
    user::Entity::insert(user::ActiveModel::from(model.clone())).exec_without_returning(db).await?;
    Ok(model.id)
}

/// The account `username` as the caller of a command-line job (an
/// import), if it is in force: the job acts with its rights and
/// jurisdiction and is audited as it, marked by `request_id`.
pub async fn actor_of(db: &DatabaseConnection, username: &str, request_id: &str) -> anyhow::Result<crate::auth::Actor> {
    let user = user::Entity::find()
        .filter(user::Column::Username.eq(username.trim().to_lowercase()))
        .one(db)
        .await?
        .filter(user::Model::in_force)
        .with_context(|| format!("no account in force named {username}"))?;
    let region =
        region::Entity::find_by_id(user.region_id).one(db).await?.context("the account's region is missing")?;
    let meta = crate::auth::actor::RequestMeta { request_id: Some(request_id.to_owned()), ip: None };
    Ok(crate::auth::Actor::from_models(&user, &region, meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_lines_parse_and_bad_ones_say_why() {
        let line = parse_line("120116157201,渡口村,1,38.95,117.6").unwrap();
        assert_eq!(line.code, "120116157201");
        assert!(line.rural);
        assert_eq!(parent_code(&line.code), Some("120116157"));
        assert!(parse_line("12011615720,x,1,,").unwrap_err().contains("code"));
        assert!(parse_line("120116157201,渡口村,maybe,,").unwrap_err().contains("rural"));
        assert!(parse_line("120116157201,渡口村").is_err());
    }

    #[tokio::test]
    async fn a_fresh_deployment_imports_regions_and_gets_its_first_admin() {
        let db = crate::db::connect("sqlite::memory:").await.unwrap();
        crate::db::migrate(&db).await.unwrap();
        let csv =
            "code,name,rural,lat,lng\n120116157,小王庄镇,1,,\n120116,滨海新区,0,39.0,117.7\n120116157201,渡口村,1,,\n";

        let (created, skipped) = import_regions(&db, csv).await.unwrap();
        let again = import_regions(&db, csv).await.unwrap();
        let admin = create_user(&db, "Root", "管理员", Role::Admin, "120116", "a-long-password").await;
        let grid_on_town = create_user(&db, "g", "g", Role::Grid, "120116157", "a-long-password").await;

        assert_eq!((created, skipped), (3, 0));
        assert_eq!(again, (0, 3));
        assert!(admin.is_ok());
        assert!(grid_on_town.is_err());
    }
}
