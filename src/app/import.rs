//! File → Import…: choose Partner Center export files (the desktop's multi-select dialog where
//! one exists, a path field always, or files dropped on the window), read them on a background
//! thread with a progress bar and Cancel, then review what was recognised and the proposed
//! changes against the open workspace; Apply makes them one undoable step.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use chrono::NaiveDate;

use super::dialogs::native_dialog_available;
use crate::edit::Edit;
use crate::i18n::t;
use crate::import::{self, ImportError, Imported, Progress, Reconciliation};
use crate::model::Workspace;
use crate::ui::import::{self as view, Request};

/// What the background thread hands back.
type Outcome = Result<(Imported, Reconciliation), ImportError>;

/// Where the import dialog stands.
pub enum ImportState {
    /// Choosing files.
    Choosing {
        /// The paths typed or chosen, one per line.
        paths: String,
        /// The desktop's dialog, while open.
        native: Option<Receiver<Option<Vec<PathBuf>>>>,
        /// The path field takes the keyboard when the dialog opens.
        focus: bool,
    },
    /// Reading the files.
    Running {
        /// Shared with the reading thread.
        progress: Arc<Progress>,
        /// The result, when the thread is done.
        receiver: Receiver<Outcome>,
        /// How many files.
        files: usize,
    },
    /// Showing what was found.
    Review {
        /// The files read and the network they describe.
        imported: Box<Imported>,
        /// The proposed changes.
        reconciliation: Reconciliation,
        /// Which changes are ticked.
        selected: Vec<bool>,
    },
    /// The files could not be imported; the workspace is untouched.
    Failed(String),
}

/// What the user did in the dialog this frame.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportOutcome {
    /// Apply this edit as one step (boxed: an edit carries whole entities).
    Apply(Box<Edit>),
    /// Closed without changing anything.
    Closed,
}

/// The import dialog.
pub struct ImportDialog {
    /// Its state.
    pub state: ImportState,
}

/// The paths of files dropped on the window this frame.
pub fn dropped_paths(ctx: &egui::Context) -> Vec<PathBuf> {
    ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    })
}

impl ImportDialog {
    /// A dialog asking for files.
    pub fn choose() -> Self {
        Self {
            state: ImportState::Choosing {
                paths: String::new(),
                native: None,
                focus: true,
            },
        }
    }

    /// Starts reading `files` and reconciling them with a copy of `workspace`, evaluated at
    /// its as-of date; the open workspace is not touched until Apply.
    pub fn start(files: Vec<PathBuf>, workspace: &Workspace, ctx: &egui::Context) -> Self {
        let progress = Arc::new(Progress::default());
        let (sender, receiver) = channel();
        let count = files.len();
        let shared = progress.clone();
        let existing = workspace.clone();
        let as_of: NaiveDate = workspace.as_of;
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let outcome = import::import_files(&files, as_of, &shared).map(|imported| {
                shared
                    .reconciling
                    .store(true, std::sync::atomic::Ordering::Relaxed);
                let reconciliation = import::reconcile(&existing, &imported.workspace);
                (imported, reconciliation)
            });
            let _ = sender.send(outcome);
            ctx.request_repaint();
        });
        Self {
            state: ImportState::Running {
                progress,
                receiver,
                files: count,
            },
        }
    }

    /// Opens the desktop's file dialog (multi-select) on its own thread.
    pub fn browse(&mut self, ctx: &egui::Context) {
        let ImportState::Choosing { native, .. } = &mut self.state else {
            return;
        };
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let chosen = rfd::FileDialog::new()
                .add_filter("Partner Center exports", &["csv", "json", "txt", "tsv"])
                .pick_files();
            let _ = sender.send(chosen);
            ctx.request_repaint();
        });
        *native = Some(receiver);
    }

    /// Moves on when a background task finished; returns the files to read when the
    /// desktop's dialog gave some.
    pub fn poll(&mut self) -> Option<Vec<PathBuf>> {
        match &mut self.state {
            ImportState::Choosing { native, .. } => {
                let receiver = native.as_ref()?;
                match receiver.try_recv() {
                    Ok(Some(files)) if !files.is_empty() => return Some(files),
                    Ok(_) | Err(TryRecvError::Disconnected) => *native = None,
                    Err(TryRecvError::Empty) => {}
                }
                None
            }
            ImportState::Running { receiver, .. } => {
                let next = match receiver.try_recv() {
                    Ok(Ok((imported, reconciliation))) => ImportState::Review {
                        selected: reconciliation.default_selection(),
                        imported: Box::new(imported),
                        reconciliation,
                    },
                    Ok(Err(error)) => ImportState::Failed(view::error_text(&error)),
                    Err(TryRecvError::Empty) => return None,
                    Err(TryRecvError::Disconnected) => ImportState::Failed(view::stopped_text()),
                };
                self.state = next;
                None
            }
            _ => None,
        }
    }

    /// Stops a running import; the thread ends at its next row and nothing is applied.
    pub fn cancel(&self) {
        if let ImportState::Running { progress, .. } = &self.state {
            progress
                .cancel
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

impl ImportDialog {
    /// Draws the dialog as a modal window and moves it on; `workspace` is the open one, which
    /// the proposed changes are made against.
    pub fn show(&mut self, ctx: &egui::Context, workspace: &Workspace) -> Option<ImportOutcome> {
        if let Some(files) = self.poll() {
            *self = Self::start(files, workspace, ctx);
            return None;
        }
        let mut request = None;
        egui::Modal::new(egui::Id::unique("import-dialog")).show(ctx, |ui| {
            // A fixed width and a fixed-height review keep the buttons where the user saw them.
            ui.set_width(820.0);
            ui.heading(t!("import.title"));
            request = match &mut self.state {
                ImportState::Choosing {
                    paths,
                    native,
                    focus,
                } => {
                    let browsing = native.is_some();
                    view::choosing(ui, paths, focus, native_dialog_available(), browsing)
                }
                ImportState::Running {
                    progress, files, ..
                } => view::running(ui, progress.fraction(), progress.is_reconciling(), *files),
                ImportState::Review {
                    imported,
                    reconciliation,
                    selected,
                } => {
                    egui::ScrollArea::vertical()
                        .id_salt("import-review")
                        .max_height((ctx.content_rect().height() * 0.7).min(560.0))
                        .min_scrolled_height(420.0)
                        .auto_shrink([false, false])
                        .show(ui, |ui| {
                            view::review(ui, imported, reconciliation, selected)
                        });
                    ui.separator();
                    view::review_buttons(ui, selected)
                }
                ImportState::Failed(message) => view::failed(ui, message),
            };
        });
        match request? {
            Request::Start => {
                if let ImportState::Choosing { paths, .. } = &self.state {
                    let files = typed_paths(paths);
                    *self = Self::start(files, workspace, ctx);
                }
                None
            }
            Request::Browse => {
                self.browse(ctx);
                None
            }
            Request::Cancel => {
                self.cancel();
                Some(ImportOutcome::Closed)
            }
            Request::Apply => match &self.state {
                ImportState::Review {
                    reconciliation,
                    selected,
                    ..
                } => Some(ImportOutcome::Apply(Box::new(
                    reconciliation.edit(selected, workspace),
                ))),
                _ => None,
            },
        }
    }
}

/// The paths typed in the path field: one per line, blank lines ignored.
pub fn typed_paths(text: &str) -> Vec<PathBuf> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(PathBuf::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_paths_are_one_per_line() {
        assert_eq!(
            typed_paths(" a.csv \n\n b.json\n"),
            vec![PathBuf::from("a.csv"), PathBuf::from("b.json")]
        );
    }
}
