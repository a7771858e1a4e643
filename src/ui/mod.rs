//! Panels: each reads the workspace and diagnostics and returns what the user asked for.

pub mod as_of;
pub mod compare;
pub mod diagram;
pub mod explorer;
pub mod gallery;
pub mod import;
pub mod inspector;
pub mod names;
pub mod problems;
pub mod radar;
pub mod theme;
pub mod thumbnail;
pub mod timeline;
pub mod walk_panel;
pub mod widgets;
