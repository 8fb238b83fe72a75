//! Opaque ids: UUIDs on the wire as strings; a malformed one is a
//! validation error on the argument that carried it.

use async_graphql::ID;
use uuid::Uuid;

use crate::error::{AppError, AppResult, FieldErrors, messages as msg};

pub fn parse_id(id: &ID, field: &str) -> AppResult<Uuid> {
    Uuid::parse_str(id.as_str()).map_err(|_| AppError::invalid(field, msg::INVALID_ID))
}

/// An optional id parsed into `errors` rather than returned, so that one
/// response names every malformed id of an input at once.
pub fn collect(errors: &mut FieldErrors, id: Option<&ID>, field: &str) -> Option<Uuid> {
    let parsed = Uuid::parse_str(id?.as_str()).ok();
    if parsed.is_none() {
        errors.add(field, msg::INVALID_ID);
    }
    parsed
}

pub fn parse_opt(id: Option<&ID>, field: &str) -> AppResult<Option<Uuid>> {
    id.map(|id| parse_id(id, field)).transpose()
}

pub fn to_id(id: Uuid) -> ID {
    ID(id.to_string())
}
