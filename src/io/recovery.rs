//! Recovery files: the unsaved state of an open workspace, written now and then to the user's
//! data folder (never over the user's own file), so that a crash, a kill or a power cut loses at
//! most the last few seconds of work.
//!
//! Each running app writes one file, `recovery-PID-RANDOM.ron`, in the folder it is given. The
//! file is an ordinary workspace file whose first line is a comment holding what the recovery
//! offer shows (when, which file, how many edits): any copy of the app can open it as a
//! workspace, and a person can read it. A clean exit or a save removes it; a file left behind by
//! a process that no longer runs is what the next start offers to recover.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{IoError, load_file, to_canonical_string, write_atomically};
use crate::model::Workspace;

/// The start of a recovery file's first line; the JSON description follows it.
const MARK: &str = "// csp-studio recovery ";
/// File names of recovery files start with this.
const PREFIX: &str = "recovery-";

/// What a recovery file holds, shown when the app offers to recover it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryInfo {
    /// When it was written.
    pub saved_at: DateTime<Utc>,
    /// The file the workspace was opened from or last saved to; `None` for a new workspace.
    pub original: Option<PathBuf>,
    /// Edits since the workspace was opened or last saved.
    pub edits: u64,
    /// The process that wrote it: a file of a running process is never offered.
    pub pid: u32,
}

/// A recovery file found in the folder, left by an app that did not exit cleanly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// The recovery file.
    pub path: PathBuf,
    /// Its description; `None` when the first line cannot be read (the workspace may still load).
    pub info: Option<RecoveryInfo>,
}

/// The recovery folder as one running app sees it: its own file and the others'.
#[derive(Debug, Clone)]
pub struct RecoveryStore {
    dir: PathBuf,
    own: PathBuf,
}

impl RecoveryStore {
    /// A store in `dir` (created on the first write) with a fresh file name for this process.
    pub fn new(dir: PathBuf) -> Self {
        let own = dir.join(format!(
            "{PREFIX}{}-{:08x}.ron",
            std::process::id(),
            fastrand::u32(..)
        ));
        Self { dir, own }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// This app's own recovery file.
    pub fn own_path(&self) -> &Path {
        &self.own
    }

    /// Writes `workspace` as this app's recovery file, atomically: a kill during the write leaves
    /// the previous recovery complete.
    pub fn write(&self, workspace: &Workspace, info: &RecoveryInfo) -> Result<(), IoError> {
        let os = |action| {
            let path = self.own.clone();
            move |source| IoError::Os {
                path,
                action,
                source,
            }
        };
        fs::create_dir_all(&self.dir).map_err(os("cannot create the recovery folder"))?;
        let header = serde_json::to_string(info).map_err(|e| IoError::Serialize {
            path: self.own.clone(),
            message: e.to_string(),
        })?;
        let body = to_canonical_string(workspace).map_err(|e| IoError::Serialize {
            path: self.own.clone(),
            message: e.to_string(),
        })?;
        let mut text = String::with_capacity(MARK.len() + header.len() + 1 + body.len());
        text.push_str(MARK);
        text.push_str(&header);
        text.push('\n');
        text.push_str(&body);
        write_atomically(&self.own, text.as_bytes())
    }

    /// Removes this app's recovery file (after a save, or on a clean exit).
    pub fn clear(&self) {
        let _ = fs::remove_file(&self.own);
    }

    /// Recovery files left by processes that no longer run, newest first.
    pub fn pending(&self) -> Vec<Recovery> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut found: Vec<Recovery> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(".ron"))
                    && path.as_path() != self.own
                    && path.is_file()
            })
            .map(|path| Recovery {
                info: read_info(&path),
                path,
            })
            .filter(|r| {
                pid_of_name(&r.path)
                    .or(r.info.as_ref().map(|info| info.pid))
                    .is_none_or(|pid| !process_runs(pid))
            })
            .collect();
        found.sort_by(|a, b| {
            let time = |r: &Recovery| r.info.as_ref().map(|i| i.saved_at);
            time(b).cmp(&time(a)).then_with(|| a.path.cmp(&b.path))
        });
        found
    }

    /// Loads the workspace a recovery file holds.
    pub fn load(recovery: &Recovery) -> Result<Workspace, IoError> {
        load_file(&recovery.path)
    }

    /// Makes a found recovery file this app's own (after the user recovered it): it keeps
    /// protecting the recovered work until the next autosave replaces it or a save removes it.
    pub fn adopt(&self, recovery: &Recovery) -> Result<(), IoError> {
        fs::rename(&recovery.path, &self.own).map_err(|source| IoError::Os {
            path: recovery.path.clone(),
            action: "cannot take over the recovery file",
            source,
        })
    }

    /// Deletes a found recovery file: only when the user said so.
    pub fn discard(recovery: &Recovery) -> Result<(), IoError> {
        fs::remove_file(&recovery.path).map_err(|source| IoError::Os {
            path: recovery.path.clone(),
            action: "cannot delete the recovery file",
            source,
        })
    }
}

/// Reads the description from the first line, reading no more than a few kilobytes.
fn read_info(path: &Path) -> Option<RecoveryInfo> {
    let file = fs::File::open(path).ok()?;
    let mut line = String::new();
    BufReader::new(file.take(64 * 1024))
        .read_line(&mut line)
        .ok()?;
    serde_json::from_str(line.trim_end().strip_prefix(MARK)?).ok()
}

/// The process id in a name such as `recovery-1234-0badf00d.ron`.
fn pid_of_name(path: &Path) -> Option<u32> {
    let name = path.file_name()?.to_str()?;
    name.strip_prefix(PREFIX)?.split('-').next()?.parse().ok()
}

/// Whether another process with this id runs now. Where that cannot be told, it is taken as not
/// running: offering a live app's file is harmless (recovering copies it), hiding a dead one's
/// would lose work.
fn process_runs(pid: u32) -> bool {
    pid != std::process::id()
        && cfg!(target_os = "linux")
        && Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn workspace() -> Workspace {
        Workspace::new(NaiveDate::from_ymd_opt(2025, 3, 4).expect("date"))
    }

    fn info(edits: u64) -> RecoveryInfo {
        RecoveryInfo {
            saved_at: DateTime::parse_from_rfc3339("2026-01-02T03:04:05Z")
                .expect("time")
                .with_timezone(&Utc),
            original: Some(PathBuf::from("/data/network.ron")),
            edits,
            pid: 4_000_000,
        }
    }

    /// A store whose own file was written by a process that has since died.
    fn left_behind(dir: &Path, pid: u32) -> PathBuf {
        let path = dir.join(format!("{PREFIX}{pid}-00000001.ron"));
        let store = RecoveryStore {
            dir: dir.to_path_buf(),
            own: path.clone(),
        };
        store.write(&workspace(), &info(7)).expect("write");
        path
    }

    #[test]
    fn a_written_recovery_is_a_loadable_workspace_with_its_description() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = left_behind(dir.path(), 4_000_000);
        let store = RecoveryStore::new(dir.path().to_path_buf());
        let found = store.pending();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, path);
        assert_eq!(found[0].info, Some(info(7)));
        assert_eq!(RecoveryStore::load(&found[0]).expect("load"), workspace());
    }

    #[test]
    fn the_own_file_and_a_running_process_file_are_not_offered() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = RecoveryStore::new(dir.path().to_path_buf());
        store.write(&workspace(), &info(1)).expect("write own");
        assert!(store.pending().is_empty(), "this app's own file");
        // Process 1 always runs on Linux.
        left_behind(dir.path(), 1);
        if cfg!(target_os = "linux") {
            assert!(store.pending().is_empty(), "a running app's file");
        }
        store.clear();
        assert!(!store.own_path().exists());
    }

    #[test]
    fn adopting_moves_the_file_and_discarding_removes_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        left_behind(dir.path(), 4_000_001);
        left_behind(dir.path(), 4_000_002);
        let store = RecoveryStore::new(dir.path().to_path_buf());
        let found = store.pending();
        assert_eq!(found.len(), 2);
        store.adopt(&found[0]).expect("adopt");
        assert!(store.own_path().is_file());
        assert!(!found[0].path.exists());
        RecoveryStore::discard(&found[1]).expect("discard");
        assert!(store.pending().is_empty());
    }

    #[test]
    fn a_recovery_with_an_unreadable_description_is_still_offered() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(format!("{PREFIX}4000003-00000002.ron"));
        fs::write(&path, "(format: 1, as_of: \"2025-03-04\")\n").expect("write");
        let found = RecoveryStore::new(dir.path().to_path_buf()).pending();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].info, None);
        assert_eq!(RecoveryStore::load(&found[0]).expect("load"), workspace());
    }

    #[test]
    fn a_missing_folder_offers_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = RecoveryStore::new(dir.path().join("not-yet"));
        assert!(store.pending().is_empty());
    }
}
