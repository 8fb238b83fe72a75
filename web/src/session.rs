//! The signed-in session: kept in a signal for the views and in
//! `sessionStorage`, so a reload keeps the login and closing the tab ends it.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::json::{FromJson, ToJson};
use crate::model::{AuthPayload, Capabilities, User};

const STORAGE_KEY: &str = "liushou.session";

/// Handle on the session; cheap to copy into every view that needs it.
#[derive(Clone, Copy)]
pub struct Auth {
    session: RwSignal<Option<AuthPayload>>,
    /// Set when the server turned the token down, so the login page can say why.
    expired: RwSignal<bool>,
}

impl Auth {
    /// The session stored by an earlier page load, if still valid.
    pub fn restore() -> Self {
        Self { session: RwSignal::new(load().filter(|s| !is_expired(s))), expired: RwSignal::new(false) }
    }

    pub fn is_signed_in(&self) -> bool {
        self.session.with(Option::is_some)
    }

    pub fn is_expired(&self) -> bool {
        self.expired.get()
    }

    /// The signed-in user, read without subscribing: pages read it once,
    /// and signing out leaves them.
    pub fn user(&self) -> Option<User> {
        self.session.with_untracked(|s| s.as_ref().map(|s| s.user.clone()))
    }

    /// What the signed-in user may do, as the server said at login;
    /// nothing when signed out.
    pub fn can(&self) -> Capabilities {
        self.session.with_untracked(|s| s.as_ref().map(|s| s.user.can.clone()).unwrap_or_default())
    }

    /// The bearer token, read without subscribing: a request should not be
    /// re-sent because the session changed under it.
    pub fn token(&self) -> Option<String> {
        self.session.with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
    }

    pub fn sign_in(&self, session: AuthPayload) {
        save(&session);
        self.expired.set(false);
        self.session.set(Some(session));
    }

    pub fn sign_out(&self) {
        clear();
        self.session.set(None);
    }

    /// Passes a result through, signing out when the server no longer
    /// accepts the token; the protected routes then redirect to `/login`.
    pub fn check<T>(&self, result: Result<T, ApiError>) -> Result<T, ApiError> {
        if let Err(e) = &result
            && e.is_unauthenticated()
        {
            self.expired.set(true);
            self.sign_out();
        }
        result
    }
}

fn storage() -> Option<web_sys::Storage> {
    // No storage (disabled by the browser's privacy settings) only means the
    // login does not survive a reload; the session still lives in memory.
    web_sys::window()?.session_storage().ok().flatten()
}

fn load() -> Option<AuthPayload> {
    // Unreadable or malformed (older bundle): as if there were none.
    let json = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    let value: serde_json::Value = serde_json::from_str(&json).ok()?;
    AuthPayload::from_json(&value).ok()
}

fn save(session: &AuthPayload) {
    let Some(storage) = storage() else { return };
    if storage.set_item(STORAGE_KEY, &session.to_json().to_string()).is_err() {
        leptos::logging::warn!("session not stored: storage refused it");
    }
}

fn clear() {
    if let Some(storage) = storage()
        && storage.remove_item(STORAGE_KEY).is_err()
    {
        leptos::logging::warn!("stored session not removed");
    }
}

/// Whether `expiresAt` has passed. An unparsable date is left for the
/// server to judge.
fn is_expired(session: &AuthPayload) -> bool {
    let expires_at = js_sys::Date::parse(&session.expires_at);
    !expires_at.is_nan() && expires_at <= js_sys::Date::now()
}
