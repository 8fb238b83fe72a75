//! Row scope (属地管理): the jurisdiction of a caller as a SQL condition,
//! applied inside every query rather than by filtering after loading.
//!
//! Every row-scope decision lives here, one name each: [`registry`] for
//! personal data, [`audit`] for the audit log, [`key_range`] for the engines
//! that take a range rather than a condition (due visits, statistics), and
//! [`nothing`] for "no row". Code elsewhere never reads an actor's keys, so
//! a change to who sees what is a change to this file.

use entity::{Role, audit_log, region};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait as _, QueryFilter as _};
use uuid::Uuid;

use crate::{auth::Actor, error::AppResult};

/// The caller's jurisdiction, the bound region's subtree, as a key range:
/// for the engines that bound their own SQL by a range (the due-visit
/// sources, the statistics), where a [`Condition`] on one column does not fit.
/// The role is not consulted: those engines sit behind actions that only
/// roles with a jurisdiction may take.
pub fn key_range(actor: &Actor) -> KeyRange {
    KeyRange { lo: actor.key_lo, hi: actor.key_hi }
}

/// Audit entries the caller may read: those of actors bound to a region in
/// the caller's subtree, and those with no actor region (the system, an
/// anonymous caller such as a failed login).
///
/// Entries record the actor's region *code*, not its keys (a region's keys
/// could be recomputed; the log must keep saying who acted from where), so
/// the subtree is a code prefix. Codes are digits only (`region::scope_span`
/// refuses anything else), so the prefix holds no LIKE wildcard to escape.
pub fn audit(actor: &Actor) -> Condition {
    Condition::any()
        .add(audit_log::Column::ActorRegion.starts_with(&actor.region_code))
        .add(audit_log::Column::ActorRegion.is_null())
}

/// The key range of `region_id` if the region is in the caller's subtree,
/// else [`KeyRange::NOTHING`]: a region outside the jurisdiction narrows to
/// no row, exactly like a missing one, so its existence does not leak.
pub async fn region_range(db: &impl ConnectionTrait, actor: &Actor, region_id: Uuid) -> AppResult<KeyRange> {
    let found = region::Entity::find_by_id(region_id).filter(regions(actor, region::Column::KeyLo)).one(db).await?;
    Ok(KeyRange::under(found.as_ref()))
}

/// Rows whose scope key lies under `region_id` (see [`region_range`]): the
/// region filter of the list queries, on top of their own row scope.
pub async fn within_region(
    db: &impl ConnectionTrait,
    actor: &Actor,
    region_id: Uuid,
    scope_key: impl ColumnTrait,
) -> AppResult<Condition> {
    Ok(span(region_range(db, actor, region_id).await?, scope_key))
}

/// Rows of the registry (households, people and everything hanging off
/// them), by their `scope_key` column.
///
/// Admins manage accounts, not families: separation of duties means they
/// see no personal data, so their condition matches nothing.
pub fn registry(actor: &Actor, scope_key: impl ColumnTrait) -> Condition {
    match actor.role {
        Role::Grid | Role::Village | Role::Town | Role::District => span(key_range(actor), scope_key),
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

/// Rows whose scope key lies in `range`: a region's subtree, once the
/// region itself was found in the caller's scope.
pub fn span(range: KeyRange, scope_key: impl ColumnTrait) -> Condition {
    Condition::all().add(scope_key.between(range.lo, range.hi))
}

/// Regions in the caller's subtree, by the region's own `key_lo`. Every
/// role sees the region tree it is bound to; admins need it to bind users.
pub fn regions(actor: &Actor, key_lo: impl ColumnTrait) -> Condition {
    span(key_range(actor), key_lo)
}

/// A condition no row satisfies, portable across databases: the one way
/// "matches nothing" is written, so every such query has the same SQL text.
pub fn nothing(col: impl ColumnTrait) -> Condition {
    // An empty range of i64 like the keys: PostgreSQL caches a statement
    // with its parameter types, and the same SQL text bound with int4 here
    // and int8 elsewhere fails on the next caller ("incorrect binary data
    // format").
    span(KeyRange::NOTHING, col)
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
        Role::Grid | Role::Village | Role::Town | Role::District | Role::Dashboard => key_range(actor),
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

    /// The subtree of a region, for the system's own work on a region it
    /// was told about (the overdue mail, report snapshots).
    pub fn of(region: &region::Model) -> Self {
        Self { lo: region.key_lo, hi: region.key_hi }
    }

    /// The subtree of a region looked up in some scope, or no row when the
    /// lookup found none: outside the jurisdiction reads like missing.
    pub fn under(region: Option<&region::Model>) -> Self {
        region.map_or(Self::NOTHING, Self::of)
    }

    /// Whether a scope key (of a household, person, region, report…) lies
    /// in the range.
    pub fn contains(self, key: i64) -> bool {
        (self.lo..=self.hi).contains(&key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_not_found_in_scope_narrows_to_no_key_at_all() {
        let none = KeyRange::under(None);
        assert_eq!(none, KeyRange::NOTHING);
        assert!(![0, 1, i64::MAX].into_iter().any(|k| none.contains(k)));
        let town = KeyRange { lo: 120116157000000, hi: 120116157999999 };
        assert!(town.contains(town.lo) && town.contains(town.hi) && !town.contains(town.hi + 1));
    }
}
