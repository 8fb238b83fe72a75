//! Web Mercator, the projection tile servers use, so an optional tile layer
//! lines up with the points. World coordinates are pixels at zoom 0, where
//! the whole world is one 256 × 256 tile; zoom z scales them by 2^z.

use std::f64::consts::PI;

pub const TILE_SIZE: f64 = 256.0;
pub const MIN_ZOOM: f64 = 3.0;
pub const MAX_ZOOM: f64 = 19.0;
/// Web Mercator's limit; beyond it y runs off to infinity.
const MAX_LAT: f64 = 85.051_128_78;
const EARTH_CIRCUMFERENCE_M: f64 = 40_075_016.686;

/// A position in world pixels at zoom 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct World {
    pub x: f64,
    pub y: f64,
}

pub fn project(lat: f64, lng: f64) -> World {
    let lat = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    World { x: (lng + 180.0) / 360.0 * TILE_SIZE, y: (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0 * TILE_SIZE }
}

/// Latitude of a world y, for the scale bar.
pub fn latitude(y: f64) -> f64 {
    let n = PI * (1.0 - 2.0 * y / TILE_SIZE);
    n.sinh().atan().to_degrees()
}

/// The map element's size in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

/// What the map looks at: the world point in the middle, and the zoom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub centre: World,
    pub zoom: f64,
}

impl Default for View {
    /// 滨海新区, before any data arrives.
    fn default() -> Self {
        Self { centre: project(39.03, 117.65), zoom: 9.0 }
    }
}

impl View {
    pub fn scale(self) -> f64 {
        self.zoom.exp2()
    }

    /// Screen position (from the element's top left) of a world point.
    pub fn to_screen(self, p: World, size: Size) -> (f64, f64) {
        let k = self.scale();
        ((p.x - self.centre.x) * k + size.width / 2.0, (p.y - self.centre.y) * k + size.height / 2.0)
    }

    pub fn to_world(self, (sx, sy): (f64, f64), size: Size) -> World {
        let k = self.scale();
        World { x: (sx - size.width / 2.0) / k + self.centre.x, y: (sy - size.height / 2.0) / k + self.centre.y }
    }

    /// Moves the map by a screen distance (a drag of `dx, dy`).
    pub fn panned(self, dx: f64, dy: f64) -> Self {
        let k = self.scale();
        Self { centre: World { x: self.centre.x - dx / k, y: self.centre.y - dy / k }, zoom: self.zoom }
    }

    /// Zooms by `delta` levels keeping the world point under `anchor`
    /// (the cursor, a pinch's midpoint) where it is on screen.
    pub fn zoomed_at(self, delta: f64, anchor: (f64, f64), size: Size) -> Self {
        let zoom = (self.zoom + delta).clamp(MIN_ZOOM, MAX_ZOOM);
        let fixed = self.to_world(anchor, size);
        let k = zoom.exp2();
        let centre =
            World { x: fixed.x - (anchor.0 - size.width / 2.0) / k, y: fixed.y - (anchor.1 - size.height / 2.0) / k };
        Self { centre, zoom }
    }

    /// The view showing every point with `padding` pixels to spare, no
    /// closer than `max_zoom` (a single household should not fill the map).
    pub fn fit(points: impl IntoIterator<Item = World>, size: Size, padding: f64, max_zoom: f64) -> Option<Self> {
        let mut bounds: Option<(World, World)> = None;
        for p in points {
            bounds = Some(match bounds {
                None => (p, p),
                Some((lo, hi)) => {
                    (World { x: lo.x.min(p.x), y: lo.y.min(p.y) }, World { x: hi.x.max(p.x), y: hi.y.max(p.y) })
                }
            });
        }
        let (lo, hi) = bounds?;
        let centre = World { x: (lo.x + hi.x) / 2.0, y: (lo.y + hi.y) / 2.0 };
        let room_x = (size.width - 2.0 * padding).max(1.0);
        let room_y = (size.height - 2.0 * padding).max(1.0);
        let span_x = (hi.x - lo.x).max(f64::EPSILON);
        let span_y = (hi.y - lo.y).max(f64::EPSILON);
        let zoom = (room_x / span_x).min(room_y / span_y).log2().clamp(MIN_ZOOM, max_zoom);
        Some(Self { centre, zoom })
    }

    /// Metres on the ground per screen pixel at the centre.
    pub fn metres_per_pixel(self) -> f64 {
        EARTH_CIRCUMFERENCE_M * latitude(self.centre.y).to_radians().cos() / (TILE_SIZE * self.scale())
    }
}

/// A scale bar no longer than `max_px`: its length in pixels and the
/// round distance (1, 2 or 5 times a power of ten metres) it stands for.
pub fn scale_bar(view: View, max_px: f64) -> (f64, f64) {
    let per_px = view.metres_per_pixel();
    let max_m = per_px * max_px;
    let magnitude = 10f64.powf(max_m.log10().floor());
    let metres = [5.0, 2.0, 1.0].into_iter().map(|f| f * magnitude).find(|&m| m <= max_m).unwrap_or(magnitude);
    (metres / per_px, metres)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZE: Size = Size { width: 800.0, height: 600.0 };

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn projects_the_origin_to_the_middle_of_the_world() {
        let p = project(0.0, 0.0);
        assert!(close(p.x, 128.0) && close(p.y, 128.0));
        assert!(close(latitude(project(39.0, 117.0).y), 39.0));
    }

    #[test]
    fn screen_and_world_round_trip() {
        let view = View { centre: project(39.0, 117.6), zoom: 12.3 };
        let w = project(39.01, 117.62);
        let s = view.to_screen(w, SIZE);
        let back = view.to_world(s, SIZE);
        assert!(close(back.x, w.x) && close(back.y, w.y));
    }

    #[test]
    fn zooming_keeps_the_anchor_in_place() {
        let view = View { centre: project(39.0, 117.6), zoom: 10.0 };
        let anchor = (100.0, 500.0);
        let under = view.to_world(anchor, SIZE);
        let zoomed = view.zoomed_at(1.5, anchor, SIZE);
        let (x, y) = zoomed.to_screen(under, SIZE);
        assert!(close(x, anchor.0) && close(y, anchor.1));
        assert!(close(zoomed.zoom, 11.5));
    }

    #[test]
    fn fit_shows_every_point_inside_the_padding() {
        let pts = [project(38.7, 117.4), project(39.3, 117.9), project(39.0, 117.6)];
        let view = View::fit(pts, SIZE, 20.0, 18.0).unwrap();
        for p in pts {
            let (x, y) = view.to_screen(p, SIZE);
            assert!((19.9..=780.1).contains(&x) && (19.9..=580.1).contains(&y), "{x},{y}");
        }
        assert!(View::fit([], SIZE, 20.0, 18.0).is_none());
    }

    #[test]
    fn scale_bars_are_round_numbers() {
        let view = View { centre: project(39.0, 117.6), zoom: 12.0 };
        let (px, metres) = scale_bar(view, 100.0);
        assert!(px <= 100.0 && px > 20.0);
        assert!([1.0, 2.0, 5.0].contains(&(metres / 10f64.powf(metres.log10().floor()))));
    }
}
