//! CSV export of what a table shows: UTF-8 with a byte-order mark, which
//! is what makes Excel (the staff's spreadsheet) read Chinese correctly.

use wasm_bindgen::JsCast as _;
use wasm_bindgen::JsValue;

/// The file's text: a header line, then one line per row, CRLF-separated
/// as RFC 4180 has it.
pub fn encode(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from('\u{feff}');
    let line = |cells: &mut dyn Iterator<Item = &str>| cells.map(field).collect::<Vec<_>>().join(",");
    out.push_str(&line(&mut header.iter().copied()));
    for row in rows {
        out.push_str("\r\n");
        out.push_str(&line(&mut row.iter().map(String::as_str)));
    }
    out.push_str("\r\n");
    out
}

/// One field, quoted when it must be. Text that a spreadsheet would run as
/// a formula (`=`, `+`, `-`, `@` first) gets a leading apostrophe: the
/// registry holds free text typed by many hands.
fn field(value: &str) -> String {
    let is_number = value.parse::<f64>().is_ok();
    let formula = !is_number && value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let value = if formula { format!("'{value}") } else { value.to_owned() };
    if value.contains([',', '"', '\r', '\n']) || value.starts_with(' ') || value.ends_with(' ') {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// `name-YYYYMMDD.csv`, dated today (local time).
pub fn file_name(name: &str) -> String {
    let now = js_sys::Date::new_0();
    format!("{name}-{:04}{:02}{:02}.csv", now.get_full_year(), now.get_month() + 1, now.get_date())
}

/// Hands `text` to the browser as a download named `file_name`.
pub fn download(file_name: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    offer(&blob, file_name)
}

/// Hands `blob` to the browser as a download named `file_name` (the CSV
/// export, the report's XLSX).
pub fn offer(blob: &web_sys::Blob, file_name: &str) -> Result<(), JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsValue::from_str("no document"))?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The download starts after this task; revoking at once can cancel it.
    leptos::prelude::set_timeout(
        move || {
            if web_sys::Url::revoke_object_url(&url).is_err() {
                leptos::logging::warn!("download object URL not revoked");
            }
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{encode, field};

    #[test]
    fn starts_with_a_byte_order_mark_and_ends_lines_with_crlf() {
        let csv = encode(&["地址", "人数"], &[vec!["渡口村1排1号".into(), "5".into()]]);
        assert_eq!(csv, "\u{feff}地址,人数\r\n渡口村1排1号,5\r\n");
    }

    #[test]
    fn quotes_separators_and_doubles_quotes() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn defuses_formulas_but_keeps_negative_numbers() {
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("@cmd"), "'@cmd");
        assert_eq!(field("-1.5"), "-1.5");
    }
}
