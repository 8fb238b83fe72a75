//! Which column of a ledger holds which fact: the headers villages and
//! towns use (and the national system's export uses) recognised by default,
//! and a mapping file for the rest.
//!
//! A header is matched after [`normalise_header`]: spaces, full-width
//! brackets and a trailing `*` (a "required" mark many templates carry)
//! do not count, so `身份证号*`, `身份证号 ` and `身份证号（必填）` all
//! read as `身份证号`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::text::fold_width;

/// The facts an import reads, one per column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Field {
    HeadName,
    Name,
    Relation,
    IdNumber,
    Sex,
    BirthDate,
    Phone,
    Address,
    Region,
    AwayWork,
    Residence,
    AwaySince,
    AwayPlace,
    EconomicStatus,
    Health,
    Disability,
    SelfCare,
    MaritalStatus,
    LivingAlone,
}

impl Field {
    pub const ALL: [Field; 19] = [
        Field::HeadName,
        Field::Name,
        Field::Relation,
        Field::IdNumber,
        Field::Sex,
        Field::BirthDate,
        Field::Phone,
        Field::Address,
        Field::Region,
        Field::AwayWork,
        Field::Residence,
        Field::AwaySince,
        Field::AwayPlace,
        Field::EconomicStatus,
        Field::Health,
        Field::Disability,
        Field::SelfCare,
        Field::MaritalStatus,
        Field::LivingAlone,
    ];

    /// The field's name in a mapping file and in the report.
    pub fn key(self) -> &'static str {
        match self {
            Field::HeadName => "headName",
            Field::Name => "name",
            Field::Relation => "relation",
            Field::IdNumber => "idNumber",
            Field::Sex => "sex",
            Field::BirthDate => "birthDate",
            Field::Phone => "phone",
            Field::Address => "address",
            Field::Region => "region",
            Field::AwayWork => "awayWork",
            Field::Residence => "residence",
            Field::AwaySince => "awaySince",
            Field::AwayPlace => "awayPlace",
            Field::EconomicStatus => "economicStatus",
            Field::Health => "health",
            Field::Disability => "disability",
            Field::SelfCare => "selfCare",
            Field::MaritalStatus => "maritalStatus",
            Field::LivingAlone => "livingAlone",
        }
    }

    fn parse_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The headers recognised without a mapping, normalised. The first is
    /// the one the template writes.
    fn headers(self) -> &'static [&'static str] {
        match self {
            Field::HeadName => &["户主姓名", "户主", "户主名"],
            Field::Name => &["姓名", "成员姓名", "人员姓名"],
            Field::Relation => &["与户主关系", "与户主的关系", "家庭关系", "关系"],
            Field::IdNumber => &["身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "证件号码"],
            Field::Sex => &["性别"],
            Field::BirthDate => &["出生日期", "出生年月", "出生年月日"],
            Field::Phone => &["联系电话", "联系方式", "手机号码", "手机号", "电话"],
            Field::Address => &["现住址", "家庭住址", "现居住地址", "住址", "地址"],
            Field::Region => &[
                "所属村(居)/网格",
                "所属村(居)",
                "所属村",
                "村(居)",
                "所属网格",
                "网格",
                "区划代码",
                "行政区划代码",
                "所属村(居)代码",
            ],
            Field::AwayWork => &["外出务工", "是否外出务工"],
            Field::Residence => &["居住状态", "在家情况", "人员状态"],
            Field::AwaySince => &["外出时间", "外出日期"],
            Field::AwayPlace => &["外出地点", "务工地点", "外出去向"],
            Field::EconomicStatus => &["经济状况", "家庭经济状况", "家庭类型"],
            Field::Health => &["健康状况", "身体状况"],
            Field::Disability => &["残疾", "残疾情况", "残疾类别", "是否残疾"],
            Field::SelfCare => &["自理能力", "生活自理能力"],
            Field::MaritalStatus => &["婚姻状况"],
            Field::LivingAlone => &["是否独居", "独居"],
        }
    }
}

/// Headers compared as staff mean them: full-width letters and brackets
/// folded, spaces and required marks dropped, `（必填）` and the like too.
pub fn normalise_header(raw: &str) -> String {
    let folded = fold_width(raw);
    let mut out: String = folded.chars().filter(|c| !c.is_whitespace() && *c != '*').collect();
    for note in ["(必填)", "(选填)", "(可选)"] {
        out = out.replace(note, "");
    }
    out
}

/// A mapping file: header (as written in the sheet) → field key, or `null`
/// to ignore a column the defaults would read.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct Mapping(HashMap<String, Option<String>>);

impl Mapping {
    /// Parses a mapping file's JSON, naming the first unknown field key.
    pub fn parse(json: &str) -> Result<Self, String> {
        let mapping: Mapping = serde_json::from_str(json).map_err(|e| e.to_string())?;
        for key in mapping.0.values().flatten() {
            if Field::parse_key(key).is_none() {
                let known: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
                return Err(format!("unknown field {key:?}; known: {}", known.join(", ")));
            }
        }
        Ok(mapping)
    }

    fn get(&self, header: &str) -> Option<Option<Field>> {
        let wanted = normalise_header(header);
        self.0
            .iter()
            .find(|(h, _)| normalise_header(h) == wanted)
            .map(|(_, key)| key.as_deref().and_then(Field::parse_key))
    }
}

/// The columns of one sheet: which field each one holds.
#[derive(Debug, Clone)]
pub struct Columns {
    /// For each column of the sheet, the field it holds.
    pub by_index: Vec<Option<Field>>,
    /// Headers that map to nothing, for the report.
    pub unmapped: Vec<String>,
    /// Fields that more than one column maps to: the first column wins.
    pub repeated: Vec<Field>,
}

impl Columns {
    /// Maps `headers` with `mapping` first, then the defaults.
    pub fn map(headers: &[String], mapping: &Mapping) -> Self {
        let mut by_index = Vec::with_capacity(headers.len());
        let mut unmapped = Vec::new();
        let mut repeated = Vec::new();
        for header in headers {
            let field = match mapping.get(header) {
                Some(chosen) => chosen,
                None => default_field(header),
            };
            let field = match field {
                Some(f) if by_index.contains(&Some(f)) => {
                    if !repeated.contains(&f) {
                        repeated.push(f);
                    }
                    None
                }
                other => other,
            };
            if field.is_none() && !header.trim().is_empty() {
                unmapped.push(header.trim().to_owned());
            }
            by_index.push(field);
        }
        Self { by_index, unmapped, repeated }
    }

    pub fn has(&self, field: Field) -> bool {
        self.by_index.contains(&Some(field))
    }

    /// How many columns map to a field: a header row is the first row with
    /// at least two.
    pub fn mapped(&self) -> usize {
        self.by_index.iter().flatten().count()
    }

    /// The header of the column holding `field`, for messages.
    pub fn header_of<'a>(&self, headers: &'a [String], field: Field) -> Option<&'a str> {
        let index = self.by_index.iter().position(|f| *f == Some(field))?;
        headers.get(index).map(|h| h.trim())
    }
}

fn default_field(header: &str) -> Option<Field> {
    let wanted = normalise_header(header);
    Field::ALL.into_iter().find(|f| f.headers().iter().any(|h| normalise_header(h) == wanted))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(raw: &[&str]) -> Vec<String> {
        raw.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn usual_headers_map_whatever_their_marks_and_width() {
        let columns = Columns::map(
            &headers(&["序号", "姓名*", "身份证号码（必填）", " 与户主关系 ", "备注"]),
            &Mapping::default(),
        );
        assert_eq!(columns.by_index, vec![None, Some(Field::Name), Some(Field::IdNumber), Some(Field::Relation), None]);
        assert_eq!(columns.unmapped, vec!["序号", "备注"]);
    }

    #[test]
    fn a_mapping_names_other_headers_and_can_ignore_a_default() {
        let mapping = Mapping::parse(r#"{"成员": "name", "姓名": null}"#).unwrap_or_default();
        let columns = Columns::map(&headers(&["成员", "姓名"]), &mapping);
        assert_eq!(columns.by_index, vec![Some(Field::Name), None]);
        assert!(Mapping::parse(r#"{"成员": "nmae"}"#).is_err(), "a misspelt field is refused");
    }

    #[test]
    fn a_second_column_for_the_same_field_is_ignored_and_reported() {
        let columns = Columns::map(&headers(&["电话", "联系电话"]), &Mapping::default());
        assert_eq!(columns.by_index, vec![Some(Field::Phone), None]);
        assert_eq!(columns.repeated, vec![Field::Phone]);
    }
}
