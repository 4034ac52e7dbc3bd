//! The piece filters ([`PieceFilters`]) as bytes, for the compiled-pack cache.
//!
//! Why: the filters are derived from the whole lexicon (its keys with their possessive
//! endings, its typo forms and stems, each with every inner letter masked in turn), and
//! deriving them took a fresh process some 280 M instructions for two packs and 1.3 G
//! for six, paid by the first comment with an unknown word (tens of milliseconds after a
//! `Scorer.load()` the load bar timed at 140).  The cache file holds the packs they are
//! derived from, so it holds them too, and a warm load reads them back in about a
//! millisecond.
//!
//! Invariant (what keeps the answers): bytes read back are only ever those
//! [`PieceFilters::to_bytes`] wrote for the same packs and the same core (the cache
//! key covers both: `nudge._cache`), so the filters read are the ones the lexicon would
//! derive.  Bytes that are not such a file (cut short, another layout, a checksum that
//! does not match) are refused with an error, never a panic; the cache then compiles
//! the packs again.

use super::{MeaningGate, PieceFilters};
use crate::blob::{self, Reader};
use crate::tagfilter::TagFilter;

/// The layout's name and version (a change of layout changes it: older files are
/// refused, then written again).
const MAGIC: &[u8; 16] = b"nudge-filters-01";

/// What the errors call these bytes.
const WHAT: &str = "the segmenter's piece filters";

/// The most letters a gate's longest form may have in bytes read back.  The gates add
/// it to a place in a token (`a + longest`): a larger value, which no pack's word has
/// (the longest of the six bundled packs' forms has 29), is refused rather than
/// trusted (the checksum only tells damage from a good file, not a forged one).
const MOST_LETTERS: usize = 1 << 16;

impl PieceFilters {
    /// The filters as bytes: read back by [`PieceFilters::from_bytes`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        put_gate(&mut out, &self.meaning);
        put_gate(&mut out, &self.cut);
        for filter in [
            &self.keys,
            &self.typos,
            &self.masked_typos,
            &self.words,
            &self.allow,
        ] {
            put_filter(&mut out, filter);
        }
        blob::seal(out)
    }

    /// The filters [`PieceFilters::to_bytes`] wrote, with the lexicon's `fill_kinds`
    /// (one for each of its mask letters, which index them: worked out from the
    /// lexicon, not read, so no file can make them disagree), or why these bytes are
    /// not them.  Never panics.
    pub fn from_bytes(bytes: &[u8], fill_kinds: Vec<(bool, bool)>) -> Result<PieceFilters, String> {
        let mut r = blob::open(bytes, MAGIC, WHAT)?;
        let meaning = read_gate(&mut r)?;
        let cut = read_gate(&mut r)?;
        let keys = read_filter(&mut r)?;
        let typos = read_filter(&mut r)?;
        let masked_typos = read_filter(&mut r)?;
        let words = read_filter(&mut r)?;
        let allow = read_filter(&mut r)?;
        r.finish()?;
        Ok(PieceFilters {
            meaning,
            cut,
            keys,
            typos,
            masked_typos,
            words,
            allow,
            fill_kinds,
        })
    }
}

fn put(out: &mut Vec<u8>, x: u64) {
    out.extend_from_slice(&x.to_le_bytes());
}

/// A filter: its number of 64-bit words, then the words.
fn put_filter(out: &mut Vec<u8>, filter: &TagFilter) {
    put(out, filter.words().len() as u64);
    filter.words().iter().for_each(|&w| put(out, w));
}

fn read_filter(r: &mut Reader<'_>) -> Result<TagFilter, String> {
    let size = r.count()?;
    // Checked against what is left before anything is allocated.
    if size.checked_mul(8).is_none_or(|b| b > r.left()) {
        return Err(format!("{WHAT} are cut short"));
    }
    let words = r
        .take(size * 8)?
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
        .collect();
    TagFilter::from_words(words).ok_or_else(|| format!("{WHAT} hold a filter of a wrong size"))
}

/// A gate: its head and longest form's letters, its two filters, then whether it has a
/// masked filter and that filter.
fn put_gate(out: &mut Vec<u8>, gate: &MeaningGate) {
    put(out, gate.head as u64);
    put(out, gate.longest as u64);
    put_filter(out, &gate.heads);
    put_filter(out, &gate.forms);
    put(out, u64::from(gate.masked.is_some()));
    if let Some(masked) = &gate.masked {
        put_filter(out, masked);
    }
}

fn read_gate(r: &mut Reader<'_>) -> Result<MeaningGate, String> {
    let head = r.count()?;
    let longest = r.count()?;
    // A gate built from forms has 1 <= head <= longest; one built from none, 0 and 0.
    if head > longest || longest > MOST_LETTERS || (head == 0) != (longest == 0) {
        return Err(format!("{WHAT} hold a gate of {head} to {longest} letters"));
    }
    let heads = read_filter(r)?;
    let forms = read_filter(r)?;
    let masked = match r.u64()? {
        0 => None,
        1 => Some(read_filter(r)?),
        other => return Err(format!("{WHAT} hold a gate marked {other}")),
    };
    Ok(MeaningGate {
        heads,
        forms,
        masked,
        head,
        longest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::tests::{cut_lexicon, gated_lexicon};
    use proptest::prelude::*;

    #[test]
    fn filters_read_back_are_the_filters_written() {
        for lex in [gated_lexicon(), cut_lexicon()] {
            let bytes = lex.piece_filters_bytes();
            let back =
                PieceFilters::from_bytes(&bytes, lex.fill_kinds()).expect("the bytes just written");
            assert_eq!(&back, lex.piece_filters());
            // A lexicon that keeps them has them before any comment asks, and they
            // answer as the derived ones (the same filters).
            let fresh = cut_lexicon();
            assert!(!fresh.has_piece_filters());
            fresh.keep_piece_filters(&bytes).expect("kept");
            assert!(fresh.has_piece_filters());
            assert_eq!(fresh.piece_filters(), lex.piece_filters());
        }
    }

    #[test]
    fn filters_kept_after_they_were_derived_change_nothing() {
        let lex = gated_lexicon();
        let derived = lex.piece_filters().clone();
        lex.keep_piece_filters(&cut_lexicon().piece_filters_bytes())
            .expect("well-formed bytes");
        assert_eq!(lex.piece_filters(), &derived);
    }

    #[test]
    fn another_layout_or_damaged_bytes_are_refused() {
        let bytes = gated_lexicon().piece_filters_bytes();
        let mut other = bytes.clone();
        other[..16].copy_from_slice(b"nudge-filters-00");
        assert!(PieceFilters::from_bytes(&other, Vec::new()).is_err());
        let mut flipped = bytes.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 1;
        assert!(PieceFilters::from_bytes(&flipped, Vec::new()).is_err());
        assert!(PieceFilters::from_bytes(&bytes[..bytes.len() - 1], Vec::new()).is_err());
        assert!(PieceFilters::from_bytes(&[], Vec::new()).is_err());
        let lex = gated_lexicon();
        assert!(lex.keep_piece_filters(&flipped).is_err());
        assert!(!lex.has_piece_filters());
    }

    #[test]
    fn a_gate_of_impossible_sizes_is_refused_even_under_a_good_checksum() {
        let lex = gated_lexicon();
        let bytes = lex.piece_filters_bytes();
        // The body without its checksum: the magic, then the meaning gate's head and
        // longest form's letters.
        let body = &bytes[..bytes.len() - 8];
        let forged = |head: u64, longest: u64| {
            let mut out = body.to_vec();
            out[16..24].copy_from_slice(&head.to_le_bytes());
            out[24..32].copy_from_slice(&longest.to_le_bytes());
            PieceFilters::from_bytes(&blob::seal(out), Vec::new())
        };
        let gate = &lex.piece_filters().meaning;
        let (head, longest) = (gate.head as u64, gate.longest as u64);
        assert!(forged(head, longest).is_ok(), "the same sizes resealed");
        assert!(forged(longest + 1, longest).is_err());
        assert!(forged(1, u64::MAX).is_err());
        assert!(forged(0, longest).is_err());
        assert!(forged(1, (MOST_LETTERS + 1) as u64).is_err());
    }

    proptest! {
        /// Whatever bytes a damaged or hostile cache file holds, reading them gives an
        /// error or filters, never a panic; cut at any place, they are refused.
        #[test]
        fn reading_any_bytes_never_panics(
            cut in 0usize..4096,
            noise in proptest::collection::vec(any::<u8>(), 0..256),
            at in 0usize..4096,
        ) {
            let bytes = gated_lexicon().piece_filters_bytes();
            let cut = cut % bytes.len();
            prop_assert!(PieceFilters::from_bytes(&bytes[..cut], Vec::new()).is_err());
            let mut spliced = bytes.clone();
            let at = at % spliced.len();
            spliced.splice(at..at, noise.iter().copied());
            let _ = PieceFilters::from_bytes(&spliced, Vec::new());
            let _ = PieceFilters::from_bytes(&noise, Vec::new());
        }
    }
}
