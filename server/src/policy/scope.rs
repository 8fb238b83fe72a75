//! Row scope (属地管理): the jurisdiction of a caller as a SQL condition,
//! applied inside every query rather than by filtering after loading.

use entity::Role;
use sea_orm::{ColumnTrait, Condition};

use crate::auth::Actor;

/// Rows of the registry (households, people and everything hanging off
/// them), by their `scope_key` column.
///
/// Admins manage accounts, not families: separation of duties means they
/// see no personal data, so their condition matches nothing.
pub fn registry(actor: &Actor, scope_key: impl ColumnTrait) -> Condition {
    match actor.role {
        Role::Grid | Role::Village | Role::Town | Role::District => {
            Condition::all().add(scope_key.between(actor.key_lo, actor.key_hi))
        }
        Role::Admin | Role::Dashboard => nothing(scope_key),
    }
}

/// Reports the caller may read, by their region's span: those of regions in
/// the caller's subtree, and for a grid worker those of the village the grid
/// belongs to (the liaison reads what the village reported).
pub fn reports(actor: &Actor) -> Condition {
    use entity::{RegionLevel, report::Column};
    match actor.role {
        Role::Grid => Condition::all()
            .add(Column::Level.eq(RegionLevel::Village))
            .add(Column::KeyLo.lte(actor.key_lo))
            .add(Column::KeyHi.gte(actor.key_hi)),
        Role::Village | Role::Town | Role::District => {
            Condition::all().add(Column::KeyLo.between(actor.key_lo, actor.key_hi))
        }
        Role::Admin | Role::Dashboard => nothing(Column::KeyLo),
    }
}

/// Regions whose reports the caller may ask about: its subtree, and for a
/// grid worker also the village above the grid.
pub fn report_regions(actor: &Actor) -> Condition {
    use entity::{RegionLevel, region::Column};
    let own = regions(actor, Column::KeyLo);
    match actor.role {
        Role::Grid => Condition::any().add(own).add(
            Condition::all()
                .add(Column::Level.eq(RegionLevel::Village))
                .add(Column::KeyLo.lte(actor.key_lo))
                .add(Column::KeyHi.gte(actor.key_hi)),
        ),
        _ => own,
    }
}

/// Rows whose scope key lies in `[lo, hi]`: a region's subtree, once the
/// region itself was found in the caller's scope.
pub fn span(lo: i64, hi: i64, scope_key: impl ColumnTrait) -> Condition {
    Condition::all().add(scope_key.between(lo, hi))
}

/// Regions in the caller's subtree, by the region's own `key_lo`. Every
/// role sees the region tree it is bound to; admins need it to bind users.
pub fn regions(actor: &Actor, key_lo: impl ColumnTrait) -> Condition {
    Condition::all().add(key_lo.between(actor.key_lo, actor.key_hi))
}

/// A condition no row satisfies, portable across databases.
fn nothing(col: impl ColumnTrait) -> Condition {
    // i64 like the keys: PostgreSQL caches a statement with its parameter
    // types, and the same SQL text bound with int4 here and int8 elsewhere
    // fails on the next caller ("incorrect binary data format").
    Condition::all().add(col.between(1_i64, 0_i64))
}

/// The ids of the regions in the caller's subtree, as a subquery, for rows
/// bound to a region by id (accounts, API tokens).
pub fn region_ids(actor: &Actor) -> sea_orm::sea_query::SelectStatement {
    use entity::region;
    use sea_orm::{EntityTrait as _, QueryFilter as _, QuerySelect as _, QueryTrait as _};
    region::Entity::find()
        .select_only()
        .column(region::Column::Id)
        .filter(regions(actor, region::Column::KeyLo))
        .into_query()
}

/// The key range the database itself lets a request's transactions see and
/// write (row-level security on PostgreSQL, see `db::scoped`): the second
/// wall behind [`registry`]. Staff tiers get their jurisdiction; a dashboard
/// token its region, whose rows its aggregate figures count; an admin no
/// row at all.
pub fn rows(actor: &Actor) -> KeyRange {
    match actor.role {
        Role::Grid | Role::Village | Role::Town | Role::District | Role::Dashboard => {
            KeyRange { lo: actor.key_lo, hi: actor.key_hi }
        }
        Role::Admin => KeyRange::NOTHING,
    }
}

/// An inclusive range of `scope_key`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyRange {
    pub lo: i64,
    pub hi: i64,
}

impl KeyRange {
    /// No row: what a caller bound to nothing may see.
    pub const NOTHING: Self = Self { lo: 1, hi: 0 };
    /// Every row: the system's own work (daily jobs, rules re-evaluated
    /// across jurisdictions after a write, the duplicate check).
    pub const ALL: Self = Self { lo: 0, hi: i64::MAX };
}
