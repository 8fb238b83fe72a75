//! The households list (`households(filter)`) as a sheet.

use std::collections::HashMap;

use entity::{household, person, region};
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, QuerySelect as _};
use uuid::Uuid;

use super::{
    labels,
    sheet::{About, Cell, Column, Sheet, guarded, is_minor, plain},
};
use chrono::NaiveDate;

use crate::{auth::Actor, db::Db, error::AppResult, policy::fields::Field, policy::scope};

pub const COLUMNS: &[Column] = &[
    plain("户编号", 38.0),
    plain("村(居)/网格", 16.0),
    plain("区划代码", 16.0),
    guarded("住址", 30.0, Field::Location, "Household.address"),
    guarded("纬度", 10.0, Field::Location, "Household.lat"),
    guarded("经度", 10.0, Field::Location, "Household.lng"),
    plain("经济状况", 8.0),
    plain("在册人数", 8.0),
];

/// What the rows of one batch need besides themselves: each household's
/// members in the caller's scope (with "under 14 today", for the audit) and
/// the regions' names.
pub struct Context {
    members: HashMap<Uuid, Vec<(Uuid, bool)>>,
    regions: HashMap<Uuid, (String, String)>,
}

impl Context {
    /// The household's members in the caller's scope, with "under 14 today".
    pub fn members(&self, household: Uuid) -> &[(Uuid, bool)] {
        self.members.get(&household).map(Vec::as_slice).unwrap_or_default()
    }

    /// The region's name and code.
    pub fn region(&self, region: Uuid) -> Option<&(String, String)> {
        self.regions.get(&region)
    }
}

pub async fn context(db: &Db, actor: &Actor, batch: &[household::Model], today: NaiveDate) -> AppResult<Context> {
    let ids: Vec<Uuid> = batch.iter().map(|h| h.id).collect();
    let rows: Vec<(Uuid, Uuid, Option<NaiveDate>)> = person::Entity::find()
        .filter(scope::registry(actor, person::Column::ScopeKey))
        .filter(person::Column::HouseholdId.is_in(ids))
        .select_only()
        .columns([person::Column::Id, person::Column::HouseholdId, person::Column::BirthDate])
        .into_tuple()
        .all(db)
        .await?;
    let mut members: HashMap<Uuid, Vec<(Uuid, bool)>> = HashMap::new();
    for (id, household, birth) in rows {
        members.entry(household).or_default().push((id, is_minor(birth, today)));
    }
    let mut region_ids: Vec<Uuid> = batch.iter().map(|h| h.region_id).collect();
    region_ids.sort_unstable();
    region_ids.dedup();
    let regions = region::Entity::find()
        .filter(region::Column::Id.is_in(region_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, (r.name, r.code)))
        .collect();
    Ok(Context { members, regions })
}

pub fn write(sheet: &mut Sheet, ctx: &Context, h: household::Model) -> Result<(), rust_xlsxwriter::XlsxError> {
    let members = ctx.members(h.id);
    let region = ctx.region(h.region_id);
    let cells = vec![
        Cell::Text(h.id.to_string()),
        Cell::opt(region.map(|(name, _)| name.clone())),
        Cell::opt(region.map(|(_, code)| code.clone())),
        Cell::Text(h.address),
        h.lat.map_or(Cell::Empty, Cell::Number),
        h.lng.map_or(Cell::Empty, Cell::Number),
        Cell::Text(labels::economic(h.economic_status).to_owned()),
        Cell::Number(members.len() as f64),
    ];
    sheet.row(cells, &About { people: members, household: Some(h.id) })
}
