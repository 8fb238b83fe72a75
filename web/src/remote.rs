//! Remote data with its loading and error states spelled out: the rows stay
//! on screen while the next page loads, and an answer that arrives after
//! the user has asked for something else is dropped.
//!
//! Used instead of `LocalResource` with `<Transition>`/`<ErrorBoundary>`:
//! one small state machine for every page and table keeps the bundle
//! within its budget, where the async-derived machinery per use did not.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;

/// What a table or map has to show.
#[derive(Clone, Debug, PartialEq)]
pub enum Load<T> {
    Loading,
    Failed(ApiError),
    Ready(T),
}

/// Data fetched again whenever its source changes.
pub struct Remote<T: Send + Sync + 'static> {
    pub state: ReadSignal<Load<T>>,
    /// A request is on its way (the state may still show older data).
    pub pending: ReadSignal<bool>,
    again: RwSignal<u64>,
}

impl<T: Send + Sync + 'static> Clone for Remote<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Remote<T> {}

impl<T: Clone + Send + Sync + 'static> Remote<T> {
    /// Runs `fetch(source())` now and after every change of `source`.
    pub fn new<S, F, Fut>(source: Memo<S>, fetch: F) -> Self
    where
        S: Clone + PartialEq + Send + Sync + 'static,
        F: Fn(S) -> Fut + 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let (state, set_state) = signal(Load::Loading);
        let (pending, set_pending) = signal(true);
        let generation = StoredValue::new(0_u64);
        let again = RwSignal::new(0_u64);
        Effect::new(move |_| {
            again.track();
            let input = source.get();
            let this = generation.get_value().wrapping_add(1);
            generation.set_value(this);
            set_pending.set(true);
            let request = fetch(input);
            spawn_local(async move {
                let result = request.await;
                // A newer request superseded this one, or the view is gone.
                if generation.try_get_value() != Some(this) {
                    return;
                }
                let _ = set_state.try_set(match result {
                    Ok(value) => Load::Ready(value),
                    Err(e) => Load::Failed(e),
                });
                let _ = set_pending.try_set(false);
            });
        });
        Self { state, pending, again }
    }

    /// Fetches again with the same source (after a save, or a conflict).
    pub fn refetch(&self) {
        self.again.update(|n| *n = n.wrapping_add(1));
    }
}

impl<T> Load<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Load<U> {
        match self {
            Self::Loading => Load::Loading,
            Self::Failed(e) => Load::Failed(e),
            Self::Ready(value) => Load::Ready(f(value)),
        }
    }

    pub fn ready(&self) -> Option<&T> {
        match self {
            Self::Ready(value) => Some(value),
            _ => None,
        }
    }
}
