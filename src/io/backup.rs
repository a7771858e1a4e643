//! Saving that keeps the previous version, and noticing a file that changed on disk.
//!
//! The previous version goes to one `FILE.bak` beside the file (`network.ron.bak`): one fixed
//! name a person finds without reading a manual, that editors and backup tools already treat as a
//! backup, and that never piles up in a shared folder the way timestamped copies would. It is the
//! file as it was just before the latest save, so one bad save (or a save over someone else's
//! changes) can always be undone by hand.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{IoError, to_canonical_string, write_atomically};
use crate::model::Workspace;

/// What a file looked like on disk when it was loaded or saved: enough to notice that another
/// program (or another copy of the app) has written it since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiskStamp {
    /// Last modification time, where the file system keeps one.
    pub modified: Option<SystemTime>,
    /// Length in bytes.
    pub len: u64,
}

impl DiskStamp {
    /// The stamp of the file at `path` now; `None` when it does not exist or cannot be read.
    pub fn of(path: &Path) -> Option<Self> {
        let meta = fs::metadata(path).ok()?;
        Some(Self {
            modified: meta.modified().ok(),
            len: meta.len(),
        })
    }
}

/// Whether the file at `path` is no longer the one described by `known` (written, replaced or
/// removed since). A file that was never on disk (`known` is `None`) has changed only if one now
/// exists there.
pub fn changed_on_disk(path: &Path, known: Option<DiskStamp>) -> bool {
    DiskStamp::of(path) != known
}

/// Where the previous version of `path` is kept: the same name with `.bak` added.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map_or_else(|| OsString::from("workspace"), OsString::from);
    name.push(".bak");
    path.with_file_name(name)
}

/// Saves canonically and atomically like [`super::save_file`], first keeping the file's current
/// version as [`backup_path`]. Returns the new file's stamp for the next changed-on-disk check.
///
/// The backup is made by linking (or, where links are not possible, copying) the old file to a
/// temporary name and renaming that over the old backup, so an interrupted save leaves either
/// the old or the new backup, never half of one. A failure to keep the backup stops the save:
/// nothing is overwritten that could not be kept.
pub fn save_with_backup(workspace: &Workspace, path: &Path) -> Result<DiskStamp, IoError> {
    let text = to_canonical_string(workspace).map_err(|e| IoError::Serialize {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    keep_backup(path)?;
    write_atomically(path, text.as_bytes())?;
    DiskStamp::of(path).ok_or_else(|| IoError::Os {
        path: path.to_path_buf(),
        action: "cannot read back the saved file",
        source: std::io::Error::from(std::io::ErrorKind::NotFound),
    })
}

/// Keeps the current content of `path` (if it is a regular file) as its backup.
fn keep_backup(path: &Path) -> Result<(), IoError> {
    // Saving through a symbolic link replaces the file it points to: back that file up.
    let real = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    match fs::metadata(&real) {
        Ok(meta) if meta.is_file() => {}
        // Nothing to keep (a new file), or not a file at all: the save itself reports that.
        _ => return Ok(()),
    }
    let backup = backup_path(&real);
    let temp = backup.with_file_name(format!(
        ".{}.{}-{:08x}.tmp",
        backup
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        std::process::id(),
        fastrand::u32(..)
    ));
    let os = |action: &'static str| {
        let backup = backup.clone();
        move |source| IoError::Os {
            path: backup,
            action,
            source,
        }
    };
    if fs::hard_link(&real, &temp).is_err() {
        fs::copy(&real, &temp).map_err(os("cannot keep the previous version as a backup"))?;
    }
    fs::rename(&temp, &backup).map_err(|error| {
        let _ = fs::remove_file(&temp);
        os("cannot keep the previous version as a backup")(error)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn workspace(day: u32) -> Workspace {
        Workspace::new(NaiveDate::from_ymd_opt(2025, 1, day).expect("date"))
    }

    #[test]
    fn the_backup_name_adds_bak_to_the_whole_name() {
        assert_eq!(
            backup_path(Path::new("/a/network.ron")),
            PathBuf::from("/a/network.ron.bak")
        );
    }

    #[test]
    fn a_save_keeps_the_previous_version_and_a_new_file_gets_no_backup() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("w.ron");
        save_with_backup(&workspace(1), &path).expect("first save");
        assert!(!backup_path(&path).exists(), "nothing to back up yet");
        let first = fs::read_to_string(&path).expect("read");
        save_with_backup(&workspace(2), &path).expect("second save");
        assert_eq!(
            fs::read_to_string(backup_path(&path)).expect("backup"),
            first
        );
        let second = fs::read_to_string(&path).expect("read");
        assert_ne!(first, second);
        save_with_backup(&workspace(3), &path).expect("third save");
        assert_eq!(
            fs::read_to_string(backup_path(&path)).expect("backup"),
            second,
            "the backup is always the version just before the latest save"
        );
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");
    }

    #[test]
    fn the_stamp_notices_a_write_by_someone_else() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("w.ron");
        let stamp = save_with_backup(&workspace(1), &path).expect("save");
        assert!(!changed_on_disk(&path, Some(stamp)));
        fs::write(&path, "changed by another program").expect("write");
        assert!(changed_on_disk(&path, Some(stamp)));
        fs::remove_file(&path).expect("remove");
        assert!(changed_on_disk(&path, Some(stamp)));
        assert!(!changed_on_disk(&path, None));
    }
}
