//! Letters of a language that are not accented letters (Spanish `ñ`, a pack's
//! `distinct_letters`): the normaliser folds them like any accent, so `Moños` is read as
//! `monos`; a term none of whose written forms has such a letter is not found on a match
//! whose original text has it (`moño`, a bow, is no `mono`).  A term written with the
//! letter keeps every obfuscated reading (`c0ño` and `cono` are still `coño`).

use super::Hit;
use crate::lexicon::Scan;
use crate::normalize::{Normalized, Step};

/// Drop the hits whose original text holds a spelling of a distinct letter their term
/// is not written with ([`crate::lexicon::TermRef::letters`]).  Such a letter reaches the
/// tokens only through the `accents` step, so a comment that step did not change costs
/// one look at its steps, and a term without such letters none at all.
pub(crate) fn drop_other_words(n: &Normalized, scan: &Scan, hits: &mut Vec<Hit>) {
    if !n.steps.contains(&Step::Accents) {
        return;
    }
    hits.retain(|h| !other_word(n, scan, h));
}

/// Whether the original text of hit `h` holds one of its term's excluding spellings.
fn other_word(n: &Normalized, scan: &Scan, h: &Hit) -> bool {
    let letters = &h.term.letters;
    if letters.is_empty() {
        return false;
    }
    let Some((start, end)) = n.to_original(scan.starts[h.i], scan.ends[h.j - 1]) else {
        return false;
    };
    let text = &n.original[start..end];
    letters
        .iter()
        .any(|l| !l.is_empty() && text.windows(l.len()).any(|w| w == l.as_slice()))
}
