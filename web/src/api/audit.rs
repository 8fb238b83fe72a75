//! The audit log (ADMIN and DISTRICT): who did what, newest first.
//!
//! Entries stay JSON values (`page_of_values` over `queries::AUDIT_LOG`).

use serde_json::Value;

/// `detail` in a few words: each key, with its value when that is a
/// short scalar (`name=…`), and alone when it is nested (a changed field's
/// `{before, after}`, a list of reads). The server always sends an object.
pub fn detail_summary(detail: &Value) -> String {
    let Value::Object(map) = detail else {
        return String::new();
    };
    let parts: Vec<String> = map
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| match v {
            Value::String(s) => match s.char_indices().nth(20) {
                Some((cut, _)) => format!("{k}={}…", &s[..cut]),
                None => format!("{k}={s}"),
            },
            Value::Number(n) => format!("{k}={n}"),
            Value::Bool(b) => format!("{k}={b}"),
            _ => k.clone(),
        })
        .collect();
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::detail_summary;

    #[test]
    fn detail_names_the_fields() {
        assert_eq!(detail_summary(&json!({})), "");
        assert_eq!(
            detail_summary(&json!({"phone": {"before": "ab12", "after": "cd34"}, "address": {}})),
            "address, phone"
        );
        assert_eq!(
            detail_summary(&json!({"name": "大屏", "region": "120116", "expires_at": null, "n": 3})),
            "n=3, name=大屏, region=120116"
        );
        assert_eq!(detail_summary(&json!({"h": "0123456789abcdef0123456789"})), "h=0123456789abcdef0123…");
        assert_eq!(detail_summary(&json!(null)), "");
    }
}
