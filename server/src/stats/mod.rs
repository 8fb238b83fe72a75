//! Aggregate figures (`stats`): the counts of a region's subtree, loaded
//! once per request and summed per child region, and the suppression of
//! small counts for dashboards (`suppress`). The GraphQL layer is
//! `graphql::stats`.

pub mod counts;
pub mod suppress;
