//! `nudge._core`: the Python face of `nudge-core`.  Private: the public API is the
//! `nudge` package, which wraps these objects in typed Python classes.
use pyo3::prelude::*;

mod alloc;
mod facts;
mod lexicon;
mod lines;
mod normalize;
mod score;
mod segment;
mod text;

/// The core's allocator: a comment's scoring makes a few hundred short-lived
/// allocations (tokens, their words, scan entries, reason lines), and mimalloc's
/// thread-local free lists serve them in a fraction of the system allocator's
/// instructions, without a lock shared by the `workers` threads.  Only Rust's own
/// allocations use it; Python objects stay with Python's allocator.
/// (`alloc::Allocator`: mimalloc's plain entry points for word-aligned blocks.)
#[global_allocator]
static ALLOC: alloc::Allocator = alloc::Allocator;

extern "C" {
    // mimalloc's own entry point (the C library the `mimalloc` crate links in): free
    // the pages that hold nothing any more and give them back to the system.
    fn mi_collect(force: bool);
    // mimalloc's option setter (`mi_option_set` in its v2 `mimalloc.h`).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_arena_eager_commit` in mimalloc v2's `mi_option_e` (the fifth entry; the
/// `libmimalloc-sys` bindings name no constant for it).
const MI_OPTION_ARENA_EAGER_COMMIT: std::ffi::c_int = 4;

/// Commit arena memory as it is used, not a whole arena up front.  With eager commit
/// (mimalloc's default on Linux) and transparent huge pages, a 1 MB comment with
/// 500,000 matches spent half its time in the kernel zeroing fresh 2 MB pages, and from
/// one run to the next between 1.0 and 4.5 s; committed on demand it takes 1.2 s each
/// time, with the same Davidson throughput and a smaller resident Scorer.
fn tune_allocator() {
    // SAFETY: `mi_option_set` takes two integers and no pointer; mimalloc reads the
    // option when it next reserves an arena, and any value is valid for this option.
    unsafe { mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0) }
    // A user's own `MIMALLOC_PURGE_DELAY` (read by mimalloc at start) is kept.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        set_purge_delay(PURGE_DELAY_MS);
        nudge_core::long::set_hook(while_long);
    }
}

/// The core's hook for long comments (`nudge_core::long`): freed pages are given back
/// at once while one is worked on, and kept for [`PURGE_DELAY_MS`] again after.
fn while_long(long: bool) {
    set_purge_delay(if long { 0 } else { PURGE_DELAY_MS });
}

fn set_purge_delay(ms: std::ffi::c_long) {
    // SAFETY: `mi_option_set` takes two integers and no pointer; any delay in
    // milliseconds is valid, and mimalloc reads it at each purge.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, ms) }
}

/// `mi_option_purge_delay` in mimalloc v2's `mi_option_e` (the sixteenth entry,
/// between `eager_commit_delay` and `use_numa_nodes`, which `libmimalloc-sys` numbers
/// 14 and 16).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// How long freed pages stay committed before mimalloc gives them back (its default is
/// 10 ms).  Scoring a long comment allocates and frees buffers of its size step after
/// step (each normaliser step's output, the tokens, the scan): given back after 10 ms,
/// the next step's buffer faulted the same pages in again, some 18,000 page faults and
/// a tenth of the time of a 1 MB comment (0.214 -> 0.185 µs a character, faults
/// 17,941 -> 433 a call: `MIMALLOC_PURGE_DELAY=1000 python`, docs/performance.md,
/// round 11).  A second covers a comment of several megabytes; what a call frees is
/// still given back once the delay has passed (only this extension's heap: Python's
/// objects are not allocated by it).
const PURGE_DELAY_MS: std::ffi::c_long = 1000;

/// Give the pages that building a lexicon used and freed back to the system: mimalloc
/// keeps freed pages for reuse, so a loaded Scorer's resident memory would otherwise
/// count the building's scratch (some 2.7 MB for en + fr) as if the Scorer held it.
pub(crate) fn release_free_pages() {
    // SAFETY: `mi_collect` takes no pointer and may be called from any thread at any
    // time; it only returns free pages to the system.
    unsafe { mi_collect(true) }
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    tune_allocator();
    m.add("__version__", nudge_core::VERSION)?;
    // The phrase-gap syntax of the packs, defined once (the Python compiler reads it).
    m.add("GAP", nudge_core::lexicon::GAP)?;
    m.add("MAX_GAP", nudge_core::lexicon::MAX_GAP)?;
    facts::register(m)?;
    lexicon::register(m)?;
    lines::register(m)?;
    score::register(m)?;
    normalize::register(m)?;
    Ok(())
}
