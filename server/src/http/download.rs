//! What the spreadsheet downloads (`/reports/..`, `/exports/..`,
//! `/templates/..`) share: the caller from the same Bearer token as
//! `/graphql`, the workbook response, and errors as GraphQL-shaped bodies.

use std::net::SocketAddr;

use axum::{
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};

use super::{REQUEST_ID, authenticate, bearer, error_response};
use crate::{
    auth::{Actor, actor::RequestMeta},
    error::AppError,
    graphql::AppState,
};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The authenticated caller, or the 401 to send.
pub async fn caller(state: &AppState, peer: SocketAddr, headers: &HeaderMap) -> Result<Actor, Response> {
    let meta = RequestMeta {
        request_id: headers.get(REQUEST_ID).and_then(|v| v.to_str().ok()).map(str::to_owned),
        ip: Some(peer.ip().to_string()),
    };
    let Some(token) = bearer(headers) else {
        return Err(error_response(StatusCode::UNAUTHORIZED, AppError::Unauthenticated));
    };
    authenticate(state, token, meta).await.map_err(|err| error_response(StatusCode::UNAUTHORIZED, err))
}

/// A workbook as an attachment, never cached (it may hold personal data).
pub fn workbook(file_name: &str, bytes: Vec<u8>) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, XLSX.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// `err` with the status its code calls for.
pub fn failure(err: AppError) -> Response {
    let status = match err {
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::Validation(_) => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    error_response(status, err)
}
