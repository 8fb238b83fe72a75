//! Pointer, wheel and keyboard input of the map. Pointer events cover
//! mouse, pen and touch alike; two touching fingers pinch.
//!
//! While a drag is under way only a `translate` on the drawing changes;
//! the points are laid out again once, when the finger lifts, which keeps
//! dragging smooth however many households are loaded.

use leptos::ev::{KeyboardEvent, MouseEvent, PointerEvent, WheelEvent};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast as _;

use super::geo::{MAX_ZOOM, Size, View, World};

/// Movement below this many pixels is a tap, not a drag.
const TAP_SLOP: f64 = 6.0;
/// Pixels an arrow key pans.
const KEY_PAN: f64 = 80.0;

/// What a tap on the map hits.
#[derive(Clone, Debug)]
enum Target {
    /// A household or region: open its page.
    Link(String),
    /// A bubble: zoom in on it.
    Zoom(World),
}

#[derive(Default)]
struct State {
    /// Pointers down, with their latest position.
    pointers: Vec<(i32, (f64, f64))>,
    start: (f64, f64),
    moved: bool,
    target: Option<Target>,
    /// Distance and midpoint of two pointers at the last move.
    pinch: Option<(f64, (f64, f64))>,
}

#[derive(Clone, Copy)]
pub struct Gestures {
    wrapper: NodeRef<Div>,
    size: RwSignal<Size>,
    view: RwSignal<View>,
    drag: RwSignal<(f64, f64)>,
    user_moved: StoredValue<bool>,
    state: StoredValue<State>,
    open: StoredValue<Box<dyn Fn(String)>, LocalStorage>,
}

impl Gestures {
    pub fn new(
        wrapper: NodeRef<Div>,
        size: RwSignal<Size>,
        view: RwSignal<View>,
        drag: RwSignal<(f64, f64)>,
        user_moved: StoredValue<bool>,
        open: impl Fn(String) + 'static,
    ) -> Self {
        let open: Box<dyn Fn(String)> = Box::new(open);
        Self {
            wrapper,
            size,
            view,
            drag,
            user_moved,
            state: StoredValue::new(State::default()),
            open: StoredValue::new_local(open),
        }
    }

    pub fn down(&self, ev: &PointerEvent) {
        if (ev.pointer_type() == "mouse" && ev.button() != 0) || on_controls(ev) {
            return;
        }
        let pos = self.local(ev);
        let id = ev.pointer_id();
        let target = target_of(ev);
        let mut commit = false;
        self.state.update_value(|s| {
            s.pointers.retain(|(p, _)| *p != id);
            s.pointers.push((id, pos));
            match s.pointers.len() {
                1 => *s = State { pointers: std::mem::take(&mut s.pointers), start: pos, target, ..State::default() },
                2 => {
                    commit = true;
                    s.moved = true;
                    s.target = None;
                    s.pinch = Some(pinch_of(&s.pointers));
                }
                _ => {}
            }
        });
        if commit {
            self.commit_drag();
        }
    }

    pub fn moved(&self, ev: &PointerEvent) {
        let pos = self.local(ev);
        let id = ev.pointer_id();
        let size = self.size.get_untracked();
        let mut capture = false;
        self.state.update_value(|s| {
            let Some(slot) = s.pointers.iter_mut().find(|(p, _)| *p == id) else { return };
            slot.1 = pos;
            match s.pointers.len() {
                1 => {
                    let (dx, dy) = (pos.0 - s.start.0, pos.1 - s.start.1);
                    if !s.moved && dx.hypot(dy) > TAP_SLOP {
                        s.moved = true;
                        capture = true;
                    }
                    if s.moved {
                        self.drag.set((dx, dy));
                    }
                }
                2 => {
                    let (distance, mid) = pinch_of(&s.pointers);
                    if let Some((before, old_mid)) = s.pinch
                        && before > 0.0
                    {
                        let delta = (distance / before).log2();
                        self.view.update(|v| {
                            *v = v.panned(mid.0 - old_mid.0, mid.1 - old_mid.1).zoomed_at(delta, mid, size);
                        });
                        self.user_moved.set_value(true);
                    }
                    s.pinch = Some((distance, mid));
                }
                _ => {}
            }
        });
        // Captured only once it is a drag: a tap must keep its target.
        if capture
            && let Some(el) = self.wrapper.get_untracked()
            && el.set_pointer_capture(id).is_err()
        {
            leptos::logging::warn!("map: pointer not captured; a drag leaving the map may stop early");
        }
    }

    /// A pointer lifted (`activate`) or cancelled by the browser.
    pub fn up(&self, ev: &PointerEvent, activate: bool) {
        let id = ev.pointer_id();
        let mut tapped = None;
        let mut commit = false;
        self.state.update_value(|s| {
            let before = s.pointers.len();
            s.pointers.retain(|(p, _)| *p != id);
            if before == 1 && s.pointers.is_empty() {
                if s.moved {
                    commit = true;
                } else if activate {
                    tapped = s.target.take();
                }
            } else if let [(_, rest)] = s.pointers.as_slice() {
                // From a pinch back to one finger: carry on as a drag from here.
                s.start = *rest;
                s.pinch = None;
            }
        });
        if commit {
            self.commit_drag();
        }
        match tapped {
            Some(Target::Link(href)) => self.open.with_value(|open| open(href)),
            Some(Target::Zoom(centre)) => {
                self.user_moved.set_value(true);
                self.view.update(|v| *v = View { centre, zoom: (v.zoom + 2.0).min(MAX_ZOOM) });
            }
            None => {}
        }
    }

    pub fn wheel(&self, ev: &WheelEvent) {
        ev.prevent_default();
        let lines = match ev.delta_mode() {
            1 => 16.0,
            2 => 400.0,
            _ => 1.0,
        };
        let delta = (-ev.delta_y() * lines / 300.0).clamp(-1.0, 1.0);
        let anchor = self.local(ev);
        let size = self.size.get_untracked();
        self.user_moved.set_value(true);
        self.view.update(|v| *v = v.zoomed_at(delta, anchor, size));
    }

    pub fn key(&self, ev: &KeyboardEvent) {
        // Keys on the zoom buttons are theirs.
        if ev.target().is_some_and(|t| t.dyn_ref::<web_sys::HtmlButtonElement>().is_some()) {
            return;
        }
        let size = self.size.get_untracked();
        let centre = (size.width / 2.0, size.height / 2.0);
        let view = self.view.get_untracked();
        let next = match ev.key().as_str() {
            "+" | "=" => view.zoomed_at(1.0, centre, size),
            "-" | "_" => view.zoomed_at(-1.0, centre, size),
            "ArrowLeft" => view.panned(KEY_PAN, 0.0),
            "ArrowRight" => view.panned(-KEY_PAN, 0.0),
            "ArrowUp" => view.panned(0.0, KEY_PAN),
            "ArrowDown" => view.panned(0.0, -KEY_PAN),
            _ => return,
        };
        ev.prevent_default();
        self.user_moved.set_value(true);
        self.view.set(next);
    }

    fn commit_drag(&self) {
        let (dx, dy) = self.drag.get_untracked();
        if dx != 0.0 || dy != 0.0 {
            self.user_moved.set_value(true);
            self.view.update(|v| *v = v.panned(dx, dy));
            self.drag.set((0.0, 0.0));
        }
    }

    /// The event's position relative to the map's top left corner.
    fn local(&self, ev: &MouseEvent) -> (f64, f64) {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        match self.wrapper.get_untracked() {
            Some(el) => {
                let rect = el.get_bounding_client_rect();
                (x - rect.left(), y - rect.top())
            }
            None => (x, y),
        }
    }
}

fn element_of(ev: &MouseEvent) -> Option<web_sys::Element> {
    ev.target()?.dyn_into::<web_sys::Element>().ok()
}

/// Buttons and the legend sit on the map but are not part of the drawing.
fn on_controls(ev: &MouseEvent) -> bool {
    element_of(ev).and_then(|el| el.closest(".map-controls, .map-legend").ok().flatten()).is_some()
}

fn target_of(ev: &MouseEvent) -> Option<Target> {
    let hit = element_of(ev)?.closest("[data-href], [data-zoom]").ok()??;
    if let Some(href) = hit.get_attribute("data-href") {
        return Some(Target::Link(href));
    }
    let zoom = hit.get_attribute("data-zoom")?;
    let (x, y) = zoom.split_once(',')?;
    Some(Target::Zoom(World { x: x.parse().ok()?, y: y.parse().ok()? }))
}

fn pinch_of(pointers: &[(i32, (f64, f64))]) -> (f64, (f64, f64)) {
    match pointers {
        [(_, a), (_, b), ..] => ((a.0 - b.0).hypot(a.1 - b.1), ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)),
        _ => (0.0, (0.0, 0.0)),
    }
}
