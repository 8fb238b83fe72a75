//! The tables of Liushou, one module each, plus the enums they store.
//!
//! Entities are plain data: behaviour lives in the server's services, and
//! nothing here is exposed through GraphQL directly. The enums do derive
//! `async_graphql::Enum` so that the stored spelling and the API spelling
//! (SCREAMING_CASE) are one definition and cannot drift apart.

pub mod alert;
pub mod api_token;
pub mod audit_log;
pub mod classification;
pub mod classification_event;
pub mod enums;
pub mod household;
pub mod household_visit_mark;
pub mod idempotency_key;
pub mod job_lease;
pub mod person;
pub mod person_visit_mark;
pub mod record_history;
pub mod region;
pub mod relative;
pub mod report;
pub mod report_deadline;
pub mod report_row;
pub mod spot_check_finding;
pub mod spot_check_item;
pub mod spot_check_round;
pub mod user;
pub mod visit;
pub mod visit_person;
pub mod visit_request;
pub mod visit_schedule;

pub use enums::*;
