//! The offline map: SVG drawn from the households' coordinates and the
//! regions' centroids, in Web Mercator, with pan (drag, arrow keys), zoom
//! (wheel, pinch, buttons, +/-), aggregation into count bubbles, and an
//! optional tile layer underneath. No JavaScript library, no tile server.

mod cluster;
mod colour;
mod draw;
mod geo;
mod gesture;
mod tiles;

use leptos::html::Div;
use leptos::prelude::*;

use crate::components::markup::{decimal, px};
use crate::i18n::texts;
use crate::model::Region;
use crate::route::Route;
pub use colour::ColourBy;
use geo::{Size, View, World};
use gesture::Gestures;

/// A household on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct MapPoint {
    pub lat: f64,
    pub lng: f64,
    /// CSS class of its colour (see [`ColourBy`]).
    pub class: &'static str,
    /// Its class under each colouring, in `ColourBy::ALL` order: a switch
    /// re-colours what is loaded instead of loading it again.
    pub classes: [&'static str; 3],
    pub title: String,
    pub href: String,
}

/// A region at its centroid: a bubble sized by `count` when there is one.
#[derive(Clone, Debug, PartialEq)]
pub struct MapArea {
    pub lat: f64,
    pub lng: f64,
    pub name: String,
    pub count: Option<i64>,
    pub href: String,
}

impl MapArea {
    /// A region's name at its centroid, linking to its page.
    pub fn label(region: &Region) -> Option<Self> {
        Some(Self {
            lat: region.lat?,
            lng: region.lng?,
            name: region.name.clone(),
            count: None,
            href: Route::Region(region.id.clone()).href(),
        })
    }
}

/// Closest the map zooms when fitting data: a street, not a doorstep.
const FIT_MAX_ZOOM: f64 = 17.0;
/// Room for the largest region bubble and its name at the edges.
const FIT_PADDING: f64 = 48.0;

#[component]
pub fn SvgMap(
    #[prop(into)] points: Signal<Vec<MapPoint>>,
    #[prop(into)] areas: Signal<Vec<MapArea>>,
    /// The meaning of the points' colours, as markup (`ColourBy::legend`).
    #[prop(into)]
    legend: Signal<String>,
    /// Changes when the data stands for something else (another filter or
    /// region): the map then fits it again even after the user moved it.
    #[prop(into)]
    fit_key: Signal<String>,
) -> impl IntoView {
    let t = texts();
    let wrapper = NodeRef::<Div>::new();
    let size = RwSignal::new(Size { width: 640.0, height: 400.0 });
    let view = RwSignal::new(View::default());
    let drag = RwSignal::new((0.0_f64, 0.0_f64));
    let user_moved = StoredValue::new(false);
    let tile_source = tiles::configured();
    let attribution =
        tile_source.as_ref().and_then(|s| s.attribution.clone()).map(|a| view! { <p class="map-attribution">{a}</p> });

    let world = Memo::new(move |_| points.with(|p| p.iter().map(|p| geo::project(p.lat, p.lng)).collect::<Vec<_>>()));
    let area_world =
        Memo::new(move |_| areas.with(|a| a.iter().map(|a| geo::project(a.lat, a.lng)).collect::<Vec<_>>()));
    let marks = Memo::new(move |_| world.with(|w| cluster::layout(w, &view.get(), size.get())));

    // Shows everything loaded so far.
    let fit = move || {
        let all: Vec<World> =
            world.with_untracked(|w| area_world.with_untracked(|a| w.iter().chain(a).copied().collect()));
        if let Some(fitted) = View::fit(all, size.get_untracked(), FIT_PADDING, FIT_MAX_ZOOM) {
            view.set(fitted);
        }
    };
    measure_on_mount_and_resize(wrapper, size);
    // Follows the data as it arrives (pages of points, a resized window)
    // until the user takes over; new data (`fit_key`) hands it back.
    Effect::new(move |previous: Option<String>| {
        let key = fit_key.get();
        world.track();
        area_world.track();
        size.track();
        if previous.as_ref() != Some(&key) {
            user_moved.set_value(false);
        }
        if !user_moved.get_value() {
            fit();
        }
        key
    });

    let gestures =
        Gestures::new(wrapper, size, view, drag, user_moved, move |href: String| crate::router::navigate(&href, false));
    let zoom_by = move |delta: f64| {
        let s = size.get_untracked();
        user_moved.set_value(true);
        view.update(|v| *v = v.zoomed_at(delta, (s.width / 2.0, s.height / 2.0), s));
    };
    let fit_all = move |_| {
        user_moved.set_value(false);
        fit();
    };

    let drawing = move || {
        let (view, size) = (view.get(), size.get());
        marks.with(|marks| {
            points.with(|points| {
                areas.with(|areas| {
                    area_world.with(|area_world| {
                        let tiles = tile_source.as_ref();
                        draw::svg(&draw::Scene { view, size, marks, points, areas, area_world, tiles })
                    })
                })
            })
        })
    };
    let scale_bar = move || draw::scale_bar(&view.get(), size.get());
    let empty = move || {
        (points.with(Vec::is_empty) && areas.with(Vec::is_empty))
            .then(|| view! { <p class="map-empty">{t.map_no_location}</p> })
    };
    // The colours explain household points; a map of regions has none.
    let legend_hidden = move || points.with(Vec::is_empty);

    view! {
        <div
            class="map"
            node_ref=wrapper
            tabindex="0"
            aria-label=t.map_label
            aria-describedby="map-help"
            on:pointerdown=move |ev| gestures.down(&ev)
            on:pointermove=move |ev| gestures.moved(&ev)
            on:pointerup=move |ev| gestures.up(&ev, true)
            on:pointercancel=move |ev| gestures.up(&ev, false)
            on:wheel=move |ev| gestures.wheel(&ev)
            on:keydown=move |ev| gestures.key(&ev)
        >
            <svg
                width="100%"
                height="100%"
                viewBox=move || size.with(|s| format!("0 0 {} {}", decimal(s.width, 0), decimal(s.height, 0)))
                aria-hidden="true"
            >
                <g transform=move || drag.with(|(dx, dy)| format!("translate({} {})", px(*dx), px(*dy))) inner_html=drawing></g>
                <g inner_html=scale_bar></g>
            </svg>
            {empty}
            <div class="map-controls">
                <button type="button" title=t.zoom_in aria-label=t.zoom_in on:click=move |_| zoom_by(1.0)>"+"</button>
                <button type="button" title=t.zoom_out aria-label=t.zoom_out on:click=move |_| zoom_by(-1.0)>"−"</button>
                <button type="button" title=t.zoom_fit aria-label=t.zoom_fit on:click=fit_all>"⤢"</button>
            </div>
            <ul class="map-legend" aria-label=t.legend_label hidden=legend_hidden inner_html=legend></ul>
            {attribution}
        </div>
        <p class="map-help" id="map-help">{t.map_help}</p>
    }
}

/// Keeps `size` equal to the element's: once mounted, and on every
/// window resize (phones turning, desk windows resized).
fn measure_on_mount_and_resize(wrapper: NodeRef<Div>, size: RwSignal<Size>) {
    let measure = move || {
        if let Some(el) = wrapper.get_untracked() {
            let (width, height) = (f64::from(el.client_width()), f64::from(el.client_height()));
            if width > 0.0 && height > 0.0 {
                size.set(Size { width, height });
            }
        }
    };
    Effect::new(move |_| {
        if wrapper.get().is_some() {
            measure();
        }
    });
    let handle = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || handle.remove());
}
