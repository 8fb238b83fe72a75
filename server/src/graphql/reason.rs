//! `Reason`: a machine-readable reason of the discovery rules with its
//! Chinese label, as classifications and alerts carry them.

use async_graphql::SimpleObject;

use crate::{discovery::reasons as vocabulary, graphql::scalars::Date};

/// One machine-readable reason with its Chinese label.
#[derive(SimpleObject, Clone)]
pub struct Reason {
    /// As stored, e.g. `FATHER_AWAY_SINCE 2025-03-01`.
    pub value: String,
    /// The code without its date, e.g. `FATHER_AWAY_SINCE`.
    pub code: String,
    pub date: Option<Date>,
    /// For staff, in Chinese, e.g. `父亲自2025年3月1日起外出`.
    pub text: String,
}

impl Reason {
    /// A stored reason; one this version cannot parse is shown as is.
    pub fn from_stored(value: String) -> Self {
        match vocabulary::Reason::parse(&value) {
            Some(r) => Self { code: r.code(), date: r.date().map(Date), text: r.label_zh(), value },
            None => Self { code: value.clone(), date: None, text: value.clone(), value },
        }
    }

    pub fn list(json: Option<&serde_json::Value>) -> Vec<Self> {
        json.map(vocabulary::strings).unwrap_or_default().into_iter().map(Self::from_stored).collect()
    }
}
