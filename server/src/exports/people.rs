//! The people list (`people(filter)`) as a sheet.

use entity::person;

use super::{
    labels,
    sheet::{About, Cell, Column, Sheet, guarded, is_minor, plain},
};
use crate::policy::fields::Field;

pub const COLUMNS: &[Column] = &[
    plain("人员编号", 38.0),
    plain("户编号", 38.0),
    guarded("姓名", 10.0, Field::PersonName, "Person.name"),
    plain("性别", 6.0),
    guarded("出生日期", 12.0, Field::BirthDate, "Person.birthDate"),
    guarded("身份证号", 22.0, Field::IdNumber, "Person.idNumber"),
    guarded("联系电话", 14.0, Field::Phone, "Person.phone"),
    plain("与户主关系", 10.0),
    plain("居住状态", 10.0),
    plain("外出时间", 12.0),
    plain("外出县外", 8.0),
    plain("监护能力", 8.0),
    plain("独居", 6.0),
    guarded("健康状况", 20.0, Field::Health, "Person.health"),
    guarded("残疾", 12.0, Field::Health, "Person.disability"),
    plain("自理能力", 10.0),
    plain("婚姻状况", 8.0),
];

pub fn write(sheet: &mut Sheet, p: person::Model, today: chrono::NaiveDate) -> Result<(), rust_xlsxwriter::XlsxError> {
    let minor = is_minor(p.birth_date, today);
    let about = [(p.id, minor)];
    let cells = vec![
        Cell::Text(p.id.to_string()),
        Cell::Text(p.household_id.to_string()),
        Cell::Text(p.name),
        Cell::opt(p.sex.map(labels::sex)),
        Cell::opt(p.birth_date.map(|d| d.to_string())),
        Cell::opt(p.id_number),
        Cell::opt(p.phone),
        Cell::Text(labels::relation(p.relation_to_head).to_owned()),
        Cell::Text(labels::residence(p.residence_status).to_owned()),
        Cell::opt(p.away_since.map(|d| d.to_string())),
        Cell::opt(p.away_outside_county.map(labels::yes_no)),
        Cell::opt(p.guardianship_capable.map(|c| if c { "有" } else { "无" })),
        Cell::opt(p.living_alone.map(labels::yes_no)),
        Cell::opt(p.health),
        Cell::opt(p.disability),
        Cell::opt(p.self_care.map(labels::self_care)),
        Cell::opt(p.marital_status.map(labels::marital)),
    ];
    sheet.row(cells, &About { people: &about, household: None })
}
