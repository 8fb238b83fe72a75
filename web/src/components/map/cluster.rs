//! Grid-based aggregation: points that share a screen cell become one
//! bubble with a count, so ten thousand households stay a few hundred SVG
//! elements. Cells are anchored to the world, not the screen, so bubbles
//! stay put while the map is dragged.

use super::geo::{Size, View, World};

/// Side of a cell in screen pixels: about a finger's width.
pub const CELL_PX: f64 = 44.0;
/// Above this many points in view, every shared cell aggregates.
pub const MAX_POINTS: usize = 1500;
/// A cell this crowded aggregates at any zoom: its points would overlap.
pub const CROWD: usize = 8;

/// What to draw.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// One point, by its index in the input.
    Point { index: usize, x: f64, y: f64 },
    /// Several points; `centre` is where to zoom in to.
    Bubble { x: f64, y: f64, count: u32, centre: World },
}

/// The marks for the points in view (with a cell's margin, so points do
/// not pop in at the edges), in a stable order.
pub fn layout(points: &[World], view: &View, size: Size) -> Vec<Mark> {
    let k = view.scale();
    let mut in_view: Vec<(i64, i64, usize, f64, f64)> = points
        .iter()
        .enumerate()
        .filter_map(|(index, &p)| {
            let (x, y) = view.to_screen(p, size);
            let inside =
                (-CELL_PX..=size.width + CELL_PX).contains(&x) && (-CELL_PX..=size.height + CELL_PX).contains(&y);
            inside.then(|| ((p.x * k / CELL_PX).floor() as i64, (p.y * k / CELL_PX).floor() as i64, index, x, y))
        })
        .collect();
    let crowded = in_view.len() > MAX_POINTS;
    in_view.sort_unstable_by_key(|&(cx, cy, index, ..)| (cy, cx, index));

    let mut marks = Vec::new();
    for cell in in_view.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        if cell.len() >= CROWD || (crowded && cell.len() > 1) {
            let n = cell.len() as f64;
            let (sx, sy) = cell.iter().fold((0.0, 0.0), |(sx, sy), c| (sx + c.3, sy + c.4));
            let (wx, wy) = cell.iter().fold((0.0, 0.0), |(wx, wy), c| (wx + points[c.2].x, wy + points[c.2].y));
            marks.push(Mark::Bubble {
                x: sx / n,
                y: sy / n,
                count: cell.len() as u32,
                centre: World { x: wx / n, y: wy / n },
            });
        } else {
            marks.extend(cell.iter().map(|c| Mark::Point { index: c.2, x: c.3, y: c.4 }));
        }
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::super::geo::project;
    use super::*;

    const SIZE: Size = Size { width: 800.0, height: 600.0 };

    fn bubbles(marks: &[Mark]) -> u32 {
        marks.iter().map(|m| if let Mark::Bubble { count, .. } = m { *count } else { 0 }).sum()
    }

    /// A square of n × n points about `step` degrees apart round a centre.
    fn square(n: usize, step: f64) -> Vec<World> {
        (0..n * n).map(|i| project(39.0 + (i / n) as f64 * step, 117.6 + (i % n) as f64 * step)).collect()
    }

    #[test]
    fn sparse_points_are_drawn_one_by_one() {
        let pts = square(5, 0.01);
        let view = View::fit(pts.iter().copied(), SIZE, 40.0, 18.0).unwrap();
        let marks = layout(&pts, &view, SIZE);
        assert_eq!(marks.len(), 25);
        assert_eq!(bubbles(&marks), 0);
    }

    #[test]
    fn ten_thousand_points_zoomed_out_become_a_few_hundred_bubbles() {
        let pts = square(100, 0.002);
        let view = View::fit(pts.iter().copied(), SIZE, 40.0, 18.0).unwrap();
        let marks = layout(&pts, &view, SIZE);
        assert!(marks.len() < 400, "{}", marks.len());
        let points = marks.iter().filter(|m| matches!(m, Mark::Point { .. })).count() as u32;
        assert_eq!(bubbles(&marks) + points, 10_000, "every point is counted once");
    }

    #[test]
    fn points_out_of_view_are_left_out() {
        let pts = vec![project(39.0, 117.6), project(20.0, 100.0)];
        let view = View { centre: project(39.0, 117.6), zoom: 14.0 };
        assert_eq!(layout(&pts, &view, SIZE), vec![Mark::Point { index: 0, x: 400.0, y: 300.0 }]);
    }
}
