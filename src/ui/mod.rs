//! Panels: each reads the workspace and diagnostics and returns what the user asked for.

pub mod diagram;
pub mod explorer;
pub mod import;
pub mod inspector;
pub mod problems;
pub mod theme;
pub mod widgets;
