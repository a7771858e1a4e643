//! Panels: each reads the workspace and diagnostics and returns what the user asked for.

pub mod diagram;
pub mod explorer;
pub mod gallery;
pub mod inspector;
pub mod problems;
pub mod theme;
pub mod thumbnail;
pub mod walk_panel;
pub mod widgets;
