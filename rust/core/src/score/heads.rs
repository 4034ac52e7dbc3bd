//! Compounds read by their last word (issue #18): German glues any word before a noun
//! and the compound keeps the noun's sense ("Schul*trottel*", "Quoten*musel*",
//! "meetoo*idioten*", "Riesen*arschloch*").  The packs list the compounds they know;
//! the rest are words no list holds, and the segmenter splits a word only into words of
//! the general lists (`schul`, `meetoo` are none).  A pack's `compound_heads` names the
//! insults that keep their sense at the end of any compound (no `schwein`: "Wildschwein";
//! no `lappen`: "Waschlappen"; no `ratte`: "Leseratte").  A word of a comment guessed
//! (or said to be) in a language that capitalises its nouns, which the scan found no
//! entry for (or only a stem: "Scheiß*kanaken*"), whose last letters are one of those
//! words with at least `windows.compound_modifier` letters before it, is a hit of that
//! word's terms in that language (the longest such ending).  The hit is then
//! weighed as the term's own: a targeted insult still needs its target, an ambiguous one
//! its context.
//!
//! Cost: a word no list knows, long enough, asks one bit of a small table of the heads'
//! last four bytes; only a word whose bit is set compares its ending with the few heads
//! of that bucket.  Linear in the comment.

use super::explain::{Note, Phrase};
use super::{Hit, TermOf};
use crate::lexicon::{role, Lexicon, Look, Scan};
use crate::normalize::TokenKind;

/// The role bit of the `compound_heads` context words (`matcher.Role.COMPOUND_HEAD`).
pub const COMPOUND_HEAD: role::Roles = 1 << 55;

/// The rule's name, as `explain()` and a match's `rules` show it.
pub const NAME: &str = "compound_head";

/// Bits of the table of the heads' last four bytes.
const TABLE_BITS: usize = 4096;

/// Bytes of a word's ending that pick its bucket.
const ENDING: usize = 4;

/// What the words of the packs' `compound_heads` end with: a bit for each of their last
/// four bytes' buckets, the heads themselves by bucket (with their index entries), and
/// their shortest length in bytes.
#[derive(Clone, Debug, Default)]
pub struct Ends {
    bits: Vec<u64>,
    /// (bucket, head, entry), sorted by bucket, the longest head of a bucket first.
    heads: Vec<(usize, Box<str>, u32)>,
    shortest: usize,
}

/// The bucket of a word's last four bytes (`None` for a shorter word).
fn bucket(word: &[u8]) -> Option<usize> {
    let n = word.len();
    let last = word.get(n.checked_sub(ENDING)?..)?;
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
            heads: Vec::new(),
            shortest: usize::MAX,
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
                ends.heads.push((b, key.into(), e));
                ends.shortest = ends.shortest.min(key.len());
            }
        }
        ends.heads
            .sort_by(|a, b| a.0.cmp(&b.0).then(b.1.len().cmp(&a.1.len())));
        ends
    }

    /// The heads a word may end with: those of its last four bytes' bucket (none when
    /// the bucket's bit is not set, as for nearly every word).
    fn of_word(&self, word: &str) -> &[(usize, Box<str>, u32)] {
        let Some(b) = bucket(word.as_bytes()) else {
            return &[];
        };
        if self.bits.get(b / 64).is_none_or(|w| w >> (b % 64) & 1 == 0) {
            return &[];
        }
        let from = self.heads.partition_point(|h| h.0 < b);
        let to = self.heads.partition_point(|h| h.0 <= b);
        self.heads.get(from..to).unwrap_or(&[])
    }
}

/// Whether the index entry `e` is a compound head in one of the languages `langs`.
fn is_head(lex: &Lexicon, e: u32, langs: u32) -> bool {
    lex.entries.get(e as usize).is_some_and(|e| {
        (e.lang_roles.iter()).any(|&(b, r)| b & langs != 0 && r & COMPOUND_HEAD != 0)
    })
}

/// The index entry of the longest head of `langs` that `w` ends with, after at least
/// `modifier` letters.
fn head_of(lex: &Lexicon, ends: &Ends, w: &str, (langs, modifier): (u32, usize)) -> Option<u32> {
    ends.of_word(w).iter().find_map(|(_, head, e)| {
        let before = w.strip_suffix(&**head)?;
        (before.chars().nth(modifier.saturating_sub(1)).is_some() && is_head(lex, *e, langs))
            .then_some(*e)
    })
}

/// The hits of the compounds of a comment read in `langs`, languages that capitalise
/// their nouns (the guessed leader's or the forced one's): each word the scan found no
/// entry for (a stem's word is one: "Scheißkanaken") that ends with a head of those
/// languages makes a hit of the head's terms of those languages (their exact forms),
/// with the rule's note.
pub fn hits<'a>(lex: &'a Lexicon, scan: &Scan, langs: u32, modifier: usize) -> Vec<Hit<'a>> {
    let ends = lex.head_ends.get_or_init(|| Ends::of(lex));
    if ends.heads.is_empty() {
        return Vec::new();
    }
    let shortest = ends.shortest + modifier;
    let mut out = Vec::new();
    let size = (scan.words.len())
        .min(scan.entries.len())
        .min(scan.kinds.len());
    for q in 0..size {
        let w = &scan.words[q];
        // Most words are short or known: they are passed over before any other question.
        if w.len() < shortest || matches!(scan.entries[q], Some(Look::Index(_))) {
            continue;
        }
        if scan.kinds[q] != TokenKind::Word {
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
    fn bucket_reads_four_bytes_or_none() {
        assert!(super::bucket(b"abc").is_none());
        assert!(super::bucket(b"abcd").is_some_and(|b| b < super::TABLE_BITS));
        assert_eq!(super::bucket(b"xabcd"), super::bucket(b"yyabcd"));
    }
}
