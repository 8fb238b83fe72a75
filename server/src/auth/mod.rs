//! Who is calling: passwords, tokens and the per-request [`Actor`].

pub mod actor;
pub mod jwt;
pub mod password;

pub use actor::Actor;
