//! The extension's global allocator: mimalloc, asked through its plain entry points
//! when the alignment asked for is one every mimalloc block has.
//!
//! Why not `mimalloc::MiMalloc` as it is: it sends every allocation through
//! `mi_malloc_aligned` (and every growth through `mi_realloc_aligned`), which checks the
//! alignment and walks two more functions before the same free-list pop; a comment's
//! scoring makes some two hundred allocations of tokens, words and scan entries, all
//! aligned to 8 bytes or less, and those checks were a third of the allocator's
//! instructions.  Larger alignments still take the aligned entry points.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::{c_int, c_long, c_void};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

extern "C" {
    // mimalloc's C entry points (the library the `mimalloc` crate links in).
    fn mi_malloc(size: usize) -> *mut c_void;
    fn mi_zalloc(size: usize) -> *mut c_void;
    fn mi_realloc(p: *mut c_void, newsize: usize) -> *mut c_void;
    fn mi_option_get(option: c_int) -> c_long;
    fn mi_option_set(option: c_int, value: c_long);
}

/// `mi_option_purge_delay` in mimalloc v2's `mi_option_t` (`include/mimalloc.h` of the
/// `libmimalloc-sys` the lock file names: the sixteenth option, counted from 0).
const PURGE_DELAY: c_int = 15;

/// From how many code points a comment is scored with freed pages returned at once.
pub const GIVE_BACK_FROM: usize = 1 << 16;

/// How many long comments are being scored (the first sets the delay, the last puts
/// it back).
static LONG: AtomicUsize = AtomicUsize::new(0);

/// mimalloc's purge delay as the process set it (`MIMALLOC_PURGE_DELAY`, else 10 ms).
static DEFAULT_DELAY: OnceLock<c_long> = OnceLock::new();

/// While alive, mimalloc returns freed pages to the system at once, for a comment of
/// [`GIVE_BACK_FROM`] code points or more (a shorter one: nothing changes).  Why:
/// mimalloc keeps freed pages for a while (10 ms, 100 ms for whole segments) before
/// it returns them, and a long comment's stages free lists of megabytes and make the
/// next ones within that time, so its resident peak was its live lists plus those not
/// yet returned (1 MB of prose: 29-32 MB resident for about 20 MB live).  A tweet
/// never pays for it; a long comment pays the page faults of touching returned pages
/// again (10-30 % of a megabyte's time: `docs/performance.md`, round 11, memory6).
/// The delay is process-wide: a short comment scored on another thread meanwhile
/// returns its pages at once too (the same answers, a little slower).
pub struct GiveBack(bool);

impl GiveBack {
    pub fn for_size(code_points: usize) -> GiveBack {
        if code_points < GIVE_BACK_FROM {
            return GiveBack(false);
        }
        // SAFETY: reading and setting a mimalloc option is allowed at any time from any
        // thread; the purge delay only says when free pages are returned.
        let default = *DEFAULT_DELAY.get_or_init(|| unsafe { mi_option_get(PURGE_DELAY) });
        if LONG.fetch_add(1, Ordering::SeqCst) == 0 && default != 0 {
            // SAFETY: as above.
            unsafe { mi_option_set(PURGE_DELAY, 0) };
        }
        GiveBack(true)
    }
}

impl Drop for GiveBack {
    fn drop(&mut self) {
        if self.0 && LONG.fetch_sub(1, Ordering::SeqCst) == 1 {
            if let Some(&default) = DEFAULT_DELAY.get() {
                // SAFETY: as in `GiveBack::for_size`.
                unsafe { mi_option_set(PURGE_DELAY, default) };
            }
        }
    }
}

/// Every block mimalloc hands out is aligned to at least a machine word (its smallest
/// size class is one word, and its pages are carved into whole words).
const PLAIN_ALIGN: usize = std::mem::size_of::<usize>();

pub struct Allocator;

// SAFETY: each method forwards to mimalloc, which returns null on failure (as
// `GlobalAlloc` asks) or a block of at least `size` bytes.  The plain entry points are
// used only when `layout.align()` is at most a machine word, which every mimalloc block
// satisfies; otherwise the `mimalloc` crate's aligned implementation is called.  Blocks
// from either path are freed by `mi_free` (the crate's `dealloc`), and `mi_realloc`
// keeps a block's word alignment.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            mi_malloc(layout.size()).cast()
        } else {
            mimalloc::MiMalloc.alloc(layout)
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            mi_zalloc(layout.size()).cast()
        } else {
            mimalloc::MiMalloc.alloc_zeroed(layout)
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        mimalloc::MiMalloc.dealloc(ptr, layout)
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            mi_realloc(ptr.cast(), new_size).cast()
        } else {
            mimalloc::MiMalloc.realloc(ptr, layout, new_size)
        }
    }
}
