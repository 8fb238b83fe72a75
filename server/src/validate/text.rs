//! Characters no field of the registry may hold.
//!
//! Control characters break exports and terminals (`liushou overdue` prints
//! addresses), NUL is refused by PostgreSQL mid-statement, and bidi
//! overrides and zero-width characters make two names look alike or a
//! name read differently from what is stored. Tab and line feed stay
//! allowed for multi-line free text, and a carriage return only as part of
//! CRLF, which some clients send for a line break.

/// The first refused character of `s`, if any.
pub fn refused_char(s: &str) -> Option<char> {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let refused = match c {
            '\t' | '\n' => false,
            '\r' => chars.peek() != Some(&'\n'),
            c => c.is_control() || invisible(c),
        };
        if refused {
            return Some(c);
        }
    }
    None
}

/// Format characters that change how text reads without being seen: the
/// bidi controls (Unicode's Bidi_Control), zero-width and invisible
/// operators, line/paragraph separators, the soft hyphen and the BOM.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_invisible_characters_are_refused() {
        for bad in [
            "a\0b",
            "a\u{1b}[31m",
            "a\u{7}",
            "a\u{7f}",
            "a\u{85}",
            "a\rb",
            "x\u{202e}y",
            "x\u{2067}",
            "x\u{200b}",
            "x\u{200d}",
            "x\u{2060}",
            "\u{feff}x",
        ] {
            assert!(refused_char(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn chinese_text_and_line_breaks_are_kept() {
        for good in ["王小明", "渡口村 3号（东）", "第一行\n第二行\t备注", "line\r\nbreak", "Zoë 😀", ""]
        {
            assert_eq!(refused_char(good), None, "{good:?}");
        }
    }
}
