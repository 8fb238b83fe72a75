//! argon2id password hashes in PHC string form, and the gate that keeps
//! checking them from exhausting the machine.
//!
//! One check holds about 19 MiB of argon2 memory for a few dozen
//! milliseconds. Left to itself, every concurrent login allocated its own
//! block on one of up to 512 blocking-pool threads, and what the allocator
//! keeps of freed blocks in per-thread arenas is its own business: 300
//! parallel logins took the process to 5 GiB (2.3 GiB peak and 215
//! `INTERNAL`s from SQLite pool timeouts in `tests/load`). Now a login
//! first takes a [`Slot`]: there are [`SLOTS_PER_CORE`] per core, and a
//! login that cannot get one within [`SLOT_WAIT`] is refused
//! (`RATE_LIMITED`) instead of queueing, which also bounds the logins using
//! the database at once. Within the slots, one check per core hashes at a
//! time, each reusing a memory block allocated the first time it is needed
//! and never freed, so memory stays flat at cores × 19 MiB whatever the
//! load.

use std::{
    sync::{
        Arc, Mutex, OnceLock, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, PasswordHasher as _, Version};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::{AppError, AppResult};

/// Shortest password accepted for a staff account.
pub const MIN_LENGTH: usize = 10;

/// Logins in progress per core: more than the cores, so that one login's
/// database round trips overlap another's hashing, few enough that a
/// slot's wait for a core stays short.
pub const SLOTS_PER_CORE: usize = 4;

/// How long a login waits for a free slot before it is refused. Long
/// enough for a morning rush of an office's staff (a check takes tens of
/// milliseconds), short enough that a flood gets answers, not a queue.
pub const SLOT_WAIT: Duration = Duration::from_secs(5);

/// Stands in for the hash of an unknown user, so that "no such user" costs
/// a full check like "wrong password". A constant with the default cost
/// (the password is `liushou-timing-equaliser`): computing it at start-up
/// would allocate and free a hash's memory outside the slots.
const DUMMY: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$bGl1c2hvdS1kdW1teS1zYWx0$Kkn5vl83M2N6vh4frZCj9oOPdGDOUvsBNOuOgafoEHw";

pub fn hash(plain: &str) -> AppResult<String> {
    // A fresh random salt per hash, from the OS.
    Argon2::default().hash_password(plain.as_bytes()).map(|h| h.to_string()).map_err(AppError::internal)
}

/// Checks `plain` against `phc` (or, for an unknown user, the dummy) on the
/// calling thread with memory of its own. For start-up checks; requests go
/// through [`Slot::verify`].
pub fn verify(plain: &str, phc: Option<&str>) -> bool {
    check(plain, phc, &mut Vec::new())
}

/// Logins refused for want of a slot since start-up.
static REFUSED: AtomicU64 = AtomicU64::new(0);

/// The right to be one of the logins in progress, and so to one password
/// check.
pub struct Slot {
    permit: OwnedSemaphorePermit,
}

/// Waits up to [`SLOT_WAIT`] for a free slot; `RATE_LIMITED` when the
/// machine is busy checking other passwords. Such a refusal writes no audit
/// row: the name was never looked at, and one row per refusal would turn a
/// login flood into a flood of writes on the audit chain's lock.
pub async fn slot() -> AppResult<Slot> {
    let slots = gate().slots.clone();
    match tokio::time::timeout(SLOT_WAIT, slots.acquire_owned()).await {
        Ok(Ok(permit)) => Ok(Slot { permit }),
        // The semaphore is never closed; a closed one means no capacity.
        Ok(Err(_)) | Err(_) => {
            // A flood must not flood the log too: the 1st, 2nd, 4th, 8th…
            // refusal since start-up is logged, with the running total.
            let refused = REFUSED.fetch_add(1, Ordering::Relaxed) + 1;
            if refused.is_power_of_two() {
                tracing::warn!(refused, "password checks refused: every slot busy");
            }
            Err(AppError::RateLimited)
        }
    }
}

impl Slot {
    /// Checks `plain` against `phc` (the dummy when `None`) on the blocking
    /// pool, once a core is free. Unknown user and wrong password both give
    /// `false`.
    pub async fn verify(self, plain: &str, phc: Option<&str>) -> AppResult<bool> {
        let plain = plain.to_owned();
        let phc = phc.map(str::to_owned);
        // Waiting here is bounded: at most SLOTS_PER_CORE checks per core
        // can be ahead of this one.
        let core = gate().cores.clone().acquire_owned().await.map_err(AppError::internal)?;
        let slot = self.permit;
        // The permits and the memory move into the task, so that a request
        // dropped mid-check (client gone, timeout) neither frees its core
        // early nor loses the memory block.
        tokio::task::spawn_blocking(move || {
            let mut memory = gate().take();
            let ok = check(&plain, phc.as_deref(), &mut memory);
            gate().put(memory);
            drop((core, slot));
            ok
        })
        .await
        .map_err(AppError::internal)
    }
}

struct Gate {
    /// Logins in progress.
    slots: Arc<Semaphore>,
    /// Checks hashing now.
    cores: Arc<Semaphore>,
    /// Memory blocks of checks not running; never more than there are
    /// cores, since a block is only taken under a `cores` permit.
    spare: Mutex<Vec<Vec<Block>>>,
}

impl Gate {
    fn take(&self) -> Vec<Block> {
        self.spare.lock().unwrap_or_else(PoisonError::into_inner).pop().unwrap_or_default()
    }

    fn put(&self, memory: Vec<Block>) {
        self.spare.lock().unwrap_or_else(PoisonError::into_inner).push(memory);
    }
}

/// One gate per process: memory and cores are the process's, whatever the
/// number of applications in it (tests run several).
fn gate() -> &'static Gate {
    static GATE: OnceLock<Gate> = OnceLock::new();
    GATE.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Gate {
            slots: Arc::new(Semaphore::new(cores * SLOTS_PER_CORE)),
            cores: Arc::new(Semaphore::new(cores)),
            spare: Mutex::new(Vec::with_capacity(cores)),
        }
    })
}

/// The argon2 check of `plain` against a PHC string in `memory`, grown to
/// the hash's cost if it is smaller. A malformed hash never matches.
fn check(plain: &str, phc: Option<&str>, memory: &mut Vec<Block>) -> bool {
    let real = phc.is_some();
    let Ok(parsed) = PasswordHash::new(phc.unwrap_or(DUMMY)) else { return false };
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else { return false };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else { return false };
    let Ok(version) = parsed.version.map_or(Ok(Version::default()), Version::try_from) else { return false };
    let Ok(params) = Params::try_from(&parsed) else { return false };
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::new());
    }
    let mut out = vec![0u8; expected.len()];
    let hashed = Argon2::new(algorithm, version, params).hash_password_into_with_memory(
        plain.as_bytes(),
        salt,
        &mut out,
        memory.as_mut_slice(),
    );
    // `Output` compares in constant time.
    let matches = hashed.is_ok() && argon2::password_hash::phc::Output::new(&out).is_ok_and(|o| &o == expected);
    matches && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_and_nothing_else() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", Some(&h)));
        assert!(!verify("wrong", Some(&h)));
        assert!(!verify("liushou-timing-equaliser", None));
        assert!(!verify("anything", Some("not a hash")));
    }

    #[test]
    fn the_dummy_costs_what_a_real_hash_costs() {
        let dummy = PasswordHash::new(DUMMY).unwrap();
        let real = hash("correct horse battery").unwrap();
        let real = PasswordHash::new(&real).unwrap();
        assert_eq!(Params::try_from(&dummy).unwrap(), Params::try_from(&real).unwrap());
        assert!(check("liushou-timing-equaliser", Some(DUMMY), &mut Vec::new()), "the dummy is a valid hash");
    }

    #[tokio::test]
    async fn slots_reuse_their_memory_and_check_like_verify() {
        let h = hash("correct horse battery").unwrap();
        for _ in 0..3 {
            assert!(slot().await.unwrap().verify("correct horse battery", Some(&h)).await.unwrap());
            assert!(!slot().await.unwrap().verify("wrong", Some(&h)).await.unwrap());
        }
        let spare = gate().spare.lock().unwrap().len();
        assert!(spare >= 1 && spare <= gate().cores.available_permits(), "{spare} blocks kept");
    }
}
