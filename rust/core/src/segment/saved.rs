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
        put(&mut out, self.fill_kinds.len() as u64);
        for &(alphabetic, plain) in &self.fill_kinds {
            put(&mut out, u64::from(alphabetic) | u64::from(plain) << 1);
        }
        blob::seal(out)
    }

    /// The filters [`PieceFilters::to_bytes`] wrote, or why these bytes are not them.
    /// Never panics.
    pub fn from_bytes(bytes: &[u8]) -> Result<PieceFilters, String> {
        let mut r = blob::open(bytes, MAGIC, WHAT)?;
        let meaning = read_gate(&mut r)?;
        let cut = read_gate(&mut r)?;
        let keys = read_filter(&mut r)?;
        let typos = read_filter(&mut r)?;
        let masked_typos = read_filter(&mut r)?;
        let words = read_filter(&mut r)?;
        let allow = read_filter(&mut r)?;
        let count = r.count()?;
        if count.checked_mul(8).is_none_or(|b| b > r.left()) {
            return Err(format!("{WHAT} are cut short"));
        }
        let mut fill_kinds = Vec::with_capacity(count);
        for _ in 0..count {
            let bits = r.u64()?;
            fill_kinds.push((bits & 1 != 0, bits & 2 != 0));
        }
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
            let back = PieceFilters::from_bytes(&bytes).expect("the bytes just written");
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
        assert!(PieceFilters::from_bytes(&other).is_err());
        let mut flipped = bytes.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 1;
        assert!(PieceFilters::from_bytes(&flipped).is_err());
        assert!(PieceFilters::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(PieceFilters::from_bytes(&[]).is_err());
        let lex = gated_lexicon();
        assert!(lex.keep_piece_filters(&flipped).is_err());
        assert!(!lex.has_piece_filters());
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
            prop_assert!(PieceFilters::from_bytes(&bytes[..cut]).is_err());
            let mut spliced = bytes.clone();
            let at = at % spliced.len();
            spliced.splice(at..at, noise.iter().copied());
            let _ = PieceFilters::from_bytes(&spliced);
            let _ = PieceFilters::from_bytes(&noise);
        }
    }
}
