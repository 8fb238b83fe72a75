//! What a keyed request is: a well-formed key, one of the operations that
//! honour it, and a fingerprint of the whole request.

use async_graphql::parser::types::{DocumentOperations, OperationType, Selection};
use axum::http::HeaderMap;

use super::HEADER;
use crate::{
    auth::jwt::JwtKeys,
    error::{AppError, AppResult, Msg, messages as msg},
};

/// Longest key accepted; a UUID is 36 characters.
pub const MAX_KEY_LEN: usize = 128;

/// The mutations a key is honoured on: those that make a new record.
/// Updates carry a `version`, so a repeat is a `CONFLICT`, not a second
/// change. On any other mutation the header is refused: a client must not
/// believe a key makes a retry safe where it does nothing.
pub const OPERATIONS: [&str; 5] = ["createHousehold", "addPerson", "createUser", "createApiToken", "recordVisit"];

fn invalid(message: Msg) -> AppError {
    AppError::invalid(HEADER, message)
}

/// The request's key, `None` without the header. Visible ASCII only: no
/// spaces or control characters, which would end up in logs and the
/// database.
pub fn key(headers: &HeaderMap) -> AppResult<Option<String>> {
    let mut values = headers.get_all(HEADER).iter();
    let Some(value) = values.next() else { return Ok(None) };
    if values.next().is_some() {
        return Err(invalid(msg::IDEMPOTENCY_KEY_REPEATED));
    }
    let bytes = value.as_bytes();
    if bytes.is_empty() {
        return Err(invalid(msg::IDEMPOTENCY_KEY_EMPTY));
    }
    if bytes.len() > MAX_KEY_LEN {
        return Err(invalid(msg::IDEMPOTENCY_KEY_TOO_LONG.with("max", MAX_KEY_LEN)));
    }
    if !bytes.iter().all(|b| (0x21..=0x7e).contains(b)) {
        return Err(invalid(msg::IDEMPOTENCY_KEY_CHARACTERS));
    }
    // Checked above: every byte is visible ASCII.
    Ok(Some(String::from_utf8_lossy(bytes).into_owned()))
}

/// The operation a keyed request runs: `None` for a query (which changes
/// nothing, so the key has nothing to do) or a document execution will
/// refuse anyway (a syntax error, an unknown operation name); the mutation
/// field for a single create or `recordVisit`. Any other mutation is
/// refused, so that no client believes a retry of it is safe when it is not.
pub fn operation(request: &async_graphql::Request) -> AppResult<Option<&'static str>> {
    let Ok(doc) = async_graphql::parser::parse_query(&request.query) else { return Ok(None) };
    let op = match (&doc.operations, request.operation_name.as_deref()) {
        (DocumentOperations::Single(op), _) => op,
        (DocumentOperations::Multiple(ops), Some(name)) => match ops.get(name) {
            Some(op) => op,
            None => return Ok(None),
        },
        (DocumentOperations::Multiple(_), None) => return Ok(None),
    };
    if op.node.ty != OperationType::Mutation {
        return Ok(None);
    }
    let refused = || invalid(msg::IDEMPOTENCY_KEY_OPERATION.with("operations", OPERATIONS.join("、")));
    let [item] = op.node.selection_set.node.items.as_slice() else { return Err(refused()) };
    let Selection::Field(field) = &item.node else { return Err(refused()) };
    if !field.node.directives.is_empty() {
        return Err(refused());
    }
    OPERATIONS.into_iter().find(|o| *o == field.node.name.node.as_str()).map(Some).ok_or_else(refused)
}

/// A keyed hash of the request as sent (operation name, document,
/// variables with their keys sorted). Keyed with the server's token secret,
/// because a `createUser` request holds a password: a plain hash in the
/// database could be brute-forced from the other fields. Rotating the
/// secret ends every session anyway; a key sent before and repeated after
/// it no longer matches and is refused as another request.
pub fn fingerprint(jwt: &JwtKeys, request: &async_graphql::Request) -> AppResult<String> {
    let mut variables = serde_json::to_value(&request.variables).map_err(AppError::caused("serialising a snapshot"))?;
    variables.sort_all_objects();
    let canonical = serde_json::json!([request.operation_name, request.query, variables]);
    jwt.mac(format!("liushou-idempotency:{canonical}").as_bytes())
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(values: &[&[u8]]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in values {
            map.append("idempotency-key", HeaderValue::from_bytes(v).unwrap());
        }
        map
    }

    #[test]
    fn a_uuid_is_a_key_and_no_header_is_none() {
        let uuid = b"0193a1b2-7c3d-7e4f-8a5b-6c7d8e9fa0b1";
        assert_eq!(key(&headers(&[uuid])).unwrap().as_deref(), Some("0193a1b2-7c3d-7e4f-8a5b-6c7d8e9fa0b1"));
        assert_eq!(key(&HeaderMap::new()).unwrap(), None);
    }

    #[test]
    fn malformed_keys_name_the_header() {
        let long = vec![b'a'; MAX_KEY_LEN + 1];
        for bad in [&[][..], b"has space", b"tab\tinside", b"obs\xff", &long, "键".as_bytes()] {
            let Err(AppError::Validation(fields)) = key(&headers(&[bad])) else { panic!("{bad:?} accepted") };
            assert!(fields.contains_key(HEADER), "{bad:?}");
        }
        assert!(key(&headers(&[b"a", b"b"])).is_err(), "two keys");
        assert!(key(&headers(&[&[b'a'; MAX_KEY_LEN]])).is_ok(), "the longest key");
    }

    fn op(query: &str, name: Option<&str>) -> AppResult<Option<&'static str>> {
        let mut request = async_graphql::Request::new(query);
        if let Some(name) = name {
            request = request.operation_name(name);
        }
        operation(&request)
    }

    #[test]
    fn only_a_single_create_or_visit_takes_a_key() {
        assert_eq!(op("mutation { recordVisit(input: {}) { id } }", None).unwrap(), Some("recordVisit"));
        assert_eq!(op("mutation A { addPerson { id } } query B { me { id } }", Some("A")).unwrap(), Some("addPerson"));
        assert_eq!(op("{ me { id } }", None).unwrap(), None, "a query ignores the key");
        assert_eq!(op("mutation {", None).unwrap(), None, "execution reports the syntax error");
        for refused in [
            "mutation { updatePerson(id: 1) { id } }",
            "mutation { login(username: \"a\", password: \"b\") { token } }",
            "mutation { a: createHousehold { id } b: createHousehold { id } }",
            "mutation { ...F } fragment F on Mutation { createHousehold { id } }",
            "mutation { createHousehold @skip(if: true) { id } }",
        ] {
            assert!(op(refused, None).is_err(), "{refused}");
        }
    }
}
