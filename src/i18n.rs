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

/// A rule's one-line title in `language`: the registry's in English, `rule.CODE.title` otherwise.
pub fn rule_title(rule: &crate::rules::RuleInfo, language: Language) -> String {
    match language {
        Language::English => rule.title.to_owned(),
        other => {
            let key = format!("rule.{}.title", rule.code);
            t!(&key, locale = other.code()).into_owned()
        }
    }
}

/// A rule's explanation in `language`: the doc comment in English, `rule.CODE.explanation`
/// otherwise.
pub fn rule_explanation(rule: &crate::rules::RuleInfo, language: Language) -> String {
    match language {
        Language::English => crate::rules::explanation_text(rule),
        other => {
            let key = format!("rule.{}.explanation", rule.code);
            t!(&key, locale = other.code()).into_owned()
        }
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

    /// The Japanese keys: every English key, and a title and explanation for every rule (the
    /// English ones are the registry's, written once in the rules' doc comments).
    fn expected_japanese_keys() -> BTreeSet<String> {
        let mut expected = keys("en");
        for rule in crate::rules::all_rules() {
            expected.insert(format!("rule.{}.title", rule.code));
            expected.insert(format!("rule.{}.explanation", rule.code));
        }
        expected
    }

    #[test]
    fn every_text_exists_in_both_languages() {
        let english = expected_japanese_keys();
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

    /// Every literal key given to the `t!` macro in the sources, with the file it is in.
    fn keys_used_in(dir: &std::path::Path, found: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                keys_used_in(&path, found);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            for (at, _) in text.match_indices("t!(") {
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = text[at + 3..].trim_start();
                if let Some(literal) = rest.strip_prefix('"')
                    && let Some(end) = literal.find('"')
                {
                    found.push((literal[..end].to_owned(), path.display().to_string()));
                }
            }
        }
    }

    #[test]
    fn every_key_the_sources_use_exists() {
        let known = keys("en");
        let mut used = Vec::new();
        keys_used_in(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut used,
        );
        assert!(
            used.len() > 100,
            "the scan found only {} keys: is it still reading the sources?",
            used.len()
        );
        let missing: Vec<_> = used
            .iter()
            .filter(|(key, _)| !key.contains("{") && !known.contains(key))
            .collect();
        assert!(
            missing.is_empty(),
            "keys used but not in locales/: {missing:?}"
        );
    }

    #[test]
    fn the_bundled_font_has_a_glyph_for_every_japanese_character() {
        use skrifa::MetadataProvider;
        let font = skrifa::FontRef::new(crate::assets::JAPANESE_FONT).expect("bundled font parses");
        let charmap = font.charmap();
        let backend = crate::_rust_i18n_backend();
        let texts = backend.messages_for_locale("ja").unwrap_or_default();
        assert!(texts.len() > 100, "too few Japanese texts: {}", texts.len());
        let mut missing = BTreeSet::new();
        for (key, text) in &texts {
            for c in text.chars().filter(|c| !c.is_control()) {
                if charmap.map(c).is_none() {
                    missing.insert(format!("{c:?} (U+{:04X}) in {key}", c as u32));
                }
            }
        }
        for row in crate::model::RegionTable::bundled().rows() {
            for c in row.country_name_ja.chars().chain(row.region_ja.chars()) {
                if charmap.map(c).is_none() {
                    missing.insert(format!("{c:?} (U+{:04X}) in {}", c as u32, row.country));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "no glyph in the bundled font for: {missing:#?}"
        );
        // The font is a subset, so the check has teeth: a character outside JIS X 0208/0213.
        assert!(charmap.map('\u{1F600}').is_none());
    }
}
