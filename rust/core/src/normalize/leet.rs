//! Decoding the leet characters of one word (Python's `_leet_word`).

use super::steps::letterish;
use super::tables::Tables;
use crate::unicode as u;
use crate::Cp;

const AT: Cp = 0x40;
const DOLLAR: Cp = 0x24;
const BANG: Cp = 0x21;
const EURO: Cp = 0x20AC;

/// The word with its leet characters decoded, or `None` when it is not leet.
///
/// One change from the pure-Python core, on purpose: the letters after a leading `@`
/// are counted as the later steps will write them *after* the runs inside and at the
/// end of the word are decoded (Python counted them before, so `@@a@a` became `@@aa`,
/// which a second pass turned into `aa`: not idempotent).  A leading digit keeps the
/// count of the word as typed: a second pass can only count fewer letters there, and
/// fewer never decodes it.
pub(crate) fn leet_word(word: &[Cp], tables: &Tables) -> Option<Vec<Cp>> {
    if !word.iter().any(|&c| u::rx_latin(c)) || word.iter().all(|&c| u::is_digit(c)) {
        return None;
    }
    let n = word.len();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        if tables.leet_of(word[i]).is_none() {
            i += 1;
            continue;
        }
        let j = (i..n)
            .find(|&k| tables.leet_of(word[k]).is_none())
            .unwrap_or(n);
        runs.push((i, j));
        i = j;
    }
    let mut decode: Vec<(usize, usize)> = Vec::new();
    let mut inside_any = false;
    for &(i, j) in &runs {
        let before = i > 0 && letterish(word[i - 1]);
        let after = j < n && letterish(word[j]);
        if before && after {
            decode.push((i, j));
            inside_any = true;
        }
    }
    for &(i, j) in &runs {
        if j == n && i > 0 && letterish(word[i - 1]) && !decode.contains(&(i, j)) {
            // Trailing: "a$$" always; "m3rd3" when the word has leet inside too.
            let run = &word[i..j];
            if run.iter().all(|&c| c == DOLLAR)
                || (inside_any && !run.contains(&BANG) && !run.contains(&AT))
            {
                decode.push((i, j));
            }
        }
    }
    // The word as the runs decided so far leave it, for counting what follows a
    // leading run (made only when asked: most words have no leading "@").
    let view = |decode: &[(usize, usize)]| {
        let mut view = word.to_vec();
        for &(i, j) in decode {
            for k in i..j {
                view[k] = tables.leet_of(word[k]).unwrap_or(word[k]);
            }
        }
        view
    };
    if let Some(&(i, j)) = runs.first() {
        let after = j < n && letterish(word[j]);
        if i == 0 && after && !(before_letter(word, i)) {
            let ch = word[i];
            if ch == DOLLAR || ch == AT {
                // "$hit", "@ss": a leading $ or @ (a longer @name is a mention).  The
                // letters are counted as decoded: a second pass must not find fewer.
                if ch == DOLLAR || letters_from(&view(&decode), j, tables) <= 2 {
                    decode.push((i, j));
                }
            } else if (u::is_digit(ch) || ch == EURO)
                && j - i == 1
                && letters_from(word, j, tables) >= 3
                && !tables.ordinals.contains(&word[j..])
            {
                // "3nculé": one leading digit or € before three or more letters, but not
                // an ordinal ("2ème", "1st").
                decode.push((i, j));
            }
        }
    }
    if decode.is_empty() {
        return None;
    }
    let mut out = word.to_vec();
    for (i, j) in decode {
        for k in i..j {
            out[k] = tables.leet_of(word[k]).unwrap_or(word[k]);
        }
    }
    Some(out)
}

fn before_letter(word: &[Cp], i: usize) -> bool {
    i > 0 && letterish(word[i - 1])
}

/// How many letters or leet characters follow position `from`, counted as the later
/// steps will write them: accent folding may make two of one ("œ"), marks count for
/// nothing, and a run of three or more of a letter is squeezed to two.
fn letters_from(word: &[Cp], from: usize, tables: &Tables) -> usize {
    let n = word.len();
    let mut total = 0;
    for k in from..n {
        let ch = word[k];
        let mut size = if ch < 0x80 || tables.is_leet(ch) {
            usize::from(u::is_alpha(ch) || tables.is_leet(ch))
        } else if u::rx_latin(ch) {
            u::fold_latin(ch).map_or(1, <[u32]>::len)
        } else {
            usize::from(u::is_alpha(ch))
        };
        if k + 2 < n && u::is_alpha(ch) && word[k + 1] == ch && word[k + 2] == ch {
            size = 0; // a run of three or more is squeezed to two: count two of it
        }
        total += size;
    }
    total
}
