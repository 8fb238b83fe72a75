//! The map's drawing as SVG markup: tiles, regions, marks and the scale
//! bar, rebuilt whole for each view (see `components/markup.rs` for why).

use super::cluster::Mark;
use super::geo::{self, Size, View, World};
use super::tiles::{self, TileSource};
use super::{MapArea, MapPoint};
use crate::components::markup::{close, coordinate, decimal, element, open, px};
use crate::i18n::texts;

/// Everything one drawing needs.
pub struct Scene<'a> {
    pub view: View,
    pub size: Size,
    pub marks: &'a [Mark],
    pub points: &'a [MapPoint],
    pub areas: &'a [MapArea],
    pub area_world: &'a [World],
    pub tiles: Option<&'a TileSource>,
}

pub fn svg(scene: &Scene) -> String {
    let mut out = String::with_capacity(64 * (scene.marks.len() + scene.areas.len() + 8));
    if let Some(source) = scene.tiles {
        for tile in tiles::visible(source, &scene.view, scene.size) {
            let side = px(tile.size + 0.5);
            let attrs = [
                ("href", tile.url.as_str()),
                ("x", &px(tile.x)),
                ("y", &px(tile.y)),
                ("width", &side),
                ("height", &side),
            ];
            open(&mut out, "image", &attrs);
            close(&mut out, "image");
        }
    }
    draw_areas(&mut out, scene);
    for mark in scene.marks {
        draw_mark(&mut out, mark, scene.points);
    }
    out
}

fn draw_areas(out: &mut String, scene: &Scene) {
    let t = texts();
    let max = scene.areas.iter().filter_map(|a| a.count).max().unwrap_or(0);
    // A town's thirty villages need smaller bubbles than a district's towns.
    let largest = if scene.areas.len() > 12 { 20.0 } else { 30.0 };
    for (area, &world) in scene.areas.iter().zip(scene.area_world) {
        let (x, y) = scene.view.to_screen(world, scene.size);
        let r = match area.count {
            Some(n) if max > 0 => 6.0 + largest * (n as f64 / max as f64).sqrt(),
            _ => 6.0,
        };
        let (cx, cy) = (px(x), px(y));
        open(out, "g", &[("class", "area"), ("data-href", &area.href)]);
        open(out, "circle", &[("cx", &cx), ("cy", &cy), ("r", &px(r))]);
        close(out, "circle");
        if let Some(n) = area.count {
            element(out, "text", &[("class", "count"), ("x", &cx), ("y", &cy), ("dy", "0.35em")], &(t.number)(n));
        }
        element(out, "text", &[("class", "name"), ("x", &cx), ("y", &px(y + r + 13.0))], &area.name);
        let title = area.count.map_or_else(|| area.name.clone(), |n| (t.area_title)(&area.name, n));
        element(out, "title", &[], &title);
        close(out, "g");
    }
}

fn draw_mark(out: &mut String, mark: &Mark, points: &[MapPoint]) {
    let t = texts();
    match mark {
        Mark::Point { index, x, y } => {
            let Some(p) = points.get(*index) else { return };
            let class = format!("pt {}", p.class);
            open(
                out,
                "circle",
                &[("class", &class), ("cx", &px(*x)), ("cy", &px(*y)), ("r", "6"), ("data-href", &p.href)],
            );
            element(out, "title", &[], &p.title);
            close(out, "circle");
        }
        Mark::Bubble { x, y, count, centre } => {
            let r = 12.0 + 3.0 * f64::from(*count).log2();
            let (cx, cy) = (px(*x), px(*y));
            open(
                out,
                "g",
                &[("class", "bubble"), ("data-zoom", &format!("{},{}", coordinate(centre.x), coordinate(centre.y)))],
            );
            open(out, "circle", &[("cx", &cx), ("cy", &cy), ("r", &px(r))]);
            close(out, "circle");
            element(out, "text", &[("x", &cx), ("y", &cy), ("dy", "0.35em")], &(t.number)(i64::from(*count)));
            element(out, "title", &[], &(t.bubble_title)(*count));
            close(out, "g");
        }
    }
}

/// The scale bar at the bottom left: a bracket and its distance.
pub fn scale_bar(view: &View, size: Size) -> String {
    let (length, metres) = geo::scale_bar(*view, 96.0);
    let mut out = String::new();
    open(
        &mut out,
        "g",
        &[("class", "scale-bar"), ("transform", &format!("translate(12 {})", decimal(size.height - 14.0, 0)))],
    );
    open(&mut out, "path", &[("d", &format!("M0 -5 V0 H{} V-5", px(length)))]);
    close(&mut out, "path");
    element(&mut out, "text", &[("x", "0"), ("y", "-8")], &(texts().distance)(metres));
    close(&mut out, "g");
    out
}
