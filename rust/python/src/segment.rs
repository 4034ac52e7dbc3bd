//! The segmenter's data as Python hands it over with the lexicon (`build_lexicon`):
//! the languages' word lists, or the tables a compiled-pack cache file kept.
use nudge_core::segment::{Limits, Segmenter};
use pyo3::exceptions::PyValueError;
use pyo3::PyResult;

/// The bounds as Python gives them (`_data/segment.toml`).
pub type LimitsTuple = (
    usize,
    usize,
    u32,
    usize,
    usize,
    usize,
    usize,
    u64,
    u64,
    u32,
    usize,
);

fn limits_of(limits: LimitsTuple) -> Limits {
    let (
        max_word,
        max_token,
        short_rank,
        short_size,
        known_percent,
        typo_known_percent,
        max_run,
        unknown_piece,
        unknown_letter,
        mask_word_rank,
        foreign_letters,
    ) = limits;
    Limits {
        max_word,
        max_token,
        short_rank,
        short_size,
        known_percent,
        typo_known_percent,
        max_run,
        unknown_piece,
        unknown_letter,
        mask_word_rank,
        foreign_letters,
    }
}

/// A segmenter over the word lists given (none: no segmentation), with the pack keys
/// as pieces too.  `words`: for each language, its frequent words (most frequent
/// first) and its rare words, each one text of one word a line (one string crosses
/// over, not one object per word).
pub fn segmenter<'k>(
    words: Option<Vec<(String, String)>>,
    pack_words: impl Iterator<Item = &'k str>,
    limits: LimitsTuple,
) -> Segmenter {
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
    let keys: Vec<&str> = if lists.is_empty() {
        Vec::new()
    } else {
        pack_words.collect()
    };
    Segmenter::with_pack_words(lists, &keys, limits_of(limits))
}

/// What the `ValueError` of tables that are not a segmenter's starts with (the cache
/// tells it from an error in the rest of the lexicon by it).
pub const BAD_TABLES: &str = "segmenter tables: ";

/// The segmenter a cache file kept ([`Segmenter::to_bytes`]); `ValueError` when the
/// bytes are not one.
pub fn saved_segmenter(bytes: &[u8], limits: LimitsTuple) -> PyResult<Segmenter> {
    Segmenter::from_bytes(bytes, limits_of(limits))
        .map_err(|e| PyValueError::new_err(format!("{BAD_TABLES}{e}")))
}

/// The words of a text of one word a line, borrowed from it.
fn lines(text: &str) -> Vec<&str> {
    text.split('\n').filter(|l| !l.is_empty()).collect()
}
