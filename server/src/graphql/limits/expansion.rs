//! The size of a document once its fragments are expanded, computed from
//! the fragment graph with memoisation, so in time linear in the text.
//!
//! async-graphql's own checks (recursion depth, complexity, overlapping
//! fields) walk every fragment spread anew: `fragment Fi { ...Fi+1 ...Fi+1 }`
//! doubles their work per fragment, and 24 fragments cost seconds of CPU in
//! one poll, which no timeout can interrupt. Measured here first, such a
//! document is refused before any of them runs.

use std::collections::HashMap;

use async_graphql::{
    Name,
    parser::types::{ExecutableDocument, FragmentDefinition, Selection, SelectionSet},
};

/// Why a document was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// More selections after expansion than the limit.
    TooLarge,
    /// Fields, fragments and inline fragments nested deeper than the limit.
    TooDeep,
    /// A fragment that spreads itself, directly or through others.
    Cycle(String),
}

/// Selections and nesting of a selection set after expansion.
#[derive(Clone, Copy)]
struct Cost {
    size: usize,
    height: usize,
}

enum Memo {
    InProgress,
    Done(Cost),
}

/// Checks that the operations and fragment definitions, each expanded,
/// hold at most `max_size` selections together, and that nothing nests
/// deeper than `max_depth` (counted as async-graphql's recursion limit
/// counts). Fragments count on their own too because validation walks
/// every definition, used or not.
pub fn check(doc: &ExecutableDocument, max_size: usize, max_depth: usize) -> Result<(), Refusal> {
    let mut walk = Walk { doc, memo: HashMap::new(), max_size, max_depth };
    let mut total = 0usize;
    for (_, op) in doc.operations.iter() {
        total = total.saturating_add(walk.set(&op.node.selection_set.node, 0)?.size);
    }
    for (name, fragment) in &doc.fragments {
        total = total.saturating_add(walk.fragment(name, &fragment.node, 0)?.size);
    }
    if total > max_size { Err(Refusal::TooLarge) } else { Ok(()) }
}

struct Walk<'a> {
    doc: &'a ExecutableDocument,
    memo: HashMap<&'a Name, Memo>,
    max_size: usize,
    max_depth: usize,
}

impl<'a> Walk<'a> {
    /// The recursion is bounded by `max_depth`: every step down is a level.
    fn set(&mut self, set: &'a SelectionSet, depth: usize) -> Result<Cost, Refusal> {
        if depth > self.max_depth {
            return Err(Refusal::TooDeep);
        }
        let mut cost = Cost { size: 0, height: 0 };
        for item in &set.items {
            let (own, inner) = match &item.node {
                Selection::Field(f) if f.node.selection_set.node.items.is_empty() => (1, None),
                Selection::Field(f) => (1, Some(self.set(&f.node.selection_set.node, depth + 1)?)),
                Selection::InlineFragment(f) => (0, Some(self.set(&f.node.selection_set.node, depth + 1)?)),
                Selection::FragmentSpread(s) => {
                    let name = &s.node.fragment_name.node;
                    match self.doc.fragments.get(name) {
                        Some(fragment) => (0, Some(self.fragment(name, &fragment.node, depth + 1)?)),
                        // Validation reports the unknown fragment.
                        None => (0, None),
                    }
                }
            };
            if let Some(inner) = inner {
                cost.size = cost.size.saturating_add(inner.size);
                cost.height = cost.height.max(inner.height + 1);
            }
            cost.size = cost.size.saturating_add(own);
            if cost.size > self.max_size {
                return Err(Refusal::TooLarge);
            }
        }
        Ok(cost)
    }

    fn fragment(&mut self, name: &'a Name, fragment: &'a FragmentDefinition, depth: usize) -> Result<Cost, Refusal> {
        let cost = match self.memo.get(name) {
            Some(Memo::Done(cost)) => *cost,
            Some(Memo::InProgress) => return Err(Refusal::Cycle(name.to_string())),
            None => {
                self.memo.insert(name, Memo::InProgress);
                let cost = self.set(&fragment.selection_set.node, depth)?;
                self.memo.insert(name, Memo::Done(cost));
                cost
            }
        };
        // A memoised fragment spread deeper than where it was first met.
        if depth + cost.height > self.max_depth {
            return Err(Refusal::TooDeep);
        }
        Ok(cost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_text(query: &str) -> Result<(), Refusal> {
        check(&async_graphql::parser::parse_query(query).unwrap(), 1_000, 32)
    }

    fn doubling(fragments: usize) -> String {
        let mut q = String::from("{ me { ...F0 } }");
        for i in 0..fragments {
            q.push_str(&format!(" fragment F{i} on User {{ ...F{n} ...F{n} }}", n = i + 1));
        }
        q.push_str(&format!(" fragment F{fragments} on User {{ username }}"));
        q
    }

    #[test]
    fn fragments_count_once_per_spread() {
        // 256 in the operation, 511 in the definitions.
        assert_eq!(check_text(&doubling(8)), Ok(()));
        assert_eq!(check_text(&doubling(9)), Err(Refusal::TooLarge));
        assert_eq!(check_text(&doubling(30)), Err(Refusal::TooLarge), "2^30, measured without expanding");
        assert_eq!(check_text(&doubling(64)), Err(Refusal::TooDeep));
    }

    #[test]
    fn cycles_are_refused_even_through_other_fragments() {
        let q = "{ me { ...A } } fragment A on User { ...B } fragment B on User { username ...A }";
        assert_eq!(check_text(q), Err(Refusal::Cycle("A".into())));
        let unused = "{ me { username } } fragment A on User { ...A ...A }";
        assert_eq!(check_text(unused), Err(Refusal::Cycle("A".into())));
    }

    #[test]
    fn depth_counts_through_memoised_fragments() {
        let chain: String = (0..40).map(|i| format!(" fragment C{i} on User {{ ...C{} }}", i + 1)).collect();
        let q = format!("{{ me {{ ...C0 }} }}{chain} fragment C40 on User {{ username }}");
        assert_eq!(check_text(&q), Err(Refusal::TooDeep));
        let q = "{ me { ...D } } fragment D on User { username }";
        assert_eq!(check_text(q), Ok(()));
    }
}
