//! 行政区划: district → town → village → grid, keyed by statistical code.

use sea_orm::entity::prelude::*;

use crate::RegionLevel;

/// Codes are padded to this many digits to form a scope key: 6 (district)
/// + 3 (town) + 3 (village) + 3 (grid).
pub const KEY_DIGITS: usize = 15;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "region")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub level: RegionLevel,
    /// 统计用区划代码 (6, 9, 12 or 15 digits).
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    /// Villages (村) are rural, urban communities (社区) are not; only rural
    /// households are in scope of the left-behind definitions.
    pub rural: bool,
    /// The padded code (see [`scope_span`]); every row below this region
    /// carries a key in `[key_lo, key_hi]`.
    pub key_lo: i64,
    pub key_hi: i64,
    /// Centroid, for maps.
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The inclusive range of scope keys of a region's subtree.
///
/// A household stores the key of its own region (its code padded with
/// zeros), so "everything under town 120116157" is the single indexed
/// predicate `scope_key BETWEEN 120116157000000 AND 120116157999999`: no
/// recursive query, no collation-dependent `LIKE`, and a natural shard key.
/// Returns `None` for a code that is not 6 to 15 ASCII digits.
pub fn scope_span(code: &str) -> Option<(i64, i64)> {
    if code.len() < 6 || code.len() > KEY_DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let pad = KEY_DIGITS - code.len();
    let lo = format!("{code}{}", "0".repeat(pad)).parse().ok()?;
    let hi = format!("{code}{}", "9".repeat(pad)).parse().ok()?;
    Some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_town_span_covers_its_villages_and_grids_but_not_its_neighbours() {
        let (lo, hi) = scope_span("120116157").unwrap();
        let (village, _) = scope_span("120116157201").unwrap();
        let (grid, _) = scope_span("120116157201003").unwrap();
        let (neighbour, _) = scope_span("120116158201").unwrap();
        assert!((lo..=hi).contains(&village));
        assert!((lo..=hi).contains(&grid));
        assert!(!(lo..=hi).contains(&neighbour));
    }

    #[test]
    fn malformed_codes_have_no_span() {
        assert_eq!(scope_span("12011"), None);
        assert_eq!(scope_span("12011615720100301"), None);
        assert_eq!(scope_span("12011a"), None);
    }
}
