//! District spot checks (随机抽查, to stop missed and wrong reports): each
//! quarter the district draws a reproducible random sample of households
//! per town, re-visits them and records per person whether the registry
//! was right; the rates per town and the villages answerable for each
//! finding follow, and the town answers each finding (整改) once the round
//! is closed. Domain logic only: the GraphQL layer is `graphql::spot_check`,
//! the permission decisions are `policy::spot_checks`.

pub mod draw;
pub mod query;
pub mod rates;
pub mod record;
pub mod sample;
pub mod workflow;
