//! No lost work: autosave to the recovery folder, the recover offer after a crash, the warning
//! before saving over a file that changed on disk, and loading files without freezing the window.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use egui::{Context, Key, Ui};

use super::autosave::AutosaveClock;
use super::loading::{LoadPurpose, Loading};
use super::{Document, StudioApp};
use crate::i18n::t;
use crate::io::recovery::{Recovery, RecoveryInfo, RecoveryStore};
use crate::io::{DiskStamp, IoError};

/// The app's no-lost-work state.
#[derive(Default)]
pub struct Safety {
    store: Option<RecoveryStore>,
    clock: AutosaveClock,
    /// The change stamp being written by the autosave thread, and its outcome.
    writing: Option<(u64, Receiver<Result<(), IoError>>)>,
    /// Recovery files found at start, offered until the user decides.
    pub offers: Vec<Recovery>,
    /// A save to this path waits for "overwrite, reload or cancel": the file changed on disk.
    pub conflict: Option<PathBuf>,
    /// A file being loaded in the background.
    pub loading: Option<Loading>,
    /// Why the last autosave failed, shown in the status bar until one succeeds.
    pub autosave_error: Option<String>,
}

/// The recovery folder in the user's data folder (`~/.local/share/cspnetworkstudio/recovery` on
/// Linux), beside the app's settings and never beside the user's files.
pub fn default_recovery_dir() -> Option<PathBuf> {
    eframe::storage_dir("CSP Network Studio").map(|dir| dir.join("recovery"))
}

impl StudioApp {
    /// Autosaves into `store` after `idle` without edits, and offers the recovery files that
    /// crashed or killed runs left there.
    pub fn with_recovery(mut self, store: RecoveryStore, idle: Duration) -> Self {
        self.safety.offers = store.pending();
        self.safety.clock = AutosaveClock::new(idle, super::autosave::MAX_WAIT.max(idle));
        self.safety.store = Some(store);
        self
    }

    /// The recovery store, when autosave is on.
    pub fn recovery_store(&self) -> Option<&RecoveryStore> {
        self.safety.store.as_ref()
    }

    /// True while a file loads in the background.
    pub fn is_loading(&self) -> bool {
        self.safety.loading.is_some()
    }

    /// Waits for a background load to finish and takes its result, as the next frame would.
    pub fn finish_loading(&mut self, timeout: Duration) {
        if let Some(result) = self
            .safety
            .loading
            .as_ref()
            .and_then(|loading| loading.wait(timeout))
        {
            self.loaded(result);
        }
    }

    /// Waits for a running autosave to finish (tests, and before exiting).
    pub fn finish_autosave(&mut self, timeout: Duration) {
        if let Some((stamp, receiver)) = self.safety.writing.take() {
            match receiver.recv_timeout(timeout) {
                Ok(result) => self.autosaved(stamp, result),
                Err(_) => self.safety.writing = Some((stamp, receiver)),
            }
        }
    }

    /// Starts loading `path` on a background thread; the open workspace stays until it is there.
    pub(super) fn start_loading(&mut self, ctx: &Context, path: PathBuf, purpose: LoadPurpose) {
        ctx.request_repaint();
        let ctx = ctx.clone();
        self.safety.loading = Some(Loading::start(path, purpose, move || {
            ctx.request_repaint();
        }));
    }

    /// Saves to `path`, first asking when it is the document's own file and someone else wrote
    /// it since it was opened or saved here.
    pub(super) fn save_to(&mut self, ctx: &Context, path: PathBuf, force: bool) {
        if !force
            && self.document.path.as_deref() == Some(path.as_path())
            && self.document.changed_on_disk()
        {
            self.safety.conflict = Some(path);
            ctx.request_repaint();
            return;
        }
        match self.save_document(&path) {
            Ok(()) => {
                self.settings.remember(&path);
                if let Some(store) = &self.safety.store {
                    store.clear();
                }
                self.safety.clock.written(self.document.changes);
                if let Some(next) = self.after_save.take() {
                    self.run_confirmed(ctx, next);
                }
            }
            Err(error) => {
                self.after_save = None;
                self.error = Some(error.to_string());
            }
        }
    }

    /// Once per frame, before drawing: takes finished loads and autosaves, starts a due autosave.
    pub(super) fn safety_frame(&mut self, ctx: &Context) {
        if let Some(result) = self.safety.loading.as_ref().and_then(Loading::poll) {
            self.loaded(result);
        }
        if let Some((stamp, receiver)) = &self.safety.writing {
            match receiver.try_recv() {
                Ok(result) => {
                    let stamp = *stamp;
                    self.safety.writing = None;
                    self.autosaved(stamp, result);
                }
                Err(TryRecvError::Disconnected) => self.safety.writing = None,
                Err(TryRecvError::Empty) => {}
            }
        }
        let Some(store) = &self.safety.store else {
            return;
        };
        let now = Instant::now();
        let dirty = self.document.history.is_dirty();
        self.safety.clock.observe(self.document.changes, now);
        if self.safety.writing.is_none() && self.safety.clock.due(dirty, now) {
            let stamp = self.document.changes;
            let store = store.clone();
            let workspace = self.document.workspace.clone();
            let info = RecoveryInfo {
                saved_at: chrono::Utc::now(),
                original: self.document.path.clone(),
                edits: self.document.edits_since_save,
                pid: std::process::id(),
            };
            let (sender, receiver) = channel();
            let wake = ctx.clone();
            std::thread::spawn(move || {
                let _ = sender.send(store.write(&workspace, &info));
                wake.request_repaint();
            });
            self.safety.writing = Some((stamp, receiver));
        } else if let Some(wait) = self.safety.clock.wait(dirty, now) {
            ctx.request_repaint_after(wait.max(Duration::from_millis(100)));
        }
    }

    fn autosaved(&mut self, stamp: u64, result: Result<(), IoError>) {
        match result {
            Ok(()) => {
                self.safety.clock.written(stamp);
                self.safety.autosave_error = None;
                // Saved meanwhile: the recovery file is stale, and the save made it unneeded.
                if !self.document.history.is_dirty()
                    && let Some(store) = &self.safety.store
                {
                    store.clear();
                }
            }
            Err(error) => {
                // Try again after the next pause rather than in a tight loop.
                self.safety.clock.written(stamp);
                self.safety.autosave_error = Some(error.to_string());
            }
        }
    }

    fn loaded(&mut self, result: Result<Document, IoError>) {
        let Some(loading) = self.safety.loading.take() else {
            return;
        };
        match result {
            Ok(document) => {
                if loading.purpose == LoadPurpose::Open {
                    self.settings.remember(&loading.path);
                }
                self.replace_document(document);
            }
            Err(error) => self.error = Some(error.to_string()),
        }
    }

    /// A new document replaced the old: its recovery file and autosave state no longer apply.
    pub(super) fn forget_recovery(&mut self) {
        if let Some(store) = &self.safety.store {
            store.clear();
        }
        self.safety.clock.reset();
    }

    /// The window is closing: nothing is left to recover once the user saved or said "Don't Save".
    pub(super) fn exit_cleanly(&mut self) {
        if let Some(store) = &self.safety.store
            && (!self.document.history.is_dirty() || self.quit_confirmed)
        {
            store.clear();
        }
    }

    /// The user chose to recover `recovery`: it replaces the open document, unsaved.
    pub fn recover(&mut self, recovery: &Recovery) {
        let workspace = match RecoveryStore::load(recovery) {
            Ok(workspace) => workspace,
            Err(error) => {
                self.error = Some(error.to_string());
                return;
            }
        };
        let original = recovery.info.as_ref().and_then(|i| i.original.clone());
        let mut document = Document::new(workspace, original.clone());
        document.disk = original.as_deref().and_then(DiskStamp::of);
        document.history.mark_unsaved();
        document.edits_since_save = recovery.info.as_ref().map_or(0, |i| i.edits);
        self.replace_document(document);
        // One recovered workspace at a time: the others wait on disk for the next start.
        self.safety.offers.clear();
        if let Some(store) = &self.safety.store
            && let Err(error) = store.adopt(recovery)
        {
            self.error = Some(error.to_string());
        }
    }

    /// The user chose to throw `recovery` away.
    pub fn discard_recovery(&mut self, recovery: &Recovery) {
        if let Err(error) = RecoveryStore::discard(recovery) {
            self.error = Some(error.to_string());
        }
        self.safety.offers.retain(|r| r != recovery);
    }

    /// The recover offer, the changed-on-disk question and the loading indicator.
    pub(super) fn safety_dialogs(&mut self, ctx: &Context) {
        if let Some(loading) = &self.safety.loading {
            // A quick load never flashes a dialog; a slow one shows it after a moment.
            let shown_after = Duration::from_millis(300);
            if loading.started.elapsed() < shown_after {
                ctx.request_repaint_after(shown_after.saturating_sub(loading.started.elapsed()));
                return;
            }
            let name = file_name(&loading.path);
            let elapsed = loading.started.elapsed();
            let seconds = elapsed.as_secs();
            // A turning glyph four times a second rather than egui's spinner, which repaints on
            // every frame: the window stays idle between updates.
            let glyph = ['◐', '◓', '◑', '◒'][(elapsed.as_millis() / 250 % 4) as usize];
            let mut cancel = false;
            egui::Modal::new(egui::Id::unique("loading")).show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new(glyph).heading());
                    ui.label(t!("safety.loading", name = name, seconds = seconds));
                });
                ui.label(t!("safety.loading_keeps"));
                if ui.button(t!("safety.cancel")).clicked()
                    || ui.input(|i| i.key_pressed(Key::Escape))
                {
                    cancel = true;
                }
            });
            if cancel {
                self.safety.loading = None;
            } else {
                ctx.request_repaint_after(Duration::from_millis(250));
            }
            return;
        }
        if let Some(path) = self.safety.conflict.clone() {
            match changed_on_disk_dialog(ctx, &file_name(&path)) {
                Some(ConflictAnswer::Overwrite) => {
                    self.safety.conflict = None;
                    self.save_to(ctx, path, true);
                }
                Some(ConflictAnswer::Reload) => {
                    self.safety.conflict = None;
                    self.after_save = None;
                    self.start_loading(ctx, path, LoadPurpose::Revert);
                }
                Some(ConflictAnswer::Cancel) => {
                    self.safety.conflict = None;
                    self.after_save = None;
                }
                None => {}
            }
            return;
        }
        if !self.safety.offers.is_empty() {
            match recover_dialog(ctx, &self.safety.offers) {
                Some(OfferAnswer::Recover(n)) => {
                    let recovery = self.safety.offers[n].clone();
                    self.recover(&recovery);
                }
                Some(OfferAnswer::Discard(n)) => {
                    let recovery = self.safety.offers[n].clone();
                    self.discard_recovery(&recovery);
                }
                Some(OfferAnswer::Later) => self.safety.offers.clear(),
                None => {}
            }
        }
    }

    /// True while one of this module's modal dialogs is open (shortcuts wait).
    pub(super) fn safety_modal_open(&self) -> bool {
        self.safety.loading.is_some()
            || self.safety.conflict.is_some()
            || !self.safety.offers.is_empty()
    }

    /// A line for the status bar when autosave cannot write.
    pub(super) fn autosave_status(&self, ui: &mut Ui) {
        if let Some(error) = &self.safety.autosave_error {
            ui.label(t!("safety.autosave_failed"))
                .on_hover_text(error.as_str());
        }
    }
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ConflictAnswer {
    Overwrite,
    Reload,
    Cancel,
}

fn changed_on_disk_dialog(ctx: &Context, name: &str) -> Option<ConflictAnswer> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("changed-on-disk")).show(ctx, |ui| {
        ui.heading(t!("safety.changed_title"));
        ui.label(t!("safety.changed_text", name = name));
        ui.horizontal(|ui| {
            if ui.button(t!("safety.overwrite")).clicked() {
                answer = Some(ConflictAnswer::Overwrite);
            }
            if ui.button(t!("safety.reload")).clicked() {
                answer = Some(ConflictAnswer::Reload);
            }
            if ui.button(t!("safety.cancel")).clicked() || ui.input(|i| i.key_pressed(Key::Escape))
            {
                answer = Some(ConflictAnswer::Cancel);
            }
        });
    });
    answer
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OfferAnswer {
    Recover(usize),
    Discard(usize),
    Later,
}

fn describe(recovery: &Recovery) -> String {
    let Some(info) = &recovery.info else {
        return t!("safety.offer_unknown").into_owned();
    };
    let time = info
        .saved_at
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    let file = info.original.as_deref().map_or_else(
        || t!("safety.offer_new").into_owned(),
        |p| p.display().to_string(),
    );
    t!(
        "safety.offer_item",
        file = file,
        time = time,
        edits = info.edits
    )
    .into_owned()
}

fn recover_dialog(ctx: &Context, offers: &[Recovery]) -> Option<OfferAnswer> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("recover-offer")).show(ctx, |ui| {
        ui.heading(t!("safety.offer_title"));
        ui.label(t!("safety.offer_text"));
        ui.separator();
        for (n, recovery) in offers.iter().enumerate() {
            ui.push_id(n, |ui| {
                ui.label(describe(recovery));
                ui.horizontal(|ui| {
                    if ui.button(t!("safety.recover")).clicked() {
                        answer = Some(OfferAnswer::Recover(n));
                    }
                    if ui.button(t!("safety.discard")).clicked() {
                        answer = Some(OfferAnswer::Discard(n));
                    }
                });
            });
            ui.separator();
        }
        if ui.button(t!("safety.later")).clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
            answer = Some(OfferAnswer::Later);
        }
    });
    answer
}
