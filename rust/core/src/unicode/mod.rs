//! Character properties exactly as the pure-Python core saw them.
//!
//! Two sources, on purpose: Python's `str` methods (`isalpha`, `isdigit`, `casefold`,
//! `unicodedata` 14.0 for CPython 3.11) and the `regex` module's property classes
//! (`\p{L}`, `\p{Latin}`, `\p{Extended_Pictographic}`...), which follow a newer Unicode.
//! Every function takes a code point ([`Cp`]); surrogates are valid input.
//!
//! CONTRACT (shared by the normaliser and the scorer): the signatures below are fixed.
//! The tables come from `tools/gen_unicode_tables.py` (see the header of `tables.rs`).

mod nfkc;
mod segment;
#[rustfmt::skip]
mod tables;

pub(crate) use nfkc::stays as nfkc_stays;
pub use nfkc::{is_nfkc, nfkc};
pub use segment::grapheme_ends;

use crate::Cp;

/// Whether `c` lies in one of the sorted, disjoint ranges (kept out of line: the
/// predicates that call it are inlined for their ASCII answer).
#[inline(never)]
fn in_ranges(table: &[(u32, u32)], c: Cp) -> bool {
    let i = table.partition_point(|&(_, hi)| hi < c);
    i < table.len() && table[i].0 <= c
}

/// Which blocks of 64 code points below U+20000 hold a character of a table, one bit a
/// block (256 bytes), worked out from the table when the crate is compiled.  A block
/// without one answers "no" with a shift and a load where the binary search took some
/// forty instructions: the curly quotes, stars and emoji of a comment sit in blocks
/// that hold no letter, digit or mark, and the normaliser and the tokeniser ask those
/// questions of every character beyond ASCII, several times each.
struct Blocks([u64; 32]);

/// The blocks below this one are in a [`Blocks`] map; the planes above are searched.
const BLOCKS_END: u32 = 2048;

/// The [`Blocks`] of a sorted table of ranges.
const fn blocks(table: &[(u32, u32)]) -> Blocks {
    let mut bits = [0u64; 32];
    let mut i = 0;
    while i < table.len() {
        let (lo, hi) = table[i];
        let mut k = lo >> 6;
        while k <= hi >> 6 && k < BLOCKS_END {
            bits[(k >> 6) as usize] |= 1 << (k & 63);
            k += 1;
        }
        i += 1;
    }
    Blocks(bits)
}

impl Blocks {
    /// Whether `c`'s block may hold a character of the table (every block at or beyond
    /// `BLOCKS_END` may): never "no" for a character of the table.
    #[inline(always)]
    fn may_hold(&self, c: Cp) -> bool {
        let k = c >> 6;
        k >= BLOCKS_END || self.0[(k >> 6) as usize] >> (k & 63) & 1 != 0
    }
}

static PY_ALPHA_BLOCKS: Blocks = blocks(tables::PY_ALPHA);
static PY_SPACE_BLOCKS: Blocks = blocks(tables::PY_SPACE);
static RX_L_BLOCKS: Blocks = blocks(tables::RX_L);
static RX_M_BLOCKS: Blocks = blocks(tables::RX_M);
static RX_MN_BLOCKS: Blocks = blocks(tables::RX_MN);
static RX_N_BLOCKS: Blocks = blocks(tables::RX_N);
static RX_LATIN_BLOCKS: Blocks = blocks(tables::RX_LATIN);
static RX_CF_BLOCKS: Blocks = blocks(tables::RX_CF);
static RX_SPACE_BLOCKS: Blocks = blocks(tables::RX_SPACE);

/// [`in_ranges`], a block of `blocks` that holds none of `table` answered at once (out
/// of line like it: inlined, the test grew the predicates' callers past the
/// inliner's limits, and the calls that made cost more than the searches it saved).
#[inline(never)]
fn in_blocks(table: &[(u32, u32)], blocks: &Blocks, c: Cp) -> bool {
    blocks.may_hold(c) && in_ranges(table, c)
}

/// The value a generated map gives `c`, if any.
fn in_map<'a>(keys: &[u32], offsets: &[u32], pool: &'a [u32], c: Cp) -> Option<&'a [u32]> {
    let i = keys.binary_search(&c).ok()?;
    let (a, b) = (offsets[i] as usize, offsets[i + 1] as usize);
    pool.get(a..b)
}

/// `str.isalpha()` of one character (categories Lu, Ll, Lt, Lm, Lo).
#[inline]
pub fn is_alpha(c: Cp) -> bool {
    if c < 0x80 {
        return (c | 0x20).wrapping_sub(b'a' as u32) < 26;
    }
    if c < 0x2C2 {
        return latin_letter(c);
    }
    in_blocks(tables::PY_ALPHA, &PY_ALPHA_BLOCKS, c)
}

/// `\p{L}` (and `str.isalpha()`, the same set there) from U+0080 to U+02C1, without the
/// table search: the accented letters of the Latin languages, asked at every letter of
/// their text by the tokeniser and the steps (`tests::latin_fast_paths` checks these
/// ranges against the tables).
#[inline]
fn latin_letter(c: Cp) -> bool {
    matches!(c, 0xAA | 0xB5 | 0xBA | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2C1)
}

/// The first code point beyond ASCII where a mark (`\p{M}`, `\p{Mn}`) stands.
const FIRST_MARK: Cp = 0x300;

/// `str.isdigit()` of one character.
#[inline]
pub fn is_digit(c: Cp) -> bool {
    if c < 0x80 {
        return c.wrapping_sub(b'0' as u32) < 10;
    }
    in_ranges(tables::PY_DIGIT, c)
}

/// `str.isdecimal()` of one character (also `re`'s `\d`).
#[inline]
pub fn is_decimal(c: Cp) -> bool {
    if c < 0x80 {
        return c.wrapping_sub(b'0' as u32) < 10;
    }
    in_ranges(tables::PY_DECIMAL, c)
}

/// `str.isnumeric()` of one character.
#[inline]
pub fn is_numeric(c: Cp) -> bool {
    if c < 0x80 {
        return c.wrapping_sub(b'0' as u32) < 10;
    }
    in_ranges(tables::PY_NUMERIC, c)
}

/// `str.isalnum()` of one character.
#[inline]
pub fn is_alnum(c: Cp) -> bool {
    is_alpha(c) || is_decimal(c) || is_digit(c) || is_numeric(c)
}

/// `str.isspace()` of one character (also `re`'s `\s`).
#[inline]
pub fn is_space(c: Cp) -> bool {
    if c < 0x80 {
        return matches!(c, 0x09..=0x0D | 0x1C..=0x20);
    }
    in_blocks(tables::PY_SPACE, &PY_SPACE_BLOCKS, c)
}

/// `str.islower()` of one character (Python's `Py_UNICODE_ISLOWER`).
#[inline]
pub fn is_lower(c: Cp) -> bool {
    if c < 0x80 {
        return c.wrapping_sub(b'a' as u32) < 26;
    }
    in_ranges(tables::PY_LOWER, c)
}

/// `str.isupper()` of one character (Python's `Py_UNICODE_ISUPPER`).
#[inline]
pub fn is_upper(c: Cp) -> bool {
    if c < 0x80 {
        return c.wrapping_sub(b'A' as u32) < 26;
    }
    in_ranges(tables::PY_UPPER, c)
}

/// Python's `Py_UNICODE_ISTITLE` (category Lt).
pub fn is_title(c: Cp) -> bool {
    c >= 0x80 && in_ranges(tables::PY_TITLE, c)
}

/// `str.isprintable()` of one character (what `repr()` leaves unescaped).
pub fn is_printable(c: Cp) -> bool {
    if c < 0x80 {
        return (0x20..0x7F).contains(&c);
    }
    in_ranges(tables::PY_PRINTABLE, c)
}

/// `re`'s `\w` for `str` patterns: `str.isalnum()` or `_`.
pub fn is_re_word(c: Cp) -> bool {
    c == b'_' as u32 || is_alnum(c)
}

/// `unicodedata.category(c)[0] in "LMN"` (CPython's Unicode).
pub fn is_py_category_lmn(c: Cp) -> bool {
    if c < 0x80 {
        return is_alnum(c);
    }
    in_ranges(tables::PY_CAT_LMN, c)
}

/// `unicodedata.category(c).startswith("M")` (CPython's Unicode).
#[inline]
pub fn is_py_mark(c: Cp) -> bool {
    c >= 0x80 && in_ranges(tables::PY_CAT_M, c)
}

/// `str.casefold()` of one character, when it changes it.
pub fn casefold(c: Cp) -> Option<&'static [u32]> {
    if c < 0x80 {
        return None; // ASCII upper case is done by the callers, without a lookup
    }
    in_map(
        tables::CASEFOLD_KEYS,
        tables::CASEFOLD_OFFSETS,
        tables::CASEFOLD_POOL,
        c,
    )
}

/// Append `str.casefold()` of `c` to `out`.
#[inline]
pub fn push_casefold(c: Cp, out: &mut Vec<Cp>) {
    if c < 0x80 {
        out.push(if is_upper(c) { c + 32 } else { c });
    } else if let Some(f) = casefold(c) {
        out.extend_from_slice(f);
    } else {
        out.push(c);
    }
}

/// regex `\p{L}`.
#[inline]
pub fn rx_letter(c: Cp) -> bool {
    if c < 0x80 {
        return is_alpha(c);
    }
    if c < 0x2C2 {
        return latin_letter(c);
    }
    in_blocks(tables::RX_L, &RX_L_BLOCKS, c)
}

/// regex `\p{M}`.
#[inline]
pub fn rx_mark(c: Cp) -> bool {
    c >= FIRST_MARK && in_blocks(tables::RX_M, &RX_M_BLOCKS, c)
}

/// regex `\p{Mn}`.
#[inline]
pub fn rx_nonspacing_mark(c: Cp) -> bool {
    c >= FIRST_MARK && in_blocks(tables::RX_MN, &RX_MN_BLOCKS, c)
}

/// regex `\p{N}`.
#[inline]
pub fn rx_number(c: Cp) -> bool {
    if c < 0x80 {
        return is_digit(c);
    }
    if c < FIRST_MARK {
        return matches!(c, 0xB2 | 0xB3 | 0xB9 | 0xBC..=0xBE); // superscripts, fractions
    }
    in_blocks(tables::RX_N, &RX_N_BLOCKS, c)
}

/// regex `\p{Latin}`.
#[inline]
pub fn rx_latin(c: Cp) -> bool {
    if c < 0x80 {
        return is_alpha(c);
    }
    if c < FIRST_MARK {
        return matches!(c, 0xAA | 0xBA | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2B8 | 0x2E0..=0x2E4);
    }
    in_blocks(tables::RX_LATIN, &RX_LATIN_BLOCKS, c)
}

/// regex `\p{Cf}`.
#[inline]
pub fn rx_format(c: Cp) -> bool {
    c >= 0x80 && in_blocks(tables::RX_CF, &RX_CF_BLOCKS, c)
}

/// regex `\p{Cs}` (the surrogates).
pub fn rx_surrogate(c: Cp) -> bool {
    (0xD800..=0xDFFF).contains(&c)
}

/// regex `\p{Extended_Pictographic}`.
#[inline]
pub fn rx_ext_pict(c: Cp) -> bool {
    if c < FIRST_PICTOGRAPH_RUN {
        return c == 0xA9 || c == 0xAE; // © and ®: every letter before is answered here
    }
    let o = c.wrapping_sub(PICTOGRAPH_BLOCK) as usize;
    if o < PICTOGRAPH_BITS.len() * 64 {
        return PICTOGRAPH_BITS[o / 64] >> (o % 64) & 1 != 0;
    }
    in_ranges(tables::RX_EXT_PICT, c)
}

/// The block U+1F000..U+1FFFF, where nearly every emoji typed lives: its pictographs
/// are read from [`PICTOGRAPH_BITS`] (one bit a code point) rather than searched for
/// in the table's 156 ranges (a run of one emoji asked it four times an emoji).
const PICTOGRAPH_BLOCK: Cp = 0x1F000;

/// `\p{Extended_Pictographic}` of the block at [`PICTOGRAPH_BLOCK`], made from the
/// generated table when the crate is compiled (so the two cannot disagree).
static PICTOGRAPH_BITS: [u64; 1024] = pictograph_bits();

const fn pictograph_bits() -> [u64; 1024] {
    let mut bits = [0u64; 1024];
    let table = tables::RX_EXT_PICT;
    let mut k = 0;
    while k < table.len() {
        let (lo, hi) = table[k];
        let mut c = lo;
        while c <= hi {
            let o = c.wrapping_sub(PICTOGRAPH_BLOCK) as usize;
            if o < 1024 * 64 {
                bits[o / 64] |= 1 << (o % 64);
            }
            c += 1;
        }
        k += 1;
    }
    bits
}

/// Below this, only © and ® are `\p{Extended_Pictographic}` (‼ is the next).
pub(crate) const FIRST_PICTOGRAPH_RUN: Cp = 0x203C;

/// regex `\p{Emoji_Modifier}`.
pub fn rx_emoji_modifier(c: Cp) -> bool {
    // The five skin tones are one range: compared, not searched for.
    if let [(lo, hi)] = tables::RX_EMOJI_MODIFIER {
        return (*lo..=*hi).contains(&c);
    }
    c >= 0x80 && in_ranges(tables::RX_EMOJI_MODIFIER, c)
}

/// regex `\s`.
#[inline]
pub fn rx_space(c: Cp) -> bool {
    if c < 0x80 {
        return matches!(c, 0x09..=0x0D | 0x20);
    }
    in_blocks(tables::RX_SPACE, &RX_SPACE_BLOCKS, c)
}

/// `_fold_latin` of one Latin letter or non-spacing mark, when it changes it (unidecode,
/// keeping the letter's case; a mark folds to nothing).
///
/// Latin-1 and Latin Extended-A (below U+0180: a French, Spanish or German sentence's
/// accented letters) are read from a table of their answers, made from the generated
/// map on first use ([`latin_folds`]): each `é` searched the map's five hundred keys.
#[inline]
pub fn fold_latin(c: Cp) -> Option<&'static [u32]> {
    if c < 0x80 {
        return None;
    }
    match latin_folds().get((c - 0x80) as usize) {
        Some(&kept) => kept,
        None => fold_latin_searched(c),
    }
}

/// [`fold_latin`] searched for in the generated map.
fn fold_latin_searched(c: Cp) -> Option<&'static [u32]> {
    in_map(
        tables::FOLD_LATIN_KEYS,
        tables::FOLD_LATIN_OFFSETS,
        tables::FOLD_LATIN_POOL,
        c,
    )
}

/// The first code point past [`latin_folds`]' table (U+0080 is its first).
const LATIN_FOLDS_END: Cp = 0x180;

/// [`fold_latin_searched`] of every character from U+0080 to [`LATIN_FOLDS_END`],
/// worked out once (the same answers: `tests::latin_folds_are_the_searched_ones`).
fn latin_folds() -> &'static LatinFolds {
    static FOLDS: std::sync::OnceLock<LatinFolds> = std::sync::OnceLock::new();
    FOLDS.get_or_init(|| std::array::from_fn(|i| fold_latin_searched(0x80 + i as Cp)))
}

/// [`latin_folds`]' table: the answer of each character from U+0080 on.
type LatinFolds = [Option<&'static [u32]>; (LATIN_FOLDS_END - 0x80) as usize];

/// The `emoji` package's English name of exactly this sequence.
pub fn emoji_data_name(seq: &[Cp]) -> Option<&'static str> {
    match *seq {
        [c] => SingleEmoji::shared().name(c, false),
        [c, VARIATION_16] => SingleEmoji::shared().name(c, true),
        _ => search_emoji(seq),
    }
}

/// [`emoji_data_name`] of `seq` followed by U+FE0F, without making that sequence when
/// `seq` is one character (nearly every emoji a comment holds).
pub fn emoji_data_name_selected(seq: &[Cp]) -> Option<&'static str> {
    match *seq {
        [c] => SingleEmoji::shared().name(c, true),
        _ => {
            let mut with_vs = seq.to_vec();
            with_vs.push(VARIATION_16);
            search_emoji(&with_vs)
        }
    }
}

/// The variation selector that asks for an emoji's picture (U+FE0F).
const VARIATION_16: Cp = 0xFE0F;

/// The binary search of the whole table (sequences of any length).
fn search_emoji(seq: &[Cp]) -> Option<&'static str> {
    let table = tables::EMOJI_SEQUENCES;
    table
        .binary_search_by(|&(s, _)| s.cmp(seq))
        .ok()
        .map(|i| table[i].1)
}

/// The names of the one-character sequences of the emoji table, alone and followed by
/// U+FE0F: a sorted list of the characters (under 12 kB, a few cache lines a search)
/// with the places of their two names in the table.  The table's own binary search
/// reads a sequence's slice at each step, two lines far apart each time, and a tweet's
/// emoji are almost all one character.  Made on first use, once for the process.
struct SingleEmoji(Vec<(Cp, u16, u16)>);

/// No name of that form in the table.
const NO_NAME: u16 = u16::MAX;

impl SingleEmoji {
    fn shared() -> &'static SingleEmoji {
        static SHARED: std::sync::OnceLock<SingleEmoji> = std::sync::OnceLock::new();
        SHARED.get_or_init(SingleEmoji::build)
    }

    fn build() -> SingleEmoji {
        let mut by_char: Vec<(Cp, u16, u16)> = Vec::new();
        for (i, &(seq, _)) in tables::EMOJI_SEQUENCES.iter().enumerate() {
            // The table has fewer than 65,535 rows (`one_character_names_are_those_of_the_table`).
            let at = u16::try_from(i).unwrap_or(NO_NAME);
            let (c, selected) = match *seq {
                [c] => (c, false),
                [c, VARIATION_16] => (c, true),
                _ => continue,
            };
            // The table is sorted: the rows opening with one character follow one
            // another, in the characters' order, so the list is made sorted.
            if by_char.last().is_none_or(|&(last, _, _)| last != c) {
                by_char.push((c, NO_NAME, NO_NAME));
            }
            if let Some(row) = by_char.last_mut() {
                if selected {
                    row.2 = at;
                } else {
                    row.1 = at;
                }
            }
        }
        debug_assert!(by_char.windows(2).all(|w| w[0].0 < w[1].0));
        SingleEmoji(by_char)
    }

    fn name(&self, c: Cp, selected: bool) -> Option<&'static str> {
        let k = self.0.binary_search_by_key(&c, |&(k, _, _)| k).ok()?;
        let at = if selected { self.0[k].2 } else { self.0[k].1 };
        tables::EMOJI_SEQUENCES
            .get(usize::from(at))
            .map(|&(_, name)| name)
    }
}

/// `unicodedata.name(c)` in lower case with `_` for spaces, for the characters emoji
/// sequences hold; `None` for other or unnamed characters.
pub fn emoji_char_name(c: Cp) -> Option<&'static str> {
    let table = tables::EMOJI_CHAR_NAMES;
    table
        .binary_search_by_key(&c, |&(k, _)| k)
        .ok()
        .map(|i| table[i].1)
}

/// `str.islower()` of a whole string: some cased character, and none upper or title.
pub fn str_is_lower(s: &[Cp]) -> bool {
    let mut cased = false;
    for &c in s {
        if is_upper(c) || is_title(c) {
            return false;
        }
        cased |= is_lower(c);
    }
    cased
}

/// `str.isupper()` of a whole string.
pub fn str_is_upper(s: &[Cp]) -> bool {
    let mut cased = false;
    for &c in s {
        if is_lower(c) || is_title(c) {
            return false;
        }
        cased |= is_upper(c);
    }
    cased
}

/// `str.istitle()` of a whole string.
pub fn str_is_title(s: &[Cp]) -> bool {
    let mut cased = false;
    let mut previous_cased = false;
    for &c in s {
        if is_upper(c) || is_title(c) {
            if previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else if is_lower(c) {
            if !previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else {
            previous_cased = false;
        }
    }
    cased
}

/// Grapheme-cluster properties, for [`segment`].
pub(crate) mod gcb {
    use super::{in_ranges, tables};
    use crate::Cp;

    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub enum Gcb {
        Cr,
        Lf,
        Control,
        Extend,
        Zwj,
        RegionalIndicator,
        Prepend,
        SpacingMark,
        L,
        V,
        T,
        Lv,
        Lvt,
        Other,
    }

    pub fn gcb(c: Cp) -> Gcb {
        if c < 0x80 {
            return match c {
                0x0D => Gcb::Cr,
                0x0A => Gcb::Lf,
                0..=0x1F | 0x7F => Gcb::Control,
                _ => Gcb::Other,
            };
        }
        let checks: [(&[(u32, u32)], Gcb); 13] = [
            (tables::GCB_EXTEND, Gcb::Extend),
            (tables::GCB_CONTROL, Gcb::Control),
            (tables::GCB_SPACINGMARK, Gcb::SpacingMark),
            (tables::GCB_LVT, Gcb::Lvt),
            (tables::GCB_LV, Gcb::Lv),
            (tables::GCB_L, Gcb::L),
            (tables::GCB_V, Gcb::V),
            (tables::GCB_T, Gcb::T),
            (tables::GCB_REGIONAL_INDICATOR, Gcb::RegionalIndicator),
            (tables::GCB_PREPEND, Gcb::Prepend),
            (tables::GCB_ZWJ, Gcb::Zwj),
            (tables::GCB_CR, Gcb::Cr),
            (tables::GCB_LF, Gcb::Lf),
        ];
        for (table, value) in checks {
            if in_ranges(table, c) {
                return value;
            }
        }
        Gcb::Other
    }

    pub fn incb_linker(c: Cp) -> bool {
        c >= 0x80 && in_ranges(tables::INCB_LINKER, c)
    }
    pub fn incb_consonant(c: Cp) -> bool {
        c >= 0x80 && in_ranges(tables::INCB_CONSONANT, c)
    }
    pub fn incb_extend(c: Cp) -> bool {
        c >= 0x80 && in_ranges(tables::INCB_EXTEND, c)
    }
}

/// NFKC data, for [`nfkc`].
pub(crate) mod nfdata {
    use super::{in_map, tables};
    use crate::Cp;

    pub fn ccc(c: Cp) -> u8 {
        if c < 0x300 {
            return 0;
        }
        let t = tables::CCC;
        let i = t.partition_point(|&(_, hi, _)| hi < c);
        match t.get(i) {
            Some(&(lo, _, k)) if lo <= c => k,
            _ => 0,
        }
    }

    pub fn nfkd(c: Cp) -> Option<&'static [u32]> {
        in_map(
            tables::NFKD_KEYS,
            tables::NFKD_OFFSETS,
            tables::NFKD_POOL,
            c,
        )
    }

    /// Every canonical composition `(first, second, composite)`.
    pub fn compositions() -> &'static [(u32, u32, u32)] {
        tables::COMPOSE
    }

    pub fn compose(a: Cp, b: Cp) -> Option<Cp> {
        let t = tables::COMPOSE;
        t.binary_search_by(|&(x, y, _)| (x, y).cmp(&(a, b)))
            .ok()
            .map(|i| t[i].2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A block map answers like its table for every code point (surrogates included).
    #[test]
    fn the_block_maps_answer_like_their_tables() {
        let maps: [(&[(u32, u32)], &Blocks); 9] = [
            (tables::PY_ALPHA, &PY_ALPHA_BLOCKS),
            (tables::PY_SPACE, &PY_SPACE_BLOCKS),
            (tables::RX_L, &RX_L_BLOCKS),
            (tables::RX_M, &RX_M_BLOCKS),
            (tables::RX_MN, &RX_MN_BLOCKS),
            (tables::RX_N, &RX_N_BLOCKS),
            (tables::RX_LATIN, &RX_LATIN_BLOCKS),
            (tables::RX_CF, &RX_CF_BLOCKS),
            (tables::RX_SPACE, &RX_SPACE_BLOCKS),
        ];
        for (table, blocks) in maps {
            for c in 0..=0x10FFFF {
                assert_eq!(in_blocks(table, blocks, c), in_ranges(table, c), "{c:X}");
            }
        }
    }

    #[test]
    fn python_predicates() {
        assert!(is_alpha('é' as u32) && !is_alpha('1' as u32));
        assert!(is_space(0x1C) && !rx_space(0x1C));
        assert!(is_title(0x01C5) && !is_title('A' as u32));
        assert!(!is_printable(0xD800) && is_printable('é' as u32));
        assert!(is_digit(0xB2) && !is_decimal(0xB2));
        assert!(str_is_lower(&[0x61, 0x31]) && !str_is_lower(&[0x31]));
    }

    #[test]
    fn latin_folds_are_the_searched_ones() {
        for c in 0..0x400 {
            let searched = if c < 0x80 {
                None
            } else {
                fold_latin_searched(c)
            };
            assert_eq!(fold_latin(c), searched, "{c:X}");
        }
    }

    #[test]
    fn latin_fast_paths() {
        // The answers without a table search agree with the tables wherever they are used.
        for c in 0x80..FIRST_MARK {
            assert_eq!(is_alpha(c), in_ranges(tables::PY_ALPHA, c), "{c:X}");
            assert_eq!(rx_letter(c), in_ranges(tables::RX_L, c), "{c:X}");
            assert_eq!(rx_number(c), in_ranges(tables::RX_N, c), "{c:X}");
            assert_eq!(rx_latin(c), in_ranges(tables::RX_LATIN, c), "{c:X}");
            assert!(
                !in_ranges(tables::RX_M, c) && !in_ranges(tables::RX_MN, c),
                "{c:X}"
            );
        }
        for c in 0x2C2..0x300 {
            assert_eq!(is_alpha(c), in_ranges(tables::PY_ALPHA, c), "{c:X}");
            assert_eq!(rx_letter(c), in_ranges(tables::RX_L, c), "{c:X}");
        }
        for c in 0..FIRST_PICTOGRAPH_RUN + 1 {
            let table = c >= 0xA9 && in_ranges(tables::RX_EXT_PICT, c);
            assert_eq!(rx_ext_pict(c), table, "{c:X}");
        }
        // The pictographs' block read from its bits, and the skin tones compared.
        for c in FIRST_PICTOGRAPH_RUN..0x11_0000 {
            assert_eq!(rx_ext_pict(c), in_ranges(tables::RX_EXT_PICT, c), "{c:X}");
        }
        for c in 0..0x11_0000 {
            let table = in_ranges(tables::RX_EMOJI_MODIFIER, c);
            assert_eq!(rx_emoji_modifier(c), table, "{c:X}");
        }
    }

    #[test]
    fn case_folding_and_latin() {
        assert_eq!(casefold(0xDF), Some(&[0x73, 0x73][..]));
        assert_eq!(fold_latin(0xE9), Some(&[0x65][..]));
        assert_eq!(fold_latin(0x153), Some(&[0x6F, 0x65][..]));
        assert!(rx_latin('é' as u32) && !rx_latin(0x430));
    }

    #[test]
    fn emoji_names() {
        assert_eq!(emoji_data_name(&[0x1F595]), Some(":middle_finger:"));
        assert_eq!(
            emoji_char_name(0x1F1EB),
            Some("regional_indicator_symbol_letter_f")
        );
    }

    /// The index of one-character sequences answers as the search of the whole table,
    /// for every row of it, for each character alone and followed by U+FE0F, and for
    /// characters around them (none of which the table may hold).
    #[test]
    fn one_character_names_are_those_of_the_table() {
        let table = tables::EMOJI_SEQUENCES;
        assert!(table.len() < usize::from(NO_NAME));
        assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
        let mut asked = 0;
        for &(seq, _) in table {
            for c in [seq[0].saturating_sub(1), seq[0], seq[0] + 1] {
                assert_eq!(emoji_data_name(&[c]), search_emoji(&[c]));
                assert_eq!(
                    emoji_data_name(&[c, VARIATION_16]),
                    search_emoji(&[c, VARIATION_16])
                );
                assert_eq!(
                    emoji_data_name_selected(&[c]),
                    search_emoji(&[c, VARIATION_16])
                );
                asked += 1;
            }
            assert_eq!(emoji_data_name(seq), search_emoji(seq));
            let mut with_vs = seq.to_vec();
            with_vs.push(VARIATION_16);
            assert_eq!(emoji_data_name_selected(seq), search_emoji(&with_vs));
        }
        assert!(asked > 10_000);
        assert_eq!(emoji_data_name(&[0x2764, 0xFE0F]), Some(":red_heart:"));
    }
}
