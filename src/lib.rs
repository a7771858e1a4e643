//! CSP Network Studio: model, check and draw Microsoft Cloud Solution Provider partner networks.

pub mod app;
pub mod assets;
pub mod cli;
pub mod diff;
pub mod due;
pub mod edit;
pub mod generate;
pub mod i18n;
pub mod import;
pub mod io;
pub mod layout;
pub mod model;
pub mod report;
pub mod rules;
pub mod scenarios;
pub mod timeline;
pub mod ui;

rust_i18n::i18n!("locales", fallback = "en");
