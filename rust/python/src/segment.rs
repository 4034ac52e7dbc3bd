//! The segmenter's data as Python hands it over with the lexicon (`build_lexicon`).
use nudge_core::segment::{Limits, Segmenter};

/// A segmenter over the word lists given (none: no segmentation).  `words`: for each
/// language, its frequent words (most frequent first) and its rare words, each one
/// text of one word a line (one string crosses over, not one object per word).
pub fn segmenter(
    words: Option<Vec<(String, String)>>,
    limits: (usize, usize, u32, usize, usize, usize),
) -> Segmenter {
    let (max_word, max_token, short_rank, short_size, known_percent, typo_known_percent) = limits;
    let texts = words.unwrap_or_default();
    let mut lists: Vec<(Vec<&str>, Vec<&str>)> = texts
        .iter()
        .map(|(frequent, rare)| (lines(frequent), lines(rare)))
        .collect();
    // One list per language, in the lexicon's order (an empty one for a pack without a
    // list), so the scorer can ask a language by its index whether it knows a word; no
    // list at all: no segmentation.
    if lists.iter().all(|(frequent, _)| frequent.is_empty()) {
        lists.clear();
    }
    Segmenter::of(
        lists,
        Limits {
            max_word,
            max_token,
            short_rank,
            short_size,
            known_percent,
            typo_known_percent,
        },
    )
}

/// The words of a text of one word a line, borrowed from it.
fn lines(text: &str) -> Vec<&str> {
    text.split('\n').filter(|l| !l.is_empty()).collect()
}
