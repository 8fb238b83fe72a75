//! What every resolver can reach: shared application state, the caller of
//! this request and the per-request data loaders.

use std::sync::Arc;

use async_graphql::Context;
use sea_orm::DatabaseConnection;

use crate::{
    auth::{Actor, actor::RequestMeta, jwt::JwtKeys},
    config::Settings,
    db::Db,
    error::{AppError, AppResult},
    graphql::loaders::Loaders,
};

/// Shared by all requests; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The requests' pool. On PostgreSQL its sessions set no key range, so
    /// a statement that bypasses the request's [`Db`] sees no registry row.
    pub db: DatabaseConnection,
    /// The system's pool, which sees every row (see `db::system_pool`).
    pub system: DatabaseConnection,
    pub jwt: JwtKeys,
    pub settings: Arc<Settings>,
}

/// Attached to each request by the HTTP handler.
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Option<Actor>,
    pub meta: RequestMeta,
}

pub trait ContextExt {
    fn state(&self) -> &AppState;
    /// The database as this request may see it (`db::Db`): on PostgreSQL
    /// held to the caller's jurisdiction by the database itself too.
    fn db(&self) -> &Db;
    fn caller(&self) -> &Caller;
    /// Batch loaders of this request; they exist only for an authenticated caller.
    fn loaders(&self) -> AppResult<&Loaders>;
    /// The authenticated caller, or `UNAUTHENTICATED`.
    fn actor(&self) -> AppResult<&Actor> {
        self.caller().actor.as_ref().ok_or(AppError::Unauthenticated)
    }
}

impl ContextExt for Context<'_> {
    fn state(&self) -> &AppState {
        // Both are inserted when the schema and the request are built
        // (`graphql::build_schema`, `http::graphql_handler`); their absence is
        // a programming error that no test run could miss.
        #[expect(clippy::expect_used, reason = "inserted at schema build")]
        self.data::<AppState>().expect("AppState in schema data")
    }

    fn db(&self) -> &Db {
        #[expect(clippy::expect_used, reason = "inserted by the HTTP handler")]
        self.data::<Db>().expect("Db in request data")
    }

    fn caller(&self) -> &Caller {
        #[expect(clippy::expect_used, reason = "inserted by the HTTP handler")]
        self.data::<Caller>().expect("Caller in request data")
    }

    fn loaders(&self) -> AppResult<&Loaders> {
        self.data::<Loaders>().map_err(|_| AppError::Unauthenticated)
    }
}
