//! The end-to-end suite lives in `api/`; this crate has no library code.
