//! Every GraphQL request the app makes: `POST /graphql` with a JSON body
//! `{query, variables, operationName}` and, once signed in,
//! `Authorization: Bearer <jwt>`.

use std::fmt;

use gloo_net::http::Request;
use leptos::logging;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::{AuthPayload, HouseholdPage, Region};

const ENDPOINT: &str = "/graphql";

/// Rows per page of a list; the server caps `first` at 100.
pub const PAGE_SIZE: u32 = 50;

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
    #[derive(Serialize)]
    struct Vars {
        username: String,
        password: String,
    }
    #[derive(Deserialize)]
    struct Data {
        login: AuthPayload,
    }
    let vars = Vars { username, password };
    let data: Data = execute("Login", QUERY, &vars, None).await?;
    Ok(data.login)
}

/// Children of `parent_id`, or the caller's own root region without one.
pub async fn regions(token: Option<String>, parent_id: Option<String>) -> Result<Vec<Region>, ApiError> {
    const QUERY: &str = "query Regions($parentId: ID) {
        regions(parentId: $parentId) { id name level code }
    }";
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Vars {
        parent_id: Option<String>,
    }
    #[derive(Deserialize)]
    struct Data {
        regions: Vec<Region>,
    }
    let data: Data = execute("Regions", QUERY, &Vars { parent_id }, token).await?;
    Ok(data.regions)
}

/// One page of households in `region_id` (all the caller may see without
/// one), starting after the cursor `after`.
pub async fn households(
    token: Option<String>,
    region_id: Option<String>,
    after: Option<String>,
) -> Result<HouseholdPage, ApiError> {
    const QUERY: &str = "query Households($filter: HouseholdFilter, $first: Int, $after: String) {
        households(filter: $filter, first: $first, after: $after) {
            totalCount
            edges { cursor node { id address region { name } economicStatus members { id name } } }
            pageInfo { hasNextPage endCursor }
        }
    }";
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Filter {
        #[serde(skip_serializing_if = "Option::is_none")]
        region_id: Option<String>,
    }
    #[derive(Serialize)]
    struct Vars {
        filter: Filter,
        first: u32,
        after: Option<String>,
    }
    #[derive(Deserialize)]
    struct Data {
        households: HouseholdPage,
    }
    let vars = Vars { filter: Filter { region_id }, first: PAGE_SIZE, after };
    let data: Data = execute("Households", QUERY, &vars, token).await?;
    Ok(data.households)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body<'a, V> {
    query: &'a str,
    variables: &'a V,
    operation_name: &'a str,
}

#[derive(Deserialize)]
struct Response<T> {
    data: Option<T>,
    #[serde(default)]
    errors: Vec<GraphqlError>,
}

#[derive(Deserialize)]
struct GraphqlError {
    #[serde(default)]
    extensions: Map<String, Value>,
}

async fn execute<V, T>(operation: &str, query: &str, variables: &V, token: Option<String>) -> Result<T, ApiError>
where
    V: Serialize,
    T: DeserializeOwned,
{
    let mut request = Request::post(ENDPOINT);
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let body = Body { query, variables, operation_name: operation };
    let response = request
        .json(&body)
        .map_err(|e| {
            logging::error!("{operation}: cannot encode the request: {e}");
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
    let parsed: Response<T> = match serde_json::from_str(&text) {
        Ok(parsed) => parsed,
        Err(_) if !ok => return Err(ApiError::Http(status)),
        Err(e) => {
            // Position and kind only: the message can quote personal data.
            logging::error!("{operation}: unexpected answer ({:?} at {}:{})", e.classify(), e.line(), e.column());
            return Err(ApiError::Decode);
        }
    };
    if let Some(first) = parsed.errors.into_iter().next() {
        return Err(graphql_error(first));
    }
    parsed.data.ok_or(ApiError::Decode)
}

fn graphql_error(error: GraphqlError) -> ApiError {
    let code = ErrorCode::parse(error.extensions.get("code").and_then(Value::as_str));
    let fields = match error.extensions.get("fields") {
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
    ApiError::Graphql { code, fields }
}
