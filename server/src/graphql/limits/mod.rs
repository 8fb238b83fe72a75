//! Request-shape limits that async-graphql has no switch for, checked
//! before async-graphql parses or validates anything: bracket nesting (the
//! parser recurses per bracket), the size of the document with its
//! fragments expanded (validation walks every spread anew), the number of
//! aliases, and refused characters in every string. Depth and complexity
//! limits are set on the schema.
//!
//! Each check costs time linear in the request's size, so no request keeps
//! a worker busy for long in one poll: past these checks the work happens
//! in resolvers, between awaits, where the request timeout can stop it.

pub mod expansion;
pub mod nesting;
pub mod strings;

use std::any::TypeId;

use async_graphql::{
    Request, ServerResult,
    extensions::{ExtensionContext, NextPrepareRequest},
    parser::types::{Selection, SelectionSet},
};

use crate::error::{AppError, AppResult, messages as msg};

/// Aliases let one request repeat an expensive field under many names,
/// sidestepping per-field limits; no real client needs more than this.
pub const MAX_ALIASES: usize = 30;

/// Brackets (`{ [ (`) open at once in a document, or objects and arrays in
/// the variables. The deepest real query (12 levels of fields, arguments
/// with an input object) stays under 20.
pub const MAX_NESTING: usize = 32;

/// async-graphql's recursion limit, shared so both count alike.
pub const MAX_RECURSIVE_DEPTH: usize = 32;

/// Selections of the document with every fragment expanded. The web app's
/// largest query has well under a hundred. Validation still costs time
/// quadratic in this (overlapping-field checks compare siblings); at 2,000
/// the worst document took 0.7 s of CPU in a debug build, at 500 it is
/// about a sixteenth of that.
pub const MAX_SELECTIONS: usize = 500;

/// Marks a request that has passed [`check`], so the extension does not
/// repeat it.
struct Checked;

/// Checks a request's shape before anything parses it, and leaves the
/// parsed document in the request for execution to reuse. A document that
/// does not parse is left alone: execution reports the syntax error.
pub fn check(request: &mut Request) -> AppResult<()> {
    if nesting::graphql_exceeds(&request.query, MAX_NESTING) {
        return Err(AppError::invalid("query", msg::NESTING_TOO_DEEP.with("max", MAX_NESTING)));
    }
    // Variables arrive parsed; a client of the library (not HTTP, which
    // scans the raw body) could still build deep ones.
    if request.variables.iter().any(|(_, v)| value_depth(v, 1) > MAX_NESTING) {
        return Err(AppError::invalid("variables", msg::NESTING_TOO_DEEP.with("max", MAX_NESTING)));
    }
    if let Ok(doc) = async_graphql::parser::parse_query(&request.query) {
        match expansion::check(&doc, MAX_SELECTIONS, MAX_RECURSIVE_DEPTH) {
            Ok(()) => {}
            Err(expansion::Refusal::TooLarge) => {
                return Err(AppError::invalid("query", msg::TOO_MANY_SELECTIONS.with("max", MAX_SELECTIONS)));
            }
            Err(expansion::Refusal::TooDeep) => {
                return Err(AppError::invalid("query", msg::NESTING_TOO_DEEP.with("max", MAX_RECURSIVE_DEPTH)));
            }
            Err(expansion::Refusal::Cycle(name)) => {
                return Err(AppError::invalid("query", msg::FRAGMENT_CYCLE.with("name", name)));
            }
        }
        let aliases: usize = doc
            .operations
            .iter()
            .map(|(_, op)| count_aliases(&op.node.selection_set.node))
            .chain(doc.fragments.values().map(|f| count_aliases(&f.node.selection_set.node)))
            .sum();
        if aliases > MAX_ALIASES {
            return Err(AppError::invalid("query", msg::TOO_MANY_ALIASES.with("max", MAX_ALIASES)));
        }
        strings::check(&doc, &request.variables)?;
        request.set_parsed_query(doc);
    }
    request.data.insert(Checked);
    Ok(())
}

/// Runs [`check`] for any request that reaches the schema without having
/// passed it (the HTTP handler checks first, to read the document itself);
/// run by the schema's one extension (`graphql::extension`).
pub(super) async fn prepare(
    ctx: &ExtensionContext<'_>,
    mut request: Request,
    next: NextPrepareRequest<'_>,
) -> ServerResult<Request> {
    if !request.data.contains_key(&TypeId::of::<Checked>()) {
        check(&mut request).map_err(AppError::into_server_error)?;
    }
    next.run(ctx, request).await
}

fn count_aliases(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(f) => usize::from(f.node.alias.is_some()) + count_aliases(&f.node.selection_set.node),
            Selection::InlineFragment(f) => count_aliases(&f.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

/// Nesting of a variable's value, stopping as soon as it is too deep.
fn value_depth(value: &async_graphql::Value, depth: usize) -> usize {
    use async_graphql::Value;
    if depth > MAX_NESTING {
        return depth;
    }
    let inner = match value {
        Value::List(items) => items.iter().map(|v| value_depth(v, depth + 1)).max(),
        Value::Object(fields) => fields.values().map(|v| value_depth(v, depth + 1)).max(),
        _ => None,
    };
    inner.unwrap_or(depth)
}
