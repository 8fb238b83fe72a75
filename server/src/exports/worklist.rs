//! The caller's work list (`dueVisits(filter)`) as a sheet. Its rows are
//! plain (`DueVisit` fields are `Record`); the household's address and the
//! person's name are read as `Household.address` and `Person.name` are.
//! One row holds both, so both are noted against the household's members
//! in scope (for a care visit the person is one of them): a name read of
//! a child may be recorded against a sibling too, never against nobody.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::household;
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
use uuid::Uuid;

use super::{
    households, labels,
    sheet::{About, Cell, Column, Sheet, guarded, local_time, plain},
};
use crate::{
    auth::Actor,
    db::Db,
    error::AppResult,
    policy::{fields::Field, scope},
    visits::due::Item,
};

pub const COLUMNS: &[Column] = &[
    plain("户编号", 38.0),
    plain("村(居)/网格", 16.0),
    guarded("住址", 30.0, Field::Location, "Household.address"),
    plain("人员编号", 38.0),
    guarded("姓名", 10.0, Field::PersonName, "Person.name"),
    plain("走访类型", 10.0),
    plain("应访原因", 16.0),
    plain("应访时间", 17.0),
    plain("逾期", 6.0),
    plain("上次走访时间", 17.0),
];

/// What one page's rows need besides themselves: the households in the
/// caller's scope with their members and regions, and the people's names.
pub struct Context {
    households: HashMap<Uuid, household::Model>,
    around: households::Context,
    names: HashMap<Uuid, String>,
}

pub async fn context(db: &Db, actor: &Actor, items: &[Item], today: chrono::NaiveDate) -> AppResult<Context> {
    let ids: Vec<Uuid> = items.iter().map(|i| i.household_id).collect();
    let found = household::Entity::find()
        .filter(scope::registry(actor, household::Column::ScopeKey))
        .filter(household::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let around = households::context(db, actor, &found, today).await?;
    let people = items.iter().filter_map(|i| i.person_id).collect();
    let names = super::classifications::people(db, actor, people, today)
        .await?
        .into_iter()
        .map(|(id, (n, _))| (id, n))
        .collect();
    Ok(Context { households: found.into_iter().map(|h| (h.id, h)).collect(), around, names })
}

/// One item of a page computed at `now` (what is due before it is overdue).
pub fn write(
    sheet: &mut Sheet,
    ctx: &Context,
    item: &Item,
    now: DateTime<Utc>,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let household = ctx.households.get(&item.household_id);
    let region = household.and_then(|h| ctx.around.region(h.region_id));
    let cells = vec![
        Cell::Text(item.household_id.to_string()),
        Cell::opt(region.map(|(name, _)| name.clone())),
        Cell::opt(household.map(|h| h.address.clone())),
        Cell::opt(item.person_id.map(|id| id.to_string())),
        Cell::opt(item.person_id.and_then(|id| ctx.names.get(&id).cloned())),
        Cell::Text(labels::visit_kind(item.obligation.kind()).to_owned()),
        Cell::Text(labels::obligation(item.obligation).to_owned()),
        Cell::Text(local_time(item.due_at)),
        Cell::Text(labels::yes_no(item.due_at < now).to_owned()),
        Cell::opt(item.last_visit_at().map(local_time)),
    ];
    let mut about = ctx.around.members(item.household_id).to_vec();
    // Someone the scoped lookup cannot return counts as a child, as in the
    // GraphQL guard: when in doubt, record.
    if let Some(person) = item.person_id.filter(|p| !about.iter().any(|(id, _)| id == p)) {
        about.push((person, true));
    }
    sheet.row(cells, &About { people: &about, household: Some(item.household_id) })
}
