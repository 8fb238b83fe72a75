//! A file's rows, whatever it is: XLSX (read as a stream of cells, so a
//! large sheet never becomes a grid in memory), the old binary XLS, or CSV
//! in UTF-8 or GB18030 (the encoding detected, not assumed). Only the
//! columns that map to a field are kept.
//!
//! The header row is the first of the sheet's first [`HEADER_SEARCH`] rows
//! in which at least two headers map to a field: ledgers often carry a
//! title (`渡口村留守儿童信息台账`) and a date line above their headers.

use std::io::Cursor;

use calamine::{Data, DataRef, Reader as _, Xls, Xlsx};

use super::columns::{Columns, Field, Mapping};
use crate::error::{Msg, messages as msg};

/// Rows searched for the header row.
const HEADER_SEARCH: usize = 20;

/// One cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(Box<str>),
    Number(f64),
    /// A date-formatted cell, as the date it shows.
    Date(chrono::NaiveDate),
    Bool(bool),
    /// A formula: its result depends on the workbook it came from and is
    /// refused, not guessed.
    Formula,
    /// `#N/A`, `#VALUE!` and the like.
    Error,
}

/// A data row: its line in the sheet (1-based, as Excel shows it) and the
/// cells of the mapped columns.
#[derive(Debug, Clone)]
pub struct SourceRow {
    pub line: u32,
    pub cells: Vec<(Field, Cell)>,
}

impl SourceRow {
    pub fn get(&self, field: Field) -> Option<&Cell> {
        self.cells.iter().find(|(f, _)| *f == field).map(|(_, c)| c)
    }
}

/// A sheet read: its name, headers, how they map, and the data rows as
/// the caller made them of each [`SourceRow`] (so that the cells of a large
/// file are never all in memory at once).
#[derive(Debug)]
pub struct Sheet<T> {
    pub name: String,
    pub format: &'static str,
    pub headers: Vec<String>,
    pub columns: Columns,
    pub rows: Vec<T>,
}

/// Reads `bytes` (a file called `file_name`), the sheet named `sheet` or
/// the first one. Errors are about the whole file.
pub fn read<T>(
    file_name: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    mapping: &Mapping,
    convert: &mut dyn FnMut(SourceRow) -> T,
) -> Result<Sheet<T>, Msg> {
    let mut collector = Collector::new(mapping, convert);
    let (name, format) = if bytes.starts_with(b"PK\x03\x04") {
        (read_xlsx(bytes, sheet, &mut collector)?, "XLSX")
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        (read_xls(bytes, sheet, &mut collector)?, "XLS")
    } else if looks_like_text(bytes) {
        if sheet.is_some() {
            return Err(msg::IMPORT_CSV_HAS_NO_SHEETS);
        }
        read_csv(bytes, &mut collector)?;
        (file_name.rsplit(['/', '\\']).next().unwrap_or(file_name).to_owned(), "CSV")
    } else {
        return Err(msg::IMPORT_NOT_A_SPREADSHEET);
    };
    collector.finish(name, format)
}

/// Text files have no NUL bytes; PDFs, images and archives do, early.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    !head.is_empty() && !head.contains(&0) && !head.starts_with(b"%PDF")
}

/// Gathers rows until the header row is found, then the data rows'
/// mapped cells.
struct Collector<'m, T> {
    mapping: &'m Mapping,
    before_header: Vec<(u32, Vec<(u32, Cell)>)>,
    header: Option<(Vec<String>, Columns)>,
    rows: Vec<T>,
    convert: &'m mut dyn FnMut(SourceRow) -> T,
}

impl<'m, T> Collector<'m, T> {
    fn new(mapping: &'m Mapping, convert: &'m mut dyn FnMut(SourceRow) -> T) -> Self {
        Self { mapping, before_header: Vec::new(), header: None, rows: Vec::new(), convert }
    }

    /// Room for `rows` rows at once: growing a vector of a million rows by
    /// doubling holds the old and the new buffer together, half again the
    /// memory of the rows. Pages reserved but never written cost no memory,
    /// so an over-estimate is cheap; it is bounded by Excel's row limit.
    fn expect(&mut self, rows: usize) {
        self.rows.reserve_exact(rows.min(1_048_576));
    }

    /// Whether the column `col` of a data row is wanted (before the header
    /// row is found, every column is).
    fn wants(&self, col: u32) -> bool {
        match &self.header {
            None => true,
            Some((_, columns)) => columns.by_index.get(col as usize).is_some_and(Option::is_some),
        }
    }

    /// One row (0-based line, cells with their 0-based columns).
    fn row(&mut self, line: u32, cells: Vec<(u32, Cell)>) -> Result<(), Msg> {
        if cells.iter().all(|(_, c)| matches!(c, Cell::Text(t) if t.trim().is_empty())) {
            return Ok(());
        }
        match &self.header {
            Some((_, columns)) => {
                let cells = cells
                    .into_iter()
                    .filter_map(|(col, cell)| columns.by_index.get(col as usize).copied().flatten().map(|f| (f, cell)))
                    .filter(|(_, c)| !matches!(c, Cell::Text(t) if t.trim().is_empty()))
                    .collect::<Vec<_>>();
                if !cells.is_empty() {
                    let row = (self.convert)(SourceRow { line: line + 1, cells });
                    self.rows.push(row);
                }
            }
            None => {
                let headers = header_texts(&cells);
                let columns = Columns::map(&headers, self.mapping);
                if columns.mapped() >= 2 {
                    self.header = Some((headers, columns));
                } else if self.before_header.len() < HEADER_SEARCH {
                    self.before_header.push((line, cells));
                } else {
                    return Err(self.no_header());
                }
            }
        }
        Ok(())
    }

    fn no_header(&self) -> Msg {
        let first = self.before_header.first().map(|(_, cells)| header_texts(cells).join("、")).unwrap_or_default();
        msg::IMPORT_NO_HEADER.with("rows", HEADER_SEARCH).with("first", first)
    }

    fn finish(self, name: String, format: &'static str) -> Result<Sheet<T>, Msg> {
        let Some((headers, columns)) = self.header else {
            return Err(if self.before_header.is_empty() { msg::IMPORT_EMPTY_SHEET } else { self.no_header() });
        };
        if self.rows.is_empty() {
            return Err(msg::IMPORT_EMPTY_SHEET);
        }
        Ok(Sheet { name, format, headers, columns, rows: self.rows })
    }
}

/// A header row's texts, one per column up to its last cell.
fn header_texts(cells: &[(u32, Cell)]) -> Vec<String> {
    let width = cells.iter().map(|(c, _)| *c as usize + 1).max().unwrap_or(0);
    let mut texts = vec![String::new(); width];
    for (col, cell) in cells {
        texts[*col as usize] = match cell {
            Cell::Text(t) => t.trim().to_owned(),
            Cell::Number(n) => n.to_string(),
            _ => String::new(),
        };
    }
    texts
}

fn choose(names: Vec<String>, wanted: Option<&str>) -> Result<String, Msg> {
    match wanted {
        None => names.into_iter().next().ok_or(msg::IMPORT_EMPTY_SHEET),
        Some(w) => match names.iter().find(|n| n.as_str() == w) {
            Some(n) => Ok(n.clone()),
            None => Err(msg::IMPORT_SHEET_NOT_FOUND.with("sheet", w).with("sheets", names.join("、"))),
        },
    }
}

fn read_xlsx<T>(bytes: &[u8], sheet: Option<&str>, out: &mut Collector<'_, T>) -> Result<String, Msg> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let name = choose(book.sheet_names(), sheet)?;
    let mut cells = book.worksheet_cells_reader(&name).map_err(|e| unreadable(&e))?;
    let dimensions = cells.dimensions();
    out.expect(dimensions.end.0.saturating_sub(dimensions.start.0) as usize + 1);
    let mut line = None;
    let mut row: Vec<(u32, Cell)> = Vec::new();
    while let Some(record) = cells.next_cell_with_formula_metadata().map_err(|e| unreadable(&e))? {
        let (r, c) = record.pos;
        if line != Some(r) {
            if let Some(done) = line {
                out.row(done, std::mem::take(&mut row))?;
            }
            line = Some(r);
        }
        if !out.wants(c) {
            continue;
        }
        row.push((c, if record.formula.is_some() { Cell::Formula } else { from_ref(record.value) }));
    }
    if let Some(done) = line {
        out.row(done, row)?;
    }
    Ok(name)
}

fn from_ref(value: DataRef<'_>) -> Cell {
    match value {
        DataRef::Int(i) => Cell::Number(i as f64),
        DataRef::Float(f) => Cell::Number(f),
        DataRef::String(s) => Cell::Text(s.into_boxed_str()),
        DataRef::SharedString(s) => Cell::Text(s.into()),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(d) => excel_datetime(&d),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.into_boxed_str()),
        DataRef::Error(_) => Cell::Error,
        DataRef::Empty => Cell::Text("".into()),
    }
}

fn from_data(value: &Data) -> Cell {
    match value {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.as_str().into()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => excel_datetime(d),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.as_str().into()),
        Data::Error(_) => Cell::Error,
        Data::Empty => Cell::Text("".into()),
    }
}

/// A date cell as the day it shows (whichever date system the workbook
/// uses: calamine knows it).
fn excel_datetime(d: &calamine::ExcelDateTime) -> Cell {
    let (y, m, day, ..) = d.to_ymd_hms_milli();
    match chrono::NaiveDate::from_ymd_opt(y.into(), m.into(), day.into()) {
        Some(date) if d.is_datetime() => Cell::Date(date),
        _ => Cell::Number(d.as_f64()),
    }
}

fn read_xls<T>(bytes: &[u8], sheet: Option<&str>, out: &mut Collector<'_, T>) -> Result<String, Msg> {
    let mut book = Xls::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let name = choose(book.sheet_names(), sheet)?;
    let range = book.worksheet_range(&name).map_err(|e| unreadable(&e))?;
    let formulas = book.worksheet_formula(&name).map_err(|e| unreadable(&e))?;
    let Some((top, left)) = range.start() else { return Err(msg::IMPORT_EMPTY_SHEET) };
    out.expect(range.height());
    for (i, cells) in range.rows().enumerate() {
        let line = top + i as u32;
        let mut row = Vec::new();
        for (j, value) in cells.iter().enumerate() {
            let col = left + j as u32;
            if !out.wants(col) {
                continue;
            }
            let formula = formulas.get_value((line, col)).is_some_and(|f| !f.is_empty());
            row.push((col, if formula { Cell::Formula } else { from_data(value) }));
        }
        out.row(line, row)?;
    }
    Ok(name)
}

/// UTF-8 (with or without a byte-order mark) when the bytes are valid
/// UTF-8; otherwise the encoding a detector finds, which must be GB18030
/// or one of its subsets (GBK, GB2312), the encodings of Chinese Excel.
fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, Msg> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.into());
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"cn"), true);
    if guess != encoding_rs::GBK && guess != encoding_rs::GB18030 {
        return Err(msg::IMPORT_ENCODING.with("encoding", guess.name()));
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err(msg::IMPORT_ENCODING.with("encoding", "GB18030"));
    }
    Ok(text.into_owned().into())
}

fn read_csv<T>(bytes: &[u8], out: &mut Collector<'_, T>) -> Result<(), Msg> {
    let text = decode(bytes)?;
    out.expect(line_count(text.as_bytes()));
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut line = 0u32;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(msg::IMPORT_UNREADABLE.with("detail", e)),
        }
        let row = record
            .iter()
            .enumerate()
            .filter(|(col, _)| out.wants(*col as u32))
            // In a CSV a cell that starts with `=` is a formula to Excel.
            .map(|(col, text)| {
                (col as u32, if text.starts_with('=') { Cell::Formula } else { Cell::Text(text.into()) })
            })
            .collect();
        // The CSV reader counts lines from 1; quoted line breaks make it
        // the record's first line.
        let at = record.position().map_or(line, |p| p.line().saturating_sub(1) as u32);
        out.row(at, row)?;
        line += 1;
    }
    Ok(())
}

/// Lines of a CSV, an upper bound of its records.
fn line_count(text: &[u8]) -> usize {
    text.iter().filter(|&&b| b == b'\n').count() + 1
}

fn unreadable(err: &dyn std::fmt::Display) -> Msg {
    // The library's message names the part of the file it could not read;
    // it holds no cell values.
    msg::IMPORT_UNREADABLE.with("detail", err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_csv_text(bytes: &[u8]) -> Result<Sheet<SourceRow>, Msg> {
        read("名单.csv", bytes, None, &Mapping::default(), &mut |r| r)
    }

    #[test]
    fn a_csv_in_gb18030_reads_like_one_in_utf8() {
        let text = "渡口村留守儿童台账\n姓名,身份证号,与户主关系\n李秀英,120116198503150028,户主\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        let utf8 = read_csv_text(text.as_bytes()).map(|s| s.rows);
        let gb = read_csv_text(&gb).map(|s| s.rows);
        let (Ok(utf8), Ok(gb)) = (utf8, gb) else { panic!("both read") };
        assert_eq!(utf8.len(), 1);
        assert_eq!(utf8[0].line, 3, "the title line is above the header row");
        assert_eq!(utf8[0].get(Field::Name), Some(&Cell::Text("李秀英".into())));
        assert_eq!(gb[0].cells, utf8[0].cells);
    }

    #[test]
    fn files_that_are_not_spreadsheets_or_have_no_header_are_file_errors() {
        assert_eq!(read_csv_text(b"%PDF-1.7\n...").err().map(|m| m.code()), Some("IMPORT_NOT_A_SPREADSHEET"));
        assert_eq!(read_csv_text(b"").err().map(|m| m.code()), Some("IMPORT_NOT_A_SPREADSHEET"));
        assert_eq!(read_csv_text(b"a,b\n1,2\n").err().map(|m| m.code()), Some("IMPORT_NO_HEADER"));
        assert_eq!(read_csv_text("姓名,身份证号\n".as_bytes()).err().map(|m| m.code()), Some("IMPORT_EMPTY_SHEET"));
        assert_eq!(
            read("x.xlsx", b"PK\x03\x04broken", None, &Mapping::default(), &mut |r| r).err().map(|m| m.code()),
            Some("IMPORT_UNREADABLE")
        );
    }

    #[test]
    fn a_leading_equals_sign_in_a_csv_is_a_formula() {
        let sheet = read_csv_text("姓名,身份证号\n=HYPERLINK(\"x\"),1\n".as_bytes());
        let rows = sheet.map(|s| s.rows).unwrap_or_default();
        assert_eq!(rows[0].get(Field::Name), Some(&Cell::Formula));
    }
}
