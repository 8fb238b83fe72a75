//! The reporting chain (上报): village monthly reports to the town, the
//! town's quarterly ledger (信息台账) to the district, as frozen snapshots
//! with the changes since the last accepted report, decided by the tier
//! above. Domain logic only: the GraphQL layer is `graphql::report`, the
//! permission decisions are `policy::reports` and `policy::scope::reports`.

pub mod deadline;
pub mod export;
pub mod period;
pub mod query;
pub mod snapshot;
pub mod workflow;
pub mod xlsx;
