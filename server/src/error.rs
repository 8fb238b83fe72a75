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
//! - [`AppError::Internal`]: everything else; the detail is logged, never sent.

use std::collections::BTreeMap;

use async_graphql::ErrorExtensions;

#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    #[error("authentication required")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Validation(BTreeMap<String, String>),
    #[error("{0}")]
    Conflict(String),
    #[error("too many attempts, try again later")]
    RateLimited,
    #[error("internal error")]
    Internal(String),
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
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Validation(BTreeMap::from([(field.to_owned(), message.into())]))
    }

    /// A stale version on an optimistic-locking update.
    pub fn stale() -> Self {
        Self::Conflict("the record was changed by someone else; reload and retry".into())
    }

    pub fn internal(context: impl std::fmt::Display) -> Self {
        Self::Internal(context.to_string())
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        // Unique violations are the one database failure a caller can act on;
        // the constraint name tells which field, the SQL text stays here.
        if let Some(sea_orm::SqlErr::UniqueConstraintViolation(detail)) = err.sql_err() {
            if detail.contains("id_number") {
                return Self::invalid("idNumber", "该身份证号已登记");
            }
            if detail.contains("username") {
                return Self::invalid("username", "用户名已存在");
            }
            return Self::Conflict("a record with the same unique value already exists".into());
        }
        Self::Internal(err.to_string())
    }
}

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        if let AppError::Internal(detail) = &err {
            tracing::error!(error = %detail, "internal error");
        }
        let code = err.code();
        let fields = match &err {
            AppError::Validation(fields) => Some(fields.clone()),
            _ => None,
        };
        async_graphql::Error::new(err.to_string()).extend_with(|_, ext| {
            ext.set("code", code);
            if let Some(fields) = &fields {
                let map: async_graphql::indexmap::IndexMap<async_graphql::Name, async_graphql::Value> = fields
                    .iter()
                    .map(|(k, v)| (async_graphql::Name::new(k), async_graphql::Value::from(v.as_str())))
                    .collect();
                ext.set("fields", async_graphql::Value::Object(map));
            }
        })
    }
}

/// Collects field errors so that one response reports every problem at once.
#[derive(Debug, Default)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.entry(field.to_owned()).or_insert_with(|| message.into());
    }

    /// Records the error of a fallible check under `field`, passing the value on.
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
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
