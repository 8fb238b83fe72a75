//! The ledger as a spreadsheet, in the layout a bureau ledger uses: one
//! sheet of rows (序号, 镇街, 村居, 姓名 …), one of totals; Chinese headers,
//! a frozen header row and set column widths.

use entity::{CareLevel, Category, ReportChange, Sex, VisitKind, region, report, report_row};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde_json::Value;

use crate::clock;

const COLUMNS: [(&str, f64); 15] = [
    ("序号", 6.0),
    ("镇街", 12.0),
    ("村居", 12.0),
    ("姓名", 10.0),
    ("性别", 6.0),
    ("出生日期", 12.0),
    ("身份证号(脱敏)", 22.0),
    ("类别", 28.0),
    ("关爱等级", 10.0),
    ("最近走访", 12.0),
    ("走访类型", 12.0),
    ("需求", 20.0),
    ("变动情况", 10.0),
    ("变动说明", 28.0),
    ("住址", 30.0),
];

pub fn category_label(c: &str) -> &'static str {
    match c {
        "LEFT_BEHIND_CHILD" => "留守儿童",
        "LEFT_BEHIND_ELDERLY" => "留守老年人",
        "LEFT_BEHIND_WOMAN" => "留守妇女",
        _ => "其他",
    }
}

fn care_label(l: Option<CareLevel>) -> &'static str {
    match l {
        Some(CareLevel::High) => "高",
        Some(CareLevel::Key) => "重点",
        Some(CareLevel::General) => "一般",
        None => "待认定",
    }
}

fn change_label(c: ReportChange) -> &'static str {
    match c {
        ReportChange::New => "新增",
        ReportChange::Ended => "退出",
        ReportChange::Changed => "变更",
        ReportChange::Unchanged => "无变化",
    }
}

fn visit_label(k: Option<VisitKind>) -> &'static str {
    match k {
        Some(VisitKind::MonthlySweep) => "每月排查",
        Some(VisitKind::QuarterlySweep) => "季度排查",
        Some(VisitKind::CareVisit) => "探访",
        Some(VisitKind::SpotCheck) => "抽查",
        Some(VisitKind::ReturnVisit) => "回访",
        None => "",
    }
}

fn field_label(f: &str) -> &str {
    match f {
        "name" => "姓名",
        "sex" => "性别",
        "birthDate" => "出生日期",
        "idNumber" => "身份证号",
        "address" => "住址",
        "village" => "村居",
        "categories" => "类别",
        "careLevel" => "关爱等级",
        other => other,
    }
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array().into_iter().flatten().filter_map(Value::as_str).collect()
}

/// The workbook of `report` with its `rows`, as bytes.
pub fn workbook(
    report: &report::Model,
    region: &region::Model,
    rows: &[report_row::Model],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new().set_bold().set_background_color("D9E1F2");
    let sheet = book.add_worksheet();
    sheet.set_name("台账")?;
    for (col, (title, width)) in (0u16..).zip(COLUMNS) {
        sheet.write_string_with_format(0, col, title, &header)?;
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (row, r) in (1u32..).zip(rows) {
        write_row(sheet, row, r)?;
    }
    let totals = book.add_worksheet();
    totals.set_name("汇总")?;
    write_totals(totals, &header, report, region)?;
    book.save_to_buffer()
}

fn write_row(sheet: &mut Worksheet, row: u32, r: &report_row::Model) -> Result<(), XlsxError> {
    let categories: Vec<&str> = r
        .categories
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["category"].as_str())
        .map(category_label)
        .collect();
    let needs: Vec<&str> = strings(&r.needs).into_iter().map(need_label).collect();
    let note = match r.change {
        ReportChange::Changed => strings(&r.changed_fields).into_iter().map(field_label).collect::<Vec<_>>().join("、"),
        ReportChange::Ended => r.end_reason.clone().unwrap_or_default(),
        ReportChange::New | ReportChange::Unchanged => String::new(),
    };
    let last_visit = r.last_visit_at.map(|t| t.with_timezone(&clock::china()).date_naive().to_string());
    sheet.write_number(row, 0, f64::from(r.seq))?;
    let cells: [&str; 14] = [
        &r.town_name,
        &r.village_name,
        &r.name,
        match r.sex {
            Some(Sex::Male) => "男",
            Some(Sex::Female) => "女",
            None => "",
        },
        &r.birth_date.map(|d| d.to_string()).unwrap_or_default(),
        r.id_number.as_deref().unwrap_or(""),
        &categories.join("、"),
        care_label(r.care_level),
        last_visit.as_deref().unwrap_or(""),
        visit_label(r.last_visit_kind),
        &needs.join("、"),
        change_label(r.change),
        &note,
        &r.address,
    ];
    for (col, text) in (1u16..).zip(cells) {
        sheet.write_string(row, col, text)?;
    }
    Ok(())
}

fn need_label(n: &str) -> &str {
    match n {
        "BASIC_LIVING" => "基本生活",
        "MEDICAL" => "医疗",
        "EDUCATION" => "教育",
        "GUARDIANSHIP" => "监护",
        "SAFETY" => "安全",
        "MENTAL_HEALTH" => "心理健康",
        "HOUSING" => "住房",
        other => other,
    }
}

fn write_totals(
    sheet: &mut Worksheet,
    header: &Format,
    report: &report::Model,
    region: &region::Model,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, "项目", header)?;
    sheet.write_string_with_format(0, 1, "数量", header)?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 12)?;
    sheet.set_freeze_panes(1, 0)?;
    let t = &report.totals;
    let n = |v: &Value| v.as_u64().unwrap_or(0) as f64;
    let mut lines: Vec<(String, f64)> =
        vec![("地区".into(), f64::NAN), ("期间".into(), f64::NAN), ("在册人数".into(), n(&t["people"]))];
    use sea_orm::Iterable as _;
    for c in Category::iter() {
        lines.push((category_label(c.as_str()).into(), n(&t["byCategory"][c.as_str()])));
    }
    for (code, label) in [
        ("HIGH", "关爱等级：高"),
        ("KEY", "关爱等级：重点"),
        ("GENERAL", "关爱等级：一般"),
        ("UNDECIDED", "关爱等级：待认定"),
    ] {
        lines.push((label.into(), n(&t["byCareLevel"][code])));
    }
    for c in ReportChange::iter() {
        lines.push((format!("变动：{}", change_label(c)), n(&t["byChange"][c.as_str()])));
    }
    lines.push(("户数".into(), n(&t["households"])));
    lines.push(("本期已排查户数".into(), n(&t["sweptHouseholds"])));
    for (row, (label, value)) in (1u32..).zip(lines) {
        sheet.write_string(row, 0, &label)?;
        match row {
            1 => sheet.write_string(row, 1, format!("{} {}", region.name, region.code))?,
            2 => sheet.write_string(row, 1, format!("{} 第{}版", report.period, report.report_version))?,
            _ => sheet.write_number(row, 1, value)?,
        };
    }
    Ok(())
}
