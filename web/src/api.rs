//! Every GraphQL request the app makes: `POST /graphql` with a JSON body
//! `{query, variables, operationName}` and, once signed in,
//! `Authorization: Bearer <jwt>`. This file is the transport and its
//! errors; the documents are all in `queries` (checked against the schema
//! by `contract`), the functions that send them beside it, one file per
//! domain.

pub mod admin;
pub mod alerts;
pub mod audit;
pub mod care;
pub mod households;
pub mod people;
pub mod queries;
pub mod regions;
pub mod relatives;
pub mod reports;
pub mod spot_checks;

#[cfg(test)]
mod contract;

use std::fmt;

use gloo_net::http::Request;
use leptos::logging;
use serde_json::Value;

use crate::json::{self, FromJson, ToJson};
use crate::model::{AuthPayload, Connection};
use queries::Query;

const ENDPOINT: &str = "/graphql";

/// Rows per page of a table unless the user picks another size.
pub const PAGE_SIZE: u32 = 50;
/// Rows per request when loading everything (map points); the server's cap.
pub const BULK_PAGE_SIZE: u32 = 100;

/// `extensions.code` of a GraphQL error (see API.md).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    Validation,
    Conflict,
    RateLimited,
    Internal,
    /// A code this bundle does not know, or none at all.
    Other(String),
}

impl ErrorCode {
    fn parse(code: Option<&str>) -> Self {
        match code {
            Some("UNAUTHENTICATED") => Self::Unauthenticated,
            Some("FORBIDDEN") => Self::Forbidden,
            Some("NOT_FOUND") => Self::NotFound,
            Some("VALIDATION") => Self::Validation,
            Some("CONFLICT") => Self::Conflict,
            Some("RATE_LIMITED") => Self::RateLimited,
            Some("INTERNAL") => Self::Internal,
            other => Self::Other(other.unwrap_or_default().to_owned()),
        }
    }
}

/// A server message as a stable code with parameters (see README.md, "Errors").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub code: String,
    pub params: Vec<(String, String)>,
}

impl Message {
    fn parse(code: Option<&Value>, params: Option<&Value>) -> Option<Self> {
        let code = code?.as_str()?.to_owned();
        let params = match params {
            Some(Value::Object(params)) => params.iter().map(|(k, v)| (k.clone(), text(v))).collect(),
            _ => Vec::new(),
        };
        Some(Self { code, params })
    }
}

/// Why a request gave no data. `Display` is the localized message for users.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The server answered with a GraphQL error; the first one is kept.
    Graphql {
        code: ErrorCode,
        /// `extensions.fields` of a `VALIDATION` error: field → message,
        /// the server's Chinese text.
        fields: Vec<(String, String)>,
        /// `extensions.messages`: field → the same message as a code, which
        /// is what is shown, in the user's language.
        messages: Vec<(String, Message)>,
        /// `extensions.messageCode` and `params`, e.g. of a `CONFLICT`.
        message: Option<Message>,
    },
    /// No answer at all: offline, server down.
    Network,
    /// An answer that is not GraphQL, e.g. a proxy's error page.
    Http(u16),
    /// A GraphQL answer that does not fit the query: client and server disagree.
    Decode,
}

impl ApiError {
    pub fn code(&self) -> Option<&ErrorCode> {
        match self {
            Self::Graphql { code, .. } => Some(code),
            _ => None,
        }
    }

    pub fn is_unauthenticated(&self) -> bool {
        self.code() == Some(&ErrorCode::Unauthenticated)
    }

    pub fn is_conflict(&self) -> bool {
        self.code() == Some(&ErrorCode::Conflict)
    }

    /// The message for one input field, in the user's language.
    pub fn field(&self, name: &str) -> Option<String> {
        self.field_messages().into_iter().find(|(f, _)| f == name).map(|(_, m)| m)
    }

    /// Every field's message, in the user's language where the bundle
    /// knows its code, else as the server wrote it.
    pub fn field_messages(&self) -> Vec<(String, String)> {
        let Self::Graphql { fields, messages, .. } = self else { return Vec::new() };
        let t = crate::i18n::texts();
        fields
            .iter()
            .map(|(field, text)| match messages.iter().find(|(f, _)| f == field) {
                Some((_, message)) => (field.clone(), t.server_message(message, text)),
                None => (field.clone(), text.clone()),
            })
            .collect()
    }

    /// `extensions.messageCode` with its parameters, if the error has one.
    pub fn message(&self) -> Option<&Message> {
        match self {
            Self::Graphql { message, .. } => message.as_ref(),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::i18n::texts().error_message(self))
    }
}

impl std::error::Error for ApiError {}

/// Signs in; the caller keeps the payload as the session.
pub async fn login(username: String, password: String) -> Result<AuthPayload, ApiError> {
    let vars = json::object(vec![("username", username.to_json()), ("password", password.to_json())]);
    execute(&queries::LOGIN, vars, None).await
}

/// A lookup by id where a malformed id (a mistyped deep link) counts as
/// missing, which is what the user needs to hear.
pub(crate) fn missing_if_bad_id<T>(result: Result<Option<T>, ApiError>) -> Result<Option<T>, ApiError> {
    match result {
        Err(e) if e.code() == Some(&ErrorCode::Validation) && e.field("id").is_some() => Ok(None),
        other => other,
    }
}

/// One page of a connection with its nodes left as JSON. For read-only
/// tables that show text (users, API tokens, the audit log): they share
/// this decoder and, through it, one instantiation of the fetching and
/// table code, where a typed row each cost several KB of bundle.
/// `variables` is a JSON object.
pub async fn page_of_values(
    token: Option<String>,
    query: &'static Query<Connection<Value>>,
    variables: Value,
) -> Result<Connection<Value>, ApiError> {
    execute(query, variables, token).await
}

/// A string field of a JSON node, `""` when absent; `path` may go down
/// (`region.name`).
pub fn field<'a>(node: &'a Value, path: &str) -> &'a str {
    path.split('.').try_fold(node, |v, key| v.get(key)).and_then(Value::as_str).unwrap_or_default()
}

/// The `data` of an answer.
struct Data {
    operation: &'static str,
    value: Value,
}

impl Data {
    /// `data[root]` as `T` (all of `data` for `""`); a shape that does not
    /// fit means client and server disagree.
    fn read<T: FromJson>(&self, root: &'static str) -> Result<T, ApiError> {
        let decoded = if root.is_empty() { T::from_json(&self.value) } else { json::field(&self.value, root) };
        decoded.map_err(|json::Mismatch(at)| {
            // The field only: the value can be personal data.
            logging::error!("{}: unexpected answer at `{at}`", self.operation);
            ApiError::Decode
        })
    }
}

/// Runs one operation: `POST /graphql`, and the answer read as the query
/// says, or why there is none. The request itself is not generic, so the
/// bundle holds one copy of it.
pub(crate) async fn execute<T: FromJson>(
    query: &Query<T>,
    variables: Value,
    token: Option<String>,
) -> Result<T, ApiError> {
    let body = request_body(query.name(), query.text(), variables);
    send(query.name(), &body, token.as_deref(), None).await?.read(query.root())
}

/// Like [`execute`], for a mutation that creates a record (a visit, a
/// person, an account, a token), under an `Idempotency-Key`: when the
/// answer is lost (a phone on a bad line) the request is sent again a few
/// times with the same key, and the server answers a repeat with the first
/// result instead of making a second record. If it is still lost, a save of
/// the very same form reuses the key; any other save gets a fresh one.
pub(crate) async fn execute_once<T: FromJson>(
    query: &Query<T>,
    variables: Value,
    token: Option<String>,
) -> Result<T, ApiError> {
    let body = request_body(query.name(), query.text(), variables);
    send_once(query.name(), body, token).await?.read(query.root())
}

async fn send_once(operation: &'static str, body: String, token: Option<String>) -> Result<Data, ApiError> {
    let key = UNANSWERED
        .with_borrow(|last| last.as_ref().filter(|(sent, _)| *sent == body).map(|(_, key)| key.clone()))
        .unwrap_or_else(|| idempotency_key(js_sys::Date::now(), js_sys::Math::random(), js_sys::Math::random()));
    let mut result = send(operation, &body, token.as_deref(), Some(&key)).await;
    for pause in RETRY_PAUSES_MS {
        if !outcome_unknown(&result) {
            break;
        }
        sleep(pause).await;
        result = send(operation, &body, token.as_deref(), Some(&key)).await;
    }
    UNANSWERED.set(outcome_unknown(&result).then_some((body, key)));
    result
}

/// Pauses before each resend of a create whose answer was lost.
const RETRY_PAUSES_MS: [i32; 2] = [1_000, 3_000];

thread_local! {
    /// The last create whose answer never came, and its key: the body as
    /// sent, kept in memory only until the next create.
    static UNANSWERED: std::cell::RefCell<Option<(String, String)>> = const { std::cell::RefCell::new(None) };
}

/// Whether the server may have done it without our knowing: no answer, a
/// gateway's or the server's timeout page, or the same key still running.
fn outcome_unknown(result: &Result<Data, ApiError>) -> bool {
    matches!(result, Err(ApiError::Network | ApiError::Http(_)))
        || result.as_ref().err().is_some_and(ApiError::is_conflict)
}

/// A new key from the time and two random numbers. It needs to be unique
/// among this user's requests (the server keeps keys per user), not secret.
fn idempotency_key(now_ms: f64, a: f64, b: f64) -> String {
    let bits = |x: f64| (x * 4_503_599_627_370_496.0) as u64; // 2^52: all of a double's random bits
    format!("{:011x}-{:013x}-{:013x}", now_ms as u64, bits(a), bits(b))
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let timer = web_sys::window().map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms));
        if !matches!(timer, Some(Ok(_))) {
            // No timer to wait on: resend at once rather than never.
            drop(resolve.call0(&wasm_bindgen::JsValue::NULL));
        }
    });
    // The promise only ever resolves.
    drop(wasm_bindgen_futures::JsFuture::from(promise).await);
}

fn request_body(operation: &'static str, query: &str, variables: Value) -> String {
    json::object(vec![
        ("query", Value::String(query.to_owned())),
        ("variables", variables),
        ("operationName", Value::String(operation.to_owned())),
    ])
    .to_string()
}

async fn send(operation: &'static str, body: &str, token: Option<&str>, key: Option<&str>) -> Result<Data, ApiError> {
    let mut request = Request::post(ENDPOINT).header("Content-Type", "application/json");
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    let response = request
        .body(body.to_owned())
        .map_err(|e| {
            logging::error!("{operation}: cannot build the request: {e}");
            ApiError::Decode
        })?
        .send()
        .await
        .map_err(|e| {
            logging::warn!("{operation}: no answer: {e}");
            ApiError::Network
        })?;
    let (status, ok) = (response.status(), response.ok());
    let text = response.text().await.map_err(|e| {
        logging::warn!("{operation}: answer cut off: {e}");
        ApiError::Network
    })?;
    // GraphQL-over-HTTP may answer errors with a 4xx status and a GraphQL
    // body, so the body decides; the status only explains an unreadable one.
    let parsed: Value = match serde_json::from_str(&text) {
        Ok(parsed @ Value::Object(_)) => parsed,
        Err(_) | Ok(_) if !ok => return Err(ApiError::Http(status)),
        Err(e) => {
            // Position and kind only: the message can quote personal data.
            logging::error!("{operation}: unexpected answer ({:?} at {}:{})", e.classify(), e.line(), e.column());
            return Err(ApiError::Decode);
        }
        Ok(_) => {
            logging::error!("{operation}: unexpected answer (not an object)");
            return Err(ApiError::Decode);
        }
    };
    // Hidden fields arrive as nulls, which the models take as "not shown";
    // any other error means the answer cannot be trusted as a whole.
    let mut parsed = parsed;
    // Taken, not cloned: a page of the map's points is large.
    let data = parsed.get_mut("data").map(Value::take).filter(Value::is_object);
    let errors = parsed.get("errors").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    if let Some(first) = errors.iter().find(|e| data.is_none() || !is_hidden_field(e)) {
        return Err(graphql_error(first));
    }
    match data {
        Some(value) => Ok(Data { operation, value }),
        None => {
            logging::error!("{operation}: an answer with neither data nor errors");
            Err(ApiError::Decode)
        }
    }
}

/// The error of a failed answer that is not a GraphQL answer's data (a
/// download): the body's first GraphQL error, else the HTTP status.
pub(crate) fn error_of_answer(status: u16, body: &str) -> ApiError {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let first = parsed.as_ref().and_then(|p| p.get("errors")?.as_array()?.first());
    first.map_or(ApiError::Http(status), graphql_error)
}

/// A field the role may not read: the server answers `null` at that
/// path plus this error, and the rest of the data still stands.
fn is_hidden_field(error: &Value) -> bool {
    error.get("path").and_then(Value::as_array).is_some_and(|p| p.len() > 1) && code(error) == Some("FORBIDDEN")
}

fn code(error: &Value) -> Option<&str> {
    error.get("extensions")?.get("code")?.as_str()
}

fn graphql_error(error: &Value) -> ApiError {
    let ext = error.get("extensions");
    let fields = match ext.and_then(|x| x.get("fields")) {
        Some(Value::Object(fields)) => fields.iter().map(|(field, message)| (field.clone(), text(message))).collect(),
        _ => Vec::new(),
    };
    let messages = match ext.and_then(|x| x.get("messages")) {
        Some(Value::Object(messages)) => messages
            .iter()
            .filter_map(|(field, m)| Some((field.clone(), Message::parse(m.get("code"), m.get("params"))?)))
            .collect(),
        _ => Vec::new(),
    };
    let message = ext.and_then(|x| Message::parse(x.get("messageCode"), x.get("params")));
    ApiError::Graphql { code: ErrorCode::parse(code(error)), fields, messages, message }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{ApiError, ErrorCode, error_of_answer, idempotency_key};

    #[test]
    fn a_refused_download_says_why_and_an_unreadable_one_gives_its_status() {
        // What `GET /exports/…` answers over the cap.
        let body = r#"{"errors":[{"message":"导出最多200000行","extensions":{"code":"VALIDATION",
            "fields":{"filter":"导出最多200000行，符合条件的有200001行"},
            "messages":{"filter":{"code":"EXPORT_TOO_MANY_ROWS","params":{"max":200000,"rows":200001}}}}}]}"#;
        let error = error_of_answer(400, body);
        assert_eq!(error.code(), Some(&ErrorCode::Validation));
        let ApiError::Graphql { fields, messages, .. } = &error else { panic!("{error:?}") };
        assert_eq!(fields, &[("filter".to_owned(), "导出最多200000行，符合条件的有200001行".to_owned())]);
        assert_eq!(messages[0].1.code, "EXPORT_TOO_MANY_ROWS");
        assert_eq!(error_of_answer(502, "<html>Bad Gateway</html>"), ApiError::Http(502));
        assert_eq!(error_of_answer(500, r#"{"errors":[]}"#), ApiError::Http(500));
    }

    #[test]
    fn keys_are_short_visible_ascii_and_differ_with_their_randomness() {
        let a = idempotency_key(1_795_000_000_000.0, 0.25, 0.5);
        let b = idempotency_key(1_795_000_000_000.0, 0.25, 0.500_000_1);

        assert_ne!(a, b);
        assert!(a.len() <= 40 && a.bytes().all(|c| c.is_ascii_hexdigit() || c == b'-'), "{a}");
    }
}
