//! Every label the user sees, Simplified Chinese first, English second.
//!
//! One `Texts` value per language, in `i18n/zh_cn.rs` and `i18n/en.rs`: a
//! label missing from either is a compile error, not a blank on screen.
//! The choice is kept in `localStorage`; switching re-renders the app (see
//! `lib.rs`), so views read `texts()` once and need no reactive labels.

mod care;
mod en;
mod messages;
mod relatives;
mod reports;
mod spot_checks;
mod texts;
mod zh_cn;

use std::cell::Cell;

pub use care::CareTexts;
pub use relatives::relative_texts;
pub use reports::{label, report_texts};
pub use spot_checks::spot_texts;
pub use texts::Texts;

const STORAGE_KEY: &str = "liushou.locale";

/// A language of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    ZhCn,
    En,
}

impl Locale {
    /// The BCP 47 tag, for `<html lang>` and collation.
    pub fn tag(self) -> &'static str {
        match self {
            Self::ZhCn => "zh-CN",
            Self::En => "en",
        }
    }

    pub fn other(self) -> Self {
        match self {
            Self::ZhCn => Self::En,
            Self::En => Self::ZhCn,
        }
    }

    fn texts(self) -> &'static Texts {
        match self {
            Self::ZhCn => &zh_cn::ZH_CN,
            Self::En => &en::EN,
        }
    }
}

thread_local! {
    // wasm is single-threaded; a plain cell is all the state needs.
    static LOCALE: Cell<Locale> = const { Cell::new(Locale::ZhCn) };
}

/// The labels in use.
pub fn texts() -> &'static Texts {
    locale().texts()
}

pub fn locale() -> Locale {
    LOCALE.with(Cell::get)
}

/// Reads the stored choice; Chinese unless English was chosen before.
pub fn init() -> Locale {
    let stored = local_storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    let locale = if stored.as_deref() == Some("en") { Locale::En } else { Locale::ZhCn };
    apply(locale);
    locale
}

/// Switches and remembers the language.
pub fn set_locale(locale: Locale) {
    if let Some(storage) = local_storage()
        && storage.set_item(STORAGE_KEY, locale.tag()).is_err()
    {
        leptos::logging::warn!("language choice not stored: storage refused it");
    }
    apply(locale);
}

fn apply(locale: Locale) {
    LOCALE.with(|l| l.set(locale));
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Some(html) = doc.document_element()
            && html.set_attribute("lang", locale.tag()).is_err()
        {
            leptos::logging::warn!("cannot set <html lang>");
        }
        doc.set_title(locale.texts().app_title);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    // Without storage (privacy settings) the choice lasts until the reload.
    web_sys::window()?.local_storage().ok().flatten()
}

/// `1234567` as `1,234,567`: grouping both languages read.
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::group_digits;

    #[test]
    fn groups_thousands() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(group_digits(-1234567), "-1,234,567");
    }
}
