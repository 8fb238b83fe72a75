//! One worksheet of an export, written row by row in constant memory, with
//! the field policy applied to each column exactly as the GraphQL guard
//! applies it to each field (`policy::rules::verdict`): a column the role
//! may not read is left out, a masked one is masked, and a read the policy
//! audits is noted for the audit log, against the same people.

use entity::Role;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use uuid::Uuid;

use crate::{
    audit::reads::{Reads, Whom},
    policy::{
        fields::Field,
        rules::{self, Audit, Verdict},
    },
};

/// A column of an export: its Chinese header, width, and, for a field the
/// policy guards, the field and the name the audit log knows it by
/// (`Person.phone`, as the GraphQL guard records it).
pub struct Column {
    pub title: &'static str,
    pub width: f64,
    pub guard: Option<(Field, &'static str)>,
}

pub const fn plain(title: &'static str, width: f64) -> Column {
    Column { title, width, guard: None }
}

pub const fn guarded(title: &'static str, width: f64, field: Field, label: &'static str) -> Column {
    Column { title, width, guard: Some((field, label)) }
}

/// One cell's value before the policy.
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    pub fn opt(value: Option<impl Into<String>>) -> Self {
        value.map_or(Self::Empty, |v| Self::Text(v.into()))
    }
}

/// Whose data a row's guarded cells are: as `graphql::sensitive::Subject`,
/// with each person's "under 14 today" already known.
pub struct About<'a> {
    pub people: &'a [(Uuid, bool)],
    /// The household, for a household's own fields.
    pub household: Option<Uuid>,
}

enum Shown {
    Plain,
    Guarded { mask: Option<fn(&str) -> String>, audit: Audit, label: &'static str },
}

pub struct Sheet {
    book: Workbook,
    /// The columns shown, by index into the definitions, and how.
    shown: Vec<(usize, Shown)>,
    withheld: Vec<&'static str>,
    next_row: u32,
    reads: Reads,
}

impl Sheet {
    /// A workbook with one sheet `name` and the header row of the columns
    /// `role` may read.
    pub fn new(name: &str, role: Role, columns: &[Column]) -> Result<Self, XlsxError> {
        let mut book = Workbook::new();
        let header = Format::new().set_bold().set_background_color("D9E1F2");
        let sheet = book.add_worksheet_with_constant_memory()?;
        sheet.set_name(name)?;
        let mut shown = Vec::new();
        let mut withheld = Vec::new();
        for (i, column) in columns.iter().enumerate() {
            let how = match column.guard {
                None => Shown::Plain,
                Some((field, label)) => match rules::verdict(role, field) {
                    Verdict::Refuse => {
                        withheld.push(column.title);
                        continue;
                    }
                    Verdict::Show { mask, audit } => Shown::Guarded { mask, audit, label },
                },
            };
            let col = u16::try_from(shown.len()).map_err(|_| XlsxError::ParameterError("too many columns".into()))?;
            sheet.write_string_with_format(0, col, column.title, &header)?;
            sheet.set_column_width(col, column.width)?;
            shown.push((i, how));
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(Self { book, shown, withheld, next_row: 1, reads: Reads::new() })
    }

    /// Headers of the columns left out because the role may not read them.
    pub fn withheld(&self) -> &[&'static str] {
        &self.withheld
    }

    /// Data rows written so far.
    pub fn rows(&self) -> u64 {
        u64::from(self.next_row - 1)
    }

    /// Writes one row; `cells` follow the column definitions.
    pub fn row(&mut self, mut cells: Vec<Cell>, about: &About<'_>) -> Result<(), XlsxError> {
        let row = self.next_row;
        let sheet = self.book.worksheet_from_index(0)?;
        for (col, (i, how)) in (0u16..).zip(&self.shown) {
            let cell = cells.get_mut(*i).map_or(Cell::Empty, |c| std::mem::replace(c, Cell::Empty));
            if let Shown::Guarded { audit, label, .. } = how
                && !matches!(cell, Cell::Empty)
            {
                note(&mut self.reads, about, *audit, label);
            }
            match (cell, how) {
                (Cell::Empty, _) => {}
                (Cell::Text(text), Shown::Guarded { mask: Some(mask), .. }) => {
                    sheet.write_string(row, col, mask(&text))?;
                }
                (Cell::Text(text), _) => {
                    sheet.write_string(row, col, text)?;
                }
                (Cell::Number(n), _) => {
                    sheet.write_number(row, col, n)?;
                }
            }
        }
        self.next_row += 1;
        Ok(())
    }

    /// The reads noted since the last call, for the audit log.
    pub fn take_reads(&mut self) -> Reads {
        std::mem::take(&mut self.reads)
    }

    pub fn finish(mut self) -> Result<Vec<u8>, XlsxError> {
        self.book.save_to_buffer()
    }
}

/// Whether someone born on `birth` is under 14 on `today`: every read of
/// such a person's guarded data is recorded.
pub fn is_minor(birth: Option<chrono::NaiveDate>, today: chrono::NaiveDate) -> bool {
    birth.is_some_and(|b| crate::clock::age_on(b, today) < crate::policy::fields::MINOR_AGE)
}

/// As the GraphQL guard's `audited_whom`: a field audited on every clear
/// read is recorded against everyone the data is about (the household
/// when nobody is), any other only against the children under 14.
fn note(reads: &mut Reads, about: &About<'_>, audit: Audit, label: &str) {
    let whom: Vec<Whom> = match audit {
        Audit::No => return,
        Audit::Always if about.people.is_empty() => about.household.map(Whom::Household).into_iter().collect(),
        Audit::Always => about.people.iter().map(|(id, _)| Whom::Person(*id)).collect(),
        Audit::IfMinor => about.people.iter().filter(|(_, minor)| *minor).map(|(id, _)| Whom::Person(*id)).collect(),
    };
    for w in whom {
        reads.entry(w).or_default().insert(label.to_owned());
    }
}

/// A moment as staff read it: China time, to the minute.
pub fn local_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&crate::clock::china()).format("%Y-%m-%d %H:%M").to_string()
}
