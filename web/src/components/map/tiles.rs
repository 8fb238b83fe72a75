//! The optional tile layer. Off by default, so the map works offline; a
//! deployment turns it on with
//! `<meta name="liushou-tiles" content="https://tiles.example/{z}/{x}/{y}.png"
//! data-attribution="© …">` in `index.html`.

use super::geo::{Size, TILE_SIZE, View};

/// A configured tile source.
#[derive(Clone, Debug, PartialEq)]
pub struct TileSource {
    pub template: String,
    pub attribution: Option<String>,
}

/// One tile to draw: its URL and where, in screen pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Tile {
    pub url: String,
    pub x: f64,
    pub y: f64,
    pub size: f64,
}

/// The source named by the page's `<meta name="liushou-tiles">`, if any.
pub fn configured() -> Option<TileSource> {
    let document = web_sys::window()?.document()?;
    let meta = document.query_selector("meta[name='liushou-tiles']").ok()??;
    let template = meta.get_attribute("content")?.trim().to_owned();
    let usable = template.contains("{z}") && template.contains("{x}") && template.contains("{y}");
    usable.then(|| TileSource { template, attribution: meta.get_attribute("data-attribution") })
}

/// The tiles covering the view, at the integer zoom nearest the view's.
pub fn visible(source: &TileSource, view: &View, size: Size) -> Vec<Tile> {
    let z = view.zoom.round().clamp(0.0, 19.0);
    let tiles_per_side = z.exp2();
    // A tile of zoom z, drawn at the view's fractional zoom.
    let tile_px = TILE_SIZE * (view.zoom - z).exp2();
    let world_tile = TILE_SIZE / tiles_per_side;
    let top_left = view.to_world((0.0, 0.0), size);
    let bottom_right = view.to_world((size.width, size.height), size);
    let first_x = (top_left.x / world_tile).floor().max(0.0) as i64;
    let first_y = (top_left.y / world_tile).floor().max(0.0) as i64;
    let last = tiles_per_side as i64 - 1;
    let last_x = ((bottom_right.x / world_tile).floor() as i64).min(last);
    let last_y = ((bottom_right.y / world_tile).floor() as i64).min(last);
    let mut tiles = Vec::new();
    for ty in first_y..=last_y {
        for tx in first_x..=last_x {
            let corner = super::geo::World { x: tx as f64 * world_tile, y: ty as f64 * world_tile };
            let (x, y) = view.to_screen(corner, size);
            let url = source
                .template
                .replace("{z}", &(z as i64).to_string())
                .replace("{x}", &tx.to_string())
                .replace("{y}", &ty.to_string());
            tiles.push(Tile { url, x, y, size: tile_px });
        }
    }
    tiles
}

#[cfg(test)]
mod tests {
    use super::super::geo::{Size, View, project};
    use super::*;

    #[test]
    fn covers_the_view_with_whole_tiles() {
        let source = TileSource { template: "/t/{z}/{x}/{y}.png".into(), attribution: None };
        let size = Size { width: 512.0, height: 256.0 };
        let view = View { centre: project(39.0, 117.6), zoom: 10.0 };
        let tiles = visible(&source, &view, size);
        assert!((2..=6).contains(&tiles.len()), "{}", tiles.len());
        assert!(tiles.iter().all(|t| t.url.starts_with("/t/10/") && t.size == 256.0));
        let covers = |px: f64, py: f64| {
            tiles.iter().any(|t| (t.x..t.x + t.size).contains(&px) && (t.y..t.y + t.size).contains(&py))
        };
        assert!(covers(0.0, 0.0) && covers(511.0, 255.0));
    }
}
