//! The tokeniser (Python's token pattern `_token_source`, its `findall`, and
//! `_token_kind`): words, numbers, emoji, mentions, hashtags, URLs, French elisions.

use super::patterns::{
    email_domain_at, emoji_at, find_from, is_emoji_sequence, opens_emoji, url_at,
};
use super::tables::Tables;
use super::TokenKind;
use crate::unicode as u;
use crate::Cp;

#[inline]
fn letter(c: Cp) -> bool {
    u::rx_letter(c)
}
#[inline]
fn digit(c: Cp) -> bool {
    u::rx_number(c)
}
#[inline]
fn letter_or_digit(c: Cp) -> bool {
    match ASCII_CLASS.get(c as usize) {
        // `\p{L}` and `\p{N}` on ASCII: the letters and the digits.
        Some(&class) => class & ALNUM != 0,
        None => letter(c) || digit(c),
    }
}

/// The word alternative's class `[\p{L}\p{M}\p{N}*]` (the character most tokens are
/// made of): an ASCII character's answer is read from [`ASCII_CLASS`] (no ASCII
/// character is a mark).
#[inline]
fn word_char(c: Cp) -> bool {
    match ASCII_CLASS.get(c as usize) {
        Some(&class) => class & WORD != 0,
        None => letter(c) || digit(c) || u::rx_mark(c),
    }
}

/// [`ASCII_CLASS`] bits: a letter or a digit; that or `*`; that or "@" or "#" (what
/// opens a token in any text: [`Scanner::token_at`]).
const ALNUM: u8 = 1;
const WORD: u8 = 2;
const OPENS: u8 = 4;
/// Neither that nor one of "._%+-" (what an e-mail address's local part holds) nor a
/// space: ASCII at which a token opens only after an elision of ASCII punctuation
/// ([`quiet_ascii`]).
const QUIET: u8 = 8;

/// Whether `c` is one of the marks an e-mail address's local part holds besides letters
/// and digits, "._%+-" (the e-mail alternative of the token pattern; the one place
/// they are listed).
#[inline]
const fn email_local_mark(c: Cp) -> bool {
    matches!(c, 0x2E | 0x5F | 0x25 | 0x2B | 0x2D)
}

/// The classes of the ASCII characters, read by the tokeniser's tests at every
/// character of a word: one load where the comparisons were a handful of branches.
/// `tests::ascii_classes_are_the_unicode_ones` checks it against [`u::rx_letter`] and
/// [`u::rx_number`].
const ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        if b.is_ascii_alphanumeric() {
            table[c] = ALNUM | WORD | OPENS;
        } else if b == b'*' {
            table[c] = WORD | OPENS;
        } else if b == b'@' || b == b'#' {
            table[c] = OPENS;
        } else if !email_local_mark(c as Cp) && b != b' ' {
            table[c] = QUIET;
        }
        c += 1;
    }
    table
};

/// The token pattern's alternatives at one position, in their order.
struct Scanner<'a> {
    text: &'a [Cp],
    tables: &'a Tables,
    /// `\s` of the engine the Python core used: `re` for ASCII text, `regex` otherwise.
    space: fn(Cp) -> bool,
    /// The e-mail alternative's local part is possessive: every position of one run of
    /// local characters gets the same answer, kept here (linear time on "a.a.a.a").
    email_memo: (usize, Option<usize>),
    numbers: NumberMemo,
    /// Whether the text holds an "@" (else no e-mail address) and an apostrophe (else
    /// no elision): asked once, so most tokens skip those alternatives.
    has_at: bool,
    /// Where the last "@" stands: a token starting after it is no e-mail address.
    last_at: usize,
    has_apostrophe: bool,
    /// Whether an elision of the tables opens with ASCII punctuation (none of the
    /// bundled ones does: they open with letters), in a text with an apostrophe.
    elision_symbol: bool,
}

/// The number alternative is possessive too: every digit of one chain of digits and
/// separators gets the same answer ("1.1.1.1a" is no number from any of its digits),
/// kept here so a long chain is scanned once, not once per digit.
#[derive(Default)]
pub(crate) struct NumberMemo {
    chain: Option<(usize, usize, Option<usize>)>,
}

impl NumberMemo {
    pub(crate) fn at(&mut self, text: &[Cp], p: usize) -> Option<usize> {
        if let Some((start, end, found)) = self.chain {
            if start <= p && p < end && text.get(p).copied().is_some_and(digit) {
                return found;
            }
        }
        let found = number_at(text, p);
        if text.get(p).copied().is_some_and(digit) {
            self.chain = Some((p, chain_end(text, p), found));
        }
        found
    }
}

/// Where the chain `[\p{N}]++(?:[.,:/][\p{N}]++)*+` from the digit at `p` ends.
fn chain_end(text: &[Cp], p: usize) -> usize {
    let digits = |from: usize| {
        let mut q = from;
        while q < text.len() && digit(text[q]) {
            q += 1;
        }
        q
    };
    let mut q = digits(p);
    while q < text.len() && matches!(text[q], 0x2E | 0x2C | 0x3A | 0x2F) {
        let r = digits(q + 1);
        if r == q + 1 {
            break;
        }
        q = r;
    }
    q
}

impl<'a> Scanner<'a> {
    /// The scanner of `text` (`ascii`: whether it is all ASCII), with the facts about
    /// the whole text its alternatives ask: asked once a text, the last "@" only when
    /// there is one (else the backward search walks the whole text), the elisions'
    /// first letters only when an apostrophe can close one (a text without one opens no
    /// elision, whatever its first letter).
    fn new(text: &'a [Cp], tables: &'a Tables, ascii: bool) -> Scanner<'a> {
        let last_at = last_at(text);
        let has_apostrophe = find_from(text, 0, |c| c == 0x27).is_some();
        Scanner {
            text,
            tables,
            space: if ascii { u::is_space } else { u::rx_space },
            email_memo: (0, None),
            numbers: NumberMemo::default(),
            has_at: last_at.is_some(),
            last_at: last_at.unwrap_or(0),
            has_apostrophe,
            elision_symbol: has_apostrophe && tables.elided.symbol,
        }
    }

    /// The general path at `p`: the token the pattern's alternatives find there, if
    /// any, added to `out`; where the scan goes on (past the token, else the next
    /// character).
    #[inline]
    fn step(&mut self, p: usize, out: &mut Vec<Span>) -> usize {
        match self.token_at(p) {
            Some((e, known)) if e > p => {
                // Settled here, not where the kinds are told: that closure, grown, was
                // no longer inlined, and an emoji run's tokens paid a call each.
                out.push((p, e, known));
                e
            }
            _ => p + 1,
        }
    }

    fn at(&self, i: usize) -> Option<Cp> {
        self.text.get(i).copied()
    }

    /// The end of the run of `class` characters from `from` (`from` itself when it is
    /// past the text).
    #[inline]
    fn run(&self, from: usize, class: impl Fn(Cp) -> bool) -> usize {
        let Some(rest) = self.text.get(from..) else {
            return from;
        };
        rest.iter()
            .position(|&x| !class(x))
            .map_or(self.text.len(), |k| from + k)
    }

    /// The end of the token at `p`, and whether it is known to be a `Word` ([`Span`]):
    /// the word alternative (the last one) matched it, with only ASCII characters.
    fn token_at(&mut self, p: usize) -> Option<(usize, bool)> {
        let c = self.text[p];
        // ASCII that no alternative can open (a space, most punctuation): no token here.
        // Only letters, digits, "@", "#", "*" open one, and "._%+-" an e-mail address.
        let may_open = ASCII_CLASS
            .get(c as usize)
            .is_none_or(|&class| class & OPENS != 0)
            || (self.has_at && email_local_mark(c))
            || self.elision_symbol;
        if !may_open {
            return None;
        }
        match self.before_word_at(p, c) {
            Some(e) => Some((e, false)),
            None => self.word_at(p),
        }
    }

    /// The alternatives before the word one, at `p` (which holds `c`, a character that
    /// may open a token).
    fn before_word_at(&mut self, p: usize, c: Cp) -> Option<usize> {
        if let Some(e) = url_at(self.text, p, self.space) {
            return Some(e);
        }
        if let Some(e) = self.email_at(p) {
            return Some(e);
        }
        if c == 0x40 {
            // `@[\p{L}\p{N}_.]*[\p{L}\p{N}_]`: the run, less its closing dots.
            let mut q = self.run(p + 1, |x| letter_or_digit(x) || x == 0x5F || x == 0x2E);
            while q < self.text.len() && super::patterns::masked_handle_letter(self.text, p, q) {
                q = self.run(q + 1, |x| letter_or_digit(x) || x == 0x5F || x == 0x2E);
            }
            let last = (p + 1..q).rev().find(|&k| self.text[k] != 0x2E);
            if let Some(k) = last {
                return Some(k + 1);
            }
        }
        if c == 0x23 {
            let q = self.run(p + 1, |x| letter_or_digit(x) || x == 0x5F);
            if q > p + 1 {
                return Some(q);
            }
        }
        // An ASCII letter opens no emoji sequence and no number: skip both tries.
        let letter = (c | 0x20).wrapping_sub(0x61) < 26;
        if !letter {
            if let Some(e) = emoji_at(self.text, p) {
                return Some(e);
            }
        }
        if c >= 0x80 && self.tables.symbols.contains(&c) {
            return Some(p + 1); // a symbol a pack can list (`[symbols]` of the data file)
        }
        if let Some(e) = self.elision_at(p) {
            return Some(e);
        }
        if letter {
            return None;
        }
        self.numbers.at(self.text, p)
    }

    /// `[\p{L}\p{N}._%+\-]++@` and an e-mail domain.
    fn email_at(&mut self, p: usize) -> Option<usize> {
        if !self.has_at || p > self.last_at {
            return None;
        }
        let local = |x: Cp| letter_or_digit(x) || email_local_mark(x);
        if !local(self.text[p]) {
            return None;
        }
        if p < self.email_memo.0 {
            return self.email_memo.1;
        }
        let q = self.run(p, local);
        let found = email_domain_at(self.text, q);
        self.email_memo = (q, found);
        found
    }

    /// `(?<![\p{L}\p{M}\p{N}'])(?:elisions)'(?=[\p{L}\p{N}]|\s|$)`.
    fn elision_at(&self, p: usize) -> Option<usize> {
        if !self.has_apostrophe {
            return None;
        }
        if p > 0 {
            let b = self.text[p - 1];
            if letter_or_digit(b) || u::rx_mark(b) || b == 0x27 {
                return None;
            }
        }
        let first = self.text[p];
        let facts = &self.tables.elided;
        let listed = if first < 0x80 {
            facts.ascii & (1u128 << first) != 0
        } else {
            facts.other
        };
        if !listed {
            return None;
        }
        // The elisions that may match here: those as long as the letters up to the
        // first apostrophe, when no elision holds one (a word start with none within
        // reach, most of a text with one "don't", asks none); else all of them.
        let all = 0..self.tables.elisions.len();
        let tried = match self.elided_size(p) {
            Some(size) => facts.by_size.get(size).cloned().unwrap_or(0..0),
            None => all,
        };
        for e in &self.tables.elisions[tried] {
            if e.first() != Some(&first) {
                continue;
            }
            let q = p + e.len();
            if self.text.get(p..q) != Some(e.as_slice()) || self.at(q) != Some(0x27) {
                continue;
            }
            let ok = match self.at(q + 1) {
                None => true,
                // `$` also holds before a newline that ends the text.
                Some(x) => letter_or_digit(x) || (self.space)(x),
            };
            if ok {
                return Some(q + 1);
            }
        }
        None
    }

    /// The size an elision at `p` must have when no elision holds an apostrophe: the
    /// letters up to the first apostrophe after `p` (`Some(0)`, which no elision is,
    /// when none is within reach of the longest); `None`: any size may match.
    fn elided_size(&self, p: usize) -> Option<usize> {
        let facts = &self.tables.elided;
        if !facts.plain {
            return None;
        }
        let reach = self.text.len().min(p + facts.longest + 1);
        let found = self.text[p..reach].iter().position(|&c| c == 0x27);
        Some(found.unwrap_or(0))
    }

    /// `[\p{L}\p{M}\p{N}*]+(?:['\-][\p{L}\p{M}\p{N}*]+)*(?:\+\+?|\#(?![\p{L}\p{N}]))?`:
    /// its end, and whether the word holds only ASCII (each of its runs says so).
    fn word_at(&self, p: usize) -> Option<(usize, bool)> {
        let (mut q, mut ascii) = self.word_run(p);
        if q == p {
            return None;
        }
        while matches!(self.at(q), Some(0x27 | 0x2D)) {
            let (r, run_ascii) = self.word_run(q + 1);
            if r == q + 1 {
                break;
            }
            q = r;
            ascii &= run_ascii;
        }
        // What closes a word ("+", "++", "#") is ASCII.
        let end = match self.at(q) {
            Some(0x2B) => {
                if self.at(q + 1) == Some(0x2B) {
                    q + 2
                } else {
                    q + 1
                }
            }
            Some(0x23) if !self.at(q + 1).is_some_and(letter_or_digit) => q + 1,
            _ => q,
        };
        Some((end, ascii))
    }

    /// The end of the run of [`word_char`]s from `from`, and whether they are all ASCII:
    /// the ASCII ones are read first, a table load each, and only a character beyond
    /// ASCII sends the rest of the run to the Unicode tests ([`Scanner::wide_word_run`]).
    /// Told here, where each character is read anyway, so that no second pass over a
    /// word of a text beyond ASCII asks whether it is ASCII ([`Span`]).
    #[inline(always)]
    fn word_run(&self, from: usize) -> (usize, bool) {
        let Some(rest) = self.text.get(from..) else {
            return (from, true);
        };
        // The first character that is beyond ASCII or no word character (the table read
        // only below 0x80, where it has an entry).
        let stop = rest
            .iter()
            .position(|&x| x >= 0x80 || ASCII_CLASS[x as usize] & WORD == 0);
        match stop {
            None => (self.text.len(), true),
            Some(k) if rest[k] >= 0x80 => self.wide_word_run(from + k),
            Some(k) => (from + k, true),
        }
    }

    /// [`Scanner::word_run`] from `from`, where a character beyond ASCII stands: the
    /// run's end, and whether it is `from` (no character beyond ASCII was taken).
    #[inline(never)]
    fn wide_word_run(&self, from: usize) -> (usize, bool) {
        let end = self.run(from, word_char);
        (end, end == from)
    }
}

/// `[\p{N}]++(?:[.,:/][\p{N}]++)*+%?(?![\p{L}*])` at `p`.
pub(crate) fn number_at(text: &[Cp], p: usize) -> Option<usize> {
    let digits = |from: usize| {
        let mut q = from;
        while q < text.len() && digit(text[q]) {
            q += 1;
        }
        q
    };
    let mut q = digits(p);
    if q == p {
        return None;
    }
    while q < text.len() && matches!(text[q], 0x2E | 0x2C | 0x3A | 0x2F) {
        let r = digits(q + 1);
        if r == q + 1 {
            break;
        }
        q = r;
    }
    let free = |i: usize| !text.get(i).is_some_and(|&x| letter(x) || x == 0x2A);
    if text.get(q) == Some(&0x25) && free(q + 1) {
        return Some(q + 1);
    }
    // Without the "%" (or after giving it back: "%" is no letter) the lookahead asks
    // about the character after the digits.
    free(q).then_some(q)
}

/// A token's span, as the token pattern's `findall` finds it, and whether it is known
/// to be a `Word` already, without asking [`token_kind`]: it is when the word
/// alternative matched it and it is all ASCII (its runs told so as they were read,
/// [`Scanner::word_run`]).  Why that is exact: such a token holds only letters, digits,
/// marks, `*`, inner `'` or `-` and a closing `+`, `++` or `#` (the word pattern), so
/// `token_kind` finds no "@" in it, no "#" or "@" opening it (neither is in the
/// pattern's class), no "http://", "https://" or "www." (no ":" nor "."), no emoji
/// (ASCII, whose emoji test is asked only of a token holding a character beyond
/// ASCII); and no number from its start, since the scanner asked the number
/// alternative there first (or the token opens with an ASCII letter, where no number
/// starts).  It is all that is left.  A token known so is all ASCII: its word is its
/// code points a byte each ([`crate::words::WordWriter::push_code_points`]).
pub(crate) type Span = (usize, usize, bool);

/// Every token's span, as the token pattern's `findall` finds them (`ascii`: whether
/// the text is all ASCII), listed in `out` (cleared first: the room an earlier
/// comment's spans left, [`crate::scratch::Scratch`]).
///
/// Most of a clean comment is plain words between single spaces: each is read by
/// [`plain_word_end`] (with the "." ending a sentence after it) and each space and
/// punctuation mark that opens no token ([`quiet_ascii`]) stepped over here, in one
/// loop, and only what none of them covers is asked of the token pattern's alternatives one by one
/// ([`Scanner::token_at`], whose facts about the whole text are asked only then).  The
/// same spans as asking the alternatives at every position
/// (`tests::the_plain_words_are_the_general_path_s_tokens`); a space is no token when
/// no elision holds one (none opens with it then, and no other alternative opens with a
/// space).
pub(crate) fn token_spans(
    text: &[Cp],
    tables: &Tables,
    ascii: bool,
    mut out: Vec<Span>,
) -> Vec<Span> {
    out.clear();
    out.reserve(text.len() / 4 + 1);
    let closers = PLAIN_CLOSERS & !tables.elided.held;
    let skip_spaces = closers & (1 << 0x20) != 0;
    let mut general: Option<Scanner> = None;
    let mut p = 0;
    while p < text.len() {
        if text[p] == 0x20 && skip_spaces {
            p += 1;
            continue;
        }
        if let Some(q) = plain_word_end(text, p, closers, tables) {
            out.push((p, q, true));
            // The space after the word stepped over at once, as at the loop's top.
            p = if skip_spaces && text.get(q) == Some(&0x20) {
                q + 1
            } else {
                q
            };
            continue;
        }
        // Punctuation that opens no token ([`quiet_ascii`]), and a "." that ends a
        // sentence ([`quiet_dot`]).
        let c = text[p];
        let quiet_here = ASCII_CLASS
            .get(c as usize)
            .is_some_and(|&class| class & quiet_ascii(tables) != 0);
        if quiet_here || (c == 0x2E && dot_closes(tables) && quiet_dot(text, p)) {
            p += 1;
            continue;
        }
        let s = general.get_or_insert_with(|| Scanner::new(text, tables, ascii));
        p = s.step(p, &mut out);
    }
    out
}

/// The ASCII characters that may end a plain word ([`plain_word_end`]): any but the
/// word class's (letters, digits, `*`), those that carry a word on (`'`, `-`) or close
/// it (`+`, `#`), and those a URL prefix or an e-mail address may hold right after
/// letters (`:`, `.`, `_`, `%`, `@`; `-` and `+` again).
const PLAIN_CLOSERS: u128 = {
    let mut mask = 0u128;
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        let word = b.is_ascii_alphanumeric() || b == b'*';
        let kept = matches!(
            b,
            b'\'' | b'-' | b'+' | b'#' | b':' | b'.' | b'_' | b'%' | b'@'
        );
        if !word && !kept {
            mask |= 1 << c;
        }
        c += 1;
    }
    mask
};

/// The end of the plain word at `p`, if one stands there: an ASCII letter, then ASCII
/// letters, digits and `*`, up to the end of the text or a character of `closers`
/// ([`PLAIN_CLOSERS`] less the characters some elision holds).  Then the token at `p`
/// is that word, a `Word` known as one ([`Span`]), whatever the rest of the text:
///
/// * the word alternative reads it to that end: the closer neither carries it on (`'`,
///   `-`) nor closes it (`+`, `#`), and is no word character;
/// * no alternative before it matches at `p`: a letter opens no mention, hashtag,
///   emoji, symbol (those are beyond ASCII) or number; a URL prefix (`https://`,
///   `http://`, `www.`) holds a `:` or a `.` after its letters, which would have to be
///   the closer; an e-mail address's local part (letters, digits and `._%+-`) would end
///   at the first `*` or at the closer, neither an `@`; an elision is followed by `'`,
///   which would have to stand at the closer or beyond it, the elision then holding
///   the closer itself.
///
/// A "." is no closer in general (`www.`, `a.b@c.de`), but it ends the word as one
/// would when no elision holds a "." ([`dot_closes`]) and [`dot_ends_word`] says so (a
/// sentence's last word, `mat.`); the "." itself opens no token then ([`quiet_dot`]).
#[inline(always)]
fn plain_word_end(text: &[Cp], p: usize, closers: u128, tables: &Tables) -> Option<usize> {
    let c = text[p];
    if (c | 0x20).wrapping_sub(0x61) >= 26 {
        return None;
    }
    let rest = &text[p + 1..];
    let stop = rest
        .iter()
        .position(|&x| x >= 0x80 || ASCII_CLASS[x as usize] & WORD == 0);
    let Some(k) = stop else {
        return Some(text.len());
    };
    // The closer's bit read from the half of the mask that holds it: a shift of the
    // whole `u128` by a variable amount is some ten instructions.
    let t = rest[k];
    let half = if t < 64 {
        closers as u64
    } else {
        (closers >> 64) as u64
    };
    let q = p + 1 + k;
    if t < 0x80 && (half >> (t & 63)) & 1 != 0 {
        return Some(q);
    }
    // Asked here, not once a text: a comment of plain words never asks it.
    (t == 0x2E && dot_closes(tables) && dot_ends_word(text, p, q)).then_some(q)
}

/// The [`ASCII_CLASS`] bit of the ASCII characters at which no alternative of the
/// token pattern opens a token in any text, with the elisions of `tables` ([`QUIET`],
/// or none): those [`Scanner::token_at`]
/// refuses at once whatever it knows of the text.  It refuses a character whose class
/// does not open a token (no letter, digit, "*", "@" or "#"), unless the text holds an
/// "@" and the character is one of "._%+-" (an e-mail address's local part), or an
/// elision of the tables opens with ASCII punctuation (`ElisionFacts::symbol`) and the
/// text holds an apostrophe.  So: none when such an elision exists; else every
/// character of no opening class but those five (and the space, stepped over on its
/// own terms).  Stepping over them needs no fact about the text: a sentence whose
/// only other characters are plain words (commas, quotation marks, brackets) is read
/// without the general path.
fn quiet_ascii(tables: &Tables) -> u8 {
    if tables.elided.symbol {
        0
    } else {
        QUIET
    }
}

/// Whether no elision of `tables` holds a "." (one that does may open at it or carry a
/// word over it).
#[inline]
fn dot_closes(tables: &Tables) -> bool {
    (tables.elided.held as u64) & (1 << 0x2E) == 0
}

/// Whether the "." at `q` ends the word `p..q` (ASCII letters, digits and `*`, opening
/// with a letter; [`plain_word_end`]) as a closer would, when no elision holds a ".":
/// yes when the word does not open with `ww` and the "." opens no token
/// ([`quiet_dot`]).  Then the word alternative reads the word to the "." (no word
/// character; it neither carries a word on nor closes it), and no alternative before it
/// matches at `p`: no mention, hashtag, emoji, symbol or number opens with a letter;
/// the only URL prefix with a "." after its letters is `www.` (refused: any word
/// opening with `ww`); an elision is followed by `'`, and none holds the "."; an e-mail
/// address's local part from `p` runs over the word and the "." (or stops at a `*` in
/// it) and is followed by what follows the ".", no "@" ([`quiet_dot`]).
#[inline(never)]
fn dot_ends_word(text: &[Cp], p: usize, q: usize) -> bool {
    !(text[p] == 0x77 && text[p + 1] == 0x77) && quiet_dot(text, q)
}

/// Whether no token opens at the "." at `q`, in a text where no elision holds a ".":
/// yes when after it the text ends or an ASCII character stands that is neither "@"
/// nor one an e-mail address's local part holds (letters, digits, "._%+-").  It is no
/// letter, digit, "*", "@" or "#", and no elision opens with it, so only the e-mail
/// alternative could open there; its local part from the "." is the "." alone, and no
/// "@" follows it.
#[inline]
fn quiet_dot(text: &[Cp], q: usize) -> bool {
    match text.get(q + 1) {
        None => true,
        Some(&x) => {
            x < 0x80 && ASCII_CLASS[x as usize] & ALNUM == 0 && x != 0x40 && !email_local_mark(x)
        }
    }
}

/// Where the last "@" of `text` stands, if it holds one: the "@"s found one after
/// another by [`find_from`], which reads a block of characters at a time (most texts
/// hold one or two; a search back from the end, a character at a time, cost six
/// instructions a character of every tweet with an "@").
fn last_at(text: &[Cp]) -> Option<usize> {
    let mut last = find_from(text, 0, |c| c == 0x40)?;
    while let Some(next) = find_from(text, last + 1, |c| c == 0x40) {
        last = next;
    }
    Some(last)
}

/// The kind of the token at `start..end` (`_token_kind`, with the quick word test of
/// `Normalized.scan` before it).
pub(crate) fn token_kind(
    text: &[Cp],
    start: usize,
    end: usize,
    ascii_text: bool,
    numbers: &mut NumberMemo,
) -> TokenKind {
    let w = &text[start..end];
    // The opening first: one question, where `is_alpha` of an emoji is a table search.
    if (ascii_text || !opens_emoji(w[0])) && w.iter().all(|&c| u::is_alpha(c)) {
        return TokenKind::Word;
    }
    if !ascii_text && w.iter().any(|&c| c >= 0x80) && is_emoji_sequence(w) {
        return TokenKind::Emoji; // before "#" and digits: keycaps open with them
    }
    match w[0] {
        0x40 => return TokenKind::Mention,
        0x23 => return TokenKind::Hashtag,
        _ => {}
    }
    let starts =
        |s: &str| w.len() >= s.len() && w.iter().zip(s.bytes()).all(|(&a, b)| a == b as u32);
    if w.contains(&0x40) || starts("http://") || starts("https://") || starts("www.") {
        return TokenKind::Url;
    }
    if numbers.at(text, start) == Some(end) {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The token pattern's alternatives asked at every position the scan reaches, with no
    /// plain word read and no space stepped over: the oracle of [`token_spans`].
    fn general_token_spans(text: &[Cp], tables: &Tables) -> Vec<Span> {
        let ascii = text.iter().all(|&c| c < 0x80);
        let mut s = Scanner::new(text, tables, ascii);
        let mut out = Vec::new();
        let mut p = 0;
        while p < text.len() {
            p = s.step(p, &mut out);
        }
        out
    }

    /// Pieces of text around plain words: letters, the URL prefixes and their
    /// beginnings, what carries a word on or closes it, what an e-mail address or a
    /// mention holds, spaces and other closers, digits, elisions, a character beyond
    /// ASCII in a word and after it, an emoji.
    const PIECES: &[&str] = &[
        "a",
        "b",
        "h",
        "w",
        "ab",
        "the",
        "x*y",
        "s2",
        "ht",
        "ttp",
        "http",
        "https",
        "www",
        "ww",
        "://",
        "@w.co",
        "`",
        "|",
        "*",
        "'",
        "-",
        "+",
        "#",
        ":",
        "/",
        ".",
        "_",
        "%",
        "@",
        " ",
        " ",
        " ",
        "  ",
        "\n",
        ",",
        "!",
        "?",
        "$",
        "1",
        "2.5",
        "\u{e9}",
        "\u{2019}",
        "\u{1f600}",
        "l",
        "qu",
        "jusqu",
        "l'",
        "c d",
        "a,",
        "A",
        "Qu",
        ". ",
        ".\"",
        "w.",
        "www.",
        "end.",
        "\"",
        "(",
        ")",
        ";",
    ];

    /// Elisions to split by: none (the bundled tables), the packs' kind, and ones holding
    /// a space, a comma, a symbol opening one, a character beyond ASCII.
    const ELISIONS: &[&[&str]] = &[
        &[],
        &["l", "qu", "jusqu", "d", "c"],
        &["c d", "l"],
        &["a,", "qu"],
        &[",b", "!"],
        &["\u{e9}", "l"],
        &["l.", "qu"],
    ];

    fn pieces() -> impl Strategy<Value = Vec<Cp>> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..24)
            .prop_map(|ps| ps.concat().chars().map(|c| c as Cp).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// The scan that reads plain words in one loop and steps over spaces lists the
        /// spans the alternatives asked at every position list, with every table of
        /// elisions (a closer list that let a word end at `:` fails it at `http:`, one
        /// that ignored the elisions' characters fails it at `c d'`).
        #[test]
        fn the_plain_words_are_the_general_path_s_tokens(
            text in pieces(),
            which in 0..ELISIONS.len(),
        ) {
            let elisions: Vec<String> = ELISIONS[which].iter().map(|e| e.to_string()).collect();
            let tables = Tables::with_facts(&[], &elisions, &[]);
            let ascii = text.iter().all(|&c| c < 0x80);
            let fast = token_spans(&text, &tables, ascii, Vec::new());
            prop_assert_eq!(fast, general_token_spans(&text, &tables));
        }
    }

    #[test]
    fn ascii_classes_are_the_unicode_ones() {
        for c in 0..0x80u32 {
            let alnum = u::rx_letter(c) || u::rx_number(c);
            assert_eq!(letter_or_digit(c), alnum, "{c:#x}");
            assert_eq!(word_char(c), alnum || c == 0x2A || u::rx_mark(c), "{c:#x}");
            // What `token_at` reads as opening a token in any text: the test it replaced.
            let opens = alnum || matches!(c, 0x40 | 0x23 | 0x2A);
            assert_eq!(ASCII_CLASS[c as usize] & OPENS != 0, opens, "{c:#x}");
        }
        // Beyond ASCII the Unicode tests answer: an accented letter, a combining mark, a
        // superscript digit, an emoji.
        for (c, word) in [(0xE9, true), (0x301, true), (0xB2, true), (0x1F600, false)] {
            assert_eq!(word_char(c), word, "{c:#x}");
        }
    }
}
