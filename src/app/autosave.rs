//! When to write the recovery file: after a few seconds without edits, and at the latest after
//! half a minute of continuous editing, only when something changed since the last write.

use std::time::{Duration, Instant};

/// Seconds without a change before an autosave, so typing is never interrupted by one.
pub const IDLE: Duration = Duration::from_secs(3);
/// Longest time unsaved changes go without an autosave while the user keeps editing.
pub const MAX_WAIT: Duration = Duration::from_secs(30);

/// Decides when the recovery file is due, from a change stamp that grows on every edit.
#[derive(Debug, Clone)]
pub struct AutosaveClock {
    idle: Duration,
    max_wait: Duration,
    seen: Option<u64>,
    changed_at: Option<Instant>,
    first_unwritten_at: Option<Instant>,
    written: Option<u64>,
}

impl Default for AutosaveClock {
    fn default() -> Self {
        Self::new(IDLE, MAX_WAIT)
    }
}

impl AutosaveClock {
    /// A clock with the given idle time and longest wait.
    pub fn new(idle: Duration, max_wait: Duration) -> Self {
        Self {
            idle,
            max_wait,
            seen: None,
            changed_at: None,
            first_unwritten_at: None,
            written: None,
        }
    }

    /// Notes the document's change stamp at `now`; the first stamp seen is the loaded state.
    pub fn observe(&mut self, stamp: u64, now: Instant) {
        match self.seen {
            None => {
                self.seen = Some(stamp);
                self.written = Some(stamp);
            }
            Some(seen) if seen != stamp => {
                self.seen = Some(stamp);
                self.changed_at = Some(now);
                if self.written != Some(stamp) && self.first_unwritten_at.is_none() {
                    self.first_unwritten_at = Some(now);
                }
            }
            Some(_) => {}
        }
    }

    /// Whether to write the recovery file now: the document has unsaved changes not yet written,
    /// and the user paused (or has been editing for too long without a pause).
    pub fn due(&self, dirty: bool, now: Instant) -> bool {
        if !dirty || self.seen.is_none() || self.written == self.seen {
            return false;
        }
        let idle = self
            .changed_at
            .is_none_or(|at| now.duration_since(at) >= self.idle);
        let waited = self
            .first_unwritten_at
            .is_some_and(|at| now.duration_since(at) >= self.max_wait);
        idle || waited
    }

    /// How long until [`Self::due`] may turn true, for scheduling a repaint; `None` when nothing
    /// is waiting.
    pub fn wait(&self, dirty: bool, now: Instant) -> Option<Duration> {
        if !dirty || self.written == self.seen {
            return None;
        }
        let idle_left = self.changed_at.map_or(Duration::ZERO, |at| {
            (at + self.idle).saturating_duration_since(now)
        });
        Some(idle_left)
    }

    /// Notes that the state with this stamp is now in the recovery file (or saved).
    pub fn written(&mut self, stamp: u64) {
        self.written = Some(stamp);
        self.first_unwritten_at = None;
    }

    /// Forgets everything: a new document was opened.
    pub fn reset(&mut self) {
        *self = Self::new(self.idle, self.max_wait);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock() -> (AutosaveClock, Instant) {
        (
            AutosaveClock::new(Duration::from_secs(3), Duration::from_secs(30)),
            Instant::now(),
        )
    }

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn waits_for_a_pause_after_the_last_edit() {
        let (mut c, t) = clock();
        c.observe(0, t);
        assert!(!c.due(false, t + secs(60)), "nothing changed");
        c.observe(1, t + secs(1));
        assert!(!c.due(true, t + secs(2)));
        c.observe(2, t + secs(3));
        assert!(
            !c.due(true, t + secs(5)),
            "the second edit restarts the pause"
        );
        assert!(c.due(true, t + secs(6)));
        c.written(2);
        assert!(!c.due(true, t + secs(20)), "already written");
    }

    #[test]
    fn continuous_editing_still_autosaves_after_the_longest_wait() {
        let (mut c, t) = clock();
        c.observe(0, t);
        for s in 1..=31 {
            c.observe(s, t + secs(s));
        }
        assert!(c.due(true, t + secs(31)));
    }

    #[test]
    fn a_clean_document_is_never_due_and_a_reset_forgets_the_stamps() {
        let (mut c, t) = clock();
        c.observe(0, t);
        c.observe(5, t);
        assert!(!c.due(false, t + secs(10)), "saved: nothing to recover");
        assert!(c.due(true, t + secs(10)));
        assert_eq!(c.wait(true, t + secs(1)), Some(secs(2)));
        c.reset();
        c.observe(9, t);
        assert!(
            !c.due(true, t + secs(10)),
            "the loaded state needs no recovery"
        );
        assert_eq!(c.wait(true, t), None);
    }
}
