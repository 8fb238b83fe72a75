//! argon2id password hashes in PHC string form.

use argon2::{Argon2, PasswordHasher as _, PasswordVerifier as _};

use crate::error::{AppError, AppResult};

/// Shortest password accepted for a staff account.
pub const MIN_LENGTH: usize = 10;

pub fn hash(plain: &str) -> AppResult<String> {
    // A fresh random salt per hash, from the OS.
    Argon2::default().hash_password(plain.as_bytes()).map(|h| h.to_string()).map_err(AppError::internal)
}

/// Constant-ish time: an unknown user is checked against a fixed dummy hash
/// so that "no such user" and "wrong password" take the same time.
pub fn verify(plain: &str, phc: Option<&str>) -> bool {
    let dummy = dummy_hash();
    let (target, real) = match phc {
        Some(h) => (h, true),
        None => (dummy.as_str(), false),
    };
    let ok = Argon2::default().verify_password(plain.as_bytes(), target).is_ok();
    ok && real
}

fn dummy_hash() -> &'static String {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash("liushou-timing-equaliser").unwrap_or_default())
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
    }
}
