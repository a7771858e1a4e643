//! Saving survives SIGKILL at any moment: a child process edits, autosaves and saves through the
//! app's own document and save code in a loop; the test kills it at random moments (100 times)
//! and checks that the workspace file is always a complete version (the old or the new one,
//! byte for byte), that the backup is complete too, and that the recovery file holds the last
//! autosaved edits.
//!
//! The child is this same test binary, started again with an environment variable that makes
//! its `child_edits_and_saves_until_killed` test run the loop (without it, that test does
//! nothing). Unix only: elsewhere there is no SIGKILL.
#![cfg(unix)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Days;
use csp_studio::app::Document;
use csp_studio::edit::Edit;
use csp_studio::generate::{GenerateOptions, generate};
use csp_studio::io::recovery::{RecoveryInfo, RecoveryStore};
use csp_studio::io::{backup_path, load_file, save_file, to_canonical_string};
use csp_studio::model::Workspace;

/// Tells the child run where to work.
const CHILD_DIR: &str = "CSP_STUDIO_KILL_TEST_DIR";
const RUNS: usize = 100;

/// The network every version starts from: a few thousand entities, so a save takes long enough
/// (hundreds of kilobytes) for kills to land inside it.
fn base() -> Workspace {
    generate(&GenerateOptions::about_entities(2_000, 7))
}

/// Version `n`: the base with its as-of date moved by `n` days.
fn version(base: &Workspace, n: u64) -> Workspace {
    let mut ws = base.clone();
    ws.as_of = base.as_of.checked_add_days(Days::new(n)).expect("date");
    ws
}

fn version_of(base: &Workspace, ws: &Workspace) -> u64 {
    u64::try_from((ws.as_of - base.as_of).num_days()).expect("a later date")
}

fn target(dir: &Path) -> PathBuf {
    dir.join("network.ron")
}

fn log_path(dir: &Path) -> PathBuf {
    dir.join("progress.log")
}

fn recovery_dir(dir: &Path) -> PathBuf {
    dir.join("recovery")
}

#[test]
fn child_edits_and_saves_until_killed() {
    let Some(dir) = std::env::var_os(CHILD_DIR).map(PathBuf::from) else {
        return;
    };
    let base = base();
    let store = RecoveryStore::new(recovery_dir(&dir));
    let mut document = Document::new(base.clone(), Some(target(&dir)));
    document.disk = csp_studio::io::DiskStamp::of(&target(&dir));
    let mut log = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log_path(&dir))
        .expect("log");
    // Bounded, in case the parent never kills.
    for n in 1..=10_000u64 {
        let edit = Edit::SetAsOf(version(&base, n).as_of);
        document.apply(edit, None).expect("edit");
        let info = RecoveryInfo {
            saved_at: chrono::Utc::now(),
            original: document.path.clone(),
            edits: document.edits_since_save,
            pid: std::process::id(),
        };
        store.write(&document.workspace, &info).expect("autosave");
        writeln!(log, "autosaved {n}").expect("log");
        document.save_as(&target(&dir)).expect("save");
        writeln!(log, "saved {n}").expect("log");
    }
}

/// The last number logged after `word`, or 0.
fn last_logged(dir: &Path, word: &str) -> u64 {
    fs::read_to_string(log_path(dir))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.strip_prefix(word)?.trim().parse().ok())
        .next_back()
        .unwrap_or(0)
}

/// The file loads, is byte for byte the canonical text of its version, and that version is one
/// of `allowed`.
fn assert_complete_version(base: &Workspace, path: &Path, allowed: &[u64], what: &str) {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{what}: {e}"));
    let ws = load_file(path).unwrap_or_else(|e| panic!("{what} is not a complete version: {e}"));
    let n = version_of(base, &ws);
    assert!(
        allowed.contains(&n),
        "{what} holds version {n}, expected one of {allowed:?}"
    );
    let expected = to_canonical_string(&version(base, n)).expect("text");
    // A recovery file adds one comment line (when, which file) before the workspace.
    let body = if text.starts_with("//") {
        text.split_once('\n').map_or("", |(_, rest)| rest)
    } else {
        text.as_str()
    };
    assert!(body == expected, "{what} is not exactly version {n}");
}

#[test]
fn a_kill_at_any_moment_leaves_complete_files_and_the_last_autosave() {
    let base = base();
    let exe = std::env::current_exe().expect("test binary");
    let started = Instant::now();
    let mut kills_inside = 0;
    for run in 0..RUNS {
        let dir = tempfile::tempdir().expect("temp dir");
        save_file(&base, &target(dir.path())).expect("version 0");
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "child_edits_and_saves_until_killed",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_DIR, dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the child");
        // Wait until the child has started autosaving, then kill it a random moment later.
        let deadline = Instant::now() + Duration::from_secs(60);
        while last_logged(dir.path(), "autosaved ") == 0 {
            assert!(
                Instant::now() < deadline,
                "run {run}: the child never autosaved"
            );
            if let Ok(Some(status)) = child.try_wait() {
                panic!("run {run}: the child ended early: {status}");
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_micros(fastrand::u64(0..60_000)));
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");

        let autosaved = last_logged(dir.path(), "autosaved ");
        let saved = last_logged(dir.path(), "saved ");
        // The save after the last logged one may or may not have completed its rename.
        assert_complete_version(&base, &target(dir.path()), &[saved, saved + 1], "the file");
        if saved < autosaved {
            kills_inside += 1;
        }
        let backup = backup_path(&target(dir.path()));
        if backup.exists() {
            let previous = [saved.saturating_sub(1), saved, saved + 1];
            assert_complete_version(&base, &backup, &previous, "the backup");
        } else {
            assert_eq!(saved, 0, "run {run}: a completed save left no backup");
        }
        let pending = RecoveryStore::new(recovery_dir(dir.path())).pending();
        assert_eq!(pending.len(), 1, "run {run}: one recovery file");
        let recovery = &pending[0].path;
        assert_complete_version(&base, recovery, &[autosaved, autosaved + 1], "the recovery");
    }
    // Not a speed assertion: the kills must have hit between an autosave and the end of its save.
    assert!(
        kills_inside > 0,
        "no kill landed inside a save in {RUNS} runs ({:?})",
        started.elapsed()
    );
}
