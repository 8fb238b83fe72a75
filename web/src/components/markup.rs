//! Markup built as text, for the two places that draw thousands of
//! elements: map marks and table rows. One `inner_html` per redraw is far
//! faster than a node-by-node view, and keeps the bundle small (each view
//! type costs code). Everything interpolated goes through [`escape`].

use std::fmt::Write as _;

/// Text made safe for element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Appends `<tag attr="value" ..>` with every value escaped.
pub fn open(out: &mut String, tag: &str, attrs: &[(&str, &str)]) {
    out.push('<');
    out.push_str(tag);
    for (name, value) in attrs {
        // Writing to a String cannot fail.
        let _ = write!(out, " {name}=\"{}\"", escape(value));
    }
    out.push('>');
}

/// Appends `<tag ..>text</tag>`.
pub fn element(out: &mut String, tag: &str, attrs: &[(&str, &str)], text: &str) {
    open(out, tag, attrs);
    out.push_str(&escape(text));
    close(out, tag);
}

pub fn close(out: &mut String, tag: &str) {
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// A coordinate with one decimal: sub-pixel precision is noise.
pub fn px(value: f64) -> String {
    format!("{value:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_that_could_open_markup() {
        assert_eq!(escape(r#"<a href="x">&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
        assert_eq!(escape("渡口村1排1号"), "渡口村1排1号");
    }

    #[test]
    fn builds_elements_with_escaped_attributes_and_text() {
        let mut out = String::new();
        element(&mut out, "a", &[("href", "/x?a=1&b=\"2\"")], "<b>");
        assert_eq!(out, "<a href=\"/x?a=1&amp;b=&quot;2&quot;\">&lt;b&gt;</a>");
    }
}
