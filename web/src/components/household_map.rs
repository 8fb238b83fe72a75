//! The households of a filter on the map: every page of the connection,
//! loaded in the background a hundred at a time, drawn as they arrive,
//! coloured as the user chooses (kept in the URL's `colour`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError, households::HouseholdFilter};
use crate::components::map::{ColourBy, MapArea, MapPoint, SvgMap};
use crate::components::query;
use crate::i18n::texts;
use crate::model::HouseholdPoint;
use crate::route::Route;
use crate::session::Auth;

/// Most households one map loads. A district holds half a million; past
/// this many the bubbles tell nothing new and the wait grows long.
pub const MAX_MAP_POINTS: usize = 20_000;

#[derive(Clone, Debug, Default, PartialEq)]
struct Progress {
    loaded: usize,
    total: Option<i64>,
    unlocated: usize,
    done: bool,
    error: Option<ApiError>,
}

/// A map of the households matching `filter` (none loaded while it is
/// `None`), over the region `areas`, coloured by `default_colour` until
/// the user picks another.
#[component]
pub fn HouseholdMap(
    auth: Auth,
    filter: Memo<Option<HouseholdFilter>>,
    #[prop(into)] areas: Signal<Vec<MapArea>>,
    default_colour: ColourBy,
    #[prop(into)] fit_key: Signal<String>,
) -> impl IntoView {
    let t = texts();
    let choice = RwSignal::new(query::param("colour").get_untracked().unwrap_or_default());
    let colour = move || choice.with(|c| ColourBy::from_key(c)).unwrap_or(default_colour);
    let colour_now = move || untrack(colour);
    let points = RwSignal::new(Vec::<MapPoint>::new());
    let progress = RwSignal::new(Progress::default());
    let generation = StoredValue::new(0_u64);

    Effect::new(move |_| {
        let filter = filter.get();
        let this = generation.get_value().wrapping_add(1);
        generation.set_value(this);
        points.set(Vec::new());
        progress.set(Progress::default());
        if let Some(filter) = filter {
            spawn_local(load_all(auth, filter, colour_now, points, progress, move || {
                generation.try_get_value() == Some(this)
            }));
        }
    });
    // A new colouring re-colours the points and goes to the URL, where the
    // default is left out.
    let set_query = query::setter();
    Effect::new(move |ran: Option<()>| {
        let by = colour();
        points.update(|points| points.iter_mut().for_each(|p| p.class = p.classes[by as usize]));
        if ran.is_some() {
            set_query(&[("colour", if by == default_colour { String::new() } else { by.key().to_owned() })]);
        }
    });

    let status = move || {
        progress.with(|p| {
            let mut lines = Vec::new();
            if let Some(e) = &p.error {
                lines.push(view! { <span class="error" role="alert">{t.error_message(e)}</span> }.into_any());
            } else if !p.done && p.total.is_some_and(|n| n > 0) {
                lines.push(view! { <span>{(t.map_progress)(p.loaded, p.total.unwrap_or(0))}</span> }.into_any());
            } else if p.done && p.total.is_some_and(|n| n > p.loaded as i64) {
                lines.push(view! { <span>{(t.map_capped)(MAX_MAP_POINTS)}</span> }.into_any());
            }
            if p.unlocated > 0 {
                lines.push(view! { <span>{(t.map_unlocated)(p.unlocated)}</span> }.into_any());
            }
            lines
        })
    };

    view! {
        <label class="map-colour" hidden=move || filter.with(Option::is_none)>
            {t.colour_by}
            <select
                name="colour"
                inner_html=colour_now().options()
                on:change:target=move |ev| choice.set(ev.target().value())
            ></select>
        </label>
        <SvgMap points=points areas legend=Signal::derive(move || colour().legend()) fit_key />
        <p class="map-status" aria-live="polite">{status}</p>
    }
}

/// Walks the cursors to the end (or the cap), while `current()` says this
/// filter is still the one on screen.
async fn load_all(
    auth: Auth,
    filter: HouseholdFilter,
    colour: impl Fn() -> ColourBy,
    points: RwSignal<Vec<MapPoint>>,
    progress: RwSignal<Progress>,
    current: impl Fn() -> bool,
) {
    let mut after = None;
    loop {
        let result = auth.check(api::households::points(auth.token(), filter.clone(), after).await);
        if !current() {
            return;
        }
        let page = match result {
            Ok(page) => page,
            Err(e) => {
                progress.update(|p| p.error = Some(e));
                return;
            }
        };
        let next = page.next_cursor();
        let fetched = page.nodes.len();
        let by = colour() as usize;
        let located: Vec<MapPoint> = page.nodes.iter().filter_map(|h| map_point(h, by)).collect();
        let unlocated = fetched - located.len();
        points.update(|p| p.extend(located));
        let mut loaded = 0;
        progress.update(|p| {
            p.loaded += fetched;
            p.unlocated += unlocated;
            p.total = p.total.or(page.total_count);
            loaded = p.loaded;
        });
        match next {
            Some(cursor) if loaded < MAX_MAP_POINTS => after = Some(cursor),
            _ => {
                progress.update(|p| p.done = true);
                return;
            }
        }
    }
}

/// The household's point, in its class under the colouring `by`
/// (an index of `ColourBy::ALL`).
fn map_point(h: &HouseholdPoint, by: usize) -> Option<MapPoint> {
    let classes = ColourBy::ALL.map(|c| c.class(h));
    Some(MapPoint {
        lat: h.lat?,
        lng: h.lng?,
        class: classes[by],
        classes,
        title: h.address.clone().unwrap_or_default(),
        href: Route::Household(h.id.clone()).href(),
    })
}
