//! A bitset over the tags of a [`crate::segment::WordTable`], built when the table is
//! (from the words, or from the slots read back from the cache): one bit test answers
//! "not in the table" for most words a table lacks, before any probing.
//!
//! Why: the word tables are open-addressing tables at 80 % load, and a word a table
//! lacks is only known absent after a run of some thirteen slots on average (linear
//! probing), against three for a word it holds.  The segmenter's gate asks every token
//! of four letters or more against each language's list, and the split programme asks
//! many pieces that are no word: an English token is absent from the French list and a
//! French one from the English list.  The filter is exact in the direction that matters
//! (a tag of the table always has its bit set, so no word of the table is ever
//! answered absent); a word that is absent but whose bit is set is probed as before.
//! It is derived data: the cache layout is unchanged.

/// Bits of the filter per slot of the table, rounded up to a power of two: about one
/// absent word in ten (at 80 % load) still finds its bit set and is probed.
const BITS_PER_SLOT: usize = 8;

/// One bit per tag value modulo the filter's size (a power of two).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagFilter {
    words: Vec<u64>,
    /// The filter's size in bits, minus one (a mask); 0 for an empty filter.
    mask: u64,
}

impl TagFilter {
    /// The filter of the nonzero `tags` of a table of `slots` slots.
    pub fn build(slots: usize, tags: impl Iterator<Item = u64>) -> TagFilter {
        if slots == 0 {
            return TagFilter::default();
        }
        let bits = (slots * BITS_PER_SLOT).next_power_of_two().max(64);
        let mut words = vec![0u64; bits / 64];
        let mask = (bits - 1) as u64;
        for tag in tags {
            let bit = tag & mask;
            words[(bit >> 6) as usize] |= 1 << (bit & 63);
        }
        TagFilter { words, mask }
    }

    /// Whether a word with this tag may be in the table (false: it is not).
    #[inline]
    pub fn may_hold(&self, tag: u64) -> bool {
        let bit = tag & self.mask;
        self.words
            .get((bit >> 6) as usize)
            .is_none_or(|w| w & (1 << (bit & 63)) != 0)
    }

    /// The filter's bits, 64 a word (for a cache: [`TagFilter::from_words`]).
    pub fn words(&self) -> &[u64] {
        &self.words
    }

    /// The filter of these bits ([`TagFilter::words`]); `None` when they are not a
    /// filter's (a filter has a power of two of words, or none).
    pub fn from_words(words: Vec<u64>) -> Option<TagFilter> {
        if words.is_empty() {
            return Some(TagFilter::default());
        }
        let bits = words.len().checked_mul(64)?;
        bits.is_power_of_two().then(|| TagFilter {
            words,
            mask: (bits - 1) as u64,
        })
    }

    /// Bytes the filter takes.
    pub fn bytes(&self) -> usize {
        self.words.len() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_rejects_a_tag_it_was_built_with() {
        let tags: Vec<u64> = (1..5_000u64)
            .map(|k| k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20)
            .collect();
        let filter = TagFilter::build(6_000, tags.iter().copied());
        assert!(tags.iter().all(|&t| filter.may_hold(t)));
        // Most other tags are answered absent (8 bits a slot: well under a quarter).
        let others = (5_000..15_000u64)
            .map(|k| k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20)
            .filter(|&t| filter.may_hold(t))
            .count();
        assert!(others < 2_500, "{others}");
        assert!(filter.bytes() >= 6_000);
    }

    #[test]
    fn an_empty_filter_lets_everything_through() {
        let filter = TagFilter::build(0, std::iter::empty());
        assert!(filter.may_hold(12345));
    }
}
