//! Unicode NFKC as CPython's `unicodedata` 14.0 computes it: full compatibility
//! decomposition, canonical ordering, canonical composition (Hangul by arithmetic).

use super::nfdata::{ccc, compose, nfkd};
use crate::Cp;
use std::sync::OnceLock;

const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const S_COUNT: u32 = L_COUNT * V_COUNT * T_COUNT;

fn decompose(text: &[Cp], out: &mut Vec<Cp>) {
    for &c in text {
        if c < 0xA0 {
            out.push(c);
        } else if (S_BASE..S_BASE + S_COUNT).contains(&c) {
            let s = c - S_BASE;
            out.push(L_BASE + s / (V_COUNT * T_COUNT));
            out.push(V_BASE + (s % (V_COUNT * T_COUNT)) / T_COUNT);
            if !s.is_multiple_of(T_COUNT) {
                out.push(T_BASE + s % T_COUNT);
            }
        } else if let Some(d) = nfkd(c) {
            out.extend_from_slice(d);
        } else {
            out.push(c);
        }
    }
}

/// Sort each run of non-starters by combining class (stable: the canonical order).
fn reorder(chars: &mut [Cp]) {
    let mut i = 0;
    while i < chars.len() {
        if ccc(chars[i]) == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && ccc(chars[i]) != 0 {
            i += 1;
        }
        if i - start > 1 {
            chars[start..i].sort_by_key(|&c| ccc(c));
        }
    }
}

fn pair(a: Cp, b: Cp) -> Option<Cp> {
    if (L_BASE..L_BASE + L_COUNT).contains(&a) && (V_BASE..V_BASE + V_COUNT).contains(&b) {
        return Some(S_BASE + ((a - L_BASE) * V_COUNT + (b - V_BASE)) * T_COUNT);
    }
    if (S_BASE..S_BASE + S_COUNT).contains(&a)
        && (a - S_BASE).is_multiple_of(T_COUNT)
        && (T_BASE + 1..T_BASE + T_COUNT).contains(&b)
    {
        return Some(a + (b - T_BASE));
    }
    if b < 0x300 {
        // No primary composite has a second character below U+0300: skip the lookup.
        return None;
    }
    compose(a, b)
}

fn recompose(chars: &[Cp]) -> Vec<Cp> {
    let mut out: Vec<Cp> = Vec::with_capacity(chars.len());
    let mut starter: Option<usize> = None;
    let mut last_class: u8 = 0;
    for &c in chars {
        let class = ccc(c);
        if let Some(s) = starter {
            let adjacent = s + 1 == out.len();
            if adjacent || (last_class != 0 && last_class < class) {
                if let Some(composite) = pair(out[s], c) {
                    out[s] = composite;
                    continue;
                }
            }
        }
        if class == 0 {
            starter = Some(out.len());
            last_class = 0;
        } else {
            last_class = class;
        }
        out.push(c);
    }
    out
}

/// `unicodedata.normalize("NFKC", text)`.
pub fn nfkc(text: &[Cp]) -> Vec<Cp> {
    let mut chars = Vec::with_capacity(text.len());
    decompose(text, &mut chars);
    reorder(&mut chars);
    recompose(&chars)
}

/// `unicodedata.is_normalized("NFKC", text)`.
pub fn is_nfkc(text: &[Cp]) -> bool {
    if text.iter().all(|&c| stays(c)) {
        return true;
    }
    nfkc(text) == text
}

/// A character NFKC leaves where it is whatever surrounds it: a starter (nothing to
/// reorder), no Hangul jamo or syllable, the second character of no composition
/// (nothing before it composes with it), and either without a decomposition or a
/// precomposed letter that NFKC gives back alone (`é`, `ç`: [`composed_stays`]).  Text
/// made only of such characters is its own NFKC, known without computing it (emoji,
/// most scripts, accented Latin).  Why the precomposed ones are safe: NFKC of the text
/// decomposes each character, and each decomposition opens with a starter (the
/// character is one and recomposes from it), so what one character's decomposition
/// leaves can only compose within it -- giving the character back, as it does alone --
/// and never with the next, which is a starter no composition takes as its second.
/// (This is Unicode's NFKC quick check, restricted to starters; French sentences hold
/// an accent in most of them and paid a full NFKC of the whole text for each.)
pub(crate) fn stays(c: Cp) -> bool {
    if c < 0xA0 {
        return true;
    }
    let hangul = (0x1100..=0x11FF).contains(&c) || (S_BASE..S_BASE + S_COUNT).contains(&c);
    !hangul && ccc(c) == 0 && !is_second(c) && (nfkd(c).is_none() || composed_stays(c))
}

/// Whether `c`, a precomposed character, is its own NFKC standing alone and could
/// stand anywhere ([`stays`]): a starter that is no second character of a
/// composition.  Worked out once from the composition table with [`nfkc`] itself, so
/// it agrees with it by construction (`ſ` + dot above, `ẛ`, folds to `ṡ` and is left
/// out).
fn composed_stays(c: Cp) -> bool {
    static COMPOSED: OnceLock<Vec<Cp>> = OnceLock::new();
    let stays_alone = |&(_, _, c): &(Cp, Cp, Cp)| {
        let hangul = (S_BASE..S_BASE + S_COUNT).contains(&c);
        (!hangul && ccc(c) == 0 && !is_second(c) && nfkc(&[c]) == [c]).then_some(c)
    };
    composition_set(&COMPOSED, stays_alone)
        .binary_search(&c)
        .is_ok()
}

/// The sorted code points `pick` takes from the composition table, worked out once
/// into `cell`.
fn composition_set(
    cell: &'static OnceLock<Vec<Cp>>,
    pick: impl Fn(&(Cp, Cp, Cp)) -> Option<Cp>,
) -> &'static [Cp] {
    cell.get_or_init(|| {
        let mut v: Vec<Cp> = super::nfdata::compositions()
            .iter()
            .filter_map(pick)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

/// Whether `c` is the second character of some canonical composition.
fn is_second(c: Cp) -> bool {
    static SECONDS: OnceLock<Vec<Cp>> = OnceLock::new();
    composition_set(&SECONDS, |&(_, b, _)| Some(b))
        .binary_search(&c)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cps(s: &str) -> Vec<Cp> {
        s.chars().map(|c| c as u32).collect()
    }

    #[test]
    fn folds_and_composes() {
        assert_eq!(nfkc(&cps("ｆｕｃｋ")), cps("fuck"));
        assert_eq!(nfkc(&cps("e\u{301}")), cps("é"));
        assert_eq!(nfkc(&cps("\u{1100}\u{1161}\u{11A8}")), cps("각"));
        assert_eq!(nfkc(&cps("ﬁ")), cps("fi"));
        assert_eq!(nfkc(&[0xD800, 0x301]), vec![0xD800, 0x301]);
    }

    #[test]
    fn quick_check_agrees_with_the_full_nfkc() {
        // Precomposed letters pass the quick check; what NFKC changes does not.
        assert!(composed_stays('é' as u32) && composed_stays('ç' as u32));
        assert!(!composed_stays(0x1E9B)); // ẛ: its long s folds to s
        assert!(!stays(0x301) && !stays(0xFB01));
        // Every pair and triple over characters around the precomposed ones: those that
        // stay, the marks and letters they are made of, a compatibility character.
        let mut pool: Vec<Cp> = vec![0x61, 0x65, 0x20, 0xE9, 0xC7, 0x1E9B, 0xFB01, 0x17F];
        pool.extend([
            0x300, 0x301, 0x302, 0x307, 0x323, 0x327, 0x328, 0x345, 0x3099,
        ]);
        pool.extend([
            0x1100, 0x1161, 0x11A8, 0xAC00, 0x0B47, 0x0B3E, 0x0F73, 0xD800,
        ]);
        pool.extend(
            super::super::nfdata::compositions()
                .iter()
                .step_by(23)
                .map(|t| t.2),
        );
        for &a in &pool {
            for &b in &pool {
                let text = [a, b];
                assert_eq!(is_nfkc(&text), nfkc(&text) == text, "{a:X} {b:X}");
                for &c in pool.iter().step_by(7) {
                    let text = [a, b, c];
                    assert_eq!(is_nfkc(&text), nfkc(&text) == text, "{a:X} {b:X} {c:X}");
                }
            }
        }
    }

    #[test]
    fn every_character_that_stays_is_its_own_nfkc() {
        for c in (0..0x11_0000).filter(|&c| stays(c)) {
            assert_eq!(nfkc(&[c]), [c], "{c:X}");
        }
    }
}
