//! The body of `POST /graphql`, taken apart by hand so that nothing
//! recursive runs before the nesting limits have looked at it.

use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};

use super::error_response;
use crate::{
    error::{AppError, messages as msg},
    graphql::limits::{self, MAX_NESTING, nesting},
};

/// A GraphQL request that is JSON, nests within the limits and passed
/// [`limits::check`].
///
/// Answers: 415 for any other content type (a cross-site `<form>` can post
/// `text/plain` or form data without a CORS preflight; JSON cannot), 400
/// for a body that is not a GraphQL request in JSON, 413 past the body
/// limit. A request that is well-formed JSON but breaks a GraphQL limit is
/// a GraphQL error like a syntax error: 200 with `VALIDATION`, as
/// GraphQL-over-HTTP asks for `application/json` responses.
pub struct GraphQLBody(pub async_graphql::Request);

impl<S: Send + Sync> FromRequest<S> for GraphQLBody {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            let err = AppError::invalid("Content-Type", msg::CONTENT_TYPE_JSON);
            return Err(error_response(StatusCode::UNSUPPORTED_MEDIA_TYPE, err));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(IntoResponse::into_response)?;
        // The request object and `variables` add two levels to a variable's own.
        if nesting::json_exceeds(&bytes, MAX_NESTING + 1) {
            let err = AppError::invalid("variables", msg::NESTING_TOO_DEEP.with("max", MAX_NESTING));
            return Err(error_response(StatusCode::OK, err));
        }
        let mut request: async_graphql::Request = serde_json::from_slice(&bytes).map_err(|_| {
            // serde's message quotes the body, which can hold personal data.
            error_response(StatusCode::BAD_REQUEST, AppError::invalid("body", msg::BODY_NOT_GRAPHQL_JSON))
        })?;
        limits::check(&mut request).map_err(|err| error_response(StatusCode::OK, err))?;
        Ok(Self(request))
    }
}

/// `application/json`, with or without parameters such as `charset`.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_json_media_types_count_as_json() {
        let with = |v: &str| HeaderMap::from_iter([(header::CONTENT_TYPE, v.parse().unwrap())]);
        assert!(is_json(&with("application/json")));
        assert!(is_json(&with("Application/JSON; charset=utf-8")));
        for other in
            ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx"]
        {
            assert!(!is_json(&with(other)), "{other}");
        }
        assert!(!is_json(&HeaderMap::new()));
    }
}
