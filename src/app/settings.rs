//! What the app remembers between runs: theme, language and recent files (window size is
//! eframe's own).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::i18n::Language;

/// How many recent files the File menu lists.
pub const MAX_RECENT: usize = 10;

/// Light or dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Theme {
    /// Dark background.
    #[default]
    Dark,
    /// Light background.
    Light,
}

/// Remembered preferences.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The chosen theme.
    pub theme: Theme,
    /// Recently opened or saved files, newest first.
    pub recent: Vec<PathBuf>,
    /// The chosen interface language; `None` until the user picks one, and then the first start
    /// follows the system locale (settings written before languages existed read as `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
}

impl Settings {
    /// The key under which eframe stores the settings.
    pub const STORAGE_KEY: &'static str = "csp-studio-settings";

    /// Puts `path` at the top of the recent files.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_from_before_languages_still_load() {
        let old = r#"(theme: Light, recent: ["/nonexistent/a.ron"])"#;
        let settings: Settings = ron::from_str(old).expect("old settings load");
        assert_eq!(settings.theme, Theme::Light);
        assert_eq!(settings.language, None);
        let chosen = Settings {
            language: Some(Language::Japanese),
            ..settings
        };
        let text = ron::to_string(&chosen).expect("settings serialize");
        let back: Settings = ron::from_str(&text).expect("settings read back");
        assert_eq!(back.language, Some(Language::Japanese));
    }

    #[test]
    fn recent_files_are_newest_first_without_repeats_and_bounded() {
        let mut settings = Settings::default();
        for i in 0..12 {
            settings.remember(Path::new(&format!("/nonexistent/{i}.ron")));
        }
        settings.remember(Path::new("/nonexistent/5.ron"));
        assert_eq!(settings.recent.len(), MAX_RECENT);
        assert_eq!(settings.recent[0], PathBuf::from("/nonexistent/5.ron"));
        assert_eq!(
            settings
                .recent
                .iter()
                .filter(|p| p.ends_with("5.ron"))
                .count(),
            1
        );
    }
}
