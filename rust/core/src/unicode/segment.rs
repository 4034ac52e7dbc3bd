//! Grapheme clusters as the `regex` module's `\X` finds them (UAX #29, with the Indic
//! conjunct rule GB9c of its Unicode version).

use super::gcb::{gcb, incb_consonant, incb_extend, incb_linker, Gcb};
use super::rx_ext_pict;
use crate::Cp;

/// The end of each grapheme cluster of `text` (the whole slice is the string: no
/// context outside it), in order; the last is `text.len()` (none for empty text).
pub fn grapheme_ends(text: &[Cp]) -> Vec<usize> {
    let mut ends = Vec::new();
    if text.is_empty() {
        return ends;
    }
    let mut prev = gcb(text[0]);
    // GB9c as `regex` applies it: 2 after a linker followed only by Extend or Linker
    // characters (the module does not ask for a consonant before the linker).
    let mut conjunct = conjunct_state(0, text[0]);
    // GB11: 0 nothing, 1 pictographic then Extend, 2 the same then ZWJ.
    let mut pict = pict_state(0, text[0], prev);
    let mut regional = usize::from(prev == Gcb::RegionalIndicator);
    for (i, &c) in text.iter().enumerate().skip(1) {
        let cur = gcb(c);
        if breaks(prev, cur, c, conjunct, pict, regional) {
            ends.push(i);
        }
        conjunct = conjunct_state(conjunct, c);
        pict = pict_state(pict, c, cur);
        regional = if cur == Gcb::RegionalIndicator {
            regional + 1
        } else {
            0
        };
        prev = cur;
    }
    ends.push(text.len());
    ends
}

fn conjunct_state(state: u8, c: Cp) -> u8 {
    if incb_consonant(c) {
        1
    } else if incb_linker(c) {
        2
    } else if state > 0 && incb_extend(c) {
        state
    } else {
        0
    }
}

fn pict_state(state: u8, c: Cp, g: Gcb) -> u8 {
    if rx_ext_pict(c) || (state == 1 && g == Gcb::Extend) {
        1
    } else if state == 1 && g == Gcb::Zwj {
        2
    } else {
        0
    }
}

fn breaks(prev: Gcb, cur: Gcb, c: Cp, conjunct: u8, pict: u8, regional: usize) -> bool {
    use Gcb::*;
    match (prev, cur) {
        (Cr, Lf) => false,
        (Control | Cr | Lf, _) | (_, Control | Cr | Lf) => true,
        (L, L | V | Lv | Lvt) | (Lv | V, V | T) | (Lvt | T, T) => false,
        (_, Extend | Zwj | SpacingMark) | (Prepend, _) => false,
        _ if conjunct == 2 && incb_consonant(c) => false,
        (Zwj, _) if pict == 2 && rx_ext_pict(c) => false,
        (RegionalIndicator, RegionalIndicator) => regional.is_multiple_of(2),
        _ => true,
    }
}
