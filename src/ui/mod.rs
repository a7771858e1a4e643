//! Panels: each reads the workspace and diagnostics and returns what the user asked for.

pub mod compare;
pub mod diagram;
pub mod explorer;
pub mod inspector;
pub mod names;
pub mod problems;
pub mod theme;
pub mod widgets;
