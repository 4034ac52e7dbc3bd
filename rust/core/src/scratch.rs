//! A comment's working buffers, kept from one comment to the next of a batch.
//!
//! Scoring a tweet made some fifty allocations (valgrind's dhat over 2,000 Davidson
//! tweets: 48.9 a tweet), most of them lists a token long that live only while the
//! comment is scored: the tokens' columns and their words' buffer, the scan's lookups,
//! steps, prints and gates, the folded text, the roles, a hit's records.  A batch
//! scored on one thread (the `score_many` chunks, a backlog, the throughput benchmark)
//! hands one [`Scratch`] from comment to comment, inside its
//! [`crate::lexicon::BatchMemo`]: each list is taken out empty with the room the last
//! comment left it, filled, and given back cleared.  What an outcome returns (its
//! matches, lines, categories, language) is never made from these buffers: it stays
//! owned by the outcome.
//!
//! Invariants:
//! - every list kept is empty (given back through `keep`, which clears it), so a
//!   comment never reads what the one before left: only the room is shared.  A list is
//!   taken out of its slot (`take`) while it is used, so a comment that stopped half
//!   way (a panic caught above) leaves its slots empty, never half filled;
//! - a list is kept only while its room is at most [`MOST_BYTES`]: a long comment's
//!   lists are freed once it is scored, not held for the rest of the batch.  So a
//!   scratch holds at most [`LISTS`] lists of `MOST_BYTES` each (1.7 MiB in all, what a
//!   comment of some 8,000 tokens leaves), and an ordinary comment's lists (a tweet's
//!   are a few hundred bytes each) are always kept.
//!
//! A comment scored alone starts from [`Scratch::default`], which holds nothing: the
//! lists are made as they were before, and dropped with it.

use crate::lexicon::{Gate, Look};
use crate::normalize::{Span, Step, TokenKind};
use crate::score::explain::Record;
use crate::score::KeptHit;
use crate::segment::Print;
use crate::words::Words;
use crate::Cp;

/// The most room one kept list may hold, in bytes (see the module's invariants): a
/// comment of some 8,000 tokens fills its widest lists (8 bytes a token) to this.
pub const MOST_BYTES: usize = 1 << 16;

/// The lists a scratch keeps, listed once: the struct's fields, [`LISTS`] and
/// [`Scratch::held_bytes`] are made from this one list, so that a list added to the
/// scratch is counted in its bound and in the room the tests check.
macro_rules! lists {
    ($($(#[$doc:meta])* $name:ident: $ty:ty,)*) => {
        /// A comment's working buffers ([module docs](self)).  Not shared between threads.
        #[derive(Default)]
        pub struct Scratch {
            $($(#[$doc])* pub(crate) $name: $ty,)*
        }

        /// How many lists a scratch keeps (its fields): with [`MOST_BYTES`], its bound.
        pub const LISTS: usize = [$(stringify!($name)),*].len();

        impl Scratch {
            /// The room every list holds now, in bytes (the tests check the bound).
            pub fn held_bytes(&self) -> usize {
                fn room<T>(v: &Vec<T>) -> usize {
                    v.capacity() * std::mem::size_of::<T>()
                }
                0 $(+ room(&self.$name))*
            }
        }
    };
}

lists! {
    /// The tokens' words: their bytes, and each word's span of them.
    word_bytes: Vec<u8>,
    word_spans: Vec<[u32; 2]>,
    /// The tokens' spans as the scanner lists them, before they are written out.
    token_spans: Vec<Span>,
    /// The tokens' places and kinds.
    starts: Vec<usize>,
    ends: Vec<usize>,
    kinds: Vec<TokenKind>,
    /// The scan's lists: each token's lookup, matcher step, print and gate, and whether
    /// it holds squeezed letters.
    entries: Vec<Option<Look>>,
    steps: Vec<u8>,
    prints: Vec<Print>,
    gates: Vec<Gate>,
    stretched: Vec<bool>,
    /// The normaliser's: the folded text, the spare a step wrote its output into, the
    /// text as given (kept when folding changed it), the steps that fired and the
    /// positions of squeezed letters.
    text: Vec<Cp>,
    spare_text: Vec<Cp>,
    given: Vec<Cp>,
    fired: Vec<Step>,
    squeezed: Vec<usize>,
    /// The scorer's: each token's roles, and a hit's steps, records and rules' names
    /// while it is weighed.
    roles: Vec<crate::lexicon::role::Roles>,
    how: Vec<&'static str>,
    records: Vec<Record>,
    names: Vec<&'static str>,
    /// The kept hits (their spans and lists: not the matches, which the outcome owns),
    /// and the order and marks of the hits a place keeps.
    kept: Vec<KeptHit>,
    order: Vec<u32>,
    best: Vec<bool>,
    /// The kept hits' evidence, for the total and each category's.
    evidence: Vec<f64>,
    /// The tokens' sentence and clause numbers, and where each sentence starts
    /// ([`crate::score::context::Segments`]).
    sentences: Vec<u32>,
    clauses: Vec<u32>,
    sentence_starts: Vec<usize>,
    /// Which tokens are Title-case words, as far as asked
    /// ([`crate::score::context::ProperNames`]).
    titled: Vec<Option<bool>>,
}

/// `list` given back into `slot`: cleared, and kept when its room is within
/// [`MOST_BYTES`] and larger than what the slot holds (a list made afresh for a rarer
/// path does not replace a roomier one); dropped otherwise.
pub(crate) fn keep<T>(slot: &mut Vec<T>, mut list: Vec<T>) {
    let room = list.capacity().saturating_mul(std::mem::size_of::<T>());
    if room <= MOST_BYTES && list.capacity() > slot.capacity() {
        list.clear();
        *slot = list;
    }
}

/// The list kept in `slot` (empty, with its room), the slot left with none.
#[inline]
pub(crate) fn take<T>(slot: &mut Vec<T>) -> Vec<T> {
    std::mem::take(slot)
}

/// The list kept in `slot`, with room for at least `size` items.
#[inline]
pub(crate) fn take_with<T>(slot: &mut Vec<T>, size: usize) -> Vec<T> {
    let mut list = take(slot);
    list.reserve(size);
    list
}

impl Scratch {
    /// The room of a comment's words and their places given back (the tokens' or the
    /// scan's: the same lists, moved from one to the other).
    pub(crate) fn keep_places(&mut self, words: Words, starts: Vec<usize>, ends: Vec<usize>) {
        let (bytes, spans) = words.into_room();
        keep(&mut self.word_bytes, bytes);
        keep(&mut self.word_spans, spans);
        keep(&mut self.starts, starts);
        keep(&mut self.ends, ends);
    }
}
