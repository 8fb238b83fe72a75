//! Bracket nesting of untrusted text, measured without parsing it.
//!
//! The GraphQL parser (pest) and serde both recurse once per bracket, so a
//! few kilobytes of `[[[[…` overflow a worker's stack and abort the whole
//! process. These scans run first, in constant stack and linear time, and
//! know just enough syntax to skip brackets inside strings and comments.
//! Where the text is not what the lexer accepts, the scan errs towards
//! counting, so it never sees less nesting than the parser could.

/// Whether the GraphQL document nests `{`, `[` and `(` deeper than `limit`.
pub fn graphql_exceeds(src: &str, limit: usize) -> bool {
    let b = src.as_bytes();
    let mut depth = 0usize;
    // Once one block string runs to the end unclosed, every later one does
    // too (both scans meet at the later opener's content), so it is scanned
    // once: the scan stays linear.
    let mut blocks_unclosed = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => i = line_end(b, i),
            b'"' if b[i..].starts_with(b"\"\"\"") => {
                match (!blocks_unclosed).then(|| block_string_end(b, i + 3)).flatten() {
                    Some(end) => i = end,
                    // Unclosed, the parser falls back to `""` followed by a
                    // plain string starting at the third quote.
                    None => {
                        blocks_unclosed = true;
                        i += 2;
                    }
                }
            }
            b'"' => i = string_end(b, i + 1),
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
                i += 1;
            }
            b'}' | b']' | b')' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    false
}

/// Whether a JSON text nests objects and arrays deeper than `limit`.
pub fn json_exceeds(b: &[u8], limit: usize) -> bool {
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => i = string_end(b, i + 1),
            b'{' | b'[' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
                i += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    false
}

/// Index of the line break ending a comment (or the end of the text).
fn line_end(b: &[u8], from: usize) -> usize {
    b[from..].iter().position(|&c| c == b'\n' || c == b'\r').map_or(b.len(), |n| from + n)
}

/// Index after the quote closing a string whose content starts at `i`; a
/// line break ends it early (the lexer refuses such a string, the scan
/// counts on), also right after a backslash.
fn string_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' if !matches!(b.get(i + 1), Some(b'\n' | b'\r')) => i += 2,
            b'"' => return i + 1,
            b'\n' | b'\r' => return i,
            _ => i += 1,
        }
    }
    b.len()
}

/// Index after the `"""` closing a block string (`\"""` is its one
/// escape), or `None` when it is never closed.
fn block_string_end(b: &[u8], mut i: usize) -> Option<usize> {
    while i < b.len() {
        if b[i..].starts_with(b"\\\"\"\"") {
            i += 4;
        } else if b[i..].starts_with(b"\"\"\"") {
            return Some(i + 3);
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_are_counted_across_kinds() {
        assert!(!graphql_exceeds("{ households(first: 1) { totalCount } }", 3));
        assert!(graphql_exceeds("{ a(x: [{y: 1}]) }", 3));
        assert!(graphql_exceeds(
            &format!("{{households(first:{}1{}){{totalCount}}}}", "[".repeat(1600), "]".repeat(1600)),
            32
        ));
    }

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        assert!(!graphql_exceeds(r#"{ a(x: "[[[[\"[[[[") }"#, 2));
        assert!(!graphql_exceeds("{ a(x: \"\"\"[[[[ \\\"\"\" [[[[\"\"\") }", 2));
        assert!(!graphql_exceeds("{ a # [[[[[[\n }", 1));
    }

    #[test]
    fn a_string_broken_by_a_line_break_does_not_hide_brackets() {
        assert!(graphql_exceeds("{ a(x: \"open\n [[[[[[1]]]]]]) }", 4));
        assert!(graphql_exceeds("{ a(x: \"open\\\n [[[[[[1]]]]]]) }", 4));
    }

    #[test]
    fn an_unclosed_block_string_is_read_the_way_the_parser_falls_back() {
        // `"""` unclosed parses as `""` then `" x"`, and the list after it is code.
        assert!(graphql_exceeds(r#"{ a(x: [""" x" [[[[[[1]]]]]]]) }"#, 4));
        let many_openers = "\"\"\" \\".repeat(10_000);
        assert!(!graphql_exceeds(&many_openers, 4));
    }

    #[test]
    fn json_nesting_ignores_strings() {
        assert!(!json_exceeds(br#"{"query": "[[[[[[[[", "variables": {"a": [1]}}"#, 3));
        assert!(json_exceeds(br#"{"variables": {"a": [[[1]]]}}"#, 4));
        assert!(json_exceeds(&[b'['; 100_000], 33));
    }
}
