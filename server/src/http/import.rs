//! `POST /imports/people?<options>` with the file's bytes as the body and
//! the same Bearer token as `/graphql`. Options: `mode` (`check`, the
//! default, or `commit`), `skipErrors`, `region` (a region code), `sheet`,
//! `mapping` (JSON: header → field), `fileName` (for the report's sake and
//! to tell a CSV by name), `format` (`json`, the default, or `xlsx` for
//! the report as a workbook). Nothing is kept between a check and a
//! commit: the commit sends the file again and is checked again.

use std::net::SocketAddr;

use axum::{
    body::Body,
    extract::{ConnectInfo, Query, State},
    http::{HeaderMap, StatusCode, Uri},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::download::{caller, failure, workbook};
use crate::{
    error::{AppError, messages as msg},
    graphql::AppState,
    imports::{self, MAX_UPLOAD_BYTES, Mapping, Options},
};

#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Mode {
    #[default]
    Check,
    Commit,
}

#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Format {
    #[default]
    Json,
    Xlsx,
}

/// An unknown option is refused: a misspelt `mode` must not commit, nor
/// a misspelt `region` import into the wrong village.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Params {
    #[serde(default)]
    mode: Mode,
    #[serde(default)]
    skip_errors: bool,
    region: Option<String>,
    sheet: Option<String>,
    mapping: Option<String>,
    file_name: Option<String>,
    #[serde(default)]
    format: Format,
}

pub async fn people(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
) -> Response {
    let actor = match caller(&state, peer, &headers).await {
        Ok(actor) => actor,
        Err(refused) => return refused,
    };
    let Query(params) = match Query::<Params>::try_from_uri(&uri) {
        Ok(q) => q,
        Err(e) => {
            return failure(AppError::invalid("options", msg::IMPORT_OPTION_INVALID.with("detail", e.body_text())));
        }
    };
    // Refused before the body is read: a dashboard token must not make the
    // server take in 20 MB.
    let checked = crate::policy::imports::may_check(&actor)
        .and_then(|()| if params.mode == Mode::Commit { crate::policy::imports::may_commit(&actor) } else { Ok(()) });
    if let Err(err) = checked {
        return failure(err);
    }
    let bytes = match axum::body::to_bytes(body, MAX_UPLOAD_BYTES).await {
        Ok(b) => b.to_vec(),
        Err(_) => {
            let err = AppError::invalid("file", msg::IMPORT_FILE_TOO_LARGE.with("max", MAX_UPLOAD_BYTES / 1024 / 1024));
            let mut refused = failure(err);
            *refused.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
            return refused;
        }
    };
    let mapping = match params.mapping.as_deref().map(Mapping::parse).transpose() {
        Ok(m) => m.unwrap_or_default(),
        Err(detail) => {
            return failure(AppError::invalid("mapping", msg::IMPORT_MAPPING_INVALID.with("detail", detail)));
        }
    };
    let options = Options {
        commit: params.mode == Mode::Commit,
        skip_errors: params.skip_errors,
        region: params.region.filter(|r| !r.trim().is_empty()),
        sheet: params.sheet.filter(|s| !s.trim().is_empty()),
        mapping,
        every_row: params.format == Format::Xlsx,
    };
    let file_name = params.file_name.unwrap_or_else(|| "upload".to_owned());
    let db = crate::db::Db::scoped(&state.db, &state.system, crate::policy::scope::rows(&actor));
    let result = imports::run(&db, &actor, &file_name, bytes, &options, &|_| {}).await;
    if let Err(err) = db.close().await {
        tracing::warn!(error = %err, "could not end an import's read transaction");
    }
    match (result, params.format) {
        (Ok(report), Format::Json) => axum::Json(report.to_json()).into_response(),
        (Ok(report), Format::Xlsx) => match report.to_xlsx() {
            Ok(bytes) => workbook("import-report.xlsx", bytes),
            Err(err) => failure(AppError::caused("writing an import report")(err)),
        },
        (Err(err), _) => failure(err),
    }
}
