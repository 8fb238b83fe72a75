//! The GraphQL API: one folder per domain (types, query, mutation, service),
//! merged here into one schema with its safety limits.

pub mod alert;
pub mod api_token;
pub mod audit;
pub mod classification;
pub mod context;
pub mod due;
mod extension;
pub mod household;
pub mod ids;
pub mod limits;
pub mod loaders;
pub mod pagination;
pub mod person;
pub mod reason;
pub mod region;
pub mod relative;
pub mod report;
pub mod scalars;
pub mod sensitive;
pub mod spans;
pub mod spot_check;
pub mod stats;
pub mod user;
pub mod visit;

use async_graphql::{EmptySubscription, MergedObject, Schema};

pub use context::{AppState, Caller};

#[derive(MergedObject, Default)]
pub struct Query(
    user::query::UserQuery,
    region::query::RegionQuery,
    household::query::HouseholdQuery,
    person::query::PersonQuery,
    stats::query::StatsQuery,
    api_token::query::ApiTokenQuery,
    audit::query::AuditQuery,
    visit::query::VisitQuery,
    due::query::DueQuery,
    classification::query::ClassificationQuery,
    alert::query::AlertQuery,
    report::query::ReportQuery,
    spot_check::query::SpotCheckQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    user::mutation::UserMutation,
    household::mutation::HouseholdMutation,
    person::mutation::PersonMutation,
    relative::mutation::RelativeMutation,
    api_token::mutation::ApiTokenMutation,
    visit::mutation::VisitMutation,
    classification::mutation::ClassificationMutation,
    alert::mutation::AlertMutation,
    report::mutation::ReportMutation,
    spot_check::mutation::SpotCheckMutation,
);

pub type AppSchema = Schema<Query, Mutation, EmptySubscription>;

/// Nesting deeper than this is not a real client (household → members →
/// father → household → … is the deepest legitimate shape).
pub const MAX_DEPTH: usize = 12;
/// Roughly: a page of 100 nodes with 20 fields each, twice over.
pub const MAX_COMPLEXITY: usize = 5_000;

/// The schema with its limits. Introspection only outside production (the
/// SDL is published in `server/schema.graphql` instead).
pub fn build_schema(state: Option<AppState>, introspection: bool) -> AppSchema {
    let mut builder = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        // Limits, resolver spans and the field policy, in one (see there).
        .extension(extension::Guards)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(limits::MAX_RECURSIVE_DEPTH)
        .limit_directives(10);
    if !introspection {
        builder = builder.disable_introspection().disable_suggestions();
    }
    if let Some(state) = state {
        builder = builder.data(state);
    }
    builder.finish()
}

/// The schema in SDL, as checked in at `server/schema.graphql`.
pub fn sdl() -> String {
    build_schema(None, true).sdl()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_checked_in_schema_matches_the_code() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
        let checked_in = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            checked_in.trim_end() == super::sdl().trim_end(),
            "server/schema.graphql is stale: run `cargo run -p liushou-server -- schema > server/schema.graphql`"
        );
    }

    #[test]
    fn the_contract_operations_exist() {
        let sdl = super::sdl();
        for op in [
            "login(",
            "createHousehold(",
            "updateHousehold(",
            "addPerson(",
            "updatePerson(",
            "me:",
            "regions(",
            "households(",
            "household(",
            "people(",
            "person(",
            "recordVisit(input: VisitInput!): Visit!",
            "visits(filter: VisitFilter, first: Int, after: String): VisitConnection!",
            "dueVisits(",
            "confirmClassification(id: ID!, careLevel: CareLevel!, note: String): Classification!",
            "rejectClassification(id: ID!, reason: String!): Classification!",
            "classifications(filter: ClassificationFilter, first: Int, after: String): ClassificationConnection!",
        ] {
            assert!(sdl.contains(op), "missing {op}");
        }
    }
}
