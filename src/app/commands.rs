//! Everything the user can ask the app to do, collected during a frame and run once at its end.

use super::trainer::TrainerCommand;
use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::edit::Edit;
use crate::i18n::{Language, t};
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
    /// Show the interface in this language from the next frame on, and remember it.
    SetLanguage(Language),
    /// Close the window.
    Quit,
    /// Ask for a file to open for review.
    OpenForReview,
    /// Open this file for review: nothing can be changed.
    OpenForReviewPath(PathBuf),
    /// Switch review on or off for the open document.
    ToggleReview,
    /// Ask where to write a review report.
    ExportReport,
    /// Write a review report to this file (`.md` writes Markdown, anything else HTML).
    ExportReportTo(PathBuf),
    /// Ask for a file to compare the open workspace with.
    CompareWith,
    /// Compare the open workspace with this file.
    CompareWithPath(PathBuf),
    /// Gallery, walkthrough and presentation (see `trainer.rs`).
    Trainer(super::trainer::TrainerCommand),
}

/// A command that has a menu entry and a keyboard shortcut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuCommand {
    /// Menu text, in the current language.
    pub label: String,
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
            Command::NewWorkspace => (t!("menu.new"), shortcut(Modifiers::COMMAND, Key::N), true),
            Command::Open => (t!("menu.open"), shortcut(Modifiers::COMMAND, Key::O), true),
            Command::Save => (t!("menu.save"), shortcut(Modifiers::COMMAND, Key::S), true),
            Command::SaveAs => (t!("menu.save_as"), shortcut(CTRL_SHIFT, Key::S), true),
            Command::Revert => (t!("menu.revert"), None, true),
            Command::ExportSvg => (t!("menu.export_svg"), shortcut(CTRL_SHIFT, Key::E), true),
            Command::ExportPng => (t!("menu.export_png"), None, true),
            Command::FitAll => (
                t!("menu.fit_all"),
                shortcut(Modifiers::NONE, Key::Home),
                false,
            ),
            Command::Undo => (t!("menu.undo"), shortcut(Modifiers::COMMAND, Key::Z), false),
            Command::Redo => (t!("menu.redo"), shortcut(CTRL_SHIFT, Key::Z), false),
            Command::DeleteSelection => (
                t!("menu.delete"),
                shortcut(Modifiers::NONE, Key::Delete),
                false,
            ),
            Command::Rename => (t!("menu.rename"), shortcut(Modifiers::NONE, Key::F2), false),
            Command::FocusSearch => (t!("menu.find"), shortcut(Modifiers::COMMAND, Key::F), true),
            Command::ToggleTheme => (t!("menu.dark_theme"), None, true),
            Command::Quit => (t!("menu.quit"), shortcut(Modifiers::COMMAND, Key::Q), true),
            _ => return None,
        };
        Some(MenuCommand {
            label: label.into_owned(),
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
            Command::NewWorkspace
                | Command::OpenPath(_)
                | Command::OpenForReviewPath(_)
                | Command::Revert
                | Command::Quit
                | Command::Trainer(super::trainer::TrainerCommand::OpenScenario(_))
        )
    }

    /// True for commands that change the workspace or its file, which review refuses. Every
    /// command is listed, so a new one must be sorted here before the crate builds.
    pub fn changes_workspace(&self) -> bool {
        match self {
            Command::Apply { .. }
            | Command::DeleteSelection
            | Command::Undo
            | Command::Redo
            | Command::Rename
            | Command::Save
            | Command::SaveAs
            | Command::SaveTo(_)
            | Command::Revert
            | Command::Import
            | Command::ImportPaths(_)
            | Command::Trainer(
                TrainerCommand::NextStep
                | TrainerCommand::PreviousStep
                | TrainerCommand::RestartWalk
                | TrainerCommand::RecordStep(_),
            ) => true,
            Command::NewWorkspace
            | Command::Open
            | Command::OpenPath(_)
            | Command::OpenForReview
            | Command::OpenForReviewPath(_)
            | Command::ToggleReview
            | Command::ExportSvg
            | Command::ExportSvgTo(_)
            | Command::ExportPng
            | Command::ExportPngTo(_)
            | Command::ExportReport
            | Command::ExportReportTo(_)
            | Command::CompareWith
            | Command::CompareWithPath(_)
            | Command::FitAll
            | Command::FocusSearch
            | Command::Select(_)
            | Command::ToggleTheme
            | Command::SetLanguage(_)
            | Command::Trainer(
                TrainerCommand::ShowGallery
                | TrainerCommand::OpenScenario(_)
                | TrainerCommand::TogglePresentation,
            )
            | Command::Quit => false,
        }
    }
}

/// The second redo shortcut many users know (Ctrl+Y).
pub const REDO_ALTERNATIVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
