//! The schema's one extension: the request limits before a request is
//! executed, and around every field its resolver span (`spans`) with the
//! field policy inside it (`sensitive`).
//!
//! One extension rather than one per concern because async-graphql runs
//! every extension's `resolve` hook, each a boxed future of its own, for
//! every field of every response, including the extensions that only
//! care about the request: a 50-household page resolves about 2,000
//! fields, and three extensions cost three allocations and three dynamic
//! calls for each. The order inside is the order the three had as
//! separate extensions: the span first, so that it covers the field
//! policy's loads.

use std::sync::Arc;

use async_graphql::{
    Request, ServerResult, Value,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest, NextResolve, ResolveInfo},
};

use super::{limits, sensitive, spans};

pub struct Guards;

impl ExtensionFactory for Guards {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(GuardsExtension)
    }
}

struct GuardsExtension;

#[async_trait::async_trait]
impl Extension for GuardsExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        limits::prepare(ctx, request, next).await
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let field = spans::Field {
            path_node: info.path_node,
            parent_type: info.parent_type,
            name: info.name,
            is_for_introspection: info.is_for_introspection,
        };
        spans::around(ctx, field, sensitive::guard(ctx, info, next)).await
    }
}
