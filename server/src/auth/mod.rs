//! Who is calling: passwords, tokens and the per-request [`Actor`].

pub mod actor;
pub mod api_token;
pub mod jwt;
pub mod password;

pub use actor::Actor;
