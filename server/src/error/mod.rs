//! The one error type of the server and its mapping to GraphQL errors.
//!
//! Which variant to use:
//! - [`AppError::Unauthenticated`]: no caller, or a token that is bad, expired
//!   or belongs to a deactivated user.
//! - [`AppError::Forbidden`]: the caller is known but the role may not do this.
//! - [`AppError::NotFound`]: missing *or outside the caller's jurisdiction*;
//!   the two must be indistinguishable.
//! - [`AppError::Validation`]: input the caller can fix, with one message per
//!   field.
//! - [`AppError::Conflict`]: a stale `version` or a unique value already taken.
//! - [`AppError::Internal`]: everything else; the detail and its causes are
//!   logged, never sent.
//!
//! Messages to the caller are [`Msg`]s: a stable code with parameters
//! (`extensions.messages`, `extensions.messageCode`) that clients translate,
//! and the Chinese text (`extensions.fields`, `message`) for those that do
//! not. A unique violation is not mapped here but by the write that expects
//! it ([`unique`]).

pub mod messages;
pub mod unique;

use std::{collections::BTreeMap, sync::Arc};

use async_graphql::{ErrorExtensions, Name, Value, indexmap::IndexMap};

pub use messages::Msg;
pub use unique::{Unique, or_taken, unique_violation};

#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    #[error("authentication required")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Validation(BTreeMap<String, Msg>),
    #[error("{0}")]
    Conflict(Msg),
    #[error("too many attempts, try again later")]
    RateLimited,
    /// Shared, so that the error stays `Clone` with its whole chain.
    #[error("internal error")]
    Internal(Arc<anyhow::Error>),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// The stable `extensions.code` clients branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::Validation(_) => "VALIDATION",
            Self::Conflict(_) => "CONFLICT",
            Self::RateLimited => "RATE_LIMITED",
            Self::Internal(_) => "INTERNAL",
        }
    }

    /// A validation error on one field.
    pub fn invalid(field: &str, message: Msg) -> Self {
        Self::Validation(BTreeMap::from([(field.to_owned(), message)]))
    }

    /// A stale version on an optimistic-locking update.
    pub fn stale() -> Self {
        Self::Conflict(messages::STALE_VERSION)
    }

    /// An internal error that is only its description.
    pub fn internal(context: impl std::fmt::Display) -> Self {
        Self::Internal(Arc::new(anyhow::anyhow!("{context}")))
    }

    /// Wraps a failure as an internal error that keeps it as its source,
    /// described by `context`: `.map_err(AppError::caused("…"))`.
    pub fn caused<E>(context: &'static str) -> impl FnOnce(E) -> Self
    where
        E: std::error::Error + Send + Sync + 'static,
    {
        move |err| Self::Internal(Arc::new(anyhow::Error::new(err).context(context)))
    }

    /// The message clients translate for a non-field error.
    fn message(&self) -> Option<&Msg> {
        match self {
            Self::Conflict(m) => Some(m),
            _ => None,
        }
    }
}

impl From<sea_orm::DbErr> for AppError {
    /// Every database failure is internal; a write that expects a unique
    /// violation maps it itself ([`or_taken`]).
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Internal(Arc::new(anyhow::Error::new(err)))
    }
}

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        if let AppError::Internal(source) = &err {
            // `{:#}`: the context and every cause, on one line. Database
            // messages name constraints and columns, not values.
            tracing::error!(error = format!("{source:#}"), "internal error");
        }
        let code = err.code();
        let fields = match &err {
            AppError::Validation(fields) => Some(fields.clone()),
            _ => None,
        };
        let message = err.message().cloned();
        async_graphql::Error::new(err.to_string()).extend_with(|_, ext| {
            ext.set("code", code);
            if let Some(fields) = &fields {
                let texts = fields.iter().map(|(k, m)| (Name::new(k), Value::from(m.zh()))).collect();
                ext.set("fields", Value::Object(texts));
                let coded = fields.iter().map(|(k, m)| (Name::new(k), coded(m))).collect();
                ext.set("messages", Value::Object(coded));
            }
            if let Some(message) = &message {
                ext.set("messageCode", message.code());
                if !message.params().is_empty() {
                    ext.set("params", params(message));
                }
            }
        })
    }
}

/// `{ "code": …, "params": { … } }` of `extensions.messages`.
fn coded(message: &Msg) -> Value {
    Value::Object(IndexMap::from([
        (Name::new("code"), Value::from(message.code())),
        (Name::new("params"), params(message)),
    ]))
}

/// The parameters by name, each as a string.
fn params(message: &Msg) -> Value {
    Value::Object(message.params().iter().map(|(k, v)| (Name::new(k), Value::from(v.as_str()))).collect())
}

/// Collects field errors so that one response reports every problem at once.
#[derive(Debug, Default)]
pub struct FieldErrors(BTreeMap<String, Msg>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: Msg) {
        self.0.entry(field.to_owned()).or_insert(message);
    }

    /// Records the error of a fallible check under `field`, passing the value on.
    pub fn check<T>(&mut self, field: &str, result: Result<T, Msg>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(message) => {
                self.add(field, message);
                None
            }
        }
    }

    pub fn into_result(self) -> AppResult<()> {
        if self.0.is_empty() { Ok(()) } else { Err(AppError::Validation(self.0)) }
    }
}

impl AppError {
    /// The error as async-graphql reports request-level failures (no path,
    /// no location), with the same `extensions` as a resolver's error.
    pub fn into_server_error(self) -> async_graphql::ServerError {
        let err = async_graphql::Error::from(self);
        let mut server = async_graphql::ServerError::new(err.message, None);
        server.extensions = err.extensions;
        server
    }
}

impl AppError {
    /// Names field errors by their place in a larger input
    /// (`changes.0.awaySince`, `visit.kind`), so that a form can show them
    /// where they belong; other errors pass unchanged.
    pub fn within(self, prefix: &str) -> Self {
        match self {
            Self::Validation(fields) => {
                Self::Validation(fields.into_iter().map(|(k, v)| (format!("{prefix}.{k}"), v)).collect())
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("disk full at /var/lib/liushou")]
    struct Cause;

    #[test]
    fn an_internal_error_keeps_its_cause_for_the_log_and_sends_none_of_it() {
        let err = AppError::caused::<Cause>("writing a report workbook")(Cause);
        let AppError::Internal(source) = &err else { panic!("{err:?}") };
        assert_eq!(format!("{source:#}"), "writing a report workbook: disk full at /var/lib/liushou");

        let sent = async_graphql::Error::from(err.clone());
        let ext = format!("{:?}", sent.extensions);
        assert_eq!(sent.message, "internal error");
        assert!(!ext.contains("disk") && !ext.contains("workbook"), "{ext}");
    }

    #[test]
    fn field_messages_carry_the_chinese_text_and_the_code_with_parameters() {
        let sent = async_graphql::Error::from(AppError::invalid("name", messages::TEXT_TOO_LONG.with("max", 50)));
        let ext = sent.extensions.unwrap_or_default();
        let json = serde_json::to_value(ext.get("fields")).unwrap_or_default();
        assert_eq!(json, serde_json::json!({ "name": "不能超过50个字" }));
        let json = serde_json::to_value(ext.get("messages")).unwrap_or_default();
        assert_eq!(json, serde_json::json!({ "name": { "code": "TEXT_TOO_LONG", "params": { "max": "50" } } }));
    }
}
