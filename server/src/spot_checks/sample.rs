//! The draw itself, free of the database: a rank for every household from
//! the seed and the household's id, and the lowest ranks of each town and
//! stratum. A rank depends on nothing but the seed and the id, so the same
//! seed over the same registry gives the same sample whatever order the
//! database returns rows in, and a household registered since changes
//! nothing for the others.

use std::collections::{BTreeMap, BinaryHeap};

use sha2::{Digest as _, Sha256};
use uuid::Uuid;

/// The rank of household `id` under `seed`: SplitMix64 over the seed and
/// the id's two halves, a well-mixed 64-bit value per household.
pub fn rank(seed: i64, id: Uuid) -> u64 {
    let (hi, lo) = id.as_u64_pair();
    mix(mix(mix(seed as u64) ^ hi) ^ lo)
}

fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The `n` households of lowest rank per group, in rank order (ties, which
/// 64 bits make rare, by id). Memory is `n` per group whatever the number
/// of candidates.
pub fn lowest<G: Ord + Copy>(
    seed: i64,
    candidates: impl IntoIterator<Item = (G, Uuid)>,
    n: usize,
) -> BTreeMap<G, Vec<Uuid>> {
    let mut heaps: BTreeMap<G, BinaryHeap<(u64, Uuid)>> = BTreeMap::new();
    if n == 0 {
        return BTreeMap::new();
    }
    for (group, id) in candidates {
        let heap = heaps.entry(group).or_default();
        let key = (rank(seed, id), id);
        if heap.len() < n {
            heap.push(key);
        } else if heap.peek().is_some_and(|top| key < *top) {
            heap.pop();
            heap.push(key);
        }
    }
    heaps.into_iter().map(|(g, heap)| (g, heap.into_sorted_vec().into_iter().map(|(_, id)| id).collect())).collect()
}

/// SHA-256 over the sampled ids in order: the frozen sample in one line.
pub fn hash(ids: impl IntoIterator<Item = Uuid>) -> String {
    let mut h = Sha256::new();
    for id in ids {
        h.update(id.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: u128) -> Vec<Uuid> {
        (1..=n).map(|i| Uuid::from_u128(i * 7_919)).collect()
    }

    #[test]
    fn the_same_seed_draws_the_same_sample_in_any_input_order() {
        let all = ids(500);
        let forward = lowest(42, all.iter().map(|&id| (0, id)), 10);
        let backward = lowest(42, all.iter().rev().map(|&id| (0, id)), 10);
        assert_eq!(forward, backward);
        assert_eq!(forward[&0].len(), 10);
        let other = lowest(43, all.iter().map(|&id| (0, id)), 10);
        assert_ne!(forward, other, "another seed, another sample");
    }

    #[test]
    fn each_group_gets_its_own_lowest_ranks_and_small_groups_all_of_theirs() {
        let all = ids(100);
        let grouped = lowest(7, all.iter().enumerate().map(|(i, &id)| (u8::from(i < 3), id)), 5);
        assert_eq!(grouped[&1].len(), 3, "a group smaller than n is taken whole");
        assert_eq!(grouped[&0].len(), 5);
        let ranks: Vec<u64> = grouped[&0].iter().map(|&id| rank(7, id)).collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "in rank order");
        let cutoff = ranks[4];
        let below = all[3..].iter().filter(|&&id| rank(7, id) <= cutoff).count();
        assert_eq!(below, 5, "nothing of lower rank was left out");
    }

    #[test]
    fn adding_a_household_changes_the_sample_only_if_it_ranks_among_the_lowest() {
        let mut all = ids(300);
        let before = lowest(9, all.iter().map(|&id| (0, id)), 8)[&0].clone();
        all.push(Uuid::from_u128(u128::MAX));
        let after = lowest(9, all.iter().map(|&id| (0, id)), 8)[&0].clone();
        let newcomer_in = after.contains(&Uuid::from_u128(u128::MAX));
        let kept = before.iter().filter(|id| after.contains(id)).count();
        assert_eq!(kept, if newcomer_in { 7 } else { 8 });
    }

    #[test]
    fn the_hash_depends_on_the_order_and_the_ids() {
        let a = ids(3);
        let mut b = a.clone();
        b.reverse();
        assert_eq!(hash(a.clone()), hash(a.clone()));
        assert_ne!(hash(a), hash(b));
        assert_eq!(hash([]).len(), 64);
    }
}
