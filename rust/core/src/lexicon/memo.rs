//! Answers about a comment's masked words (and the segmenter's pieces), kept for its
//! other tokens typed the same.
//!
//! A masked word (`massiv*scumbags`) costs the scan thousands of instructions: the
//! lookup fills the mask with every letter and asks the packs, the typo forms and the
//! word lists of each filling; reading it by language and by phrases fills it again.
//! None of these answers depends on anything but the word and the lexicon (and, for the
//! everyday filling, on the comment's languages, fixed while one pass runs), so a long
//! comment that repeats a masked word works each answer out once.

use super::FxMap;

/// At most this many words are kept (then the memo starts again): keyed by the
/// comment's own words with the Fx hash, which words can be crafted to collide in, so
/// such a comment costs at most this many key comparisons a token, less than one
/// masked look-up.
const MEMO_WORDS: usize = 256;

/// The first asks of a comment are answered without keeping the answer: a short comment
/// rarely repeats a word, and keeping one (a copy of the word, a hash, the table's
/// growth) costs more than working it out again.
const UNKEPT: usize = 16;

/// One answer a word, by the word as typed.
pub(crate) struct WordMemo<V> {
    map: FxMap<String, V>,
    /// How many asks so far, up to [`UNKEPT`].
    asked: usize,
    /// The last answer not kept.
    scratch: Option<V>,
}

impl<V> Default for WordMemo<V> {
    fn default() -> Self {
        WordMemo {
            map: FxMap::default(),
            asked: 0,
            scratch: None,
        }
    }
}

impl<V> WordMemo<V> {
    /// The answer for `word`: the one kept, or `make()`'s, kept for the next ask (once
    /// the first [`UNKEPT`] asks are past).
    pub(crate) fn get_or(&mut self, word: &str, make: impl FnOnce() -> V) -> &V {
        if self.asked < UNKEPT {
            self.asked += 1;
            return self.scratch.insert(make());
        }
        // Two probes on a first ask (`entry` would need the key as a `String` on
        // every ask, an allocation for the answers kept).
        if !self.map.contains_key(word) {
            if self.map.len() >= MEMO_WORDS {
                self.map.clear(); // a comment of hundreds of different masked words
            }
            let value = make();
            self.map.insert(word.to_owned(), value);
        }
        &self.map[word]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_made_once_a_word_and_the_memo_stays_bounded() {
        let mut memo: WordMemo<usize> = WordMemo::default();
        // The first asks are answered without being kept.
        for k in 0..UNKEPT {
            assert_eq!(*memo.get_or("unkept", || k), k);
        }
        assert!(memo.map.is_empty());
        let mut made = 0;
        for round in 0..3 {
            for k in 0..MEMO_WORDS {
                let word = format!("w*rd{k}");
                let got = *memo.get_or(&word, || {
                    made += 1;
                    k
                });
                assert_eq!(got, k);
            }
            assert_eq!(made, MEMO_WORDS, "round {round} made its answers again");
        }
        // One more word starts the memo again: still the right answers.
        assert_eq!(*memo.get_or("n*w", || 7), 7);
        assert!(memo.map.len() <= MEMO_WORDS);
        assert_eq!(*memo.get_or("w*rd3", || 3), 3);
    }
}
