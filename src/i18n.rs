//! The interface language: English or Japanese, switchable at run time.
//!
//! Texts live in `locales/*.yml` (rust-i18n's one-file-per-area format, both languages side by
//! side) and are looked up with [`t!`]. The language is process-wide, as the interface is.

pub use rust_i18n::t;

/// A language the interface is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Language {
    /// English, the language of the program's documentation.
    #[default]
    English,
    /// Japanese, the language of the source article and of many users.
    Japanese,
}

impl Language {
    /// Every language, in menu order.
    pub const ALL: [Language; 2] = [Language::English, Language::Japanese];

    /// The locale code the texts are keyed by.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Japanese => "ja",
        }
    }

    /// The language's own name, as a menu shows it whatever the current language is.
    pub fn native_name(self) -> String {
        t!("language.name", locale = self.code()).into_owned()
    }

    /// The language a system locale such as `ja-JP` or `en_US.UTF-8` asks for; English otherwise.
    pub fn from_locale(locale: &str) -> Language {
        if locale.to_ascii_lowercase().starts_with("ja") {
            Language::Japanese
        } else {
            Language::English
        }
    }

    /// The language of the machine's locale, for the first start.
    pub fn from_system() -> Language {
        sys_locale::get_locale()
            .map(|locale| Language::from_locale(&locale))
            .unwrap_or_default()
    }
}

/// Makes `language` the one every later [`t!`] uses.
pub fn set_language(language: Language) {
    rust_i18n::set_locale(language.code());
}

/// The language texts are currently looked up in.
pub fn language() -> Language {
    Language::from_locale(&rust_i18n::locale())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(locale: &str) -> BTreeSet<String> {
        crate::_rust_i18n_backend()
            .messages_for_locale(locale)
            .unwrap_or_default()
            .into_iter()
            .map(|(key, _)| key.into_owned())
            .collect()
    }

    #[test]
    fn every_text_exists_in_both_languages() {
        let english = keys("en");
        let japanese = keys("ja");
        assert!(!english.is_empty(), "no English texts were compiled in");
        let only_english: Vec<_> = english.difference(&japanese).collect();
        let only_japanese: Vec<_> = japanese.difference(&english).collect();
        assert!(
            only_english.is_empty(),
            "missing in Japanese: {only_english:?}"
        );
        assert!(
            only_japanese.is_empty(),
            "missing in English: {only_japanese:?}"
        );
    }

    #[test]
    fn system_locales_map_to_languages() {
        assert_eq!(Language::from_locale("ja-JP"), Language::Japanese);
        assert_eq!(Language::from_locale("ja_JP.UTF-8"), Language::Japanese);
        assert_eq!(Language::from_locale("en-US"), Language::English);
        assert_eq!(Language::from_locale("de-DE"), Language::English);
    }

    #[test]
    fn a_language_names_itself_in_its_own_words() {
        assert_eq!(Language::Japanese.native_name(), "日本語");
        assert_eq!(Language::English.native_name(), "English");
    }
}
