//! Request-shape limits that async-graphql has no switch for: the number of
//! aliased fields. Depth and complexity limits are set on the schema.

use std::sync::Arc;

use async_graphql::{
    ServerError, ServerResult, Variables,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery},
    parser::types::{ExecutableDocument, Selection, SelectionSet},
};

/// Aliases let one request repeat an expensive field under many names,
/// sidestepping per-field limits; no real client needs more than this.
pub const MAX_ALIASES: usize = 30;

pub struct AliasLimit;

impl ExtensionFactory for AliasLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(AliasLimitExtension)
    }
}

struct AliasLimitExtension;

#[async_trait::async_trait]
impl Extension for AliasLimitExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        let mut aliases = 0;
        for (_, op) in doc.operations.iter() {
            aliases += count(&op.node.selection_set.node);
        }
        for fragment in doc.fragments.values() {
            aliases += count(&fragment.node.selection_set.node);
        }
        if aliases > MAX_ALIASES {
            let mut err = ServerError::new(format!("too many aliases (limit {MAX_ALIASES})"), None);
            let mut ext = async_graphql::ErrorExtensionValues::default();
            ext.set("code", "VALIDATION");
            err.extensions = Some(ext);
            return Err(err);
        }
        Ok(doc)
    }
}

fn count(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(f) => usize::from(f.node.alias.is_some()) + count(&f.node.selection_set.node),
            Selection::InlineFragment(f) => count(&f.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}
