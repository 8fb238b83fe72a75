//! What the importer reads after a check or a commit: the counts, the
//! columns as they were understood, and every row with a problem (as JSON,
//! for the app's table), or every row (as a workbook, to fix the file
//! beside it).

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde_json::{Value, json};

use super::{
    columns::Field,
    plan::{Counts, Plan},
    read::Sheet,
    record::Severity,
};
use crate::error::Msg;

/// One message about a row.
#[derive(Debug, Clone)]
pub struct Note {
    pub severity: Severity,
    pub field: Option<Field>,
    /// The header of the field's column in this file.
    pub column: Option<String>,
    pub message: Msg,
}

#[derive(Debug, Clone)]
pub struct RowReport {
    pub line: u32,
    pub name: Option<Box<str>>,
    pub action: &'static str,
    pub notes: Vec<Note>,
}

impl RowReport {
    pub fn status(&self) -> &'static str {
        match self.notes.iter().map(|n| n.severity).max() {
            None => "OK",
            Some(Severity::Warning) => "WARNING",
            Some(Severity::Error) => "ERROR",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Report {
    pub committed: bool,
    /// Why a commit wrote nothing.
    pub refused: Option<Msg>,
    pub format: &'static str,
    pub sheet: String,
    /// `(header, field)` for each mapped column.
    pub columns: Vec<(String, Field)>,
    pub unmapped: Vec<String>,
    pub counts: Counts,
    pub rows: Vec<RowReport>,
}

impl Report {
    /// The report of `plan`, which it consumes: a row's name and messages
    /// move here rather than being copied. Rows without a message are
    /// kept only with `every_row` (the workbook lists them; JSON and the
    /// terminal count them).
    pub fn new<T>(sheet: &Sheet<T>, plan: Plan, counts: Counts, every_row: bool) -> Self {
        let column = |field: Field| sheet.columns.header_of(&sheet.headers, field).map(str::to_owned);
        let rows = plan
            .rows
            .into_iter()
            .filter(|row| every_row || !row.record.issues.is_empty())
            .map(|row| RowReport {
                line: row.record.line,
                name: row.record.name,
                action: row.action.as_str(),
                notes: row
                    .record
                    .issues
                    .into_iter()
                    .map(|i| Note {
                        severity: i.severity,
                        field: i.field,
                        column: i.field.and_then(column),
                        message: i.message,
                    })
                    .collect(),
            })
            .collect();
        let columns = sheet
            .headers
            .iter()
            .zip(&sheet.columns.by_index)
            .filter_map(|(h, f)| f.map(|f| (h.trim().to_owned(), f)))
            .collect();
        Self {
            committed: false,
            refused: None,
            format: sheet.format,
            sheet: sheet.name.clone(),
            columns,
            unmapped: sheet.columns.unmapped.clone(),
            counts,
            rows,
        }
    }

    /// The report as the app reads it: rows without a problem are only
    /// counted.
    pub fn to_json(&self) -> Value {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .filter(|r| !r.notes.is_empty())
            .map(|r| {
                json!({
                    "line": r.line,
                    "name": r.name,
                    "status": r.status(),
                    "action": r.action,
                    "messages": r.notes.iter().map(note_json).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({
            "committed": self.committed,
            "refused": self.refused.as_ref().map(msg_json),
            "format": self.format,
            "sheet": self.sheet,
            "columns": self.columns.iter().map(|(h, f)| json!({ "header": h, "field": f.key() })).collect::<Vec<_>>(),
            "unmappedHeaders": self.unmapped,
            "counts": self.counts,
            "rows": rows,
        })
    }

    /// Every row with its result and messages, in the file's order.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        let header = Format::new().set_bold().set_background_color("D9E1F2");
        let error = Format::new().set_font_color("9C0006").set_background_color("FFC7CE");
        let warning = Format::new().set_font_color("9C5700").set_background_color("FFEB9C");
        let sheet = book.add_worksheet();
        sheet.set_name("检查结果")?;
        for (col, (title, width)) in
            (0u16..).zip([("行号", 6.0), ("姓名", 10.0), ("结果", 8.0), ("处理", 10.0), ("说明", 80.0)])
        {
            sheet.write_string_with_format(0, col, title, &header)?;
            sheet.set_column_width(col, width)?;
        }
        for (row, r) in (1u32..).zip(&self.rows) {
            let status = r.status();
            sheet.write_number(row, 0, r.line)?;
            sheet.write_string(row, 1, r.name.as_deref().unwrap_or(""))?;
            match status {
                "ERROR" => sheet.write_string_with_format(row, 2, status_zh(status), &error)?,
                "WARNING" => sheet.write_string_with_format(row, 2, status_zh(status), &warning)?,
                _ => sheet.write_string(row, 2, status_zh(status))?,
            };
            sheet.write_string(row, 3, action_zh(r.action))?;
            let text: Vec<String> = r
                .notes
                .iter()
                .map(|n| match &n.column {
                    Some(c) => format!("{c}：{}", n.message.zh()),
                    None => n.message.zh(),
                })
                .collect();
            sheet.write_string(row, 4, text.join("；"))?;
        }
        sheet.set_freeze_panes(1, 0)?;
        book.save_to_buffer()
    }
}

impl Report {
    /// The counts and the rows with a problem, for a terminal.
    pub fn print(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let c = &self.counts;
        writeln!(
            out,
            "{} 工作表“{}”：{} 行（通过 {}，提醒 {}，错误 {}）",
            self.format, self.sheet, c.rows, c.ok, c.warnings, c.errors
        )?;
        if !self.unmapped.is_empty() {
            writeln!(out, "未识别的列（未导入）：{}", self.unmapped.join("、"))?;
        }
        for r in self.rows.iter().filter(|r| !r.notes.is_empty()) {
            let notes: Vec<String> = r
                .notes
                .iter()
                .map(|n| match &n.column {
                    Some(col) => format!("{col}：{}", n.message.zh()),
                    None => n.message.zh(),
                })
                .collect();
            writeln!(out, "第{}行\t{}\t{}", r.line, status_zh(r.status()), notes.join("；"))?;
        }
        let verb = if self.committed { "已导入" } else { "将导入" };
        writeln!(
            out,
            "{verb}：新增 {} 户、{} 人，更新 {} 人；无变化 {} 人，不导入 {} 行",
            c.households_created, c.people_created, c.people_updated, c.people_unchanged, c.skipped
        )
    }
}

/// An import's failure for a terminal: the file's or an option's problem
/// in words, the rest by its code.
pub fn describe(err: &crate::error::AppError) -> String {
    match err {
        crate::error::AppError::Validation(fields) => {
            fields.iter().map(|(field, m)| format!("{field}: {}", m.zh())).collect::<Vec<_>>().join("; ")
        }
        other => format!("{} ({})", other, other.code()),
    }
}

fn status_zh(status: &str) -> &'static str {
    match status {
        "ERROR" => "错误",
        "WARNING" => "提醒",
        _ => "通过",
    }
}

fn action_zh(action: &str) -> &'static str {
    match action {
        "CREATE" => "新增",
        "UPDATE" => "更新",
        "UNCHANGED" => "无变化",
        _ => "不导入",
    }
}

fn msg_json(m: &Msg) -> Value {
    let params: serde_json::Map<String, Value> =
        m.params().iter().map(|(k, v)| ((*k).to_owned(), Value::String(v.clone()))).collect();
    json!({ "code": m.code(), "params": params, "message": m.zh() })
}

fn note_json(n: &Note) -> Value {
    let mut v = msg_json(&n.message);
    if let Value::Object(map) = &mut v {
        map.insert("severity".into(), json!(if n.severity == Severity::Error { "ERROR" } else { "WARNING" }));
        map.insert("field".into(), json!(n.field.map(Field::key)));
        map.insert("column".into(), json!(n.column));
    }
    v
}
