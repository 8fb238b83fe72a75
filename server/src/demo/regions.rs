//! The region tree (district → town → village → grid, plus sub-districts
//! with communities) and the plan of how many households go where.

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use entity::{RegionLevel, region};
use rand::Rng;
use rand::rngs::StdRng;
use uuid::Uuid;

use super::places::{
    ADDRESS_PREFIX, DISTRICT_CODE, DISTRICT_LAT, DISTRICT_LNG, DISTRICT_NAME, SUBDISTRICTS, TOWNS, TownSpec,
};

/// Villages spread this far around their town's centre, grids around their
/// village's, communities around their sub-district's.
const VILLAGE_RADIUS_M: f64 = 5_000.0;
const GRID_RADIUS_M: f64 = 600.0;
const COMMUNITY_RADIUS_M: f64 = 2_000.0;
/// Share of households in urban communities: enough to show they are left
/// out of the rules, small because the demo is about villages.
const URBAN_SHARE: f64 = 0.03;

/// All regions in insertion order (every parent before its children).
pub(super) struct Tree {
    pub regions: Vec<region::Model>,
    pub towns: Vec<Town>,
}

/// A town or sub-district and what lies below it, as indexes into
/// [`Tree::regions`].
pub(super) struct Town {
    pub index: usize,
    pub units: Vec<Unit>,
}

/// A village (with grids) or community (without).
pub(super) struct Unit {
    pub index: usize,
    pub grids: Vec<usize>,
    /// Relative size: villages hold a few hundred to a thousand households.
    pub weight: f64,
    /// `天津市滨海新区小王庄镇渡口村`.
    pub address: String,
}

/// Where a run of households is registered.
pub(super) struct Place {
    pub region_id: Uuid,
    pub scope_key: i64,
    pub lat: f64,
    pub lng: f64,
    pub address: String,
    pub rural: bool,
    /// Number of the first household here within its village, so house
    /// numbers do not repeat across a village's grids.
    pub first_house: usize,
    pub households: usize,
}

/// Builds the whole tree with centroids drawn from `rng`.
pub(super) fn build(rng: &mut StdRng, now: DateTime<Utc>) -> anyhow::Result<Tree> {
    let mut b = Builder { regions: Vec::new(), now };
    let centre = (DISTRICT_LAT, DISTRICT_LNG);
    let (district, _) = b.add(None, RegionLevel::District, DISTRICT_CODE, DISTRICT_NAME, false, centre)?;
    let mut towns = Vec::new();
    for spec in TOWNS.iter().chain(SUBDISTRICTS.iter()) {
        towns.push(build_town(&mut b, district, spec, rng)?);
    }
    Ok(Tree { regions: b.regions, towns })
}

fn build_town(b: &mut Builder, district: Uuid, spec: &TownSpec, rng: &mut StdRng) -> anyhow::Result<Town> {
    let centre = (spec.lat, spec.lng);
    let (town_id, index) = b.add(Some(district), RegionLevel::Town, spec.code, spec.name, spec.rural, centre)?;
    let mut units = Vec::new();
    for (i, name) in spec.units.iter().enumerate() {
        // 村民委员会 codes start at 201, 居民委员会 codes at 001.
        let number = if spec.rural { 201 + i } else { 1 + i };
        let code = format!("{}{number:03}", spec.code);
        let radius = if spec.rural { VILLAGE_RADIUS_M } else { COMMUNITY_RADIUS_M };
        let spot = scatter(rng, centre, radius);
        let (unit_id, unit_index) = b.add(Some(town_id), RegionLevel::Village, &code, name, spec.rural, spot)?;
        let mut grids = Vec::new();
        if spec.rural {
            for g in 1..=rng.random_range(2..=6) {
                let grid_spot = scatter(rng, spot, GRID_RADIUS_M);
                let grid_name = format!("{name}第{g}网格");
                let grid_code = format!("{code}{g:03}");
                let (_, grid) = b.add(Some(unit_id), RegionLevel::Grid, &grid_code, &grid_name, true, grid_spot)?;
                grids.push(grid);
            }
        }
        units.push(Unit {
            index: unit_index,
            grids,
            weight: f64::from(rng.random_range(300..=1000u32)),
            address: format!("{ADDRESS_PREFIX}{}{name}", spec.name),
        });
    }
    Ok(Town { index, units })
}

/// Accumulates region rows in insertion order.
struct Builder {
    regions: Vec<region::Model>,
    now: DateTime<Utc>,
}

impl Builder {
    /// Adds a region and returns its id and its index in the tree.
    fn add(
        &mut self,
        parent_id: Option<Uuid>,
        level: RegionLevel,
        code: &str,
        name: &str,
        rural: bool,
        (lat, lng): (f64, f64),
    ) -> anyhow::Result<(Uuid, usize)> {
        let (key_lo, key_hi) = region::scope_span(code).with_context(|| format!("malformed region code {code}"))?;
        let id = Uuid::now_v7();
        self.regions.push(region::Model {
            id,
            parent_id,
            level,
            code: code.to_owned(),
            name: name.to_owned(),
            rural,
            key_lo,
            key_hi,
            lat: Some(lat),
            lng: Some(lng),
            version: 1,
            created_at: self.now,
            updated_at: self.now,
        });
        Ok((id, self.regions.len() - 1))
    }
}

/// A point uniformly distributed in a disc of `radius_m` metres.
pub(super) fn scatter(rng: &mut StdRng, (lat, lng): (f64, f64), radius_m: f64) -> (f64, f64) {
    const METRES_PER_DEGREE: f64 = 111_320.0;
    let r = radius_m * rng.random::<f64>().sqrt();
    let theta = rng.random::<f64>() * std::f64::consts::TAU;
    let dlat = r * theta.sin() / METRES_PER_DEGREE;
    let dlng = r * theta.cos() / (METRES_PER_DEGREE * lat.to_radians().cos());
    (lat + dlat, lng + dlng)
}

/// Splits `total` over `weights` proportionally, summing exactly to `total`
/// (rounding the running total, so no share drifts by more than one).
fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    let mut out = Vec::with_capacity(weights.len());
    let (mut running, mut given) = (0.0, 0usize);
    for w in weights {
        running += w;
        let upto = if sum > 0.0 { (total as f64 * running / sum).round() as usize } else { 0 };
        let upto = upto.min(total);
        out.push(upto.saturating_sub(given));
        given = given.max(upto);
    }
    out
}

/// Where `total` households go: most into village grids in proportion to
/// village size, a small share into urban communities.
pub(super) fn plan(tree: &Tree, total: usize, rng: &mut StdRng) -> Vec<Place> {
    let urban_total = (total as f64 * URBAN_SHARE).round() as usize;
    let units = |rural: bool| {
        tree.towns
            .iter()
            .flat_map(|t| &t.units)
            .filter(move |u| tree.regions[u.index].rural == rural)
            .collect::<Vec<_>>()
    };
    let mut places = Vec::new();
    for (rural, share) in [(true, total - urban_total), (false, urban_total)] {
        let units = units(rural);
        let weights: Vec<f64> = units.iter().map(|u| u.weight).collect();
        for (unit, count) in units.iter().zip(apportion(share, &weights)) {
            let targets: Vec<usize> = if unit.grids.is_empty() { vec![unit.index] } else { unit.grids.clone() };
            let grid_weights: Vec<f64> = targets.iter().map(|_| rng.random_range(0.6..1.4)).collect();
            let mut first_house = 0;
            for (&index, households) in targets.iter().zip(apportion(count, &grid_weights)) {
                let region = &tree.regions[index];
                places.push(Place {
                    region_id: region.id,
                    scope_key: region.key_lo,
                    lat: region.lat.unwrap_or(super::places::DISTRICT_LAT),
                    lng: region.lng.unwrap_or(super::places::DISTRICT_LNG),
                    address: unit.address.clone(),
                    rural,
                    first_house,
                    households,
                });
                first_house += households;
            }
        }
    }
    places
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportioning_keeps_the_total_and_the_proportions() {
        let parts = apportion(1000, &[1.0, 3.0, 0.0, 6.0]);
        assert_eq!(parts, vec![100, 300, 0, 600]);
        assert_eq!(apportion(7, &[1.0; 3]).iter().sum::<usize>(), 7);
        assert_eq!(apportion(0, &[1.0; 3]), vec![0, 0, 0]);
    }
}
