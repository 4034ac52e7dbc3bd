//! Compounds read by their last word (issue #18): German glues any word before a noun
//! and the compound keeps the noun's sense ("Schul*trottel*", "Quoten*musel*",
//! "meetoo*idioten*", "Öko*faschist*").  The packs list the compounds they know; the
//! rest are words no list holds, and the segmenter splits a word only into words of the
//! general lists (`schul`, `meetoo` are none).  A pack's `compound_heads` names the
//! insults that keep their sense at the end of any compound (no `schwein`: "Wildschwein";
//! no `lappen`: "Waschlappen"; no `ratte`: "Leseratte").  A word of a comment read in a
//! language that capitalises its nouns, which the scan found nothing for, whose last
//! letters are one of those words with at least `windows.compound_modifier` letters
//! before it, is a hit of that word's terms (the longest such ending).  The hit is then
//! weighed as the term's own: a targeted insult still needs its target, an ambiguous one
//! its context.
//!
//! Cost: a word no list knows asks one bit of a small table of the heads' last three
//! letters; only a word whose ending is there asks the index, once for each of its
//! endings of a head's length.  Linear in the comment.

use super::explain::{Note, Phrase};
use super::{Hit, TermOf};
use crate::lexicon::{role, Lexicon, Look, Scan};
use crate::normalize::TokenKind;

/// The role bit of the `compound_heads` context words (`matcher.Role.COMPOUND_HEAD`).
pub const COMPOUND_HEAD: role::Roles = 1 << 55;

/// The rule's name, as `explain()` and a match's `rules` show it.
pub const NAME: &str = "compound_head";

/// Bits of the table of the heads' last three letters.
const TABLE_BITS: usize = 4096;

/// What the words of the packs' `compound_heads` end with: a bit for each of their last
/// three bytes' buckets, and their shortest and longest length in bytes.
#[derive(Clone, Debug, Default)]
pub struct Ends {
    bits: Vec<u64>,
    shortest: usize,
    longest: usize,
}

/// The bucket of a word's last three bytes (`None` for a shorter word).
fn bucket(word: &[u8]) -> Option<usize> {
    let n = word.len();
    let last = word.get(n.checked_sub(3)?..)?;
    let key = last
        .iter()
        .fold(0u32, |a, &b| a.wrapping_mul(257).wrapping_add(u32::from(b)));
    Some((key.wrapping_mul(0x9E37_79B1) >> 20) as usize % TABLE_BITS)
}

impl Ends {
    /// The ends of every index key that is a compound head in some language.
    fn of(lex: &Lexicon) -> Ends {
        let mut ends = Ends {
            bits: vec![0; TABLE_BITS / 64],
            shortest: usize::MAX,
            longest: 0,
        };
        for (key, &e) in lex.index.iter() {
            let head = lex
                .entries
                .get(e as usize)
                .is_some_and(|e| e.roles & COMPOUND_HEAD != 0);
            if let (true, Some(b)) = (head, bucket(key.as_bytes())) {
                if let Some(w) = ends.bits.get_mut(b / 64) {
                    *w |= 1 << (b % 64);
                }
                ends.shortest = ends.shortest.min(key.len());
                ends.longest = ends.longest.max(key.len());
            }
        }
        ends
    }

    /// Whether a word may end with a head: its last three bytes' bit is set.
    fn may(&self, word: &str) -> bool {
        word.len() > self.shortest
            && bucket(word.as_bytes())
                .and_then(|b| self.bits.get(b / 64).map(|w| w >> (b % 64) & 1 == 1))
                .unwrap_or(false)
    }
}

/// Whether the index entry `e` is a compound head in one of the languages `langs`.
fn is_head(lex: &Lexicon, e: u32, langs: u32) -> bool {
    lex.entries.get(e as usize).is_some_and(|e| {
        (e.lang_roles.iter()).any(|&(b, r)| b & langs != 0 && r & COMPOUND_HEAD != 0)
    })
}

/// The index entry of the longest head word `w` ends with, after at least `modifier`
/// letters.
fn head_of(lex: &Lexicon, ends: &Ends, w: &str, (langs, modifier): (u32, usize)) -> Option<u32> {
    let tails = w.char_indices().skip(modifier).map(|(k, _)| k);
    for k in tails {
        let tail = w.get(k..)?;
        if tail.len() < ends.shortest {
            return None;
        }
        if tail.len() > ends.longest {
            continue;
        }
        if let Some(e) = lex.get(tail).filter(|&e| is_head(lex, e, langs)) {
            return Some(e);
        }
    }
    None
}

/// The hits of the compounds of a comment read in `langs`, languages that capitalise
/// their nouns (the guessed leader's or the forced one's): each word the scan found no
/// entry for (a stem's word is one: "Scheißkanaken") that ends with a head of those
/// languages makes a hit of the head's terms of those languages (their exact forms),
/// with the rule's note.
pub fn hits<'a>(lex: &'a Lexicon, scan: &Scan, langs: u32, modifier: usize) -> Vec<Hit<'a>> {
    let ends = lex.head_ends.get_or_init(|| Ends::of(lex));
    if ends.longest == 0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let size = (scan.words.len())
        .min(scan.entries.len())
        .min(scan.kinds.len());
    for q in 0..size {
        let w = &scan.words[q];
        let known = matches!(scan.entries[q], Some(Look::Index(_)));
        if known || scan.kinds[q] != TokenKind::Word || !ends.may(w) {
            continue;
        }
        let Some(e) = head_of(lex, ends, w, (langs, modifier)) else {
            continue;
        };
        let Some(entry) = lex.entries.get(e as usize) else {
            continue;
        };
        for &(t, how) in &entry.terms {
            let Some(term) = lex.terms.get(t as usize) else {
                continue;
            };
            if !how.is_empty() || term.lang_bit & langs == 0 {
                continue;
            }
            out.push(
                Hit::new(q, q + 1, TermOf::Lex(term), Some(t), "")
                    .found_by(NAME, Note::word(Phrase::CompoundHead, q)),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::scored;
    use super::super::*;
    use super::COMPOUND_HEAD;
    use crate::lexicon::role;
    use crate::lexicon::tests::{add_context_words, tiny};

    /// A German lexicon whose `idiot` is a compound head, `du` a second-person word.
    fn german() -> Lexicon {
        let mut lex = tiny();
        lex.capitalised = 1;
        add_context_words(&mut lex, &[("du", role::SECOND_PERSON)]);
        let e = lex.index["idiot"] as usize;
        lex.entries[e].roles |= COMPOUND_HEAD;
        lex.entries[e].lang_roles.push((1, COMPOUND_HEAD));
        lex.triggers.extend(["du"]);
        lex
    }

    /// Whether `text` has a match found by the rule.
    fn read_by_head(lex: &Lexicon, text: &str) -> bool {
        let o = scored(lex, text);
        (o.matches.iter()).any(|m| o.rules(m).contains(&super::NAME))
    }

    #[test]
    fn a_word_ending_with_a_head_is_read_as_the_head() {
        let lex = german();
        assert!(read_by_head(&lex, "du schulidiot"));
        assert!(read_by_head(&lex, "du Meetooidiot"));
        assert!(read_by_head(&lex, "du abcidiot"), "three letters before");
    }

    #[test]
    fn too_short_a_modifier_a_known_word_or_no_capitals_is_not() {
        let lex = german();
        assert!(!read_by_head(&lex, "du abidiot"), "two letters before");
        assert!(!read_by_head(&lex, "du idiot"), "the word itself");
        assert!(!read_by_head(&lex, "du schulidiotx"), "not the end");
        let mut english = german();
        english.capitalised = 0;
        assert!(!read_by_head(&english, "du schulidiot"));
    }

    #[test]
    fn a_word_that_is_no_head_is_not_read() {
        // `idiot` is a term of the tiny lexicon but no head here.
        let mut lex = tiny();
        lex.capitalised = 1;
        add_context_words(&mut lex, &[("du", role::SECOND_PERSON)]);
        lex.triggers.extend(["du"]);
        assert!(!read_by_head(&lex, "du schulidiot"));
    }

    #[test]
    fn bucket_reads_three_bytes_or_none() {
        assert!(super::bucket(b"ab").is_none());
        assert!(super::bucket(b"abc").is_some_and(|b| b < super::TABLE_BITS));
        assert_eq!(super::bucket(b"xabc"), super::bucket(b"yyabc"));
    }
}
