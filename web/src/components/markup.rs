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
    decimal(value, 1)
}

/// `value` rounded to `places` decimals (at most 9), e.g. `12.5` for
/// (12.46, 1). Integer arithmetic instead of `format!("{:.1}")`: float
/// formatting costs the bundle ~6 KiB gzip, and every float the app
/// prints has a fixed precision anyway. Not finite prints as empty.
pub fn decimal(value: f64, places: u32) -> String {
    let places = places.min(9);
    let scale = 10_u64.pow(places);
    // Saturates far beyond any coordinate, count or share the app prints.
    let scaled = (value.abs() * scale as f64).round() as u64;
    if !value.is_finite() {
        return String::new();
    }
    let mut out = String::new();
    if value < 0.0 && scaled != 0 {
        out.push('-');
    }
    let _ = write!(out, "{}", scaled / scale);
    if places > 0 {
        let _ = write!(out, ".{:0width$}", scaled % scale, width = places as usize);
    }
    out
}

/// Up to `places` decimals without trailing zeros: `2` for 2.0.
pub fn trimmed(value: f64, places: u32) -> String {
    let text = decimal(value, places);
    if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_owned() } else { text }
}

/// A longitude or latitude as typed: up to 7 decimals (about 1 cm), so a
/// value read and saved again is unchanged.
pub fn coordinate(value: f64) -> String {
    trimmed(value, 7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_round_half_away_from_zero_without_float_formatting() {
        assert_eq!(decimal(12.46, 1), "12.5");
        assert_eq!(decimal(-0.04, 1), "0.0");
        assert_eq!(decimal(-3.25, 1), "-3.3");
        assert_eq!(decimal(99.5, 0), "100");
        assert_eq!(decimal(0.5, 2), "0.50");
        assert_eq!(decimal(f64::NAN, 1), "");
        assert_eq!(px(1234.0), "1234.0");
    }

    #[test]
    fn coordinates_keep_what_was_typed() {
        assert_eq!(coordinate(117.123456), "117.123456");
        assert_eq!(coordinate(39.0), "39");
        assert_eq!(coordinate(-0.1), "-0.1");
        assert_eq!(coordinate(38.98765432), "38.9876543");
        assert_eq!(coordinate(117.1234567).parse::<f64>().ok(), Some(117.1234567));
    }

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
