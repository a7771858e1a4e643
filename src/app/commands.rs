//! Everything the user can ask the app to do, collected during a frame and run once at its end.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::edit::Edit;
use crate::model::Id;

/// A request from a menu, a shortcut or a panel.
// A handful of commands exist per frame; boxing the edit would buy nothing measurable.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Start an empty workspace.
    NewWorkspace,
    /// Ask for a file to open.
    Open,
    /// Open this file.
    OpenPath(PathBuf),
    /// Save to the current file (or ask for one).
    Save,
    /// Ask for a file to save to.
    SaveAs,
    /// Save to this file.
    SaveTo(PathBuf),
    /// Ask where to export the diagram as SVG.
    ExportSvg,
    /// Export the diagram as SVG to this file.
    ExportSvgTo(PathBuf),
    /// Ask where to export the diagram as PNG.
    ExportPng,
    /// Export the diagram as PNG to this file.
    ExportPngTo(PathBuf),
    /// Ask for Partner Center export files to import.
    Import,
    /// Import these Partner Center export files (dropped on the window).
    ImportPaths(Vec<PathBuf>),
    /// Frame the whole network in the diagram.
    FitAll,
    /// Reload the file from disk, dropping changes.
    Revert,
    /// Undo the last step.
    Undo,
    /// Redo the last undone step.
    Redo,
    /// Remove the selected entities and what depends on them.
    DeleteSelection,
    /// Put the cursor in the selected entity's name.
    Rename,
    /// Put the cursor in the explorer's search box.
    FocusSearch,
    /// Apply an edit as one undoable step (steps with one merge key in a row join).
    Apply {
        /// The change.
        edit: Edit,
        /// Typing in one field passes the field's key so the keystrokes undo together.
        merge_key: Option<String>,
        /// What to select afterwards (a newly added entity).
        select: Option<Id>,
    },
    /// Replace the selection.
    Select(Vec<Id>),
    /// Switch between light and dark.
    ToggleTheme,
    /// Close the window.
    Quit,
}

/// A command that has a menu entry and a keyboard shortcut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MenuCommand {
    /// Menu text.
    pub label: &'static str,
    /// The shortcut, shown in the menu.
    pub shortcut: Option<KeyboardShortcut>,
    /// Whether it may fire while the cursor is in a text field (saving may; deleting may not).
    pub while_typing: bool,
}

const fn shortcut(modifiers: Modifiers, key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(modifiers, key))
}

const CTRL_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: true,
};

impl Command {
    /// The menu entry and shortcut of commands that have them.
    pub fn menu(&self) -> Option<MenuCommand> {
        let (label, shortcut, while_typing) = match self {
            Command::NewWorkspace => ("New", shortcut(Modifiers::COMMAND, Key::N), true),
            Command::Open => ("Open…", shortcut(Modifiers::COMMAND, Key::O), true),
            Command::Save => ("Save", shortcut(Modifiers::COMMAND, Key::S), true),
            Command::SaveAs => ("Save As…", shortcut(CTRL_SHIFT, Key::S), true),
            Command::Revert => ("Revert to Saved", None, true),
            Command::ExportSvg => ("Export Diagram as SVG…", shortcut(CTRL_SHIFT, Key::E), true),
            Command::ExportPng => ("Export Diagram as PNG…", None, true),
            Command::FitAll => ("Fit All", shortcut(Modifiers::NONE, Key::Home), false),
            Command::Undo => ("Undo", shortcut(Modifiers::COMMAND, Key::Z), false),
            Command::Redo => ("Redo", shortcut(CTRL_SHIFT, Key::Z), false),
            Command::DeleteSelection => ("Delete", shortcut(Modifiers::NONE, Key::Delete), false),
            Command::Rename => ("Rename", shortcut(Modifiers::NONE, Key::F2), false),
            Command::FocusSearch => ("Find", shortcut(Modifiers::COMMAND, Key::F), true),
            Command::ToggleTheme => ("Dark Theme", None, true),
            Command::Quit => ("Quit", shortcut(Modifiers::COMMAND, Key::Q), true),
            _ => return None,
        };
        Some(MenuCommand {
            label,
            shortcut,
            while_typing,
        })
    }

    /// Commands reachable by shortcut, checked each frame (more specific first: Ctrl+Shift+S before Ctrl+S).
    pub fn with_shortcuts() -> [Command; 14] {
        [
            Command::SaveAs,
            Command::ExportSvg,
            Command::FitAll,
            Command::Redo,
            Command::NewWorkspace,
            Command::Open,
            Command::Save,
            Command::Undo,
            Command::DeleteSelection,
            Command::Rename,
            Command::FocusSearch,
            Command::Quit,
            Command::ToggleTheme,
            Command::Revert,
        ]
    }

    /// True for commands that replace or close the open workspace, which must ask first when it has changes.
    pub fn discards_workspace(&self) -> bool {
        matches!(
            self,
            Command::NewWorkspace | Command::OpenPath(_) | Command::Revert | Command::Quit
        )
    }
}

/// The second redo shortcut many users know (Ctrl+Y).
pub const REDO_ALTERNATIVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
