//! The sample scenarios of the source article, bundled so a trainer can open them anywhere.
//!
//! The article asks eight questions ("sample scenarios" 1 to 8); each has one featured file
//! that answers it, and some have variants (the other relationship of scenario 1, the legal and
//! forbidden sides of 4 and 5, the three ways out of 6, the legal side of 8).

use std::path::Path;

use crate::io::{self, IoError};
use crate::model::Workspace;
use crate::rules::{self, Severity};

/// One bundled scenario file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scenario {
    /// The file name without `.ron`; also the key of its texts.
    pub key: &'static str,
    /// The article's sample scenario it belongs to, 1 to 8.
    pub article: u8,
    /// True for the one file per article scenario the gallery shows first.
    pub featured: bool,
    /// The file's text.
    pub source: &'static str,
}

/// Every bundled scenario: the eight featured ones in article order, then the variants.
pub const ALL: [Scenario; 17] = [
    Scenario {
        key: "s1-indirect",
        article: 1,
        featured: true,
        source: include_str!("../assets/scenarios/s1-indirect.ron"),
    },
    Scenario {
        key: "s2-multi-partner",
        article: 2,
        featured: true,
        source: include_str!("../assets/scenarios/s2-multi-partner.ron"),
    },
    Scenario {
        key: "s3-multichannel",
        article: 3,
        featured: true,
        source: include_str!("../assets/scenarios/s3-multichannel.ron"),
    },
    Scenario {
        key: "s4-own-use-from-direct-bill",
        article: 4,
        featured: true,
        source: include_str!("../assets/scenarios/s4-own-use-from-direct-bill.ron"),
    },
    Scenario {
        key: "s5-forbidden-self",
        article: 5,
        featured: true,
        source: include_str!("../assets/scenarios/s5-forbidden-self.ron"),
    },
    Scenario {
        key: "s6-forbidden",
        article: 6,
        featured: true,
        source: include_str!("../assets/scenarios/s6-forbidden.ron"),
    },
    Scenario {
        key: "s7-forbidden-other-region",
        article: 7,
        featured: true,
        source: include_str!("../assets/scenarios/s7-forbidden-other-region.ron"),
    },
    Scenario {
        key: "s8-forbidden-other-region",
        article: 8,
        featured: true,
        source: include_str!("../assets/scenarios/s8-forbidden-other-region.ron"),
    },
    Scenario {
        key: "s1-direct-bill",
        article: 1,
        featured: false,
        source: include_str!("../assets/scenarios/s1-direct-bill.ron"),
    },
    Scenario {
        key: "s4-forbidden-csp-tenant",
        article: 4,
        featured: false,
        source: include_str!("../assets/scenarios/s4-forbidden-csp-tenant.ron"),
    },
    Scenario {
        key: "s4-own-use-from-reseller",
        article: 4,
        featured: false,
        source: include_str!("../assets/scenarios/s4-own-use-from-reseller.ron"),
    },
    Scenario {
        key: "s5-forbidden-affiliate",
        article: 5,
        featured: false,
        source: include_str!("../assets/scenarios/s5-forbidden-affiliate.ron"),
    },
    Scenario {
        key: "s5-legal-minority-stake",
        article: 5,
        featured: false,
        source: include_str!("../assets/scenarios/s5-legal-minority-stake.ron"),
    },
    Scenario {
        key: "s6-option1-separate-tenant",
        article: 6,
        featured: false,
        source: include_str!("../assets/scenarios/s6-option1-separate-tenant.ron"),
    },
    Scenario {
        key: "s6-option2-other-provider",
        article: 6,
        featured: false,
        source: include_str!("../assets/scenarios/s6-option2-other-provider.ron"),
    },
    Scenario {
        key: "s6-option3-resell-elsewhere",
        article: 6,
        featured: false,
        source: include_str!("../assets/scenarios/s6-option3-resell-elsewhere.ron"),
    },
    Scenario {
        key: "s8-legal-same-region",
        article: 8,
        featured: false,
        source: include_str!("../assets/scenarios/s8-legal-same-region.ron"),
    },
];

impl Scenario {
    /// The file name, as the bundled folder has it.
    pub fn file_name(&self) -> String {
        format!("{}.ron", self.key)
    }

    /// Parses the bundled text.
    pub fn load(&self) -> Result<Workspace, IoError> {
        io::load_str(self.source, Path::new(&self.file_name()))
    }
}

/// The featured scenarios, one per question of the article.
pub fn featured() -> impl Iterator<Item = &'static Scenario> {
    ALL.iter().filter(|s| s.featured)
}

/// The other files: variants of the featured ones.
pub fn variants() -> impl Iterator<Item = &'static Scenario> {
    ALL.iter().filter(|s| !s.featured)
}

/// What the program says about a setup, as the rules find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// No error.
    Legal,
    /// The codes of the rules it breaks, sorted, each once.
    Breaks(Vec<&'static str>),
}

/// Judges a workspace: legal, or which rules it breaks.
pub fn verdict(ws: &Workspace) -> Verdict {
    let mut codes: Vec<&'static str> = rules::check(ws)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code)
        .collect();
    codes.sort_unstable();
    codes.dedup();
    if codes.is_empty() {
        Verdict::Legal
    } else {
        Verdict::Breaks(codes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_file_in_the_folder_is_bundled_once() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios");
        let on_disk: BTreeSet<String> = std::fs::read_dir(dir)
            .expect("scenario folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".ron"))
            .collect();
        let bundled: BTreeSet<String> = ALL.iter().map(Scenario::file_name).collect();
        assert_eq!(bundled.len(), ALL.len(), "a file is bundled twice");
        assert_eq!(bundled, on_disk);
    }

    #[test]
    fn one_featured_file_answers_each_of_the_eight_questions_in_order() {
        let articles: Vec<u8> = featured().map(|s| s.article).collect();
        assert_eq!(articles, (1..=8).collect::<Vec<u8>>());
        assert!(variants().all(|s| (1..=8).contains(&s.article)));
    }

    #[test]
    fn verdicts_agree_with_the_file_names() {
        for scenario in ALL {
            let ws = scenario
                .load()
                .unwrap_or_else(|e| panic!("{}: {e}", scenario.key));
            let verdict = verdict(&ws);
            assert_eq!(
                scenario.key.contains("forbidden"),
                verdict != Verdict::Legal,
                "{}: {verdict:?}",
                scenario.key
            );
        }
        let s6 = ALL.iter().find(|s| s.key == "s6-forbidden").expect("s6");
        assert_eq!(
            verdict(&s6.load().expect("loads")),
            Verdict::Breaks(vec!["CSP304"])
        );
    }
}
