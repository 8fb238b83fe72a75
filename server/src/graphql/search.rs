//! Filter helpers shared by the list queries.

use crate::db::Db;
use entity::region;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, sea_query::LikeExpr};
use uuid::Uuid;

use crate::{auth::Actor, error::AppResult, policy::scope, validate};

/// Rows whose scope key lies under `region_id`. A region outside the
/// caller's jurisdiction matches nothing, exactly like a missing one.
pub async fn within_region(
    db: &Db,
    actor: &Actor,
    region_id: Uuid,
    scope_key: impl ColumnTrait,
) -> AppResult<Condition> {
    let region =
        region::Entity::find_by_id(region_id).filter(scope::regions(actor, region::Column::KeyLo)).one(db).await?;
    Ok(match region {
        Some(r) => Condition::all().add(scope_key.between(r.key_lo, r.key_hi)),
        // i64 like the keys (see `policy::scope::nothing`).
        None => Condition::all().add(scope_key.between(1_i64, 0_i64)),
    })
}

/// A search string: trimmed, blank means no filter, bounded length.
pub fn needle(raw: Option<&str>, field: &str) -> AppResult<Option<String>> {
    validate::optional_text(raw, 50).map_err(|m| crate::error::AppError::invalid(field, m))
}

/// The escape character of [`contains`]: not a backslash, whose meaning in a
/// string literal differs between SQLite and PostgreSQL.
const LIKE_ESCAPE: char = '!';

/// `column LIKE '%text%'` with `text` taken literally: `%` and `_` typed by a
/// user are characters to find, not wildcards that widen the search.
pub fn contains(column: impl ColumnTrait, text: &str) -> sea_orm::sea_query::Expr {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | LIKE_ESCAPE) {
            pattern.push(LIKE_ESCAPE);
        }
        pattern.push(c);
    }
    pattern.push('%');
    column.like(LikeExpr::new(pattern).escape(LIKE_ESCAPE))
}
