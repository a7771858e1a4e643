//! No lost work, driven headless as a person would: the recover offer after a crash, autosave,
//! backups, the changed-on-disk question and opening files in the background.

use std::fs;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use csp_studio::app::{Command, StudioApp};
use csp_studio::edit::Edit;
use csp_studio::io::recovery::{RecoveryInfo, RecoveryStore};
use csp_studio::io::{backup_path, load_file, save_file};
use csp_studio::model::Workspace;
use csp_studio::ui::theme;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const WAIT: Duration = Duration::from_secs(30);

fn harness(app: StudioApp) -> Harness<'static, StudioApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .with_context_setup(theme::install_fonts)
        .build_ui_state(|ui, app: &mut StudioApp| app.show(ui), app)
}

fn date(day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 6, day).expect("date")
}

/// A recovery file as a killed app would have left it in `dir`.
fn leave_recovery(dir: &Path, workspace: &Workspace, original: &Path) -> RecoveryStore {
    let crashed = RecoveryStore::new(dir.to_path_buf());
    let info = RecoveryInfo {
        saved_at: DateTime::parse_from_rfc3339("2026-02-03T04:05:06Z")
            .expect("time")
            .with_timezone(&Utc),
        original: Some(original.to_path_buf()),
        edits: 12,
        pid: std::process::id(),
    };
    crashed.write(workspace, &info).expect("write recovery");
    crashed
}

fn app_with_recovery(dir: &Path) -> StudioApp {
    StudioApp::new(None, Default::default())
        .with_recovery(RecoveryStore::new(dir.to_path_buf()), Duration::ZERO)
}

#[test]
fn the_next_start_offers_the_recovery_and_recovers_it_unsaved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let original = dir.path().join("network.ron");
    let mut lost = Workspace::new(date(7));
    lost.narrative = None;
    let crashed = leave_recovery(&dir.path().join("recovery"), &lost, &original);

    let mut harness = harness(app_with_recovery(&dir.path().join("recovery")));
    harness.run();
    harness.get_by_label("Recover unsaved work?");
    let item = format!(
        "{} — autosaved {}, 12 edits since it was opened or saved",
        original.display(),
        DateTime::parse_from_rfc3339("2026-02-03T04:05:06Z")
            .expect("time")
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M:%S")
    );
    harness.get_by_label(&item);
    harness.get_by_label("Recover").click();
    harness.run();

    let app = harness.state();
    assert_eq!(app.document.workspace, lost);
    assert!(app.document.history.is_dirty(), "recovered work is unsaved");
    assert_eq!(app.document.path.as_deref(), Some(original.as_path()));
    assert!(harness.query_by_label("Recover unsaved work?").is_none());
    let own = app
        .recovery_store()
        .expect("store")
        .own_path()
        .to_path_buf();
    assert!(own.is_file(), "the recovery now belongs to this run");
    assert!(!crashed.own_path().exists());
    assert_eq!(load_file(&own).expect("load"), lost);
}

#[test]
fn discard_deletes_the_recovery_and_later_keeps_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("recovery");
    let crashed = leave_recovery(&folder, &Workspace::new(date(8)), &dir.path().join("a.ron"));

    let mut harness = harness(app_with_recovery(&folder));
    harness.run();
    let sample = harness.state().document.workspace.clone();
    harness.get_by_label("Decide Later").click();
    harness.run();
    assert!(harness.query_by_label("Recover unsaved work?").is_none());
    assert!(crashed.own_path().is_file(), "kept for the next start");
    assert_eq!(harness.state().document.workspace, sample);

    let mut harness = self::harness(app_with_recovery(&folder));
    harness.run();
    harness.get_by_label("Discard").click();
    harness.run();
    assert!(
        !crashed.own_path().exists(),
        "discarded when the user said so"
    );
    assert_eq!(harness.state().document.workspace, sample);
    assert!(RecoveryStore::new(folder).pending().is_empty());
}

#[test]
fn autosave_writes_the_edits_and_a_save_removes_the_recovery_and_keeps_a_backup() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("network.ron");
    save_file(&Workspace::new(date(1)), &path).expect("seed");
    let before = fs::read_to_string(&path).expect("read");
    let app = StudioApp::new(Some(path.clone()), Default::default())
        .with_recovery(RecoveryStore::new(dir.path().join("r")), Duration::ZERO);
    let mut harness = harness(app);
    harness.run();
    harness.state_mut().push(Command::Apply {
        edit: Edit::SetAsOf(date(2)),
        merge_key: None,
        select: None,
    });
    harness.run();
    harness.run();
    harness.state_mut().finish_autosave(WAIT);
    let own = harness
        .state()
        .recovery_store()
        .expect("store")
        .own_path()
        .to_path_buf();
    assert_eq!(load_file(&own).expect("recovery").as_of, date(2));
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        before,
        "never over the user's file"
    );

    harness.state_mut().push(Command::Save);
    harness.run();
    assert!(!own.exists(), "saved work needs no recovery");
    assert_eq!(load_file(&path).expect("saved").as_of, date(2));
    assert_eq!(
        fs::read_to_string(backup_path(&path)).expect("backup"),
        before
    );
}

#[test]
fn saving_over_a_file_changed_on_disk_asks_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("network.ron");
    save_file(&Workspace::new(date(1)), &path).expect("seed");
    let mut harness = harness(StudioApp::new(Some(path.clone()), Default::default()));
    harness.run();
    harness.state_mut().push(Command::Apply {
        edit: Edit::SetAsOf(date(2)),
        merge_key: None,
        select: None,
    });
    harness.run();
    // Another program writes the file (a longer text, so the change shows even in the size).
    let mut theirs = Workspace::new(date(20));
    theirs.narrative = Some(csp_studio::model::Narrative {
        title: "Theirs".into(),
        text: "Written elsewhere".into(),
        steps: Vec::new(),
    });
    save_file(&theirs, &path).expect("their write");
    let their_text = fs::read_to_string(&path).expect("read");

    harness.state_mut().push(Command::Save);
    harness.run();
    harness.get_by_label("File changed on disk");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        their_text,
        "cancel keeps theirs"
    );
    assert!(harness.state().document.history.is_dirty());

    harness.state_mut().push(Command::Save);
    harness.run();
    harness.get_by_label("Overwrite").click();
    harness.run();
    assert_eq!(load_file(&path).expect("ours").as_of, date(2));
    assert_eq!(
        fs::read_to_string(backup_path(&path)).expect("backup"),
        their_text,
        "their version is kept as the backup"
    );
    assert!(!harness.state().document.history.is_dirty());

    // Once saved, the next save does not ask again; a new outside write asks again, and
    // "reload" takes theirs.
    save_file(&theirs, &path).expect("their second write");
    harness.state_mut().push(Command::Apply {
        edit: Edit::SetAsOf(date(3)),
        merge_key: None,
        select: None,
    });
    harness.state_mut().push(Command::Save);
    harness.run();
    harness.get_by_label("Reload and Drop My Changes").click();
    harness.run();
    harness.state_mut().finish_loading(WAIT);
    harness.run();
    assert_eq!(harness.state().document.workspace, theirs);
}

#[test]
fn opening_loads_in_the_background_and_keeps_the_workspace_until_it_is_there() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("other.ron");
    let other = "(format: 1, as_of: \"2025-06-09\", organizations: [(id: \"zeta\", name: \"Zeta Holdings\")])";
    fs::write(&path, other).expect("seed");
    let mut harness = harness(StudioApp::new(None, Default::default()));
    harness.run();
    let sample = harness.state().document.workspace.clone();
    harness.state_mut().push(Command::OpenPath(path.clone()));
    harness.step();
    assert!(harness.state().is_loading() || harness.state().document.workspace != sample);
    if harness.state().is_loading() {
        assert_eq!(
            harness.state().document.workspace,
            sample,
            "kept while loading"
        );
    }
    harness.state_mut().finish_loading(WAIT);
    harness.run();
    assert!(!harness.state().is_loading());
    assert_eq!(harness.state().document.workspace.as_of, date(9));
    assert_eq!(
        harness.state().document.path.as_deref(),
        Some(path.as_path())
    );
    // The panels show the new workspace, not what they cached of the old one.
    assert!(harness.query_by_label_contains("Zeta Holdings").is_some());
    assert!(
        harness
            .query_by_label_contains("Nordwind Distribution")
            .is_none()
    );

    // A file that cannot be read leaves the open workspace as it was, with the error shown.
    let opened = harness.state().document.workspace.clone();
    harness
        .state_mut()
        .push(Command::OpenPath(dir.path().join("missing.ron")));
    harness.step();
    harness.state_mut().finish_loading(WAIT);
    harness.run();
    assert_eq!(harness.state().document.workspace, opened);
    let error = harness.state().error.clone().expect("an error");
    assert!(error.contains("missing.ron"), "{error}");
}
