//! Letters of a language that are not accented letters (Spanish `ñ`, a pack's
//! `distinct_letters`): the normaliser folds them like any accent, so `Moños` is read as
//! `monos`; a term none of whose written forms has such a letter is not found on a match
//! whose original text has it (`moño`, a bow, is no `mono`).  A term written with the
//! letter keeps every obfuscated reading (`c0ño` and `cono` are still `coño`).

use super::Hit;
use crate::lexicon::{Lexicon, Scan, TermRef};
use crate::normalize::{Normalized, Step};

/// Drop the hits whose original text holds a spelling of a distinct letter their term
/// is not written with ([`TermRef::letters`]).  Such a letter reaches the tokens only
/// through the `accents` step, so a comment that step did not change costs one look at
/// its steps, and a term without such letters none at all.
pub(crate) fn drop_other_words(n: &Normalized, scan: &Scan, hits: &mut Vec<Hit>) {
    if n.steps.contains(&Step::Accents) {
        hits.retain(|h| !other_word(&h.term, n, scan, h.i(), h.j()));
    }
}

/// [`drop_other_words`] for the terms [`Lexicon::find`] found: (term index, first token,
/// token after the last, step).
pub fn drop_other_found(
    lex: &Lexicon,
    n: &Normalized,
    scan: &Scan,
    found: &mut Vec<(u32, usize, usize, &'static str)>,
) {
    if n.steps.contains(&Step::Accents) {
        found.retain(|&(t, i, j, _)| !other_word(&lex.terms[t as usize], n, scan, i, j));
    }
}

/// Whether the original text of tokens `i..j` holds one of `term`'s excluding spellings.
fn other_word(term: &TermRef, n: &Normalized, scan: &Scan, i: usize, j: usize) -> bool {
    if term.letters.is_empty() || i >= j {
        return false;
    }
    let Some((start, end)) = n.to_original(scan.starts[i], scan.ends[j - 1]) else {
        return false;
    };
    let text = &n.original()[start..end];
    term.letters
        .iter()
        .any(|l| !l.is_empty() && text.windows(l.len()).any(|w| w == l.as_slice()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{normalize_with, Config};
    use crate::Cp;

    /// The terms `lex` finds in `text`, by index, the distinct letters applied.
    fn found(lex: &Lexicon, text: &str) -> Vec<u32> {
        let cps: Vec<Cp> = text.chars().map(Cp::from).collect();
        let n = normalize_with(&cps, Config::default(), &lex.normalizer_tables());
        let scan = lex.scan(&n, &n.tokens());
        let mut found = lex.find(&scan);
        drop_other_found(lex, &n, &scan, &mut found);
        found.into_iter().map(|f| f.0).collect()
    }

    /// The tiny lexicon, its `idiot` (term 2) written without a made-up distinct `ï`.
    fn lexicon() -> Lexicon {
        let mut lex = crate::lexicon::tests::tiny();
        let spellings = ["ï", "Ï", "i\u{308}", "I\u{308}"];
        lex.terms[2].letters = spellings
            .iter()
            .map(|s| s.chars().map(Cp::from).collect())
            .collect();
        lex
    }

    #[test]
    fn a_term_written_without_the_letter_is_not_found_on_a_word_with_it() {
        let lex = lexicon();
        assert_eq!(found(&lex, "you idiot"), vec![2]);
        assert_eq!(found(&lex, "you idïot"), Vec::<u32>::new());
        assert_eq!(found(&lex, "you IDÏOT"), Vec::<u32>::new());
        assert_eq!(found(&lex, "you idi\u{308}ot"), Vec::<u32>::new());
    }

    #[test]
    fn other_accents_and_other_terms_fold_as_before() {
        let lex = lexicon();
        assert_eq!(found(&lex, "you ídiot"), vec![2]);
        assert_eq!(found(&lex, "fück, ïdiot"), vec![0]);
    }
}
