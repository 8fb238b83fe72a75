//! `GET /reports/{id}.xlsx` with the same Bearer token as `/graphql`.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use uuid::Uuid;

use super::{
    download::{caller, failure, workbook},
    error_response,
};
use crate::{error::AppError, graphql::AppState, reports::export};

pub async fn xlsx(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Response {
    let Some(id) = file.strip_suffix(".xlsx").and_then(|s| Uuid::parse_str(s).ok()) else {
        return error_response(StatusCode::NOT_FOUND, AppError::NotFound);
    };
    let actor = match caller(&state, peer, &headers).await {
        Ok(actor) => actor,
        Err(refused) => return refused,
    };
    // Held to the caller's jurisdiction by the database too, like /graphql.
    let db = crate::db::Db::scoped(&state.db, &state.system, crate::policy::scope::rows(&actor));
    let exported = export::export(&db, &actor, id).await;
    if let Err(err) = db.close().await {
        tracing::warn!(error = %err, "could not end an export's read transaction");
    }
    match exported {
        Ok(file) => workbook(&file.file_name, file.bytes),
        Err(err) => failure(err),
    }
}
