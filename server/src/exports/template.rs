//! `GET /templates/people.xlsx`: the import sheet for households and
//! people, with the headers a village's ledger (台账) uses and one example
//! row, in the words the export writes (`labels`), so a filled template
//! reads like an exported list.

use entity::{EconomicStatus, Relation, Sex};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::labels;

/// Headers with their widths. ID numbers, phones and region codes are long
/// digit strings that Excel would otherwise turn into numbers (and an
/// 18-digit number loses its last digits), so those columns are text.
const COLUMNS: [(&str, f64, bool); 15] = [
    ("户主姓名", 10.0, false),
    ("姓名", 10.0, false),
    ("与户主关系", 10.0, false),
    ("身份证号", 22.0, true),
    ("性别", 6.0, false),
    ("出生日期", 12.0, false),
    ("联系电话", 14.0, true),
    ("现住址", 30.0, false),
    ("所属村(居)/网格", 18.0, true),
    ("外出务工", 8.0, false),
    ("外出时间", 12.0, false),
    ("外出地点", 16.0, false),
    ("经济状况", 8.0, false),
    ("健康状况", 12.0, false),
    ("残疾", 10.0, false),
];

/// The template's bytes.
pub fn people() -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new().set_bold().set_background_color("D9E1F2");
    let text = Format::new().set_num_format("@");
    let sheet = book.add_worksheet();
    sheet.set_name("人员")?;
    // A fictitious person; the ID number has a valid check digit.
    let example = [
        "李秀英",
        "李秀英",
        labels::relation(Relation::Head),
        "120116198503150028",
        labels::sex(Sex::Female),
        "1985-03-15",
        "13812345678",
        "渡口村3排7号",
        "120116157201001",
        labels::yes_no(false),
        "",
        "",
        labels::economic(EconomicStatus::General),
        "良好",
        "无",
    ];
    for (col, ((title, width, is_text), value)) in (0u16..).zip(COLUMNS.iter().zip(example)) {
        sheet.write_string_with_format(0, col, *title, &header)?;
        sheet.set_column_width(col, *width)?;
        if *is_text {
            sheet.set_column_format(col, &text)?;
            sheet.write_string_with_format(1, col, value, &text)?;
        } else {
            sheet.write_string(1, col, value)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_examples_id_number_is_valid() {
        assert!(crate::validate::IdNumber::parse("120116198503150028").is_ok());
    }
}
