//! `GET /reports/{id}.xlsx` with the same Bearer token as `/graphql`.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use uuid::Uuid;

use super::{REQUEST_ID, authenticate, bearer, error_response};
use crate::{auth::actor::RequestMeta, error::AppError, graphql::AppState, reports::export};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub async fn xlsx(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Response {
    let Some(id) = file.strip_suffix(".xlsx").and_then(|s| Uuid::parse_str(s).ok()) else {
        return error_response(StatusCode::NOT_FOUND, AppError::NotFound);
    };
    let meta = RequestMeta {
        request_id: headers.get(REQUEST_ID).and_then(|v| v.to_str().ok()).map(str::to_owned),
        ip: Some(peer.ip().to_string()),
    };
    let Some(token) = bearer(&headers) else {
        return error_response(StatusCode::UNAUTHORIZED, AppError::Unauthenticated);
    };
    let actor = match authenticate(&state, token, meta).await {
        Ok(actor) => actor,
        Err(err) => return error_response(StatusCode::UNAUTHORIZED, err),
    };
    // Held to the caller's jurisdiction by the database too, like /graphql.
    let db = crate::db::Db::scoped(&state.db, &state.system, crate::policy::scope::rows(&actor));
    let exported = export::export(&db, &actor, id).await;
    if let Err(err) = db.close().await {
        tracing::warn!(error = %err, "could not end an export's read transaction");
    }
    match exported {
        Ok(file) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, XLSX.to_owned()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", file.file_name)),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            file.bytes,
        )
            .into_response(),
        Err(err) => {
            let status = match err {
                AppError::NotFound => StatusCode::NOT_FOUND,
                AppError::Forbidden => StatusCode::FORBIDDEN,
                AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            error_response(status, err)
        }
    }
}
