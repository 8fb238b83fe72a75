//! Secondary suppression for dashboards: which counts must be `null` so that
//! no small count can be worked out from the ones published.
//!
//! Counts from 1 to 4 are hidden (primary suppression, `policy::published_count`).
//! Alone that is undone by subtraction: a village's total minus its
//! published grids gives the hidden grid. Every region's count is the sum of
//! its children's counts plus a *residual* (records kept directly at the
//! region, outside any child), so each region with children is one equation.
//! A dashboard token may ask for any region of its jurisdiction, and sees in
//! each answer the region and its children; across all its answers it can
//! collect every equation of the jurisdiction's tree. The decisions here are
//! therefore made once for the whole tree of the token's region (one set per
//! figure), so every answer hides the same cells.
//!
//! For each equation the unknowns are its hidden cells and the residual when
//! it is not zero (a zero residual is taken as known: most villages keep
//! everything in grids, and an attacker may assume so). An equation is safe
//! when it does not pin a hidden cell down:
//! - it has no unknown, or at least two (one unknown is the equation's
//!   answer), except that a lone residual of 5 or more may be derived;
//! - when all its hidden cells are small counts (1–4) and the residual is
//!   zero, their sum is neither all ones nor all fours (two hidden cells
//!   summing to 2 are both 1).
//!
//! An unsafe equation gets one more hidden cell: the published child with
//! the smallest non-zero count (a zero adds no doubt), or else the region
//! itself, which moves the question to its parent's equation. Repeated to a
//! fixpoint; each round hides one more cell, so it ends. What remains known
//! is the sum of each equation's unknowns, never one hidden count alone.
//! Figures are treated one by one: the dashboard figures share no published
//! equation (a person may hold several categories; shares are published only
//! when both of their counts are).

use std::collections::{BTreeMap, HashMap, HashSet};

use entity::Role;
use uuid::Uuid;

use super::counts::{KeyCounts, sum_in};
use crate::policy;

/// A region of the tree: its id, its parent and its scope-key span.
#[derive(Debug, Clone)]
pub struct Node {
    pub id: Uuid,
    pub parent: Option<Uuid>,
    pub lo: i64,
    pub hi: i64,
}

/// The regions whose count of `counts` a dashboard must not see, for the
/// tree `nodes` (a whole subtree: every node's parent is in it, but for
/// the root).
pub fn suppressed(nodes: &[Node], counts: &KeyCounts) -> HashSet<Uuid> {
    let value: HashMap<Uuid, u64> = nodes.iter().map(|n| (n.id, sum_in(counts, n.lo, n.hi))).collect();
    // Ordered: which complement is picked can depend on the order the
    // equations are visited, and every answer must pick the same.
    let mut children: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
    for n in nodes {
        if let Some(parent) = n.parent.filter(|p| value.contains_key(p)) {
            children.entry(parent).or_default().push(n.id);
        }
    }
    let small = |id: &Uuid| policy::published_count(Role::Dashboard, value[id]).is_none();
    let mut hidden: HashSet<Uuid> = value.keys().filter(|id| small(id)).copied().collect();
    loop {
        let mut changed = false;
        for (parent, kids) in &children {
            if let Some(extra) = complement(*parent, kids, &value, &hidden, small) {
                hidden.insert(extra);
                changed = true;
            }
        }
        if !changed {
            return hidden;
        }
    }
}

/// The cell to hide so that `parent`'s equation becomes safe, or `None`
/// when it is safe (or nothing is left to hide).
fn complement(
    parent: Uuid,
    kids: &[Uuid],
    value: &HashMap<Uuid, u64>,
    hidden: &HashSet<Uuid>,
    small: impl Fn(&Uuid) -> bool,
) -> Option<Uuid> {
    let kids_sum: u64 = kids.iter().map(|k| value[k]).sum();
    let residual = value[&parent].saturating_sub(kids_sum);
    let mut cells: Vec<Uuid> = kids.iter().filter(|k| hidden.contains(k)).copied().collect();
    let parent_hidden = hidden.contains(&parent);
    if parent_hidden {
        cells.push(parent);
    }
    let unknowns = cells.len() + usize::from(residual > 0);
    let safe = match unknowns {
        0 => true,
        // The residual alone is derived; that is harmless unless it is small.
        1 => cells.is_empty() && policy::published_count(Role::Dashboard, residual).is_some(),
        _ => {
            let at_bound = !parent_hidden && residual == 0 && cells.iter().all(&small) && {
                let (n, sum) = (cells.len() as u64, cells.iter().map(|c| value[c]).sum::<u64>());
                sum == n || sum == n * (policy::MIN_PUBLISHED_COUNT - 1)
            };
            !at_bound
        }
    };
    if safe {
        return None;
    }
    let sibling = kids.iter().filter(|k| !hidden.contains(k) && value[k] > 0).min_by_key(|k| (value[k], **k)).copied();
    sibling.or((!parent_hidden).then_some(parent))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A village `1` with grids `2`, `3`, `4` holding `grids` records, and
    /// `residual` records kept at the village itself.
    fn village(grids: [u64; 3], residual: u64) -> (Vec<Node>, KeyCounts) {
        let id = |n: u128| Uuid::from_u128(n);
        let mut nodes = vec![Node { id: id(1), parent: None, lo: 100, hi: 199 }];
        let mut counts = KeyCounts::new();
        counts.insert(100, residual);
        for (i, n) in grids.into_iter().enumerate() {
            let key = 110 + 10 * i as i64;
            nodes.push(Node { id: id(2 + i as u128), parent: Some(id(1)), lo: key, hi: key + 9 });
            counts.insert(key, n);
        }
        (nodes, counts)
    }

    fn hidden_grids(grids: [u64; 3], residual: u64) -> Vec<u128> {
        let (nodes, counts) = village(grids, residual);
        let hidden = suppressed(&nodes, &counts);
        let mut out: Vec<u128> = hidden.iter().map(|id| id.as_u128()).collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn a_lone_small_cell_takes_the_smallest_sibling_with_it() {
        // 4 + 9 + 6 = 19: alone, 19 - 9 - 6 would give the 4 away.
        assert_eq!(hidden_grids([4, 9, 6], 0), [2, 4]);
    }

    #[test]
    fn nothing_is_hidden_when_nothing_is_small() {
        assert!(hidden_grids([5, 9, 0], 0).is_empty());
    }

    #[test]
    fn two_small_cells_at_the_bound_are_not_enough() {
        // 1 + 1 = 2 can only be 1 and 1.
        assert_eq!(hidden_grids([1, 1, 7], 0), [2, 3, 4]);
        // 2 + 3 = 5 could be 1 + 4, 4 + 1, 2 + 3 or 3 + 2.
        assert_eq!(hidden_grids([2, 3, 7], 0), [2, 3]);
    }

    #[test]
    fn with_no_sibling_to_hide_the_total_goes() {
        // The village total (4) is small itself; with a single grid of 4
        // and nothing else, the total hides too.
        assert_eq!(hidden_grids([4, 0, 0], 0), [1, 2]);
        // 6 records outside the grids keep the 3 in doubt: 9 = 3 + 6.
        assert_eq!(hidden_grids([3, 0, 0], 6), [2]);
    }

    #[test]
    fn a_small_residual_is_protected_like_a_cell() {
        // 2 records outside the grids: 17 - 6 - 9 would give them away.
        assert_eq!(hidden_grids([6, 9, 0], 2), [2]);
    }

    #[test]
    fn the_cells_hidden_depend_on_the_counts_not_on_the_order_regions_come_in() {
        // A town (1) of two villages (2, 3), each of two grids (4–7): a
        // single grid of 3 people under village 2 whose sibling is empty,
        // so the village's total goes, and with it something in the town.
        let id = Uuid::from_u128;
        let node = |n: u128, parent: Option<u128>, lo: i64, hi: i64| Node { id: id(n), parent: parent.map(id), lo, hi };
        let mut nodes = vec![
            node(1, None, 1000, 1999),
            node(2, Some(1), 1100, 1199),
            node(3, Some(1), 1200, 1299),
            node(4, Some(2), 1110, 1119),
            node(5, Some(2), 1120, 1129),
            node(6, Some(3), 1210, 1219),
            node(7, Some(3), 1220, 1229),
        ];
        let counts: KeyCounts = [(1110, 3), (1120, 0), (1210, 8), (1220, 9)].into();
        let forward = suppressed(&nodes, &counts);
        nodes.reverse();
        let backward = suppressed(&nodes, &counts);

        assert_eq!(forward, backward);
        assert!(forward.contains(&id(4)) && forward.contains(&id(2)), "{forward:?}");
        assert!(forward.contains(&id(3)) || forward.contains(&id(1)), "the town's equation: {forward:?}");
    }

    #[test]
    fn no_hidden_count_is_the_only_unknown_of_an_equation_nor_at_a_bound() {
        // Every pattern of three grids and a residual from 0 to 6.
        for a in 0..7 {
            for b in 0..7 {
                for c in 0..7 {
                    for r in 0..7 {
                        let (nodes, counts) = village([a, b, c], r);
                        let hidden = suppressed(&nodes, &counts);
                        let unknowns = nodes.iter().filter(|n| hidden.contains(&n.id)).count() + usize::from(r > 0);
                        let case = format!("{a} {b} {c} r{r}: {hidden:?}");
                        assert!(unknowns != 1 || (hidden.is_empty() && r >= 5), "{case}");
                        let cells: Vec<u64> =
                            nodes[1..].iter().filter(|n| hidden.contains(&n.id)).map(|n| counts[&n.lo]).collect();
                        let (n, sum) = (cells.len() as u64, cells.iter().sum::<u64>());
                        let all_small = cells.iter().all(|&v| (1..5).contains(&v));
                        let pinned = n > 0 && all_small && (sum == n || sum == 4 * n);
                        assert!(!(pinned && r == 0 && !hidden.contains(&nodes[0].id)), "{case}");
                    }
                }
            }
        }
    }
}
