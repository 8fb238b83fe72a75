//! The reporting chain (台账上报): the status grid, one report with its
//! rows, the workflow steps and the XLSX download. Answers stay JSON
//! values: the page shows text, and a typed decoder per shape would cost
//! the bundle more than the page itself.

use gloo_net::http::Request;
use serde_json::{Value, json};
use wasm_bindgen::JsValue;

use super::queries::{self, Query};
use super::{ApiError, execute};

/// The answer's root as JSON.
async fn one(query: &Query<Value>, vars: Value, token: Option<String>) -> Result<Value, ApiError> {
    execute(query, vars, token).await
}

pub async fn status(token: Option<String>) -> Result<Value, ApiError> {
    one(&queries::REPORT_STATUS, json!({}), token).await
}

pub async fn report(token: Option<String>, id: String) -> Result<Value, ApiError> {
    one(&queries::REPORT, json!({ "id": id }), token).await
}

pub async fn ledgers(token: Option<String>) -> Result<Value, ApiError> {
    one(&queries::LEDGERS, json!({}), token).await
}

/// Prepares a report and answers its id.
pub async fn prepare(token: Option<String>, region: String, period: String) -> Result<String, ApiError> {
    let made = one(&queries::PREPARE_REPORT, json!({ "r": region, "p": period }), token).await?;
    Ok(made["id"].as_str().unwrap_or_default().to_owned())
}

/// A workflow step on a report.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Submit,
    Accept,
    GiveBack,
}

pub async fn step(
    token: Option<String>,
    step: Step,
    id: String,
    version: i64,
    text: Option<String>,
) -> Result<(), ApiError> {
    let query = match step {
        Step::Submit => &queries::SUBMIT_REPORT,
        Step::Accept => &queries::ACCEPT_REPORT,
        Step::GiveBack => &queries::RETURN_REPORT,
    };
    one(query, json!({ "id": id, "v": version, "t": text }), token).await.map(drop)
}

/// Fetches `GET /reports/{id}.xlsx`; see [`fetch_file`].
pub async fn download(token: Option<String>, id: &str, file_name: &str) -> Result<(), ApiError> {
    fetch_file(token, &format!("/reports/{id}.xlsx"), file_name).await
}

/// The query string of `GET /exports/…` for `filters` (the GraphQL
/// filter's fields as JSON): the whole filtered list, not the page on
/// screen. Only text values are sent: every filter the pages set is an id,
/// an enum or a text.
pub fn export_query(filters: &Value) -> String {
    match filters {
        Value::Object(fields) => fields
            .iter()
            .filter_map(|(k, v)| v.as_str().map(|v| format!("{k}={}", js_sys::encode_uri_component(v))))
            .collect::<Vec<_>>()
            .join("&"),
        _ => String::new(),
    }
}

/// Fetches a workbook from `path` with the session's token (a plain link
/// could not carry it) and hands it to the browser as a download.
pub async fn fetch_file(token: Option<String>, path: &str, file_name: &str) -> Result<(), ApiError> {
    let mut request = Request::get(path);
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if !response.ok() {
        // A refusal (an export over the cap, a filter the role may not
        // use) comes as a GraphQL-shaped body: its message is the answer.
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        return Err(super::error_of_answer(status, &body));
    }
    let bytes = response.binary().await.map_err(|_| ApiError::Network)?;
    save(&bytes, file_name).map_err(|_| ApiError::Decode)
}

fn save(bytes: &[u8], file_name: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    crate::csv::offer(&blob, file_name)
}
