//! Why a workspace file could not be read or written, with the place in the file.

use std::path::PathBuf;

/// A load or save failure, worded for the person who has to fix the file.
#[derive(Debug, thiserror::Error)]
pub enum IoError {
    /// The operating system refused (missing file, no permission, disk full, read-only folder).
    #[error("{}: {action}: {source}", path.display())]
    Os {
        /// The file.
        path: PathBuf,
        /// What was being done ("cannot read", "cannot write the temporary file").
        action: &'static str,
        /// The system's reason.
        source: std::io::Error,
    },
    /// The path is not a regular file (a folder, a pipe, a device).
    #[error("{}: not a regular file ({kind}); choose a workspace file", path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
        /// What it is instead.
        kind: &'static str,
    },
    /// Larger than any workspace this version can hold.
    #[error("{}: the file is {} MiB; workspace files larger than {} MiB are refused", path.display(), size.div_ceil(1024 * 1024), limit / (1024 * 1024))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The bound.
        limit: u64,
    },
    /// A problem at a place in the text.
    #[error("{}:{line}:{column}: {message}", path.display())]
    At {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// What was expected or what is wrong.
        message: String,
    },
    /// Written by a newer version of the app.
    #[error(
        "{}:{line}:{column}: this file has format {found}, written by a newer version of CSP Network Studio; this version reads formats up to {supported}. Open it with a newer version.",
        path.display()
    )]
    NewerFormat {
        /// The file.
        path: PathBuf,
        /// Line of the version.
        line: usize,
        /// Column of the version.
        column: usize,
        /// The file's format.
        found: u64,
        /// The newest format this build reads.
        supported: u32,
    },
    /// The workspace could not be turned into text (should not happen for a valid workspace).
    #[error("{}: cannot write the workspace as text: {message}", path.display())]
    Serialize {
        /// The target file.
        path: PathBuf,
        /// ron's reason.
        message: String,
    },
}

impl IoError {
    /// The line and column the error points at, if it points into the text.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            IoError::At { line, column, .. } | IoError::NewerFormat { line, column, .. } => {
                Some((*line, *column))
            }
            _ => None,
        }
    }
}
