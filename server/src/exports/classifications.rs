//! The classifications list (`classifications(filter)`) as a sheet: every
//! column is a classification's data, guarded as its GraphQL fields are,
//! with the person's name as `Person.name`.

use std::collections::HashMap;

use entity::{CareLevel, ClassificationStatus, classification, person};
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, QuerySelect as _};
use uuid::Uuid;

use super::sheet::{About, Cell, Column, Sheet, guarded, is_minor};
use chrono::NaiveDate;

use crate::{auth::Actor, db::Db, error::AppResult, policy::fields::Field, policy::scope, reports::xlsx};

const C: Field = Field::Classification;

pub const COLUMNS: &[Column] = &[
    guarded("认定编号", 38.0, C, "Classification.id"),
    guarded("人员编号", 38.0, C, "Classification.person"),
    guarded("姓名", 10.0, Field::PersonName, "Person.name"),
    guarded("类别", 12.0, C, "Classification.category"),
    guarded("状态", 8.0, C, "Classification.status"),
    guarded("关爱等级", 8.0, C, "Classification.careLevel"),
    guarded("发现日期", 12.0, C, "Classification.since"),
    guarded("结束日期", 12.0, C, "Classification.until"),
];

/// The people `ids` in the caller's scope: name and "under 14 today".
/// Also for the other lists whose rows are about people (alerts, visits).
pub async fn people(
    db: &Db,
    actor: &Actor,
    mut ids: Vec<Uuid>,
    today: NaiveDate,
) -> AppResult<HashMap<Uuid, (String, bool)>> {
    ids.sort_unstable();
    ids.dedup();
    let rows: Vec<(Uuid, String, Option<NaiveDate>)> = person::Entity::find()
        .filter(scope::registry(actor, person::Column::ScopeKey))
        .filter(person::Column::Id.is_in(ids))
        .select_only()
        .columns([person::Column::Id, person::Column::Name, person::Column::BirthDate])
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, name, birth)| (id, (name, is_minor(birth, today)))).collect())
}

fn status(s: ClassificationStatus) -> &'static str {
    match s {
        ClassificationStatus::Suggested => "待认定",
        ClassificationStatus::Confirmed => "已认定",
        ClassificationStatus::Rejected => "不予认定",
        ClassificationStatus::Ended => "已退出",
    }
}

fn care(l: CareLevel) -> &'static str {
    match l {
        CareLevel::High => "高",
        CareLevel::Key => "重点",
        CareLevel::General => "一般",
    }
}

pub fn write(
    sheet: &mut Sheet,
    people: &HashMap<Uuid, (String, bool)>,
    c: classification::Model,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let person = people.get(&c.person_id);
    // Someone the scoped lookup cannot return counts as a child, as in the
    // GraphQL guard: when in doubt, record.
    let about = [(c.person_id, person.is_none_or(|(_, minor)| *minor))];
    let cells = vec![
        Cell::Text(c.id.to_string()),
        Cell::Text(c.person_id.to_string()),
        Cell::opt(person.map(|(name, _)| name.clone())),
        Cell::Text(xlsx::category_label(c.category.as_str()).to_owned()),
        Cell::Text(status(c.status).to_owned()),
        Cell::opt(c.care_level.map(care)),
        Cell::Text(c.since.to_string()),
        Cell::opt(c.until.map(|d| d.to_string())),
    ];
    sheet.row(cells, &About { people: &about, household: None })
}
