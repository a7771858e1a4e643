//! Atomic replacement of a file: the target is always either the complete old or the complete new text.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::IoError;

/// Writes `bytes` to a temporary file beside `target`, syncs it, and renames it over `target`.
///
/// A failure at any step (disk full, read-only folder) removes the temporary file and leaves the
/// old `target` untouched.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), IoError> {
    // Saving through a symbolic link saves the file it points to, and keeps the link.
    let resolved = fs::canonicalize(target)
        .ok()
        .filter(|real| real.as_path() != target);
    let target = resolved.as_deref().unwrap_or(target);
    let permissions = fs::metadata(target).ok().map(|m| m.permissions());
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map_or_else(|| "workspace".into(), |n| n.to_string_lossy().into_owned());
    let temp_name = || {
        folder.join(format!(
            ".{name}.{}-{:08x}.tmp",
            std::process::id(),
            fastrand::u32(..)
        ))
    };
    let os = |action: &'static str| {
        move |source| IoError::Os {
            path: target.to_path_buf(),
            action,
            source,
        }
    };
    let mut temp = temp_name();
    let result = (|| {
        // A leftover from a crashed save never blocks this one: pick another name.
        let mut attempts = 0;
        let mut file = loop {
            match OpenOptions::new().write(true).create_new(true).open(&temp) {
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists && attempts < 8 => {
                    attempts += 1;
                    temp = temp_name();
                }
                other => break other,
            }
        }
        .map_err(os("cannot create a temporary file beside it"))?;
        if let Some(permissions) = &permissions {
            let _ = fs::set_permissions(&temp, permissions.clone());
        }
        file.write_all(bytes)
            .map_err(os("cannot write the temporary file"))?;
        file.sync_all()
            .map_err(os("cannot flush the temporary file to disk"))?;
        drop(file);
        fs::rename(&temp, target).map_err(os("cannot replace the file with the new version"))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
        return result;
    }
    // Make the rename itself durable; a failure here does not undo a completed save.
    if let Ok(dir) = File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_target_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("w.ron");
        fs::write(&target, "old").expect("seed");
        write_atomically(&target, b"new").expect("save");
        assert_eq!(fs::read_to_string(&target).expect("read"), "new");
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[test]
    fn a_missing_folder_fails_with_the_path_and_reason() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("no-such-folder").join("w.ron");
        let error = write_atomically(&target, b"new").expect_err("must fail");
        let text = error.to_string();
        assert!(
            text.contains("no-such-folder") && text.contains("temporary"),
            "{text}"
        );
    }
}
