//! The everyday words of the lists with an inner letter masked, as prints: the gate of
//! [`crate::lexicon::Lexicon::everyday_filling`].
//!
//! Why: a token with one masked letter inside (`th*t`, and every masked glued word of a
//! comment, `coffee*ouse`) is asked, filling by filling (the packs' `mask_letters`,
//! 38 with two packs), for the most frequent word it makes among each list's
//! `mask_word_rank` most frequent: a probe a filling and language, and nearly every
//! glued token makes none.  An everyday word that a filling makes is, with that letter
//! masked, the token itself; so one probe of the token's print (its mask a `*`) in a
//! filter of every everyday word's prints with each inner letter in turn masked
//! answers "none" for most tokens.
//!
//! Why it is exact: a filling `F` is everyday when a list's table gives its print a
//! rank below `mask_word_rank`, that is when `F` is one of that list's frequent words
//! whose rank (its first place in the list, as the table keeps it) is below it; such a
//! word is in the filter with the mask's place masked (the mask is inside the token:
//! `everyday_filling` asks no other), and the filter never refuses a print it holds.
//! The tables answer by print (as every question of the segmenter does: two words
//! with one print are one word to it), so a filling whose print no everyday word
//! shares is answered "not everyday" by the filter as by the tables.  The filter is
//! built for one rank, kept with it, and lets every print through under another.

use crate::tagfilter::TagFilter;

use super::{inner_masked_prints, Print, MAX_RANK};

/// Bits of the filter a masked print, in slots of [`TagFilter`]'s (eight bits each):
/// about one token in twenty that makes no everyday word still asks its fillings.
const SLOTS_A_PRINT: usize = 2;

/// See the module's doc.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EverydayMasks {
    /// The rank the words were taken below (`Limits::mask_word_rank` at build).
    rank: u32,
    filter: TagFilter,
}

impl EverydayMasks {
    /// The filter of the lists' `frequent` words (each list most frequent first) of a
    /// rank below `rank`.
    pub fn of<'w>(lists: impl Iterator<Item = &'w [&'w str]> + Clone, rank: u32) -> Self {
        let everyday = move |words: &'w [&'w str]| {
            // The rank a list's table keeps for a word (`WordTable`'s first value).
            let ranked = words.iter().enumerate();
            ranked.filter(move |&(i, _)| (i as u32).min(MAX_RANK) < rank)
        };
        let words = lists.flat_map(everyday).map(|(_, &w)| w);
        let prints: usize = words.clone().map(|w| w.chars().count()).sum();
        let inner = |w: &'w str| inner_masked_prints(w, w.chars().count());
        let filter = TagFilter::build(prints * SLOTS_A_PRINT, words.flat_map(inner));
        EverydayMasks { rank, filter }
    }

    /// Whether some word of a rank below `rank` may be the letters whose print, their
    /// masked letter a `*`, is `masked` (false: none is).
    #[inline]
    pub fn may_hide(&self, masked: Print, rank: u32) -> bool {
        self.rank != rank || self.filter.may_hold(masked.value())
    }

    /// The filter for the cache bytes: its rank and its bits.
    pub fn parts(&self) -> (u32, &[u64]) {
        (self.rank, self.filter.words())
    }

    /// The filter of these [`EverydayMasks::parts`] (`None`: not a filter's).
    pub fn from_parts(rank: u64, bits: Vec<u64>) -> Option<Self> {
        Some(EverydayMasks {
            rank: u32::try_from(rank).ok()?,
            filter: TagFilter::from_words(bits)?,
        })
    }
}
