//! Building and running the server: database, schema, router, listener.

use std::{net::SocketAddr, sync::Arc};

use anyhow::Context as _;
use tokio::net::TcpListener;

use crate::{
    auth::jwt::JwtKeys,
    config::Settings,
    db,
    graphql::{self, AppState},
    http,
};

/// A server bound to its port, ready to run.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    pub state: AppState,
}

impl Application {
    /// Connects, migrates and binds. Port 0 picks a free port (tests).
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let conn = db::connect(&settings.database_url).await?;
        db::migrate(&conn).await?;
        Self::build_with(settings, conn).await
    }

    /// Like [`Application::build`] on an existing, migrated connection.
    pub async fn build_with(settings: Settings, conn: sea_orm::DatabaseConnection) -> anyhow::Result<Self> {
        crate::audit::install_fingerprint_key(&settings.jwt_secret);
        let system = db::system_pool(&conn).await?;
        let state =
            AppState { db: conn, system, jwt: JwtKeys::new(&settings.jwt_secret)?, settings: Arc::new(settings) };
        let schema = graphql::build_schema(Some(state.clone()), state.settings.mode.exposes_dev_tools());
        let router = http::router(state.clone(), schema);
        let listener =
            TcpListener::bind(state.settings.bind).await.with_context(|| format!("binding {}", state.settings.bind))?;
        Ok(Self { listener, router, state })
    }

    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// Serves until Ctrl-C or SIGTERM, letting in-flight requests finish.
    pub async fn run(self) -> anyhow::Result<()> {
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service).with_graceful_shutdown(shutdown_signal()).await.context("serving")
    }

    /// Serves until the returned future is dropped (tests).
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service).await.context("serving")
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::warn!(%err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(err) => {
                tracing::warn!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
