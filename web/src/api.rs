//! Every GraphQL request the app makes: `POST /graphql` with a JSON body
//! `{query, variables, operationName}` and, once signed in,
//! `Authorization: Bearer <jwt>`. This file is the transport and its
//! errors; the operations live beside it, one file per domain.

pub mod admin;
pub mod alerts;
pub mod audit;
pub mod care;
pub mod households;
pub mod people;
pub mod regions;

use std::fmt;

use gloo_net::http::Request;
use leptos::logging;
use serde_json::Value;

use crate::json::{self, FromJson, ToJson};
use crate::model::{AuthPayload, Connection};

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

/// Why a request gave no data. `Display` is the localized message for users.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The server answered with a GraphQL error; the first one is kept.
    Graphql {
        code: ErrorCode,
        /// `extensions.fields` of a `VALIDATION` error: field → message.
        fields: Vec<(String, String)>,
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

    /// The message `extensions.fields` gives for one input field.
    pub fn field(&self, name: &str) -> Option<&str> {
        match self {
            Self::Graphql { fields, .. } => fields.iter().find(|(f, _)| f == name).map(|(_, m)| m.as_str()),
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
    const QUERY: &str = "mutation Login($username: String!, $password: String!) {
        login(username: $username, password: $password) {
            token expiresAt
            user { id username displayName role region { id name level } }
        }
    }";
    let vars = json::object(vec![("username", username.to_json()), ("password", password.to_json())]);
    execute("Login", QUERY, vars, None).await?.get("login")
}

/// A lookup by id where a malformed id (a mistyped deep link) counts as
/// missing, which is what the user needs to hear.
pub(crate) fn missing_if_bad_id<T>(result: Result<Option<T>, ApiError>) -> Result<Option<T>, ApiError> {
    match result {
        Err(e) if e.code() == Some(&ErrorCode::Validation) && e.field("id").is_some() => Ok(None),
        other => other,
    }
}

/// One page of a connection, the query's only field, with its nodes left
/// as JSON. For read-only tables that show text (users, API tokens, the
/// audit log): they share this decoder and, through it, one instantiation
/// of the fetching and table code, where a typed row each cost several KB
/// of bundle. `operation` is `(name, query)`; `variables` a JSON object.
pub async fn page_of_values(
    token: Option<String>,
    (name, query): (&'static str, &'static str),
    variables: Value,
) -> Result<Connection<Value>, ApiError> {
    let connection = match execute(name, query, variables, token).await?.value {
        Value::Object(fields) => fields.into_iter().next().map(|(_, v)| v),
        _ => None,
    };
    Connection::from_json(&connection.unwrap_or_default()).map_err(|json::Mismatch(at)| {
        logging::error!("{name}: unexpected answer at `{at}`");
        ApiError::Decode
    })
}

/// A string field of a JSON node, `""` when absent; `path` may go down
/// (`region.name`).
pub fn field<'a>(node: &'a Value, path: &str) -> &'a str {
    path.split('.').try_fold(node, |v, key| v.get(key)).and_then(Value::as_str).unwrap_or_default()
}

/// The `data` of an answer, read field by field.
pub(crate) struct Data {
    operation: &'static str,
    value: Value,
}

impl Data {
    /// `data[key]` as `T`; a shape that does not fit means client and
    /// server disagree.
    pub fn get<T: FromJson>(&self, key: &'static str) -> Result<T, ApiError> {
        json::field(&self.value, key).map_err(|json::Mismatch(at)| {
            // The field only: the value can be personal data.
            logging::error!("{}: unexpected answer at `{at}`", self.operation);
            ApiError::Decode
        })
    }

    /// The whole `data`, for answers with keys made up per request.
    pub fn raw(&self) -> &Value {
        &self.value
    }
}

/// Runs one operation: `POST /graphql`, and the `data` of the answer or
/// why there is none.
pub(crate) async fn execute(
    operation: &'static str,
    query: &str,
    variables: Value,
    token: Option<String>,
) -> Result<Data, ApiError> {
    let mut request = Request::post(ENDPOINT).header("Content-Type", "application/json");
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let body = json::object(vec![
        ("query", Value::String(query.to_owned())),
        ("variables", variables),
        ("operationName", Value::String(operation.to_owned())),
    ]);
    let response = request
        .body(body.to_string())
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

/// A field the role may not read: the server answers `null` at that
/// path plus this error, and the rest of the data still stands.
fn is_hidden_field(error: &Value) -> bool {
    error.get("path").and_then(Value::as_array).is_some_and(|p| p.len() > 1) && code(error) == Some("FORBIDDEN")
}

fn code(error: &Value) -> Option<&str> {
    error.get("extensions")?.get("code")?.as_str()
}

fn graphql_error(error: &Value) -> ApiError {
    let fields = match error.get("extensions").and_then(|x| x.get("fields")) {
        Some(Value::Object(fields)) => fields
            .iter()
            .map(|(field, message)| {
                let message = match message {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (field.clone(), message)
            })
            .collect(),
        _ => Vec::new(),
    };
    ApiError::Graphql { code: ErrorCode::parse(code(error)), fields }
}
