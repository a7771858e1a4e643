//! The open document: workspace, history, diagnostics and where it lives on disk.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::edit::{Edit, History};
use crate::io::{self, DiskStamp, IoError};
use crate::model::{Id, ModelError, Workspace};
use crate::rules::{self, Diagnostic, Severity};

/// The bundled sample workspace, opened when the app starts without a file.
pub const SAMPLE: &str = include_str!("../../assets/samples/sample.ron");

/// A workspace being edited, with the derived diagnostics kept in step.
pub struct Document {
    /// The workspace.
    pub workspace: Workspace,
    /// Undo and redo.
    pub history: History,
    /// The rules' findings for the current workspace.
    pub diagnostics: Vec<Diagnostic>,
    /// The file it was loaded from or saved to; `None` for the sample or a new workspace.
    pub path: Option<PathBuf>,
    /// Errors and warnings per entity with any, for the badges in the explorer and diagram.
    pub problem_counts: FxHashMap<Id, ProblemCount>,
    /// Grows by one on every change the rules see, so views can cache what they derive from it.
    pub generation: u64,
    /// Grows by one when only diagram positions changed (no re-check needed).
    pub view_generation: u64,
    /// Open for review: every change is refused here, whatever asks for it.
    review: bool,
    /// Grows by one on every change other than the as-of date or diagram positions.
    pub content_generation: u64,
    /// The resolved workspace, kept while edits only move the as-of date (or diagram nodes).
    as_of_cache: Option<rules::AsOfCache>,
    /// The name of an untitled copy (a scenario opened from the gallery), shown until it is saved.
    pub untitled_name: Option<String>,
    /// Different for every document made in this process, so a view caching by generation
    /// notices when another document (opened, reverted, new) takes this one's place.
    pub instance: u64,
    /// The file as it was on disk when loaded or last saved, to notice another program's writes.
    pub disk: Option<DiskStamp>,
    /// Grows by one on every edit, undo and redo: what autosave watches.
    pub changes: u64,
    /// Edits, undos and redos since the document was opened or last saved.
    pub edits_since_save: u64,
}

/// How many errors and warnings concern one entity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProblemCount {
    /// Diagnostics of severity error.
    pub errors: usize,
    /// Diagnostics of severity warning.
    pub warnings: usize,
}

impl Document {
    /// Wraps a workspace and checks it.
    pub fn new(workspace: Workspace, path: Option<PathBuf>) -> Self {
        let mut document = Self {
            workspace,
            history: History::new(),
            diagnostics: Vec::new(),
            path,
            problem_counts: FxHashMap::default(),
            generation: 0,
            view_generation: 0,
            review: false,
            content_generation: 0,
            as_of_cache: None,
            untitled_name: None,
            instance: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
            disk: None,
            changes: 0,
            edits_since_save: 0,
        };
        document.recheck();
        document
    }

    /// The bundled sample.
    pub fn sample() -> Result<Self, IoError> {
        io::load_str(SAMPLE, Path::new("sample.ron")).map(|ws| Self::new(ws, None))
    }

    /// Opens a file.
    pub fn open(path: &Path) -> Result<Self, IoError> {
        // The stamp is taken before reading: a write during the read counts as a change.
        let disk = DiskStamp::of(path);
        io::load_file(path).map(|ws| {
            let mut document = Self::new(ws, Some(path.to_path_buf()));
            document.disk = disk;
            document
        })
    }

    /// Opens a file for review.
    pub fn open_for_review(path: &Path) -> Result<Self, IoError> {
        Self::open(path).map(|mut document| {
            document.review = true;
            document
        })
    }

    /// True while the document is open for review (read only).
    pub fn is_review(&self) -> bool {
        self.review
    }

    /// Switches review on or off; turning it on with unsaved changes is refused (they could not be
    /// saved any more), and the answer says whether the document is now in review.
    pub fn set_review(&mut self, on: bool) -> bool {
        if !on || !self.history.is_dirty() {
            self.review = on;
        }
        self.review
    }

    /// Applies an edit through the history and re-checks; refused in review.
    pub fn apply(&mut self, edit: Edit, merge_key: Option<&str>) -> Result<(), ModelError> {
        if self.review {
            return Err(ModelError::ReadOnly);
        }
        let positions_only = edit.is_view_only();
        let date_only = matches!(edit, Edit::SetAsOf(_));
        self.history.apply(&mut self.workspace, edit, merge_key)?;
        self.count_change();
        if positions_only {
            self.view_generation += 1;
        } else if date_only {
            self.recheck_at_new_date();
        } else {
            self.recheck();
        }
        Ok(())
    }

    /// Undoes the last step and re-checks.
    pub fn undo(&mut self) -> Result<bool, ModelError> {
        if self.review {
            return Err(ModelError::ReadOnly);
        }
        let date_only = matches!(self.history.next_edits().0, Some(Edit::SetAsOf(_)));
        let undone = self.history.undo(&mut self.workspace)?;
        if undone {
            self.count_change();
        }
        self.recheck_after_step(undone && date_only);
        Ok(undone)
    }

    /// Redoes the last undone step and re-checks.
    pub fn redo(&mut self) -> Result<bool, ModelError> {
        if self.review {
            return Err(ModelError::ReadOnly);
        }
        let date_only = matches!(self.history.next_edits().1, Some(Edit::SetAsOf(_)));
        let redone = self.history.redo(&mut self.workspace)?;
        if redone {
            self.count_change();
        }
        self.recheck_after_step(redone && date_only);
        Ok(redone)
    }

    /// Saves to `path` (atomically, keeping the previous version as `path.bak`) and remembers it.
    pub fn save_as(&mut self, path: &Path) -> Result<(), IoError> {
        self.disk = Some(io::save_with_backup(&self.workspace, path)?);
        self.path = Some(path.to_path_buf());
        self.history.mark_saved();
        self.edits_since_save = 0;
        Ok(())
    }

    /// Whether the file this document came from was written by someone else since it was
    /// loaded or saved here (or removed).
    pub fn changed_on_disk(&self) -> bool {
        self.path
            .as_deref()
            .is_some_and(|path| io::changed_on_disk(path, self.disk))
    }

    fn count_change(&mut self) {
        self.changes += 1;
        self.edits_since_save += 1;
    }

    /// Re-reads the file the document came from; the caller has asked about unsaved changes.
    pub fn reverted(&self) -> Option<Result<Self, IoError>> {
        let review = self.review;
        self.path.as_deref().map(|path| {
            Self::open(path).map(|mut document| {
                document.review = review;
                document
            })
        })
    }

    /// A title for the window and status bar.
    pub fn title(&self) -> String {
        let name = self.path.as_deref().and_then(Path::file_name).map_or_else(
            || {
                self.untitled_name
                    .clone()
                    .unwrap_or_else(|| crate::i18n::t!("app.sample_workspace").into_owned())
            },
            |n| n.to_string_lossy().into_owned(),
        );
        if self.history.is_dirty() {
            format!("{name} •")
        } else {
            name
        }
    }

    /// Re-checks after an undo or redo: one that only moved the as-of date (a timeline drag
    /// undone) takes the cached path too.
    fn recheck_after_step(&mut self, date_only: bool) {
        if date_only {
            self.recheck_at_new_date();
        } else {
            self.recheck();
        }
    }

    /// Re-runs the rules at the moved as-of date, reusing the resolved workspace.
    fn recheck_at_new_date(&mut self) {
        let as_of = self.workspace.as_of;
        let cache = self
            .as_of_cache
            .get_or_insert_with(|| rules::AsOfCache::new(&self.workspace));
        let previous = std::mem::take(&mut self.diagnostics);
        let diagnostics = cache.check_on_reusing(as_of, previous);
        self.set_diagnostics(diagnostics);
    }

    fn recheck(&mut self) {
        self.as_of_cache = None;
        self.content_generation += 1;
        let diagnostics = rules::check(&self.workspace);
        self.set_diagnostics(diagnostics);
    }

    fn set_diagnostics(&mut self, diagnostics: Vec<Diagnostic>) {
        self.diagnostics = diagnostics;
        // A moved as-of date can bring tens of thousands of warnings, mostly about the entities
        // of the last date: counts start again from zero in place, and an entity's id is copied
        // only when it is new. Infos count nothing.
        for count in self.problem_counts.values_mut() {
            *count = ProblemCount::default();
        }
        for d in self
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
        {
            for id in &d.entities {
                let count = match self.problem_counts.get_mut(id) {
                    Some(count) => count,
                    None => self.problem_counts.entry(id.clone()).or_default(),
                };
                match d.severity {
                    Severity::Error => count.errors += 1,
                    _ => count.warnings += 1,
                }
            }
        }
        self.problem_counts
            .retain(|_, count| *count != ProblemCount::default());
        self.generation += 1;
    }
}
