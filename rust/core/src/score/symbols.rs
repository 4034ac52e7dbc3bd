//! Hate symbols the token scan cannot see, and number codes read as numbers.
//!
//! * The "echo": three or more parentheses on each side of a name, `(((name)))`, an
//!   antisemitic marker.  The tokeniser drops parentheses, so [`echo_hits`] reads the
//!   normalised text around the tokens.  It knows only the shape; what the shape means
//!   (term, category, severity, note, sources) is the pack entry whose term is the
//!   recognizer's name, [`ECHO`], with `match = "symbol"`.
//! * [`as_number`], a context rule: a number code (`1488`, `14/88`) with a word right
//!   before it that makes it a year or a quantity ("in 1488", "vers 1488") or a unit right
//!   after it ("1488 km") is a number, not a code.  The words are the packs'
//!   `number_before` and `number_after` context lists.

use super::explain::{Note, Phrase};
use super::rules::{Effect, Extra};
use super::{Aim, Ctx, Hit, TermOf};
use crate::lexicon::Lexicon;
use crate::unicode::{is_alnum, is_decimal, is_space};
use crate::Cp;

/// The echo recognizer's name: the term of its pack entries.
pub const ECHO: &str = "((( )))";
/// The step a symbol match lists (after the normaliser's own).
pub const STEP: &str = crate::lexicon::SYMBOL_STEP;
/// The role bits of the `number_before` and `number_after` context words
/// (`matcher.Role.NUMBER_BEFORE`, `NUMBER_AFTER`).
pub const NUMBER_BEFORE: crate::lexicon::role::Roles = 1 << 20;
pub const NUMBER_AFTER: crate::lexicon::role::Roles = 1 << 21;

const OPEN: Cp = '(' as Cp;
const CLOSE: Cp = ')' as Cp;
/// The fewest parentheses on each side that make an echo: one or two are ordinary
/// punctuation, three is the marker.
const MIN_PARENS: usize = 3;
/// A name is short: the inside is read for at most this many characters, which also
/// keeps the scan linear (each character is read a bounded number of times).
const MAX_INSIDE: usize = 48;
/// Names of one to three words ("(((Soros)))", "((( the globalists )))").
const MAX_WORDS: usize = 3;

/// Whether `text` could hold an echo (three opening parentheses in a row): the cheap
/// question asked before the quick reject skips a comment.
pub fn may_echo(text: &[Cp]) -> bool {
    has_open(text)
        && text
            .windows(MIN_PARENS)
            .any(|w| w.iter().all(|&c| c == OPEN))
}

/// Whether `text` holds an opening parenthesis. Most comments hold none: said in one pass
/// the compiler can widen (no early exit inside a block), where the windows of
/// [`may_echo`] cost some ten instructions a character.
fn has_open(text: &[Cp]) -> bool {
    text.chunks(32)
        .any(|block| block.iter().fold(false, |found, &c| found | (c == OPEN)))
}

/// A character a name may hold inside the echo (letters, marks, digits, spaces, the
/// apostrophe, hyphen and dot of names like "O'Neil" or "J.-P.").
fn inside(c: Cp) -> bool {
    is_alnum(c) || crate::unicode::rx_mark(c) || is_space(c) || matches!(c, 0x27 | 0x2D | 0x2E)
}

/// What may stand right before the opening run: the start, a space or opening
/// punctuation; never a letter or digit (`f(((x)))` is code) nor an emoticon's eyes or
/// nose (`:(((`, `;-(((`).
fn opens_ok(before: Option<Cp>) -> bool {
    match before {
        None => true,
        Some(c) => !(is_alnum(c) || matches!(c, 0x3A | 0x3B | 0x3D | 0x2D | 0x5F | 0x5E)),
    }
}

/// The spans `(start, end)` of the insides of every echo in `text` (the name, without
/// its parentheses and surrounding spaces), in order.  Linear in `text`.
pub fn echo_spans(text: &[Cp]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // Most comments hold no parenthesis: asked first, before the character-by-character
    // reading below.
    if !has_open(text) {
        return out;
    }
    let n = text.len();
    let mut p = 0;
    while p < n {
        if text[p] != OPEN {
            p += 1;
            continue;
        }
        let a = p;
        while p < n && text[p] == OPEN {
            p += 1;
        }
        if p - a < MIN_PARENS || !opens_ok(a.checked_sub(1).map(|b| text[b])) {
            continue;
        }
        // The inside: a bounded run of name characters, then the closing run.
        let limit = (p + MAX_INSIDE).min(n);
        let mut q = p;
        while q < limit && inside(text[q]) {
            q += 1;
        }
        let mut r = q;
        while r < n && text[r] == CLOSE {
            r += 1;
        }
        if r - q < MIN_PARENS || text.get(r).is_some_and(|&c| is_alnum(c) || c == OPEN) {
            continue;
        }
        let (mut s, mut e) = (p, q);
        while s < e && is_space(text[s]) {
            s += 1;
        }
        while e > s && is_space(text[e - 1]) {
            e -= 1;
        }
        // A name has letters: "(((1)))" or "((( )))" is no echo, nor is a lone variable
        // of maths or code ("(((x)))").
        let letters = text[s..e]
            .iter()
            .filter(|&&c| is_alnum(c) && !is_decimal(c))
            .count();
        if letters >= 2 {
            out.push((s, e));
        }
        p = r;
    }
    out
}

/// The hits of the echoes of a comment: each on the tokens of the name inside, with the
/// pack entries named [`ECHO`] (none: the packs do not cover it, nothing is found).
pub(super) fn echo_hits<'a>(
    lex: &'a Lexicon,
    text: &[Cp],
    starts: &[usize],
    ends: &[usize],
) -> Vec<Hit<'a>> {
    let spans = echo_spans(text);
    if spans.is_empty() {
        return Vec::new();
    }
    let terms: Vec<u32> = (0..lex.terms.len() as u32)
        .filter(|&t| lex.terms[t as usize].term == ECHO)
        .collect();
    let mut out = Vec::new();
    for (s, e) in spans {
        let i = starts.partition_point(|&x| x < s);
        let j = i + ends[i..].partition_point(|&x| x <= e);
        if j == i || j - i > MAX_WORDS {
            continue;
        }
        for &t in &terms {
            let term = TermOf::Lex(&lex.terms[t as usize]);
            out.push(Hit::new(i, j, term, Some(t), STEP));
        }
    }
    out
}

/// Whether a token is a number (digits, and the separators of `14/88` or `1.488`).
fn number(word: &str) -> bool {
    word.chars().any(|c| is_decimal(c as Cp))
        && word
            .chars()
            .all(|c| is_decimal(c as Cp) || matches!(c, '/' | '.' | ',' | ':'))
}

/// A number code used as a number: a `number_before` word right before it ("en 1488",
/// "the year 1488") or a `number_after` word right after it ("1488 km"), in its sentence.
pub(super) fn as_number(h: &Hit, c: &Ctx, _: &Aim, _: &mut Extra) -> Option<Effect> {
    // The neighbours' roles first: two lookups, where reading the hit's words is one a
    // character (and most hits of a long comment have neither word beside them).
    let before = h
        .i()
        .checked_sub(1)
        .filter(|&q| c.roles[q] & NUMBER_BEFORE != 0);
    let after = (h.j() < c.size())
        .then_some(h.j())
        .filter(|&q| c.roles[q] & NUMBER_AFTER != 0);
    let q = before.or(after)?;
    if !(h.i()..h.j()).all(|q| number(&c.words[q])) || c.sentence(q) != c.sentence(h.i()) {
        return None;
    }
    Some(Effect::Veto(Note::word(Phrase::AsNumber, q)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cps(s: &str) -> Vec<Cp> {
        s.chars().map(|c| c as Cp).collect()
    }

    fn names(s: &str) -> Vec<String> {
        let t = cps(s);
        echo_spans(&t)
            .into_iter()
            .map(|(a, b)| t[a..b].iter().filter_map(|&c| char::from_u32(c)).collect())
            .collect()
    }

    #[test]
    fn echoes_around_names_are_found() {
        assert_eq!(names("(((them)))"), ["them"]);
        assert_eq!(names("ask ((( the globalists ))) why"), ["the globalists"]);
        assert_eq!(names("\"((((Soros))))\" again"), ["Soros"]);
        assert_eq!(names("(((a b))) and (((cd)))"), ["a b", "cd"]);
    }

    #[test]
    fn code_art_and_emoticons_are_not() {
        for text in [
            "f(g(h(x)))",
            "(((",
            "(((((((((((",
            ")))",
            "thanks :-)))",
            "so sad :((( miss you :)))",
            "(((x)))",
            "(((1 + 2) * 3) - 4)",
            "(((lambda (x) x)))",
            "((( )))",
            "(((them))",
            "((them)))",
            "(((them)))x",
            "call(((them)))",
        ] {
            assert!(names(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_long_inside_is_not_a_name() {
        let long = format!("((({})))", "a".repeat(MAX_INSIDE + 1));
        assert!(names(&long).is_empty());
    }

    #[test]
    fn long_runs_of_parentheses() {
        // 100 kB of "(" and of near-echoes: one pass (each run of parentheses is read
        // once, each inside at most MAX_INSIDE characters), every echo found.
        for (unit, each) in [("(", 0), ("((( a", 0), ("(((ab))) ", 1), ("((( aaaa ))", 0)] {
            let count = 100_000 / unit.len();
            let text = cps(&unit.repeat(count));
            assert_eq!(echo_spans(&text).len(), each * count, "{unit}");
        }
        assert!(may_echo(&cps("a (((b")) && !may_echo(&cps("((a((")));
    }

    #[test]
    fn the_tibetan_svasti_signs_are_tokens() {
        // Kept by the `[symbols]` table of normalizer.toml; other symbols still drop out.
        use crate::normalize::{normalize, Config};
        let words: Vec<String> = normalize(&cps("࿕ a ࿘ ★ ※"), Config::default())
            .tokens()
            .into_iter()
            .map(|t| t.word)
            .collect();
        assert_eq!(words, ["࿕", "a", "࿘"]);
    }

    #[test]
    fn numbers() {
        assert!(number("1488") && number("14/88") && !number("88th") && !number("/"));
    }
}
