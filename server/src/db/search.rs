//! Filter helpers shared by the list queries.

//! The region filter, a row-scope decision, is `policy::scope::within_region`.

use sea_orm::{ColumnTrait, sea_query::LikeExpr};

use crate::{error::AppResult, validate};

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
