//! The visits list (`visits(filter)`) as a sheet: every column is visit
//! data, guarded as the `Visit` fields are (coordinates as location,
//! 健康状况 as health), about the people seen or, with nobody seen, the
//! household — the GraphQL guard's `Subject::Visit`.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{Need, user, visit};
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, QuerySelect as _};
use uuid::Uuid;

use super::{
    labels,
    sheet::{About, Cell, Column, Sheet, guarded, local_time},
};
use crate::{
    auth::Actor,
    db::Db,
    error::{AppError, AppResult},
    policy::fields::Field,
};

const V: Field = Field::Visit;

pub const COLUMNS: &[Column] = &[
    guarded("走访编号", 38.0, V, "Visit.id"),
    guarded("户编号", 38.0, V, "Visit.household"),
    guarded("走访类型", 10.0, V, "Visit.kind"),
    guarded("走访时间", 17.0, V, "Visit.visitedAt"),
    guarded("走访人", 10.0, V, "Visit.visitor"),
    guarded("见到人员编号", 38.0, V, "Visit.peopleSeen"),
    guarded("纬度", 10.0, Field::Location, "Visit.lat"),
    guarded("经度", 10.0, Field::Location, "Visit.lng"),
    guarded("走访情况", 30.0, V, "Visit.findings"),
    guarded("生活状况", 20.0, V, "Visit.living"),
    guarded("安全状况", 20.0, V, "Visit.safety"),
    guarded("健康状况", 20.0, Field::Health, "Visit.health"),
    guarded("需求", 20.0, V, "Visit.needs"),
    guarded("政策宣传", 20.0, V, "Visit.policiesExplained"),
    guarded("需跟进", 8.0, V, "Visit.followUp"),
    guarded("登记时间", 17.0, V, "Visit.createdAt"),
];

/// What one batch's rows need besides themselves: the people seen in the
/// caller's scope with "under 14 today", and the visitors' names.
pub struct Context {
    minors: HashMap<Uuid, bool>,
    visitors: HashMap<Uuid, String>,
}

pub async fn context(db: &Db, actor: &Actor, batch: &[visit::Model], today: NaiveDate) -> AppResult<Context> {
    let mut seen = Vec::new();
    for v in batch {
        seen.extend(people(v)?);
    }
    let minors =
        super::classifications::people(db, actor, seen, today).await?.into_iter().map(|(id, (_, m))| (id, m)).collect();
    let visitors = staff(db, batch.iter().map(|v| v.visitor_id).collect()).await?;
    Ok(Context { minors, visitors })
}

/// Staff accounts' display names, as `StaffMember` shows them beside a
/// visit or a decision (no data about the people cared for).
pub async fn staff(db: &Db, mut ids: Vec<Uuid>) -> AppResult<HashMap<Uuid, String>> {
    ids.sort_unstable();
    ids.dedup();
    let rows: Vec<(Uuid, String)> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .select_only()
        .columns([user::Column::Id, user::Column::DisplayName])
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

fn people(v: &visit::Model) -> AppResult<Vec<Uuid>> {
    serde_json::from_value(v.person_ids.clone()).map_err(AppError::caused("reading a stored JSON column"))
}

fn joined(items: impl Iterator<Item = impl Into<String>>) -> Cell {
    let text: Vec<String> = items.map(Into::into).collect();
    if text.is_empty() { Cell::Empty } else { Cell::Text(text.join("、")) }
}

pub fn write(sheet: &mut Sheet, ctx: &Context, v: visit::Model) -> AppResult<()> {
    let seen = people(&v)?;
    // Someone the scoped lookup cannot return counts as a child, as in the
    // GraphQL guard: when in doubt, record.
    let about: Vec<(Uuid, bool)> = seen.iter().map(|id| (*id, ctx.minors.get(id).copied().unwrap_or(true))).collect();
    let needs: Vec<Need> =
        serde_json::from_value(v.needs.clone()).map_err(AppError::caused("reading a stored JSON column"))?;
    let policies = crate::discovery::reasons::strings(&v.policies_explained);
    let cells = vec![
        Cell::Text(v.id.to_string()),
        Cell::Text(v.household_id.to_string()),
        Cell::Text(labels::visit_kind(v.kind).to_owned()),
        Cell::Text(local_time(v.visited_at)),
        Cell::opt(ctx.visitors.get(&v.visitor_id).cloned()),
        joined(seen.iter().map(Uuid::to_string)),
        v.lat.map_or(Cell::Empty, Cell::Number),
        v.lng.map_or(Cell::Empty, Cell::Number),
        Cell::opt(v.findings),
        Cell::opt(v.living),
        Cell::opt(v.safety),
        Cell::opt(v.health),
        joined(needs.into_iter().map(labels::need)),
        joined(policies.into_iter()),
        Cell::Text(labels::yes_no(v.follow_up).to_owned()),
        Cell::Text(local_time(v.created_at)),
    ];
    sheet.row(cells, &About { people: &about, household: Some(v.household_id) }).map_err(super::xlsx)
}
