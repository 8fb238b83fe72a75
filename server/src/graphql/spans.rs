//! A `tracing` span per resolver that can reach the database, named by
//! field, with the operation and the caller's role — never an argument.
//!
//! [`around`] wraps the resolution of every field outside a list in a
//! `resolver` span with `field` (`Type.field`), `operation`, `role` and, on
//! failure, the error `code`. Which fields:
//!
//! - every field whose path holds no list index. These are the root
//!   queries and mutations, the totals and page info of a connection, a
//!   single record's nested objects: the resolvers that run a query of their
//!   own. Their number is bounded by the document (its depth and complexity
//!   limits), not by the data: `households(first: 50)` costs the same few
//!   spans as `households(first: 5)`.
//! - no field inside a list. A page's rows are plain reads of what the list
//!   query fetched, or loads through the request's data loaders, which batch
//!   them into one statement per loader run in a task of its own, with a
//!   `loader` span (`graphql::loaders`). A span per row field would be 20
//!   spans a row, a thousand for a 50-row page, to time `Household.name`.
//! - no introspection field.
//!
//! async-graphql's own `Tracing` extension is not used: its `parse` span
//! records the whole document with the variables substituted (names, ID
//! numbers, addresses), and it logs every resolver error's message, which
//! can quote a rejected value.

use async_graphql::{QueryPathNode, QueryPathSegment, ServerResult, Value, extensions::ExtensionContext};
use tracing::Instrument as _;

use crate::graphql::Caller;

/// The operation's name as the HTTP handler sanitised it (a plain name,
/// `other` or `anonymous`), attached to each request.
#[derive(Debug, Clone)]
pub struct Operation(pub String);

/// What [`around`] needs to know of the field being resolved.
pub(super) struct Field<'a> {
    pub path_node: &'a QueryPathNode<'a>,
    pub parent_type: &'a str,
    pub name: &'a str,
    pub is_for_introspection: bool,
}

/// `resolution` (the field's resolver, with the field policy around it) in
/// the field's `resolver` span, if it gets one; run by the schema's one
/// extension (`graphql::extension`) for every field.
pub(super) async fn around(
    ctx: &ExtensionContext<'_>,
    field: Field<'_>,
    resolution: impl Future<Output = ServerResult<Option<Value>>>,
) -> ServerResult<Option<Value>> {
    if field.is_for_introspection || field.name.starts_with("__") || in_list(field.path_node) {
        return resolution.await;
    }
    let operation = ctx.data_opt::<Operation>().map_or("anonymous", |o| o.0.as_str());
    let role = ctx.data_opt::<Caller>().and_then(|c| c.actor.as_ref()).map_or("anonymous", |a| a.role.as_str());
    let span = tracing::info_span!(
        "resolver",
        field = %format_args!("{}.{}", field.parent_type, field.name),
        operation,
        role,
        code = tracing::field::Empty,
    );
    let result = resolution.instrument(span.clone()).await;
    if let Err(err) = &result
        && let Some(Value::String(code)) = err.extensions.as_ref().and_then(|ext| ext.get("code"))
    {
        // A code (`NOT_FOUND`, `VALIDATION`), never the message, which
        // can quote the value refused.
        span.record("code", code.as_str());
    }
    result
}

/// Whether the field is resolved for an element of a list.
fn in_list(node: &QueryPathNode<'_>) -> bool {
    std::iter::once(node).chain(node.parents()).any(|n| matches!(n.segment, QueryPathSegment::Index(_)))
}

/// A task of the request's data loaders.
type LoaderTask = std::pin::Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// The spawner of a data loader: each batch runs in a task of its own, in a
/// `loader` span (the loader's name) under the span that asked for it, so
/// that its statement belongs to the request in the logs.
pub fn loader(name: &'static str) -> impl Fn(LoaderTask) -> tokio::task::JoinHandle<()> + Send + Sync + 'static {
    move |task| tokio::spawn(task.instrument(tracing::info_span!("loader", loader = name)))
}
