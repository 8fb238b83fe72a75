//! HTTP surface: `POST /graphql`, GraphiQL in dev/demo, `/healthz`, and the
//! web app for every other path.

use std::{net::SocketAddr, path::Path, time::Duration};

mod body;
mod download;
mod export;
mod headers;
mod import;
mod report;

use async_graphql::http::GraphiQLSource;
use async_graphql_axum::GraphQLResponse;
use axum::{
    Extension, Router,
    extract::{ConnectInfo, State},
    http::{HeaderMap, HeaderName, StatusCode, header},
    response::{Html, IntoResponse, Response},
    routing::get,
};
use tower_http::{
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    services::{ServeDir, ServeFile},
    timeout::TimeoutLayer,
    trace::TraceLayer,
};

use crate::{
    auth::{Actor, actor::RequestMeta, api_token},
    db::Db,
    error::AppError,
    graphql::{AppSchema, AppState, Caller, loaders::Loaders, sensitive::SensitiveReads, spans::Operation},
    policy,
};

/// Largest GraphQL request body accepted; real queries are a few KiB.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Longest a list export or an import may take (`/exports/..`,
/// `/imports/..`); every other request has 30 s.
const EXPORT_TIMEOUT: Duration = Duration::from_secs(300);

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub fn router(state: AppState, schema: AppSchema) -> Router {
    let dev_tools = state.settings.mode.exposes_dev_tools();
    let web = web_app(&state.settings.web_dir);
    let graphql = if dev_tools { get(graphiql).post(graphql_handler) } else { axum::routing::post(graphql_handler) };
    let csp = headers::app_csp(&state.settings.web_dir);
    Router::new()
        .route("/graphql", graphql.layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES)))
        .route("/healthz", get(healthz))
        .route("/reports/{file}", get(report::xlsx))
        .route("/templates/{file}", get(export::template))
        .merge(web)
        .layer(Extension(schema))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        // A whole list of up to 200,000 rows, or a town's ledger, takes
        // longer than any API request should; they get their own, longer
        // limit.
        .merge(
            Router::new()
                .route("/exports/{file}", get(export::xlsx))
                .route("/imports/people", axum::routing::post(import::people))
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, EXPORT_TIMEOUT)),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            // Spans carry method, path and request id: never bodies or
            // query strings, which can hold personal data.
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                tracing::info_span!("http", method = %req.method(), path = %req.uri().path(), request_id = %id)
            }),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(axum::middleware::map_request(drop_unsafe_request_id))
        // Outermost, so that timeouts and refused bodies carry them too.
        .layer(axum::middleware::map_response_with_state(csp, headers::apply))
        .with_state(state)
}

/// A client's `X-Request-Id` is kept only when it is one short, plain
/// token (`[A-Za-z0-9._-]{1,64}`, the audit log's column holds 64); any
/// other is dropped, and the layer inside generates a UUID in its place.
/// A long id made every audited operation fail on PostgreSQL, and an id is
/// copied into logs and audit rows, where markup or control characters
/// have no business.
async fn drop_unsafe_request_id(mut req: axum::extract::Request) -> axum::extract::Request {
    let ids = req.headers().get_all(REQUEST_ID);
    let mut values = ids.iter();
    let safe = match (values.next(), values.next()) {
        (Some(id), None) => is_safe_request_id(id.as_bytes()),
        (None, _) => true,
        (Some(_), Some(_)) => false,
    };
    if !safe {
        req.headers_mut().remove(REQUEST_ID);
    }
    req
}

fn is_safe_request_id(id: &[u8]) -> bool {
    (1..=64).contains(&id.len()) && id.iter().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(b))
}

/// Authenticates the bearer token (if any), then executes the request with
/// the caller and per-request loaders attached; counted in the metrics by
/// operation and outcome.
async fn graphql_handler(
    State(state): State<AppState>,
    Extension(schema): Extension<AppSchema>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body::GraphQLBody(mut request): body::GraphQLBody,
) -> Response {
    use tracing::Instrument as _;
    let started = std::time::Instant::now();
    // The client names it: only a plain name goes into logs and metrics.
    let operation = match operation_name(&mut request) {
        Some(name) if name.len() <= 64 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => name,
        Some(_) => "other".to_owned(),
        None => "anonymous".to_owned(),
    };
    // The operation and the caller's role, never a value of the request.
    let span = tracing::info_span!("graphql", operation = operation.as_str(), role = tracing::field::Empty);
    let request = request.data(Operation(operation.clone()));
    let (response, outcome) = handle(state, schema, peer, headers, request).instrument(span).await;
    crate::metrics::request(Some(&operation), &outcome, started.elapsed());
    response
}

/// The name of the operation a request runs: the one it asks for, or the
/// document's only one.
fn operation_name(request: &mut async_graphql::Request) -> Option<String> {
    if let Some(name) = &request.operation_name {
        return Some(name.clone());
    }
    let doc = request.parsed_query().ok()?;
    match doc.operations.iter().collect::<Vec<_>>().as_slice() {
        [(name, _)] => name.map(|n| n.to_string()),
        _ => None,
    }
}

/// The work of [`graphql_handler`], with the outcome for the metrics: `ok`,
/// or the first error's code.
async fn handle(
    state: AppState,
    schema: AppSchema,
    peer: SocketAddr,
    headers: HeaderMap,
    mut request: async_graphql::Request,
) -> (Response, String) {
    let refused = |status: StatusCode, err: AppError| {
        let outcome = err.code().to_owned();
        (error_response(status, err), outcome)
    };
    let meta = RequestMeta {
        request_id: headers.get(REQUEST_ID).and_then(|v| v.to_str().ok()).map(str::to_owned),
        ip: Some(peer.ip().to_string()),
    };
    let actor = match bearer(&headers) {
        None => None,
        Some(token) => match authenticate(&state, token, meta.clone()).await {
            Ok(actor) => Some(actor),
            Err(err) => return refused(StatusCode::UNAUTHORIZED, err),
        },
    };
    if let Some(actor) = &actor {
        tracing::Span::current().record("role", actor.role.as_str());
    }
    if actor.as_ref().is_some_and(|a| policy::read_only(a.role)) && has_mutation(&mut request) {
        return refused(StatusCode::FORBIDDEN, AppError::Forbidden);
    }
    let reads = std::sync::Arc::new(SensitiveReads::default());
    // The request's statements are held to the caller's jurisdiction by the
    // database too (PostgreSQL row security); an anonymous request gets the
    // bare pool, which sees no registry row there.
    let db = match &actor {
        Some(actor) => Db::scoped(&state.db, &state.system, policy::scope::rows(actor)),
        None => Db::unscoped(&state.db, &state.system),
    };
    if let Some(actor) = &actor {
        request = request.data(Loaders::new(&db, actor)).data(reads.clone());
    }
    request = request.data(Caller { actor: actor.clone(), meta }).data(db.clone());
    let mut response = crate::idempotency::execute(&state, &schema, actor.as_ref(), &headers, request).await;
    // The record of what was read is written first (its write ends the
    // read transaction), then the request's hold on the database ends.
    let flushed = match &actor {
        Some(actor) => reads.flush(&db, actor).await,
        None => Ok(()),
    };
    if let Err(err) = db.close().await {
        // It only read; the answer stands. The connection is dropped.
        tracing::warn!(error = %err, "could not end a request's read transaction");
    }
    if let Err(err) = flushed {
        // Sensitive data read without a record of it must not leave.
        tracing::error!(error = %err, "could not audit sensitive reads; response withheld");
        return refused(StatusCode::INTERNAL_SERVER_ERROR, AppError::internal("audit unavailable"));
    }
    for err in &mut response.errors {
        classify(err);
    }
    let outcome = response.errors.first().map_or_else(
        || "ok".to_owned(),
        |err| match err.extensions.as_ref().and_then(|ext| ext.get("code")) {
            Some(async_graphql::Value::String(code)) => code.clone(),
            _ => "VALIDATION".to_owned(),
        },
    );
    (GraphQLResponse::from(response).into_response(), outcome)
}

/// Errors raised by async-graphql itself (syntax, unknown fields, input
/// coercion such as a malformed date) carry no code; they are all problems
/// with the request, so they become `VALIDATION`, with the argument named
/// when the message names it.
fn classify(err: &mut async_graphql::ServerError) {
    let ext = err.extensions.get_or_insert_with(Default::default);
    if ext.get("code").is_some() {
        return;
    }
    ext.set("code", "VALIDATION");
    if let Some(arg) = err.message.split('"').nth(1).filter(|_| err.message.starts_with("Invalid value for argument")) {
        let mut fields = async_graphql::indexmap::IndexMap::new();
        fields.insert(async_graphql::Name::new(arg), async_graphql::Value::from(err.message.clone()));
        ext.set("fields", async_graphql::Value::Object(fields));
    }
}

async fn authenticate(state: &AppState, token: &str, meta: RequestMeta) -> Result<Actor, AppError> {
    if api_token::looks_like(token) {
        return api_token::authenticate(&state.db, token, meta).await;
    }
    let session = state.jwt.verify(token)?;
    Actor::load(&state.db, session, meta).await
}

/// Whether the document holds a mutation. An unparsable document holds
/// none; execution then reports the syntax error. The document was parsed
/// by [`body::GraphQLBody`], after the nesting limit.
fn has_mutation(request: &mut async_graphql::Request) -> bool {
    use async_graphql::parser::types::OperationType;
    request
        .parsed_query()
        .map(|doc| doc.operations.iter().any(|(_, op)| op.node.ty == OperationType::Mutation))
        .unwrap_or(false)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(str::trim)
}

/// A GraphQL-shaped error for failures before execution, with the same
/// `extensions` (`code`, and `fields` for `VALIDATION`) as any other.
fn error_response(status: StatusCode, err: AppError) -> Response {
    let body = async_graphql::Response::from_errors(vec![err.into_server_error()]);
    (status, axum::Json(body)).into_response()
}

async fn graphiql() -> Response {
    let page = Html(GraphiQLSource::build().endpoint("/graphql").finish());
    ([(header::CONTENT_SECURITY_POLICY, headers::GRAPHIQL_CSP)], page).into_response()
}

async fn healthz(State(state): State<AppState>) -> StatusCode {
    if crate::db::ping(&state.db).await { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE }
}

/// The single-page app: files from `dir`, and `index.html` for any other
/// path so that deep links work. Without a built app, a page saying how to
/// build it.
fn web_app(dir: &Path) -> Router<AppState> {
    let index = dir.join("index.html");
    if index.is_file() {
        Router::new().fallback_service(ServeDir::new(dir).fallback(ServeFile::new(index)))
    } else {
        tracing::warn!(dir = %dir.display(), "web app not built; serving a placeholder");
        Router::new().fallback(get(|| async { (StatusCode::OK, Html(PLACEHOLDER)) }))
    }
}

const PLACEHOLDER: &str = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\">\
<title>留守关爱主动发现平台</title><h1>留守关爱主动发现平台</h1>\
<p>网页应用尚未构建。请运行 <code>cargo xtask demo</code>。</p>\
<p>The web app is not built yet: run <code>cargo xtask demo</code>.</p></html>";
