//! Relay connections over sea-orm selects: keyset pagination, `first`
//! capped at 100, a lazily counted `totalCount`.
//!
//! Registry lists ([`page_scoped`]) are ordered by `(scope_key, id)`: by
//! region (grid or village, in code order), then in registration order
//! (UUIDv7). Their index `(scope_key, id)` serves the jurisdiction's range
//! and the order at once, so every page of any region reads the same few
//! index entries, however the region's rows are spread in id order (a town
//! registered in one go, a bulk import). Ordered by id alone, a page of a
//! region registered late walked the whole primary key before it.
//! Accounts, tokens and the audit log, which have no scope key, page by id
//! ([`page`], [`page_ordered`]).

use crate::db::Db;
use std::{future::Future, pin::Pin, sync::Arc};

use async_graphql::{
    Object,
    connection::{Connection, Edge, EmptyFields},
};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use uuid::Uuid;

use crate::error::{AppError, AppResult, messages as msg};

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
        .ok_or_else(|| AppError::invalid("after", msg::CURSOR_INVALID))
}

/// The cursor of a registry row: its scope key and id.
pub fn encode_scoped_cursor(scope_key: i64, id: Uuid) -> String {
    let mut bytes = [0u8; 24];
    bytes[..8].copy_from_slice(&scope_key.to_be_bytes());
    bytes[8..].copy_from_slice(id.as_bytes());
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn decode_scoped_cursor(cursor: &str) -> AppResult<(i64, Uuid)> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok().filter(|b| b.len() == 24);
    let bytes = bytes.ok_or_else(|| AppError::invalid("after", msg::CURSOR_INVALID))?;
    let (key, id) = bytes.split_at(8);
    let key = i64::from_be_bytes(key.try_into().map_err(|_| AppError::invalid("after", msg::CURSOR_INVALID))?);
    let id = Uuid::from_slice(id).map_err(|_| AppError::invalid("after", msg::CURSOR_INVALID))?;
    Ok((key, id))
}

/// The page size to fetch: `first` bounded to 1..=100.
pub fn page_size(first: Option<i32>) -> AppResult<u64> {
    match first {
        None => Ok(DEFAULT_PAGE as u64),
        Some(n) if n < 0 => Err(AppError::invalid("first", msg::NEGATIVE)),
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
    let total = total_count(db, &select);
    let mut query = if newest_first { select.order_by_desc(id) } else { select.order_by_asc(id) }.limit(size + 1);
    if let Some(cursor) = after {
        let cursor = decode_cursor(&cursor)?;
        query = query.filter(if newest_first { id.lt(cursor) } else { id.gt(cursor) });
    }
    fetch(db, query, size, total, |row| encode_cursor(row_id::<E>(row, id)), node).await
}

/// One page of a registry list (`select` already filtered and scoped),
/// ordered by `(scope, id)`; see the module's comment.
pub async fn page_scoped<E, N>(
    db: &Db,
    select: Select<E>,
    (scope, id): (E::Column, E::Column),
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
    use sea_orm::sea_query::{Expr, ExprTrait as _};
    let size = page_size(first)?;
    let total = total_count(db, &select);
    let mut query = select.order_by_asc(scope).order_by_asc(id).limit(size + 1);
    if let Some(cursor) = after {
        let (key, cursor) = decode_scoped_cursor(&cursor)?;
        // A row comparison, which PostgreSQL reads as one range of the
        // `(scope_key, id)` index (SQLite has row values too).
        query = query.filter(
            Expr::tuple([scope.into_expr(), id.into_expr()]).gt(Expr::tuple([Expr::val(key), Expr::val(cursor)])),
        );
    }
    let cursor = |row: &E::Model| encode_scoped_cursor(row_key::<E>(row, scope), row_id::<E>(row, id));
    fetch(db, query, size, total, cursor, node).await
}

/// Runs the ordered, limited `query` (one row more than `size`, to know
/// whether another page follows) and builds the connection.
async fn fetch<E, N>(
    db: &Db,
    query: Select<E>,
    size: u64,
    total: TotalCount,
    cursor: impl Fn(&E::Model) -> String,
    node: impl Fn(E::Model) -> N,
) -> AppResult<Page<N>>
where
    E: EntityTrait,
    E::Model: Sync,
    N: async_graphql::OutputType,
{
    let mut rows = if size == 0 { Vec::new() } else { query.all(db).await? };
    let has_next = rows.len() as u64 > size;
    rows.truncate(size as usize);
    let mut conn = Connection::with_additional_fields(false, has_next, total);
    conn.edges = rows.into_iter().map(|row| Edge::new(cursor(&row), node(row))).collect();
    Ok(conn)
}

/// `totalCount` of `select`, counted only when asked for.
fn total_count<E>(db: &Db, select: &Select<E>) -> TotalCount
where
    E: EntityTrait,
    E::Model: Sync,
{
    let (counted, count_db) = (select.clone(), db.clone());
    TotalCount {
        count: Arc::new(move || {
            let (select, db) = (counted.clone(), count_db.clone());
            Box::pin(async move { Ok(select.count(&db).await?) })
        }),
    }
}

fn row_key<E: EntityTrait>(row: &E::Model, scope: E::Column) -> i64 {
    use sea_orm::ModelTrait as _;
    match row.get(scope) {
        sea_orm::Value::BigInt(Some(k)) => k,
        // Every scoped table keeps its key as a BIGINT (see the migrations).
        _ => 0,
    }
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
    fn scoped_cursors_round_trip_and_an_id_cursor_is_refused() {
        let id = Uuid::now_v7();
        assert_eq!(
            decode_scoped_cursor(&encode_scoped_cursor(120_116_157_201_001, id)).unwrap(),
            (120_116_157_201_001, id)
        );
        assert!(matches!(decode_scoped_cursor(&encode_cursor(id)), Err(AppError::Validation(_))));
    }

    #[test]
    fn page_size_is_capped_and_negative_refused() {
        assert_eq!(page_size(Some(1000)).unwrap(), 100);
        assert_eq!(page_size(None).unwrap(), 20);
        assert!(page_size(Some(-1)).is_err());
    }
}
