//! Cell values as ledgers write them, read into the registry's values:
//! full-width digits, ID numbers with spaces or a lower-case `x`, dates as
//! Excel serial numbers or in any of the usual spellings, and the Chinese
//! words for the registry's enumerations (with the synonyms ledgers use).

use chrono::{Datelike as _, NaiveDate};
use entity::{EconomicStatus, MaritalStatus, Relation, ResidenceStatus, SelfCare, Sex};

use crate::error::{Msg, messages as msg};

/// Full-width ASCII (`０-９`, `Ｘ`, `（`) and the ideographic space folded
/// to their ASCII forms: ledgers typed with a Chinese input method have
/// both.
pub fn fold_width(raw: &str) -> String {
    raw.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect()
}

/// An ID number as typed: full-width digits folded, spaces and dashes
/// dropped, a lower-case `x` raised.
pub fn id_number(raw: &str) -> String {
    fold_width(raw).chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_uppercase()
}

/// A date written by hand: `2020-03-15`, `2020/3/15`, `2020.3.15`,
/// `2020年3月15日`, `20200315`; with `month_only`, also `2020-03` and
/// `2020年3月` (the first of the month), which ledgers use for when someone
/// left. A time after the date (`2020-03-15 00:00:00`) is ignored.
pub fn date(raw: &str, month_only: bool) -> Result<NaiveDate, Msg> {
    let folded = fold_width(raw);
    let text = folded.trim();
    let text = text.split([' ', 'T']).next().unwrap_or(text);
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if text.len() == 8 && digits.len() == 8 {
        return ymd(&digits[..4], &digits[4..6], &digits[6..]);
    }
    let parts: Vec<&str> = text.split(['-', '/', '.', '年', '月', '日']).filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [y, m, d] => ymd(y, m, d),
        [y, m] if month_only => ymd(y, m, "1"),
        _ => Err(msg::IMPORT_DATE_FORMAT),
    }
}

fn ymd(y: &str, m: &str, d: &str) -> Result<NaiveDate, Msg> {
    let number = |s: &str| s.trim().parse::<u32>().map_err(|_| msg::IMPORT_DATE_FORMAT);
    let (y, m, d) = (number(y)?, number(m)?, number(d)?);
    if !(1900..=2100).contains(&y) {
        return Err(msg::IMPORT_DATE_FORMAT);
    }
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(msg::IMPORT_DATE_FORMAT)
}

/// An Excel serial date (days since 1899-12-30, or since 1904-01-01 in a
/// workbook with the 1904 system); the time of day is dropped.
pub fn excel_date(serial: f64, is_1904: bool) -> Result<NaiveDate, Msg> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return Err(msg::IMPORT_DATE_FORMAT);
    }
    let epoch = if is_1904 { NaiveDate::from_ymd_opt(1904, 1, 1) } else { NaiveDate::from_ymd_opt(1899, 12, 30) };
    let day = epoch.and_then(|e| e.checked_add_days(chrono::Days::new(serial.trunc() as u64)));
    match day {
        Some(d) if (1900..=2100).contains(&d.year()) => Ok(d),
        _ => Err(msg::IMPORT_DATE_FORMAT),
    }
}

/// 是/否 and the other ways ledgers say yes or no.
pub fn yes_no(raw: &str) -> Result<bool, Msg> {
    match fold_width(raw).trim().to_ascii_lowercase().as_str() {
        "是" | "有" | "y" | "yes" | "1" | "true" | "√" => Ok(true),
        "否" | "无" | "没有" | "n" | "no" | "0" | "false" | "×" => Ok(false),
        _ => Err(msg::IMPORT_YES_NO),
    }
}

pub fn sex(raw: &str) -> Result<Sex, Msg> {
    match raw.trim() {
        "男" | "男性" => Ok(Sex::Male),
        "女" | "女性" => Ok(Sex::Female),
        _ => Err(msg::IMPORT_VALUE_UNKNOWN.with("value", raw.trim())),
    }
}

/// A relation to the head, with the sex the word itself says (父亲, 女儿),
/// which the family links use when the ID number is missing.
pub fn relation(raw: &str) -> Result<(Relation, Option<Sex>), Msg> {
    use Relation::*;
    let word = raw.trim();
    let male = Some(Sex::Male);
    let female = Some(Sex::Female);
    let found = match word {
        "户主" | "本人" => (Head, None),
        "配偶" => (Spouse, None),
        "妻" | "妻子" => (Spouse, female),
        "夫" | "丈夫" => (Spouse, male),
        "子女" | "子" | "女" => (Child, None),
        "儿子" | "长子" | "次子" | "三子" | "独生子" => (Child, male),
        "女儿" | "长女" | "次女" | "三女" | "独生女" => (Child, female),
        "父母" => (Parent, None),
        "父亲" | "父" => (Parent, male),
        "母亲" | "母" => (Parent, female),
        "孙子女" | "孙子" | "孙女" | "外孙子" | "外孙女" | "孙" | "外孙" => (Grandchild, None),
        "祖父母" | "祖父" | "祖母" | "外祖父" | "外祖母" => (Grandparent, None),
        "兄弟姐妹" | "兄" | "弟" | "姐" | "妹" | "兄弟" | "姐妹" | "哥哥" | "弟弟" | "姐姐" | "妹妹" => {
            (Sibling, None)
        }
        "其他" | "儿媳" | "女婿" | "侄子" | "侄女" | "其他亲属" | "非亲属" => (Other, None),
        _ => return Err(msg::IMPORT_VALUE_UNKNOWN.with("value", word)),
    };
    Ok(found)
}

pub fn residence(raw: &str) -> Result<ResidenceStatus, Msg> {
    use ResidenceStatus::*;
    match raw.trim() {
        "在家" | "在家居住" | "在村" | "常住" => Ok(AtHome),
        "外出务工" | "务工" => Ok(AwayWork),
        "外出经商" | "经商" => Ok(AwayBusiness),
        "其他外出" | "外出" | "外出就学" | "外出就医" => Ok(AwayOther),
        "已故" | "死亡" | "去世" => Ok(Deceased),
        "迁出" | "户口迁出" => Ok(MovedOut),
        other => Err(msg::IMPORT_VALUE_UNKNOWN.with("value", other)),
    }
}

pub fn economic(raw: &str) -> Result<EconomicStatus, Msg> {
    use EconomicStatus::*;
    match raw.trim() {
        "低保" | "低保户" | "城乡低保" | "农村低保" => Ok(Dibao),
        "特困" | "特困户" | "特困供养" | "特困人员" | "五保" | "五保户" => Ok(Tekun),
        "一般" | "一般户" | "普通" | "普通户" | "无" => Ok(General),
        other => Err(msg::IMPORT_VALUE_UNKNOWN.with("value", other)),
    }
}

pub fn self_care(raw: &str) -> Result<SelfCare, Msg> {
    match raw.trim() {
        "完全自理" | "自理" | "能自理" => Ok(SelfCare::Full),
        "部分自理" | "半自理" => Ok(SelfCare::Partial),
        "不能自理" | "完全不能自理" | "失能" => Ok(SelfCare::None),
        other => Err(msg::IMPORT_VALUE_UNKNOWN.with("value", other)),
    }
}

pub fn marital(raw: &str) -> Result<MaritalStatus, Msg> {
    match raw.trim() {
        "未婚" => Ok(MaritalStatus::Single),
        "已婚" | "初婚" | "再婚" | "复婚" => Ok(MaritalStatus::Married),
        "离异" | "离婚" => Ok(MaritalStatus::Divorced),
        "丧偶" => Ok(MaritalStatus::Widowed),
        other => Err(msg::IMPORT_VALUE_UNKNOWN.with("value", other)),
    }
}

/// A disability column says "none" in many ways; anything else is kept as
/// written.
pub fn disability(raw: &str) -> Option<String> {
    match raw.trim() {
        "" | "无" | "否" | "没有" | "无残疾" | "/" | "-" => None,
        other => Some(other.to_owned()),
    }
}

/// Whether a place someone went to is outside the county: anything but
/// blank or a place named as within it (本县, 县内, 本区, 区内, 本镇, 本村).
pub fn outside_county(place: &str) -> Option<bool> {
    let place = place.trim();
    if place.is_empty() {
        return None;
    }
    let within = ["本县", "县内", "本区", "区内", "本镇", "镇内", "本乡", "乡内", "本村", "村内"];
    Some(!within.iter().any(|w| place.contains(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn full_width_digits_and_a_lower_case_x_are_an_id_number() {
        assert_eq!(id_number("１２０１１６ 1985 0315 002x"), "12011619850315002X");
        assert_eq!(fold_width("（渡口村）"), "(渡口村)");
    }

    #[test]
    fn dates_are_read_in_the_spellings_ledgers_use() {
        for raw in [
            "2020-03-15",
            "2020/3/15",
            "2020.3.15",
            "2020年3月15日",
            "20200315",
            "２０２０-０３-１５",
            "2020-03-15 00:00:00",
        ] {
            assert_eq!(date(raw, false), Ok(d(2020, 3, 15)), "{raw}");
        }
        assert_eq!(date("2020年3月", true), Ok(d(2020, 3, 1)));
        assert!(date("2020年3月", false).is_err(), "a birth date needs its day");
        assert!(date("2020-02-30", false).is_err());
        assert!(date("三月", false).is_err());
        assert!(date("15/03/20", false).is_err(), "a two-digit year is not guessed");
    }

    #[test]
    fn excel_serial_numbers_are_dates_in_both_systems() {
        assert_eq!(excel_date(43905.0, false), Ok(d(2020, 3, 15)));
        assert_eq!(excel_date(43905.75, false), Ok(d(2020, 3, 15)), "the time of day is dropped");
        assert_eq!(excel_date(42443.0, true), Ok(d(2020, 3, 15)));
        assert!(excel_date(-1.0, false).is_err());
    }

    #[test]
    fn relations_carry_the_sex_their_word_says() {
        assert_eq!(relation("女儿"), Ok((Relation::Child, Some(Sex::Female))));
        assert_eq!(relation("配偶"), Ok((Relation::Spouse, None)));
        assert!(relation("邻居").is_err());
    }

    #[test]
    fn a_place_within_the_county_is_not_outside_it() {
        assert_eq!(outside_county("广东省深圳市"), Some(true));
        assert_eq!(outside_county("本县城关镇"), Some(false));
        assert_eq!(outside_county(" "), None);
    }
}
