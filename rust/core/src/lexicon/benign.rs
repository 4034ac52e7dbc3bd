//! A term's benign-sense words ([`super::TermRef::benign_context`]) with a shape filter.
//!
//! Why not a bare hash set: the `benign_sense` rule asks, for each hit of an ambiguous
//! term, whether any of up to twenty words around it is one of the term's benign words
//! (a handful), hashing every one.  A 128-bit filter of the words' shapes (first and
//! last byte, length) answers most words absent from three bytes and a bit test.  It is
//! exact in the direction that matters: every word of the set sets its bit when it is
//! added, so a word of the set is never answered absent; a word whose bit is set is
//! asked of the set.

use super::FxSet;

/// A set of words with a shape filter in front (see the module's docs).
#[derive(Clone, Debug, Default)]
pub struct BenignWords {
    words: FxSet<String>,
    /// One bit per shape value modulo 128.
    shapes: [u64; 2],
}

/// The filter bit of a word: its first and last bytes and its length, mixed; the top
/// seven bits of the product.
#[inline]
fn bit(word: &str) -> usize {
    let b = word.as_bytes();
    let ends = match (b.first(), b.last()) {
        (Some(&x), Some(&y)) => u64::from(x) | u64::from(y) << 8,
        _ => 0,
    };
    ((ends | (b.len() as u64) << 16).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 57) as usize
}

impl BenignWords {
    /// Whether the set has no word.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// How many words the set has.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether `word` is one of the set's words.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        let at = bit(word);
        self.shapes[at >> 6] & (1 << (at & 63)) != 0 && self.words.contains(word)
    }

    /// Add `word`.
    pub fn insert(&mut self, word: String) {
        let at = bit(&word);
        self.shapes[at >> 6] |= 1 << (at & 63);
        self.words.insert(word);
    }

    /// The words, in no order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.words.iter().map(String::as_str)
    }
}

/// Two sets are equal when their words are (the filter follows from them).
impl PartialEq for BenignWords {
    fn eq(&self, other: &Self) -> bool {
        self.words == other.words
    }
}

impl FromIterator<String> for BenignWords {
    fn from_iter<I: IntoIterator<Item = String>>(words: I) -> Self {
        let mut set = BenignWords::default();
        for w in words {
            set.insert(w);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The filter never hides a word of the set, and answers others as the set does.
        #[test]
        fn answers_like_the_plain_set(
            words in proptest::collection::vec(".{0,8}", 0..24),
            asked in proptest::collection::vec(".{0,8}", 0..24),
        ) {
            let set: BenignWords = words.iter().cloned().collect();
            let plain: FxSet<String> = words.iter().cloned().collect();
            prop_assert_eq!(set.len(), plain.len());
            for w in words.iter().chain(&asked) {
                prop_assert_eq!(set.contains(w), plain.contains(w));
            }
        }
    }

    #[test]
    fn most_other_words_are_filtered() {
        let set: BenignWords = ["cigarette", "bundle", "wood", "fagot", "smoke"]
            .map(str::to_owned)
            .into_iter()
            .collect();
        let others: Vec<String> = (0..1000).map(|i| format!("w{i}rd")).collect();
        let through = others
            .iter()
            .filter(|w| {
                let at = bit(w);
                set.shapes[at >> 6] & (1 << (at & 63)) != 0
            })
            .count();
        assert!(set.contains("wood") && !set.contains("woods"));
        // Five bits of 128 set: some 4 % of other words reach the hash set.
        assert!(through < 150, "{through} of 1000 let through");
    }
}
