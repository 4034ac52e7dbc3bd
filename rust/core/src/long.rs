//! Telling the program that embeds the core when a long comment is being worked on.
//!
//! A comment of [`LONG`] code points or more allocates and frees buffers of its own
//! size at every stage (each normaliser step's text, the tokens, the scan's lists, the
//! hits).  An allocator that keeps freed pages for reuse (the extension's mimalloc
//! keeps them for a second, which a megabyte comment's speed needs: the next step's
//! buffer reuses them) holds such a comment's freed buffers beside its live ones, and
//! a buffer that does not fit in a freed one takes fresh pages: 10 MB of prose peaked
//! at 22.8x its size.  The extension's hook gives freed pages back at once while a
//! long comment is worked on.  The core itself allocates as before, and without a hook
//! (the core used from Rust) nothing happens.

use std::sync::OnceLock;

/// The length, in code points, from which a comment counts as long: past a megabyte
/// of text, where the 20x memory bar, not the 0.1 s time bar, is what the pages kept
/// for reuse put at risk (a megabyte's families peak at 17.6x at most with them kept;
/// two megabytes of spaced letters at 22.5x).  Giving pages back costs time: each
/// stage faults its buffers in afresh.
pub const LONG: usize = 1 << 20;

/// What the embedding program does when the first long comment starts (`true`) and the
/// last one in progress ends (`false`): called in that order, from any thread.
pub type Hook = fn(bool);

/// The hook, set once (the extension sets it when it is imported).
static HOOK: OnceLock<Hook> = OnceLock::new();

/// Set the hook (once: a later call is ignored, and says so by returning `false`).
pub fn set_hook(hook: Hook) -> bool {
    HOOK.set(hook).is_ok()
}

/// Held while a comment of `size` code points is worked on: the hook is told of a long
/// comment when the guard is made and when it is dropped.  Guards nest and overlap
/// (threads): the hook hears of the first to start and of the last to end.
pub struct Guard {
    /// Whether this guard entered [`IN_PROGRESS`] (and leaves it when dropped).
    long: bool,
}

/// Long comments in progress; the hook is called under this lock, so its two calls
/// never cross (a `true` after the `false` that ended the previous run).
static IN_PROGRESS: std::sync::Mutex<InProgress> = std::sync::Mutex::new(InProgress(0));

/// How many long comments are being worked on.
struct InProgress(usize);

impl InProgress {
    /// One more: whether it is the first (the hook hears `true`).
    fn enter(&mut self) -> bool {
        self.0 = self.0.saturating_add(1);
        self.0 == 1
    }

    /// One fewer (of those entered): whether it was the last (the hook hears `false`).
    fn leave(&mut self) -> bool {
        self.0 = self.0.saturating_sub(1);
        self.0 == 0
    }
}

impl Guard {
    /// The guard of a comment of `size` code points (a short one: nothing to tell).
    /// The length is asked first, inline: nearly every comment is short, and each is
    /// guarded twice (reading the hook cost some 40 instructions a comment).
    #[inline]
    pub fn new(size: usize) -> Guard {
        if size < LONG {
            return Guard { long: false };
        }
        Guard::of_long()
    }

    /// [`Guard::new`] of a long comment: the hook, when there is one, is told.
    #[cold]
    fn of_long() -> Guard {
        let Some(&hook) = HOOK.get() else {
            return Guard { long: false };
        };
        // A poisoned lock (a hook that panicked) still counts: the count is a number.
        let mut n = IN_PROGRESS.lock().unwrap_or_else(|e| e.into_inner());
        if n.enter() {
            hook(true);
        }
        Guard { long: true }
    }

    /// The drop of a guard that entered [`IN_PROGRESS`]: the hook is told when it was
    /// the last.
    #[cold]
    fn leave() {
        let Some(&hook) = HOOK.get() else {
            return;
        };
        let mut n = IN_PROGRESS.lock().unwrap_or_else(|e| e.into_inner());
        if n.leave() {
            hook(false);
        }
    }
}

impl Drop for Guard {
    #[inline]
    fn drop(&mut self) {
        if self.long {
            Guard::leave();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_to_start_and_the_last_to_end_are_told() {
        let mut n = InProgress(0);
        assert!(n.enter()); // the first: the hook hears `true`
        assert!(!n.enter()); // nested or overlapping: nothing more
        assert!(!n.leave());
        assert!(n.leave()); // the last: the hook hears `false`
        assert!(n.enter()); // a later run is told again
    }

    #[test]
    fn a_short_comment_holds_no_long_guard() {
        assert!(!Guard::new(LONG - 1).long);
    }
}
