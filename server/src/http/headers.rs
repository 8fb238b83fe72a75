//! Security headers on every response, and the app's Content-Security-Policy.
//!
//! The policy allows only what the built app uses: its own script, the
//! inline bootstrap `<script>` and `<style>` of `index.html` by hash (read
//! once at start-up), wasm compilation (`'wasm-unsafe-eval'`), fetches and
//! images from its own origin plus `data:` (the empty favicon). No remote
//! origin, except the tile server a deployment names in `index.html`'s
//! `<meta name="liushou-tiles">`, for images only. The app may not be
//! framed (clickjacking) and sends no referrer (deep links carry ids).

use std::path::Path;

use axum::{
    extract::State,
    http::{HeaderName, HeaderValue, header},
    response::Response,
};
use base64::Engine as _;
use sha2::{Digest as _, Sha256};

/// The GraphiQL page (dev and demo only) loads React and GraphiQL from
/// unpkg and runs inline scripts; it gets this looser policy instead.
pub const GRAPHIQL_CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-inline' unpkg.com; \
style-src 'self' 'unsafe-inline' unpkg.com; img-src 'self' data: unpkg.com; font-src 'self' data: unpkg.com; \
connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// The policy for the app in `web_dir` (or the placeholder without one).
pub fn app_csp(web_dir: &Path) -> HeaderValue {
    let html = std::fs::read_to_string(web_dir.join("index.html")).unwrap_or_default();
    let html = strip_comments(&html);
    let scripts: String = inline_bodies(&html, "script").map(|s| format!(" 'sha256-{}'", digest(s))).collect();
    let styles: String = inline_bodies(&html, "style").map(|s| format!(" 'sha256-{}'", digest(s))).collect();
    let tiles = tile_origin(&html).map(|o| format!(" {o}")).unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'{styles}; \
         img-src 'self' data:{tiles}; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    // Hashes are base64 and the tile origin is checked to be plain ASCII
    // below, so the value is always a valid header; the fallback is the
    // strictest policy, which only costs the app its styles.
    HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'"))
}

/// Adds the headers a response has not set itself.
pub async fn apply(State(csp): State<HeaderValue>, mut res: Response) -> Response {
    let headers = res.headers_mut();
    let fixed: [(HeaderName, HeaderValue); 4] = [
        (header::CONTENT_SECURITY_POLICY, csp),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
    ];
    for (name, value) in fixed {
        headers.entry(name).or_insert(value);
    }
    res
}

fn digest(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

fn strip_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = rest[start..].find("-->").map_or("", |end| &rest[start + end + 3..]);
    }
    out.push_str(rest);
    out
}

/// The text of each inline `<tag>…</tag>` (those without `src`), exactly
/// as the browser hashes it.
fn inline_bodies<'a>(html: &'a str, tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find(&open)?;
            let after_name = &rest[start + open.len()..];
            // `<styles>` or `<script-x>` is another element.
            if !after_name.starts_with(['>', ' ', '\t', '\n', '\r']) {
                rest = after_name;
                continue;
            }
            let tag_end = after_name.find('>')?;
            let attributes = &after_name[..tag_end];
            let body_and_rest = &after_name[tag_end + 1..];
            let body_end = body_and_rest.find(&close)?;
            rest = &body_and_rest[body_end + close.len()..];
            if !attributes.contains("src=") {
                return Some(&body_and_rest[..body_end]);
            }
        }
    })
}

/// `scheme://host[:port]` of the configured tile template, if it is remote.
fn tile_origin(html: &str) -> Option<String> {
    let at = html.find("name=\"liushou-tiles\"")?;
    let tag = &html[html[..at].rfind('<')?..];
    let tag = &tag[..tag.find('>')?];
    let content = tag.split("content=\"").nth(1)?.split('"').next()?;
    let (scheme, rest) = content.split_once("://")?;
    let host = rest.split('/').next()?;
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
    (matches!(scheme, "https" | "http") && plain(host)).then(|| format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head><!-- <meta name=\"liushou-tiles\" content=\"https://old.example/{z}\"> -->\
        <style>a{}</style><script type=\"module\" src=\"/x.js\"></script>\
        <script type=\"module\">init()</script></head></html>";

    #[test]
    fn inline_scripts_and_styles_are_found_and_commented_tiles_ignored() {
        let html = strip_comments(PAGE);
        assert_eq!(inline_bodies(&html, "script").collect::<Vec<_>>(), ["init()"]);
        assert_eq!(inline_bodies(&html, "style").collect::<Vec<_>>(), ["a{}"]);
        assert_eq!(tile_origin(&html), None);
    }

    #[test]
    fn a_configured_tile_server_is_allowed_for_images() {
        let html = "<meta name=\"liushou-tiles\" content=\"https://tiles.example:8443/{z}/{x}/{y}.png\" data-attribution=\"©\">";
        assert_eq!(tile_origin(html).as_deref(), Some("https://tiles.example:8443"));
        let hostile = "<meta name=\"liushou-tiles\" content=\"https://a.example; script-src *\">";
        assert_eq!(tile_origin(hostile), None);
    }
}
