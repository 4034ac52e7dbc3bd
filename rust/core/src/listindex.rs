//! One index over every loaded language's word list: a word's fingerprint value ->
//! which languages list it and which have a piece word starting so, as two bit masks.
//!
//! Why: the segmenter's tables are one per language ([`crate::segment::WordTable`],
//! [`crate::segment::StartTable`]), and the split programme, the gate of the scan and
//! the comment's language count asked each of them in turn: with six packs loaded an
//! English comment paid six probes where it paid two.  This index answers for all of
//! them in one probe; the per-language word tables then confirm (or rank) only for the
//! languages it names, so every answer stays the one the per-language tables give (a
//! start needs no confirming: a false start only lets the programme grow a piece a
//! letter further, as the start tables' own false starts do).
//!
//! Invariant (what keeps the answers): the index never leaves out a language that has
//! the print — a word of list `l` always has bit `l` of the word mask, a start of a
//! piece word of `l` bit `l` of the start mask.  It may name a language that lacks the
//! print (16-bit tags: about one absent print in ten thousand shares a tag on its
//! probe run), which only costs that language's own lookup, as before.
//!
//! It is built with the tables from the word lists, for [`MIN_LANGUAGES`] to
//! [`MAX_LANGUAGES`] languages, and kept in the segmenter's cache bytes.

use crate::lexicon::FxMap;

/// Fewer languages than this are asked table by table: one or two probes cost what
/// the index's one does, and the index would only add memory (4 bytes a distinct
/// print).
pub const MIN_LANGUAGES: usize = 3;
/// A mask is eight bits of a slot.
pub const MAX_LANGUAGES: usize = 8;

/// Bits of a slot: tag (16, never 0) | start mask (8) | word mask (8).
const TAG_SHIFT: u32 = 16;
const START_SHIFT: u32 = 8;

/// An open-addressing table of 32-bit slots at about 67 % load.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListIndex {
    slots: Vec<u32>,
}

/// What the index says of a print: the languages that may list it as a word and
/// those that may have a piece word starting so (bit `l`: language `l`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Masks {
    pub words: u32,
    pub starts: u32,
}

impl ListIndex {
    fn tag(value: u64) -> u32 {
        u32::from((value as u16).max(1))
    }

    /// The index of `words` and `starts`, each one list of print values per language;
    /// empty (asking it answers "every language may") outside the sizes it is for.
    pub fn build(words: &[Vec<u64>], starts: &[Vec<u64>]) -> ListIndex {
        let count = words.len();
        if !(MIN_LANGUAGES..=MAX_LANGUAGES).contains(&count) || starts.len() != count {
            return ListIndex::default();
        }
        let mut masks: FxMap<u64, Masks> = FxMap::default();
        for (l, (w, s)) in words.iter().zip(starts).enumerate() {
            for &v in w {
                masks.entry(v).or_default().words |= 1 << l;
            }
            for &v in s {
                masks.entry(v).or_default().starts |= 1 << l;
            }
        }
        let n = masks.len() * 3 / 2 + 1;
        let mut slots = vec![0u32; n];
        for (v, m) in masks {
            let tag = Self::tag(v) << TAG_SHIFT;
            let mut i = super::segment::home(v, n);
            // A print whose tag is on the probe run already shares its slot: the masks
            // are joined, so a lookup (which stops at the first slot of its tag) misses
            // no language of either.
            while slots[i] != 0 && slots[i] & !0xffff != tag {
                i = if i + 1 == n { 0 } else { i + 1 };
            }
            slots[i] |= tag | m.starts << START_SHIFT | m.words;
        }
        ListIndex { slots }
    }

    /// Whether the index was built (else every question is asked of every table).
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The masks of the print whose value is `v` (none of the index's languages has it:
    /// both empty).  Only for a built index.
    #[inline]
    pub fn get(&self, v: u64) -> Masks {
        let n = self.slots.len();
        let tag = Self::tag(v);
        let mut i = super::segment::home(v, n);
        // Bounded by the table's size: an index read from a file is probed safely even
        // if it had no empty slot.
        for _ in 0..n {
            let slot = self.slots[i];
            if slot == 0 {
                break;
            }
            if slot >> TAG_SHIFT == tag {
                return Masks {
                    words: slot & 0xff,
                    starts: slot >> START_SHIFT & 0xff,
                };
            }
            i = if i + 1 == n { 0 } else { i + 1 };
        }
        Masks::default()
    }

    /// The slots, for the cache bytes.
    pub fn slots(&self) -> &[u32] {
        &self.slots
    }

    /// The index of slots read back from the cache bytes.
    pub fn from_slots(slots: Vec<u32>) -> ListIndex {
        ListIndex { slots }
    }
}
