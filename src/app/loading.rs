//! Opening a workspace on a background thread, so a large file never freezes the window; the
//! current workspace stays open (and in charge) until the new one has loaded and been checked.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use super::Document;
use crate::io::IoError;

/// Why a file is being loaded: what to do with it once it is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadPurpose {
    /// Open a file (File > Open, Open Recent, the command line).
    Open,
    /// Re-read the document's own file, dropping the changes (File > Revert, or "Reload" when
    /// the file changed on disk).
    Revert,
}

/// A load under way.
pub struct Loading {
    /// The file.
    pub path: PathBuf,
    /// What it is for.
    pub purpose: LoadPurpose,
    /// When it started, for the elapsed time shown.
    pub started: Instant,
    receiver: Receiver<Result<Document, IoError>>,
}

impl Loading {
    /// Starts loading `path` (reading, parsing and checking) on its own thread; `wake` is called
    /// when it is done, to repaint the window.
    pub fn start(
        path: PathBuf,
        purpose: LoadPurpose,
        wake: impl FnOnce() + Send + 'static,
    ) -> Self {
        let (sender, receiver) = channel();
        let file = path.clone();
        std::thread::spawn(move || {
            // A cancelled load has dropped the receiver; its result is simply not wanted.
            let _ = sender.send(Document::open(&file));
            wake();
        });
        Self {
            path,
            purpose,
            started: Instant::now(),
            receiver,
        }
    }

    /// The result once the thread has finished; `None` while it runs.
    pub fn poll(&self) -> Option<Result<Document, IoError>> {
        match self.receiver.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(IoError::Os {
                path: self.path.clone(),
                action: "cannot read",
                source: std::io::Error::other("the loading thread stopped unexpectedly"),
            })),
        }
    }

    /// Blocks until the load has finished, for tests and the command line.
    pub fn wait(&self, timeout: Duration) -> Option<Result<Document, IoError>> {
        self.receiver.recv_timeout(timeout).ok()
    }
}
