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
use std::ffi::c_void;

extern "C" {
    // mimalloc's C entry points (the library the `mimalloc` crate links in).
    fn mi_malloc(size: usize) -> *mut c_void;
    fn mi_zalloc(size: usize) -> *mut c_void;
    fn mi_realloc(p: *mut c_void, newsize: usize) -> *mut c_void;
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
