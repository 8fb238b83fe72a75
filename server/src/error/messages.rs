//! The messages the server sends about a request, each a stable code with
//! parameters and a Chinese rendering. The list itself is `catalog.rs`,
//! shared with the web app; a message is built from one of its constants,
//! with [`Msg::with`] for the parameters its text names:
//!
//! ```ignore
//! e.add("name", msg::TEXT_TOO_LONG.with("max", 50));
//! ```

use std::fmt;

/// One message: what clients translate (`code`, `params`) and, through
/// [`Msg::zh`], the text `extensions.fields` carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    code: &'static str,
    zh: &'static str,
    params: Vec<(&'static str, String)>,
}

impl Msg {
    const fn new(code: &'static str, zh: &'static str) -> Self {
        Self { code, zh, params: Vec::new() }
    }

    /// The message with parameter `name` (a `{name}` of its text) set.
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.params.push((name, value.to_string()));
        self
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    pub fn params(&self) -> &[(&'static str, String)] {
        &self.params
    }

    /// The Chinese text, parameters filled in.
    pub fn zh(&self) -> String {
        fill(self.zh, &self.params)
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.zh())
    }
}

/// `template` with each `{name}` replaced by its parameter's value.
fn fill(template: &str, params: &[(&'static str, String)]) -> String {
    params.iter().fold(template.to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
}

macro_rules! messages {
    ($($code:ident = $zh:literal,)*) => {
        $(pub const $code: Msg = Msg::new(stringify!($code), $zh);)*

        /// Every code the server can send, for tests and documentation.
        pub const ALL: &[Msg] = &[$($code),*];
    };
}

include!("catalog.rs");

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn parameters_fill_the_chinese_text_as_it_was_written_before_codes() {
        assert_eq!(TEXT_TOO_LONG.with("max", 50).zh(), "不能超过50个字");
        assert_eq!(FRAGMENT_CYCLE.with("name", "F").zh(), "片段 F 不能引用自身");
        assert_eq!(REQUIRED.zh(), "不能为空");
    }

    #[test]
    fn codes_are_unique_screaming_snake_and_every_text_is_chinese() {
        let mut seen = HashSet::new();
        for m in ALL {
            assert!(seen.insert(m.code), "{} twice", m.code);
            assert!(m.code.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'), "{}", m.code);
            assert!(m.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}: {}", m.code, m.zh);
        }
    }
}
