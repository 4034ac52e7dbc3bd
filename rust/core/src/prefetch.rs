//! A hint that a table's slot will be read soon, so that the trips to memory of a
//! comment's words overlap rather than follow one another.
//!
//! Why: every token of a batch asks the batch's memo about its word, at a place its
//! print alone picks, in a table that outgrows the second-level cache once a batch has
//! met some thousands of words: a likely trip to the third-level cache (tens of
//! nanoseconds) for all but the most frequent words.  Between two tokens the scan does
//! hundreds of instructions, too many for the processor to reach the next token's probe
//! while it waits for this one's.  `score::score_tokens` asks for every token's line
//! before the quick reject reads the first (`BatchMemo::prefetch`), and the lines are on
//! their way by the time each word is asked, there and in the scan.  A hint changes no answer: it reads nothing the program sees.

/// Ask for the cache line holding `slice[at]`.  No bounds check: a place past the
/// end only asks for a line the program never reads (the address is worked out with
/// `wrapping_add` and never dereferenced).
#[inline(always)]
pub fn prefetch<T>(slice: &[T], at: usize) {
    prefetch_line(slice.as_ptr().wrapping_add(at));
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
#[allow(unsafe_code)]
fn prefetch_line<T>(p: *const T) {
    use core::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
    // SAFETY: `_mm_prefetch` is `unsafe` only because it needs SSE, which every x86_64
    // processor has (the target's baseline).  PREFETCHT0 is a hint: it reads nothing
    // into a register, never faults (whatever the address, mapped or not) and has no
    // effect the program can observe but timing.
    unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast::<i8>()) }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn prefetch_line<T>(_p: *const T) {}
