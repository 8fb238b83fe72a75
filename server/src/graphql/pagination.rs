//! Relay connections over sea-orm selects: keyset pagination by id
//! (UUIDv7, so id order is creation order), `first` capped at 100, a lazily
//! counted `totalCount`.

use crate::db::Db;
use std::{future::Future, pin::Pin, sync::Arc};

use async_graphql::{
    Object,
    connection::{Connection, Edge, EmptyFields},
};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use uuid::Uuid;

use crate::error::{AppError, AppResult};

pub const MAX_PAGE: i32 = 100;
pub const DEFAULT_PAGE: i32 = 20;

pub type Page<N> = Connection<String, N, TotalCount, EmptyFields>;

type CountFuture = Pin<Box<dyn Future<Output = AppResult<u64>> + Send>>;

/// `totalCount`, computed only when a client asks for it.
pub struct TotalCount {
    count: Arc<dyn Fn() -> CountFuture + Send + Sync>,
}

#[Object]
impl TotalCount {
    /// Number of rows matching the filter in the caller's jurisdiction.
    async fn total_count(&self) -> AppResult<u64> {
        (self.count)().await
    }
}

pub fn encode_cursor(id: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(id.as_bytes())
}

pub fn decode_cursor(cursor: &str) -> AppResult<Uuid> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| Uuid::from_slice(&bytes).ok())
        .ok_or_else(|| AppError::invalid("after", "无效的分页游标"))
}

/// The page size to fetch: `first` bounded to 1..=100.
pub fn page_size(first: Option<i32>) -> AppResult<u64> {
    match first {
        None => Ok(DEFAULT_PAGE as u64),
        Some(n) if n < 0 => Err(AppError::invalid("first", "不能为负数")),
        Some(n) => Ok(n.min(MAX_PAGE) as u64),
    }
}

/// One page of `select` (already filtered and scoped), oldest first,
/// mapped to nodes.
pub async fn page<E, N>(
    db: &Db,
    select: Select<E>,
    id: E::Column,
    first: Option<i32>,
    after: Option<String>,
    node: impl Fn(E::Model) -> N,
) -> AppResult<Page<N>>
where
    E: EntityTrait,
    E::Model: Sync,
    E::Column: ColumnTrait,
    N: async_graphql::OutputType,
{
    page_ordered(db, select, id, first, after, node, false).await
}

/// Like [`page`], newest first when `newest_first` (logs, work lists).
pub async fn page_ordered<E, N>(
    db: &Db,
    select: Select<E>,
    id: E::Column,
    first: Option<i32>,
    after: Option<String>,
    node: impl Fn(E::Model) -> N,
    newest_first: bool,
) -> AppResult<Page<N>>
where
    E: EntityTrait,
    E::Model: Sync,
    E::Column: ColumnTrait,
    N: async_graphql::OutputType,
{
    let size = page_size(first)?;
    let counted = select.clone();
    let count_db = db.clone();
    let total = TotalCount {
        count: Arc::new(move || {
            let (select, db) = (counted.clone(), count_db.clone());
            Box::pin(async move { Ok(select.count(&db).await?) })
        }),
    };
    let mut query = if newest_first { select.order_by_desc(id) } else { select.order_by_asc(id) }.limit(size + 1);
    if let Some(cursor) = after {
        let cursor = decode_cursor(&cursor)?;
        query = query.filter(if newest_first { id.lt(cursor) } else { id.gt(cursor) });
    }
    let mut rows = if size == 0 { Vec::new() } else { query.all(db).await? };
    let has_next = rows.len() as u64 > size;
    rows.truncate(size as usize);
    let mut conn = Connection::with_additional_fields(false, has_next, total);
    conn.edges = rows
        .into_iter()
        .map(|row| {
            let cursor = encode_cursor(row_id::<E>(&row, id));
            Edge::new(cursor, node(row))
        })
        .collect();
    Ok(conn)
}

fn row_id<E: EntityTrait>(row: &E::Model, id: E::Column) -> Uuid {
    use sea_orm::ModelTrait as _;
    match row.get(id) {
        sea_orm::Value::Uuid(Some(u)) => u,
        // Every paginated table has a UUID primary key (see the migration).
        _ => Uuid::nil(),
    }
}

/// Query complexity of a connection field: the page size times the cost of
/// one node, so `first: 100` with deep nesting is priced accordingly.
pub fn complexity(first: Option<i32>, child_complexity: usize) -> usize {
    let size = first.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE) as usize;
    size.saturating_mul(child_complexity).saturating_add(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_a_validation_error() {
        let id = Uuid::now_v7();
        assert_eq!(decode_cursor(&encode_cursor(id)).unwrap(), id);
        assert!(matches!(decode_cursor("not a cursor"), Err(AppError::Validation(_))));
    }

    #[test]
    fn page_size_is_capped_and_negative_refused() {
        assert_eq!(page_size(Some(1000)).unwrap(), 100);
        assert_eq!(page_size(None).unwrap(), 20);
        assert!(page_size(Some(-1)).is_err());
    }
}
