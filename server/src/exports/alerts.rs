//! The alerts list (`alerts(filter)`) as a sheet: every column is the
//! child's data, guarded as the `Alert` fields are (`Classification`), with
//! the child's name as `Person.name`.

use std::collections::HashMap;

use entity::alert;
use uuid::Uuid;

use super::{
    labels,
    sheet::{About, Cell, Column, Sheet, guarded, local_time},
};
use crate::{auth::Actor, db::Db, discovery::reasons, error::AppResult, policy::fields::Field};

const C: Field = Field::Classification;

pub const COLUMNS: &[Column] = &[
    guarded("预警编号", 38.0, C, "Alert.id"),
    guarded("人员编号", 38.0, C, "Alert.person"),
    guarded("姓名", 10.0, Field::PersonName, "Person.name"),
    guarded("预警类型", 10.0, C, "Alert.kind"),
    guarded("状态", 8.0, C, "Alert.status"),
    guarded("预警原因", 40.0, C, "Alert.reasons"),
    guarded("发现时间", 17.0, C, "Alert.raisedAt"),
    guarded("情形消除日期", 12.0, C, "Alert.clearedOn"),
    guarded("处置人", 10.0, C, "Alert.acknowledgedBy"),
    guarded("处置时间", 17.0, C, "Alert.acknowledgedAt"),
    guarded("处置情况", 30.0, C, "Alert.note"),
];

/// What one batch's rows need besides themselves: the children in the
/// caller's scope (name, "under 14 today") and who acknowledged.
pub struct Context {
    people: HashMap<Uuid, (String, bool)>,
    staff: HashMap<Uuid, String>,
}

pub async fn context(db: &Db, actor: &Actor, batch: &[alert::Model], today: chrono::NaiveDate) -> AppResult<Context> {
    let ids = batch.iter().map(|a| a.person_id).collect();
    let people = super::classifications::people(db, actor, ids, today).await?;
    let staff = super::visits::staff(db, batch.iter().filter_map(|a| a.acknowledged_by).collect()).await?;
    Ok(Context { people, staff })
}

pub fn write(sheet: &mut Sheet, ctx: &Context, a: alert::Model) -> Result<(), rust_xlsxwriter::XlsxError> {
    let person = ctx.people.get(&a.person_id);
    // Someone the scoped lookup cannot return counts as a child, as in the
    // GraphQL guard: when in doubt, record.
    let about = [(a.person_id, person.is_none_or(|(_, minor)| *minor))];
    let why: Vec<String> = reasons::strings(&a.reasons)
        .into_iter()
        .map(|r| reasons::Reason::parse(&r).map_or(r, |r| r.label_zh()))
        .collect();
    let cells = vec![
        Cell::Text(a.id.to_string()),
        Cell::Text(a.person_id.to_string()),
        Cell::opt(person.map(|(name, _)| name.clone())),
        Cell::Text(labels::alert_kind(a.kind).to_owned()),
        Cell::Text(labels::alert_status(a.status).to_owned()),
        Cell::opt((!why.is_empty()).then(|| why.join("；"))),
        Cell::Text(local_time(a.raised_at)),
        Cell::opt(a.cleared_on.map(|d| d.to_string())),
        Cell::opt(a.acknowledged_by.and_then(|id| ctx.staff.get(&id).cloned())),
        Cell::opt(a.acknowledged_at.map(local_time)),
        Cell::opt(a.note),
    ];
    sheet.row(cells, &About { people: &about, household: None })
}
