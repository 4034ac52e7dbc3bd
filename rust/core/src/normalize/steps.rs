//! The pipeline's steps, one function each (Python's `step_*`).  Each takes the work in
//! progress and returns whether it changed the text; each first asks a cheap question
//! ("is there anything for me here?") so a step with nothing to do costs one scan.

use super::leet::leet_word;
use super::patterns::{emoji_at, find_from, mention_at, EmojiScan};
use super::tables::Tables;
use super::work::{overlaps, Edit, Work};
use crate::unicode as u;
use crate::Cp;

fn is_ascii(text: &[Cp]) -> bool {
    find_from(text, 0, |c| c >= 0x80).is_none()
}

// ------------------------------------------------------------------- 1. invisible

/// `_INVISIBLE_RUN`'s class: format characters, surrogates, controls but tab, newline
/// and CR, variation selectors, and the fillers that render as nothing.
pub(crate) fn is_invisible(c: Cp) -> bool {
    matches!(
        c,
        0x00..=0x08
            | 0x0B
            | 0x0C
            | 0x0E..=0x1F
            | 0x7F..=0x9F
            | 0xFE00..=0xFE0F
            | 0xE0100..=0xE01EF
            | 0x034F
            | 0x115F
            | 0x1160
            | 0x3164
            | 0xFFA0
            | 0x180E
    ) || u::rx_surrogate(c)
        || u::rx_format(c)
}

/// What may glue an emoji sequence together: ZWJ, variation selectors, tags.
fn is_emoji_glue(c: Cp) -> bool {
    matches!(c, 0x200D | 0xFE0E | 0xFE0F | 0xE0020..=0xE007F)
}

/// Step 1: Remove invisible and format characters outside emoji sequences.
pub(crate) fn invisible(work: &mut Work) -> bool {
    let text = work.text();
    // Printable ASCII, tab, newline and CR are never invisible: most text is only that.
    let plain = |c: Cp| (0x20..0x7F).contains(&c) || matches!(c, 0x09 | 0x0A | 0x0D);
    if find_from(text, 0, |c| !plain(c)).is_none() {
        return false;
    }
    let n = text.len();
    let mut emoji = EmojiScan::default();
    let mut edits: Vec<Edit> = Vec::new();
    let delete = |a: usize, b: usize, edits: &mut Vec<Edit>| match edits.last_mut() {
        // One invisible run is one edit, however it was found.
        Some(last) if last.b == a => last.b = b,
        _ => edits.push(Edit::new(a, b, Vec::new())),
    };
    // What may be invisible, cheaply: controls and everything beyond printable ASCII
    // (the exact class is asked there).  Whole blocks of plain ASCII are skipped.
    let maybe = |c: Cp| !(0x20..0x7F).contains(&c);
    let mut p = 0;
    while let Some(at) = find_from(text, p, maybe) {
        p = at;
        if !is_invisible(text[p]) {
            p += 1;
            continue;
        }
        let a = p;
        while p < n && is_invisible(text[p]) {
            p += 1;
        }
        if !text[a..p].iter().all(|&c| is_emoji_glue(c)) {
            delete(a, p, &mut edits);
            continue;
        }
        // Joiners, variation selectors and tags may belong to an emoji sequence: those
        // stay. The sequences are read only around such glue ([`EmojiScan`]).
        for k in a..p {
            if !emoji.inside(text, k) {
                delete(k, k + 1, &mut edits);
            }
        }
    }
    work.apply(edits)
}

// ------------------------------------------------------------------------ 2. nfkc

/// Whether the step leaves `c` where it stands, whatever surrounds it: a character that
/// is its own NFKC ([`u::nfkc_stays`]), or `´` (U+00B4).
///
/// Why `´`: keyboards that have it beside the Enter key (German, Spanish, Portuguese)
/// type it for an apostrophe ("halt´s Maul", "T´es qu´un"), which `accents` folds to
/// `'`; NFKC would first make it a space and a combining acute, cutting the word in two
/// before `accents` sees it.  Left alone it cuts runs as an ASCII character does: a
/// starter that is the second character of no composition, and the first of none.
pub(crate) fn nfkc_keeps(c: Cp) -> bool {
    c == ACUTE || u::nfkc_stays(c)
}

/// `´`, U+00B4 ([`nfkc_keeps`]).
const ACUTE: Cp = 0xB4;

/// Step 2: Unicode NFKC: whole non-ASCII runs when that keeps their length, else cluster
/// by cluster (graphemes), so the offset map stays exact.  `´` is left as it is and
/// cuts the runs ([`nfkc_keeps`]).
pub(crate) fn nfkc(work: &mut Work) -> bool {
    let text = work.text();
    // Only the quick check on the whole text: a text that fails it is looked at run by
    // run below (each run its own NFKC is left alone, no edit made), rather than
    // normalised whole first to learn whether it is its own NFKC (a megabyte with one
    // ligature paid a full NFKC of every character for it).  Cutting before an ASCII
    // character changes no NFKC: it is a starter no composition takes as its second.
    // Every character below U+00A0 stays (`unicode::nfkc`): those are skipped eight at
    // a time.
    if is_ascii(text) || !any_at(text, |c| c >= 0xA0, |p| !nfkc_keeps(text[p])) {
        return false;
    }
    let n = text.len();
    let mut edits = Vec::new();
    let mut p = 0;
    let in_run = |c: Cp| c >= 0x80 && c != ACUTE;
    while p < n {
        // `[\x00-\x7F]?[^\x00-\x7F]+`: a run of non-ASCII text and the character before
        // (not a `´`, which stays, and which nothing after it composes with).
        let Some(j) = find_from(text, p, in_run) else {
            break;
        };
        let start = if j > p && text[j - 1] != ACUTE {
            j - 1
        } else {
            j
        };
        let mut end = j;
        while end < n && in_run(text[end]) {
            end += 1;
        }
        p = end;
        let run = &text[start..end];
        if u::is_nfkc(run) {
            continue;
        }
        let folded = u::nfkc(run);
        if folded.len() == run.len() {
            edits.push(Edit::new(start, end, folded));
            continue;
        }
        let mut a = start;
        for e in u::grapheme_ends(run) {
            let b = start + e;
            let cluster = &text[a..b];
            if !u::is_nfkc(cluster) {
                edits.push(Edit::new(a, b, u::nfkc(cluster)));
            }
            a = b;
        }
    }
    work.apply(edits)
}

// -------------------------------------------------------------------- 3. casefold

/// Step 3: Unicode case folding (`str.casefold`); a letter that grows (ß → ss) is an edit.
pub(crate) fn casefold(work: &mut Work) -> bool {
    if is_ascii(work.text()) {
        return lower_capitals(work);
    }
    let changes = |c: Cp| {
        if c < 0x80 {
            u::is_upper(c)
        } else {
            u::casefold(c).is_some()
        }
    };
    if !work.text().iter().any(|&c| changes(c)) {
        return false;
    }
    let text: &[Cp] = work.text();
    let mut folded = Vec::with_capacity(text.len());
    let lower = |&c: &Cp| if c.wrapping_sub(0x41) < 26 { c + 32 } else { c };
    let mut p = 0;
    // Most of a non-ASCII comment is ASCII: its runs are lowered here a run at a time
    // (found eight characters at a time, copied without a test of room a character),
    // and only the characters beyond ASCII are folded one by one.
    while let Some(at) = find_from(text, p, |c| c >= 0x80) {
        folded.extend(text[p..at].iter().map(lower));
        u::push_casefold(text[at], &mut folded);
        p = at + 1;
    }
    folded.extend(text[p..].iter().map(lower));
    if folded == *text {
        return false;
    }
    if folded.len() == text.len() {
        // Case folding never shortens a character: equal lengths mean one to one.
        work.set_text(folded);
        return true;
    }
    let mut edits = Vec::new();
    for (k, &c) in text.iter().enumerate() {
        if let Some(f) = u::casefold(c) {
            if f.len() != 1 {
                edits.push(Edit::new(k, k + 1, f.to_vec()));
            }
        }
    }
    work.apply(edits);
    let mut again = Vec::with_capacity(work.text().len());
    for &c in work.text() {
        u::push_casefold(c, &mut again);
    }
    work.set_text(again);
    true
}

/// Step 3 for a text where no character beyond ASCII folds (all ASCII, or what the plan
/// found): letter for letter, in place, and only when there is a capital.
pub(crate) fn lower_capitals(work: &mut Work) -> bool {
    // One pass without a branch (the compiler lowers several letters at a time), which
    // also tells whether there was a capital: adding 0 to every other character leaves
    // a text without capitals as it was.
    work.edit_in_place(|text| {
        let mut any = 0;
        for c in text {
            let capital = u32::from(c.wrapping_sub(0x41) < 26);
            any |= capital;
            *c += capital << 5;
        }
        any != 0
    })
}

// ----------------------------------------------------------------------- 4. zalgo

/// Step 4: Drop stacks of three or more combining marks (Zalgo text).
pub(crate) fn zalgo(work: &mut Work) -> bool {
    let text = work.text();
    if is_ascii(text) {
        return false;
    }
    let mut edits = Vec::new();
    let mut p = 0;
    while p < text.len() {
        if !u::rx_mark(text[p]) {
            p += 1;
            continue;
        }
        let a = p;
        while p < text.len() && u::rx_mark(text[p]) {
            p += 1;
        }
        if p - a >= 3 {
            edits.push(Edit::new(a, p, Vec::new()));
        }
    }
    work.apply(edits)
}

// ------------------------------------------------------------------------ 5. leet

/// A character of a "leet word" (`_is_word_char`, Python's view, used walking back).
///
/// Also every character of `_LEET_WORD`: the Python core widened a word backwards with
/// Python's Unicode 14 categories but forwards with the `regex` module's newer ones, so
/// a character assigned since (U+11F00, a Kawi mark) ended a word one way and not the
/// other, and normalising twice gave two answers.  One definition both ways keeps the
/// step idempotent (found by the idempotence property test; no text of the golden
/// records changes).
///
/// An ASCII character is answered without the Unicode tables (a tweet's leet candidates
/// walk back over a word of ASCII letters, each asked four questions): below U+0080 the
/// four classes are the ASCII letters and digits (no mark, no other number), so the
/// answer is a letter, a digit or a leet character
/// (`an_ascii_word_char_is_answered_as_by_the_tables`, exhaustive).  So is general
/// punctuation (U+2000..U+206F: spaces, dashes, quotes, format characters, none a
/// letter, a mark or a number), where only the leet question may say yes: a tweet's
/// `“@user` walked back onto its opening quote and asked the Unicode tables.
fn is_word_char(c: Cp, tables: &Tables) -> bool {
    if c < 0x80 {
        return (c as u8).is_ascii_alphanumeric() || tables.is_leet(c);
    }
    if is_general_punctuation(c) {
        return tables.is_leet(c);
    }
    is_word_char_by_tables(c, tables)
}

/// U+2000..U+206F, where [`is_word_char`] asks only the leet table.
fn is_general_punctuation(c: Cp) -> bool {
    (0x2000..0x2070).contains(&c)
}

/// A character beyond ASCII that the leet step reads as it reads an ASCII symbol that
/// is no leet character, when it is none: general punctuation (U+2000..U+206F: a
/// tweet's curly quotes, `…`) and the pictographs and emoji (U+1F300..U+1FAFF).  None
/// is a letter, a mark or a number to any of the Unicode classes the steps ask (so
/// not [`letterish`], not [`is_word_char`] but by the leet table, no character of a
/// leet word, nothing `mention_at` refuses before an `@`):
/// `inert_characters_are_no_letters_marks_or_numbers` checks every one.  The plan's
/// leet search reads them so ([`super::plan`]: a tweet's `“@user` and `😂@user` open
/// mentions, and `!”` is no leet character before a letter).
pub(crate) fn is_inert_wide(c: Cp, tables: &Tables) -> bool {
    (is_general_punctuation(c) || is_pictograph(c)) && !tables.is_leet(c)
}

/// U+1F300..U+1FAFF, the pictographs and emoji: no letter, mark or number
/// (`inert_characters_are_no_letters_marks_or_numbers`), so no letter of a run the
/// `split_letters` or `stretched` step reads, nor a mark after one (the plan's windows
/// let other characters beyond ASCII through as letters or marks).
pub(crate) fn is_pictograph(c: Cp) -> bool {
    (0x1F300..=0x1FAFF).contains(&c)
}

/// [`is_word_char`] asked of the Unicode tables (every character; the reference).
fn is_word_char_by_tables(c: Cp, tables: &Tables) -> bool {
    u::is_alnum(c)
        || is_leet_symbol(c, tables)
        || u::is_py_category_lmn(c)
        || is_leet_word(c, tables)
}

/// `@`, `$`, `!`, `€`: the leet characters that are not digits.
fn is_leet_symbol(c: Cp, tables: &Tables) -> bool {
    tables.is_leet(c) && !u::is_digit(c)
}

/// A character of `_LEET_WORD` (`[\p{L}\p{M}\p{N}@$!€]`, the regex module's view).
fn is_leet_word(c: Cp, tables: &Tables) -> bool {
    u::rx_letter(c) || u::rx_mark(c) || u::rx_number(c) || tables.is_leet(c)
}

/// A letter, or a combining mark that belongs to one (`_letterish`).
pub(crate) fn letterish(c: Cp) -> bool {
    u::is_alpha(c) || u::is_py_mark(c)
}

/// Python's `_Work.rewrite_words`: for each run of `probe` characters (that `check`
/// accepts), widen it to its word and replace the word by `repl(word)`.
fn rewrite_words(
    work: &mut Work,
    tables: &Tables,
    probe: impl Fn(Cp) -> bool,
    repl: impl Fn(&[Cp]) -> Option<Vec<Cp>>,
    protect: bool,
    check: impl Fn(&[Cp], usize, usize) -> bool,
) -> bool {
    // The protected spans are worked out only when a word would change (most leet
    // candidates are a "!" after a word or an "@" before a handle, and change nothing),
    // and kept with the work for the steps after this one while the text is the same.
    let (text, mut guarded) = work.guarded();
    let n = text.len();
    let mut edits = Vec::new();
    let mut done = 0;
    let mut p = 0;
    // Blocks without a probe character skipped eight at a time (`find_from`): a tweet's
    // few leet characters were looked for one character at a time.
    while let Some(at) = find_from(text, p, &probe) {
        let (ms, mut me) = (at, at);
        while me < n && probe(text[me]) {
            me += 1;
        }
        p = me;
        if ms < done || !check(text, ms, me) {
            continue;
        }
        let mut a = ms;
        while a > 0 && is_word_char(text[a - 1], tables) {
            a -= 1;
        }
        let mut b = a;
        while b < n && is_leet_word(text[b], tables) {
            b += 1;
        }
        if b == a {
            b = me;
        }
        done = b;
        // A tweet's leet candidates are mostly the `@` of its mentions: such a word is
        // known protected without working out every protected span of the text, or its
        // replacement (asked first: the replacement would be dropped).
        if protect && holds_a_mention(text, ms, a, b) {
            continue;
        }
        let word = &text[a.min(b)..b];
        if let Some(new) = repl(word) {
            if new != word && (!protect || !overlaps(guarded.spans(), a, b)) {
                edits.push(Edit::new(a.min(b), b, new));
            }
        }
    }
    work.apply(edits)
}

/// Whether `[a, b)` holds position `at` where a mention opens: then it overlaps a span of
/// `patterns::protected_spans(text)`, known without working them out.
///
/// WHY: `protected_spans` looks for mentions at each `@` from the left, skipping the
/// ones inside a mention it found; so the `@` at `at` either opens one of its spans
/// (`mention_at` is the same question) or lies inside an earlier one.  Either way the
/// character at `at` is protected, and `[a, b)` holds it
/// (`a_word_holding_a_mention_is_protected` checks it against the spans).
fn holds_a_mention(text: &[Cp], at: usize, a: usize, b: usize) -> bool {
    a <= at && at < b && text[at] == 0x40 && mention_at(text, at).is_some()
}

/// Step 5: Undo leetspeak inside words that mix letters with digits or symbols.
pub(crate) fn leet(work: &mut Work, tables: &Tables) -> bool {
    let text = work.text();
    let is_leet = |c: Cp| tables.is_leet(c);
    let candidate = if is_ascii(text) {
        // `[a-z][leet]|[leet][a-z]`: a leet character touching a lower-case letter.
        let lower = |c: Cp| (0x61..=0x7A).contains(&c);
        text.windows(2)
            .any(|w| (lower(w[0]) && is_leet(w[1])) || (is_leet(w[0]) && lower(w[1])))
    } else {
        // A run of leet characters is rewritten only when a letter (or a mark) comes
        // before it or a letter after it (`next_to_letter` below): so some leet
        // character has such a neighbour, or nothing changes.  Asked here, most text
        // with a "!" or a digit in it is let through without working out its protected
        // spans.
        let n = text.len();
        (0..n).any(|p| {
            is_leet(text[p])
                && ((p > 0 && letterish(text[p - 1])) || (p + 1 < n && u::is_alpha(text[p + 1])))
        })
    };
    if !candidate {
        return false;
    }
    let next_to_letter = |t: &[Cp], a: usize, b: usize| {
        (a > 0 && letterish(t[a - 1])) || (b < t.len() && u::is_alpha(t[b]))
    };
    rewrite_words(
        work,
        tables,
        is_leet,
        |w| leet_word(w, tables),
        true,
        next_to_letter,
    )
}

// ----------------------------------------------------------------------- 6. masks

/// Step 6: Keep masked letters as `*` wildcards: `f*ck`, `f**k`, `sh#t`, `sh**`.
pub(crate) fn masks(work: &mut Work) -> bool {
    const STAR: Cp = 0x2A;
    const HASH: Cp = 0x23;
    let text = work.text();
    if find_from(text, 0, |c| c == STAR || c == HASH).is_none() {
        return false;
    }
    // Worked out at the first run that would be a mask (a "#" of a hashtag is none),
    // unless a step before this one worked them out of the same text.
    let (text, mut guarded) = work.guarded();
    let n = text.len();
    let letter_or_mark = |c: Cp| u::rx_letter(c) || u::rx_mark(c);
    let mut edits = Vec::new();
    let (mut scanned, mut word_start) = (0, 0);
    let mut p = 1;
    // Only a `*` or a `#` can open a run: the others are skipped eight at a time.
    while let Some(at) = find_from(text, p, |c| c == STAR || c == HASH) {
        p = at;
        let c = text[p];
        if !letter_or_mark(text[p - 1]) {
            p += 1;
            continue;
        }
        let mut q = p;
        while q < n && text[q] == c {
            q += 1;
        }
        let next = text.get(q).copied();
        let before_letter = next.is_some_and(u::rx_letter);
        // `[*]+(?=\p{L})|#+(?=\p{L})|[*]{2,}(?![\p{L}\p{N}])`, backtracking included: a
        // run of stars before a digit gives back its last star to the third branch.
        let end = if before_letter || (c == STAR && q - p >= 2 && !next.is_some_and(u::rx_number)) {
            Some(q)
        } else if c == STAR && q - p >= 3 {
            Some(q - 1)
        } else {
            None
        };
        let Some(e) = end else {
            p = q;
            continue;
        };
        let start = p;
        p = e;
        if overlaps(guarded.spans(), start, e) {
            continue;
        }
        // Emphasis: the word this run belongs to opens with "*" (the last space before
        // the run, searched back from it to where the last search stopped: each
        // character is read at most once, and most only by the search for a mask).
        if let Some(i) = text[scanned.min(start)..start]
            .iter()
            .rposition(|&c| c == 0x20)
        {
            word_start = scanned + i + 1;
        }
        scanned = scanned.max(start);
        if text.get(word_start) == Some(&STAR) {
            continue;
        }
        if c == HASH {
            edits.push(Edit::new(start, e, vec![STAR; e - start]));
        }
    }
    work.apply(edits)
}

// --------------------------------------------------------------- 7. split letters

fn is_sep(c: Cp) -> bool {
    matches!(c, 0x20 | 0x2E | 0x2D | 0x5F)
}

fn ascii_letter(c: Cp) -> bool {
    (c | 0x20).wrapping_sub(0x61) < 26
}

/// Whether the apostrophe at `apos` ends an elision that opens a word (`l'`, `qu'`):
/// the letters spelled out after it are a word of their own (`l'i.d.i.o.t`), unlike
/// those after any other apostrophe (`don't`).
/// An elision that is itself a letter spelled out (`d i d n't`: the `n` after `d i d`,
/// with the same separator) is none: what follows its apostrophe belongs to another word.
fn after_elision(t: &[Cp], apos: usize, tables: &Tables) -> bool {
    tables.elisions.iter().any(|e| {
        if apos < e.len() || t[apos - e.len()..apos] != e[..] {
            return false;
        }
        let s = apos - e.len();
        if s > 0 && letterish(t[s - 1]) {
            return false;
        }
        // The letter before is spelled out with the same separator: `d i d n'`, but not
        // the `t` of `i.d.i.o.t d'`.
        let spelled =
            s >= 2 && is_sep(t[s - 1]) && letterish(t[s - 2]) && (s == 2 || t[s - 3] == t[s - 1]);
        !spelled
    })
}

/// `_ASCII_SPLIT`: three single letters with one kind of separator, on ASCII text.
fn ascii_split_probe(t: &[Cp], tables: &Tables) -> bool {
    let n = t.len();
    let blocked_before =
        |c: Cp| ascii_letter(c) || u::is_digit(c) || matches!(c, 0x2A | 0x27 | 0x40 | 0x24 | 0x21);
    let blocked_after = |c: Cp| ascii_letter(c) || u::is_digit(c) || matches!(c, 0x2A | 0x27);
    for p in 0..n {
        let elided = p > 0 && t[p - 1] == 0x27 && after_elision(t, p - 1, tables);
        if !ascii_letter(t[p]) || (p > 0 && blocked_before(t[p - 1]) && !elided) {
            continue;
        }
        let s = p + 1;
        let s_end = match t.get(s) {
            Some(0x20) => (s..n).find(|&k| t[k] != 0x20).unwrap_or(n),
            Some(0x2E | 0x2D | 0x5F) => s + 1,
            _ => continue,
        };
        let sep = &t[s..s_end];
        let q = s_end;
        if !t.get(q).copied().is_some_and(ascii_letter) {
            continue;
        }
        let r = q + 1 + sep.len();
        if t.get(q + 1..r) != Some(sep) || !t.get(r).copied().is_some_and(ascii_letter) {
            continue;
        }
        if !t.get(r + 1).copied().is_some_and(blocked_after) {
            return true;
        }
    }
    false
}

/// `_SPLIT_PROBE` (the standard library's classes): a separator, a letter, symbols,
/// separators, a letter.
fn split_probe(t: &[Cp]) -> bool {
    let n = t.len();
    let letter = |c: Cp| u::is_alnum(c) && !u::is_decimal(c);
    let symbol = |c: Cp| !u::is_re_word(c) && !u::is_space(c);
    let mut sep_end = 0;
    for p in 0..n.saturating_sub(1) {
        if !is_sep(t[p]) || !letter(t[p + 1]) {
            continue;
        }
        let mut q = p + 2;
        loop {
            if q >= sep_end {
                sep_end = q;
                while sep_end < n && is_sep(t[sep_end]) {
                    sep_end += 1;
                }
            }
            if sep_end > q && sep_end < n && letter(t[sep_end]) {
                return true;
            }
            if q < n && symbol(t[q]) {
                q += 1;
            } else {
                break;
            }
        }
    }
    false
}

/// The end of `\p{L}\p{M}*` at `p`, if a letter is there.
fn letter_marks(t: &[Cp], p: usize) -> Option<usize> {
    if !t.get(p).copied().is_some_and(u::rx_letter) {
        return None;
    }
    let mut q = p + 1;
    while q < t.len() && u::rx_mark(t[q]) {
        q += 1;
    }
    Some(q)
}

/// `(?![\p{L}\p{N}*'])` at `q`.
fn split_end_ok(t: &[Cp], q: usize, spaced: bool) -> bool {
    match t.get(q).copied() {
        // Between dots or dashes, an apostrophe then a letter ends the run: the word's
        // contraction or possessive follows (`a.r.e.n't`, `w.o.m.e.n's`), typed whole.
        // Between spaces the letter before it is an elided word (`f e m m e s n'ont`),
        // unless a consonant other than `h` follows: an elision comes before a vowel or
        // a mute `h`, a contraction or possessive is `'s`, `'t`, `'re`, `'ll`, `'ve`,
        // `'d`, `'m` (`w o m e n's`, `a r e n't`).
        Some(0x27) => t.get(q + 1).is_some_and(|&c| {
            u::rx_letter(c)
                && (!spaced || (ascii_letter(c) && !b"aeiouyhAEIOUYH".contains(&(c as u8))))
        }),
        Some(c) => !(u::rx_letter(c) || u::rx_number(c) || c == 0x2A),
        None => true,
    }
}

/// `_SPLIT` at `p`: the end of the match and the separator's span, or `None`.
fn split_at(t: &[Cp], p: usize, tables: &Tables) -> Option<(usize, (usize, usize))> {
    if p > 0 {
        let c = t[p - 1];
        if u::rx_letter(c) || u::rx_mark(c) || u::rx_number(c) || c == 0x2A {
            return None;
        }
        if c == 0x27 && !after_elision(t, p - 1, tables) {
            return None;
        }
        if tables.is_leet(c) && !u::is_digit(c) {
            return None; // "@", "$", "!", "€"
        }
    }
    let s = letter_marks(t, p)?;
    let s_end = match t.get(s) {
        Some(0x20) => (s..t.len()).find(|&k| t[k] != 0x20).unwrap_or(t.len()),
        Some(0x2E | 0x2D | 0x5F) => s + 1,
        _ => return None,
    };
    let sep = &t[s..s_end];
    if p > 0 && t[p - 1] == 0x27 && sep[0] == 0x20 && tables.elided_letter(t, p, s) {
        // `m'a t r a i t é e`: a letter that is a word of its own after an elision
        // of its language (`m'a`, `j'y`) is that word, and the spaced run starts after
        // it (`j'e m m e r d e` is joined: `e` stands alone in Italian, not after `j'`).
        return None;
    }
    let spaced = sep[0] == 0x20;
    let e = letter_marks(t, s_end)?;
    if !split_end_ok(t, e, spaced) {
        return None; // fewer marks would leave a mark where the separator must follow
    }
    let mut end = e;
    let mut iterations = 0;
    loop {
        if t.get(end..end + sep.len()) != Some(sep) {
            break;
        }
        // A leet digit spelled out among letters is one of them (`c a n c 3 r`,
        // `m u z z i 3`): the run goes on through it, and the join decodes it.
        let at = end + sep.len();
        // A digit before another spelled-out digit is a number (`r o o m 1 0 1`).
        let number = t.get(at + 1..at + 1 + sep.len()) == Some(sep)
            && t.get(at + 1 + sep.len()).is_some_and(|&c| u::is_digit(c));
        let digit = !number
            && t.get(at)
                .is_some_and(|&c| u::is_digit(c) && tables.leet.contains_key(&c));
        let Some(e) = letter_marks(t, at).or_else(|| digit.then_some(at + 1)) else {
            break;
        };
        if split_end_ok(t, e, spaced) {
            end = e;
            iterations += 1;
            continue;
        }
        if e > end + sep.len() + 1 {
            // The pattern gives back the last mark: a mark is no letter, so the
            // lookahead holds there, and the repetition ends.
            end = e - 1;
            iterations += 1;
        }
        break;
    }
    (iterations > 0).then_some((end, (s, s_end)))
}

/// Step 7: Join runs of three or more single letters with one kind of separator.
pub(crate) fn split_letters(work: &mut Work, tables: &Tables) -> bool {
    let text = work.text();
    let probe = if is_ascii(text) {
        ascii_split_probe(text, tables)
    } else {
        split_probe(text)
    };
    if !probe {
        return false;
    }
    let mut edits = Vec::new();
    let mut p = 0;
    // `split_at` finds a run only where a separator or a mark follows the letter it
    // starts at (`letter_marks`, then the separator): the other positions are skipped
    // eight at a time (every mark is beyond ASCII).
    let may_follow = |c: Cp| is_sep(c) || c >= 0x80;
    let after_first = text.get(1..).unwrap_or_default();
    while let Some(at) = find_from(after_first, p, may_follow) {
        p = at;
        let Some((end, (s, s_end))) = split_at(text, p, tables) else {
            p += 1;
            continue;
        };
        let sep = &text[s..s_end];
        let mut letters: Vec<&[Cp]> = Vec::new();
        let mut a = p;
        let mut k = p;
        while k < end {
            if text[k..].starts_with(sep) && k + sep.len() <= end {
                letters.push(&text[a..k]);
                k += sep.len();
                a = k;
            } else {
                k += 1;
            }
        }
        letters.push(&text[a..end]);
        if !letters
            .iter()
            .all(|l| tables.standalone_letters.contains(*l))
        {
            let joined = letters
                .iter()
                .flat_map(|l| match l {
                    [d] if u::is_digit(*d) => vec![tables.leet.get(d).copied().unwrap_or(*d)],
                    _ => l.to_vec(),
                })
                .collect();
            edits.push(Edit::new(p, end, joined));
        }
        p = end;
    }
    work.apply(edits)
}

// ------------------------------------------------------------------ 8. homoglyphs

/// Step 8: Map look-alike letters to Latin inside words that mix scripts.
pub(crate) fn homoglyphs(work: &mut Work, tables: &Tables) -> bool {
    let text = work.text();
    let table = &tables.homoglyphs;
    if is_ascii(text) {
        return false;
    }
    // The keys are letters of other scripts: ASCII is not asked about (unless a table
    // of one's own has ASCII keys).
    let ascii_keys = table.keys().any(|&k| k < 0x80);
    if !text
        .iter()
        .any(|&c| (c >= 0x80 || ascii_keys) && table.contains_key(&c))
    {
        return false;
    }
    let fold = |word: &[Cp]| -> Option<Vec<Cp>> {
        let latin = word.iter().any(|&c| u::rx_latin(c));
        let other = word.iter().any(|&c| u::rx_letter(c) && !u::rx_latin(c));
        if !latin || !other {
            return None;
        }
        let mut out = Vec::with_capacity(word.len());
        for c in word {
            match table.get(c) {
                Some(to) => out.extend_from_slice(to),
                None => out.push(*c),
            }
        }
        Some(out)
    };
    rewrite_words(
        work,
        tables,
        |c| table.contains_key(&c),
        fold,
        false,
        |_, _, _| true,
    )
}

// --------------------------------------------------------------------- 9. accents

/// The typographic apostrophes folded to `'`.
fn is_apostrophe(c: Cp) -> bool {
    matches!(c, 0x2018 | 0x2019 | 0x2BC | 0xB4 | 0x60 | 0x2032)
}

/// `[\p{Latin}--[a-zA-Z]]`.
fn foldable_latin(c: Cp) -> bool {
    c >= 0x80 && u::rx_latin(c)
}

fn push_fold_latin(c: Cp, out: &mut Vec<Cp>) {
    match u::fold_latin(c) {
        Some(f) => out.extend_from_slice(f),
        None => out.push(c),
    }
}

/// [`accents`] of a text without marks: each character folded alone (a typographic
/// apostrophe or the backtick to `'`, a Latin letter beyond ASCII to its letters), and
/// the positions that changed when each character folded to one (`None` when one
/// folded to more or fewer, as `œ` to `oe`: then positions no longer line up; or when
/// a `ʼ` was folded, see [`note_change`]).  `None` for a text with a mark: the fold
/// stops at every character beyond ASCII, each mark among them, so it is the search
/// for a mark too (a French sentence was read once for marks, then again to fold).
///
/// Below U+0080 only the backtick changes: the runs between the characters that may (a
/// French sentence's letters and spaces) are copied whole, found eight characters at a
/// time, rather than pushed one by one after a test each.
///
/// The fold is written into `folded` (empty: the work's spare, so that its room is used
/// again rather than a list made afresh for each comment with an accent).
fn fold_each_character(text: &[Cp], folded: &mut Vec<Cp>) -> Option<Option<Vec<usize>>> {
    debug_assert!(folded.is_empty());
    folded.reserve(text.len());
    let mut changed = Some(Vec::new());
    let maybe = |c: Cp| c >= 0x80 || c == 0x60;
    let mut p = 0;
    while let Some(at) = find_from(text, p, maybe) {
        folded.extend_from_slice(&text[p..at]);
        let c = text[at];
        if may_be_mark(c) && u::rx_mark(c) {
            return None;
        }
        let from = folded.len();
        if is_apostrophe(c) {
            folded.push(0x27);
        } else if foldable_latin(c) {
            push_fold_latin(c, folded);
        } else {
            folded.push(c);
        }
        note_change(&mut changed, at, c, &folded[from..]);
        p = at + 1;
    }
    folded.extend_from_slice(&text[p..]);
    Some(changed)
}

/// Add `at` to the positions `changed` when `c` there folded to another character;
/// forget them all when it folded to more or fewer, or when it was `ʼ` (U+02BC, a
/// letter: folded to `'`, which is none, it may cut a mention short, and the plan's
/// reasoning about a clean fold, `plan::FOLDED_CLEAN_KEEPS_CLOSED`, would not hold).
fn note_change(changed: &mut Option<Vec<usize>>, at: usize, c: Cp, new: &[Cp]) {
    if c == 0x2BC {
        *changed = None;
        return;
    }
    match (changed.as_mut(), new) {
        (Some(list), &[f]) if f != c => {
            if list.is_empty() {
                // One allocation for a sentence's few accents, not one a doubling.
                list.reserve(16);
            }
            list.push(at);
        }
        (Some(_), &[_]) => {}
        _ => *changed = None,
    }
}

/// Whether `accents` may change the character `c`: a character beyond ASCII or the
/// backtick (every Latin letter it folds, every mark and every typographic apostrophe
/// is beyond ASCII).
fn may_fold(c: Cp) -> bool {
    c >= 0x80 || c == 0x60
}

/// Whether `c` may be a combining mark: the first is U+0300
/// (`no_mark_is_below_u0300`).
pub(crate) fn may_be_mark(c: Cp) -> bool {
    c >= 0x300
}

/// Whether `exact` holds at some position of `text` whose character `maybe` (necessary
/// for it) passes; the others are skipped eight at a time ([`find_from`]).
fn any_at(text: &[Cp], maybe: impl Fn(Cp) -> bool, exact: impl Fn(usize) -> bool) -> bool {
    let mut p = 0;
    while let Some(at) = find_from(text, p, &maybe) {
        if exact(at) {
            return true;
        }
        p = at + 1;
    }
    false
}

/// Step 9: Fold accented Latin letters (unidecode) and typographic apostrophes to `'`.
pub(crate) fn accents(work: &mut Work) -> bool {
    // An earlier round's list is dropped first (it is read only after a run that
    // fires, `change_of`), and kept by the clean fold below only when that fires.
    work.folded_at = None;
    let text = work.text();
    if is_ascii(text) && !text.contains(&0x60) {
        return false;
    }
    // Most accents fold one letter to one letter (é→e): then the offset map does not
    // move.  Text with a mark left after a letter, or a letter that expands (ß→ss,
    // œ→oe), goes through the edits below.
    // Only a typographic apostrophe, a Latin letter beyond ASCII or a mark after a Latin
    // letter can change: text with none of them (ASCII with emoji and curly quotes, most
    // of it) is answered without building a folded copy.
    let may_change = |p: usize| {
        let c = text[p];
        is_apostrophe(c)
            || foldable_latin(c)
            || (p > 0 && u::rx_nonspacing_mark(c) && u::rx_latin(text[p - 1]))
    };
    // Below U+0080 only the backtick can change (no Latin letter to fold there, no
    // mark): the letters of the text are not asked the three questions, and are
    // skipped eight at a time.
    if !any_at(text, may_fold, may_change) {
        return false;
    }
    let mut folded = work.take_spare();
    let text = work.text();
    let fold = fold_each_character(text, &mut folded);
    if let Some(changed) = fold.filter(|_| folded.len() == text.len()) {
        // Each character folded to one: the text changed where a character did.
        if changed.as_ref().map_or(folded == *text, Vec::is_empty) {
            work.spare = folded;
            return false;
        }
        work.set_text(folded);
        work.folded_at = changed;
        return true;
    }
    work.spare = folded;
    let text = work.text();
    let n = text.len();
    let mut edits = Vec::new();
    let mut p = 0;
    // None of the three alternatives matches at a character [`may_fold`] refuses.
    while let Some(at) = find_from(text, p, may_fold) {
        p = at;
        let c = text[p];
        // `[\p{Latin}--[a-zA-Z]]+|(?<=\p{Latin})\p{Mn}+|[apostrophes]`, in that order.
        let end = if foldable_latin(c) {
            (p..n).find(|&k| !foldable_latin(text[k])).unwrap_or(n)
        } else if p > 0 && u::rx_latin(text[p - 1]) && u::rx_nonspacing_mark(c) {
            (p..n)
                .find(|&k| !u::rx_nonspacing_mark(text[k]))
                .unwrap_or(n)
        } else if is_apostrophe(c) {
            p + 1
        } else {
            p += 1;
            continue;
        };
        let chunk = &text[p..end];
        let new = if is_apostrophe(chunk[0]) {
            vec![0x27]
        } else {
            let mut out = Vec::with_capacity(chunk.len());
            for &ch in chunk {
                push_fold_latin(ch, &mut out);
            }
            out
        };
        if new != chunk {
            edits.push(Edit::new(p, end, new));
        }
        p = end;
    }
    work.apply(edits)
}

// ------------------------------------------------------------------- 10. stretched

/// Step 10: Squeeze runs of three or more identical letters to two, remembering where.
pub(crate) fn stretched(work: &mut Work) -> bool {
    let text = work.text();
    let n = text.len();
    let probe = if is_ascii(text) {
        text.windows(3)
            .any(|w| ascii_letter(w[0]) && w[1] == w[0] && w[2] == w[0])
    } else {
        // `([^\W\d_])\1\1` with the standard library's classes.
        text.windows(3)
            .any(|w| w[1] == w[0] && w[2] == w[0] && u::is_alnum(w[0]) && !u::is_decimal(w[0]))
    };
    if !probe {
        return false;
    }
    let (text, mut guarded) = work.guarded();
    let mut edits = Vec::new();
    let mut p = 0;
    // The runs of three or more, each from its start: `p` is 0 or the end of a run, so
    // the first three in a row at or after it open a run (a character before them
    // equal to them would be an earlier three, or the run before `p`).
    while let Some(at) = find_three(text, p) {
        p = at;
        let c = text[p];
        let end = (p..n).find(|&k| text[k] != c).unwrap_or(n);
        if end - p >= 3 && u::rx_letter(c) && !overlaps(guarded.spans(), p, end) {
            edits.push(Edit::new(p, end, vec![c, c]));
        }
        p = end;
    }
    if !work.apply(edits) {
        return false;
    }
    // Each squeezed run now starts where its match started, less what earlier runs lost.
    let mut marks = Vec::with_capacity(work.last_edits.len() * 2);
    let mut shift = 0;
    for e in &work.last_edits {
        marks.push(e.a - shift);
        marks.push(e.a - shift + 1);
        shift += (e.b - e.a) - e.new.len();
    }
    work.stretched = marks;
    true
}

/// The first position at or after `from` where three equal characters stand in a row.
/// Eight positions are tested at a time with no branch inside (a megabyte of tweets
/// has a run of three every few thousand characters, and was walked run by run).
fn find_three(text: &[Cp], from: usize) -> Option<usize> {
    let three = |w: &[Cp]| (w[0] == w[1]) & (w[1] == w[2]);
    let mut p = from;
    while let Some(block) = text.get(p..p + 10) {
        if block.windows(3).fold(false, |any, w| any | three(w)) {
            break;
        }
        p += 8;
    }
    let last = text.len().saturating_sub(2);
    (p..last).find(|&k| three(&text[k..k + 3]))
}

// ----------------------------------------------------------------------- 11. emoji

/// Step 11: Recognise emoji: they stay in the text and become single, named tokens.
pub(crate) fn emoji(work: &mut Work) -> bool {
    let text = work.text();
    if is_ascii(text) {
        return false;
    }
    let mut p = 0;
    // Asked only where one may open: accented letters (French, Spanish text) are not.
    while let Some(at) = find_from(text, p, super::patterns::may_open_emoji) {
        if emoji_at(text, at).is_some() {
            return true;
        }
        p = at + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        /// Wherever [`holds_a_mention`] says a span holds a mention's `@`, the span
        /// overlaps the protected spans (every span of the text is asked).
        #[test]
        fn a_word_holding_a_mention_is_protected(
            text in "([a-c1_.@ *]|@ab|@a\\*c|a@b\\.co|http://a@b){0,12}",
        ) {
            let t: Vec<Cp> = text.chars().map(|c| c as Cp).collect();
            let spans = crate::normalize::patterns::protected_spans(&t);
            for at in 0..t.len() {
                for a in 0..=t.len() {
                    for b in a..=t.len() {
                        if holds_a_mention(&t, at, a, b) {
                            prop_assert!(overlaps(&spans, a, b), "{:?} {} {}..{}", text, at, a, b);
                        }
                    }
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        /// [`find_three`] finds the first three equal characters in a row from any
        /// position, as a plain search does.
        #[test]
        fn three_in_a_row_are_found_as_by_a_plain_search(
            text in "[aab.\u{e9}]{0,40}",
            from in 0usize..45,
        ) {
            let t: Vec<Cp> = text.chars().map(|c| c as Cp).collect();
            let plain = (from..t.len().saturating_sub(2))
                .find(|&k| t[k] == t[k + 1] && t[k + 1] == t[k + 2]);
            prop_assert_eq!(find_three(&t, from), plain);
        }

        /// [`split_at`] finds a run only where a separator or a character beyond ASCII
        /// follows the letter it starts at: the positions `split_letters` skips.
        #[test]
        fn a_spelled_out_run_starts_before_a_separator_or_a_mark(
            text in "([ab1' ._-]|\u{301}|\u{e9}|l'|  ){0,24}",
        ) {
            let t: Vec<Cp> = text.chars().map(|c| c as Cp).collect();
            let tables = Tables::shared();
            for p in 0..t.len() {
                if split_at(&t, p, &tables).is_some() {
                    let next = t.get(p + 1).copied();
                    prop_assert!(next.is_some_and(|c| is_sep(c) || c >= 0x80), "{:?} {}", text, p);
                }
            }
        }
    }

    /// No character below U+0300 is a combining mark ([`may_be_mark`]), none below
    /// U+0080 but the backtick is one `accents` changes ([`may_fold`]), and every one
    /// below U+00A0 is its own NFKC whatever surrounds it (what `nfkc` skips).
    #[test]
    fn no_mark_is_below_u0300() {
        for c in 0..0x300 {
            assert!(!u::rx_mark(c) && !u::rx_nonspacing_mark(c), "{c:X}");
        }
        for c in (0..0x80).filter(|&c| c != 0x60) {
            assert!(!is_apostrophe(c) && !foldable_latin(c), "{c:X}");
        }
        // What `nfkc` skips: every character below U+00A0 stays as it is.
        for c in 0..0xA0 {
            assert!(u::nfkc_stays(c), "{c:X}");
        }
    }

    /// The answers of [`is_word_char`] without the Unicode tables are the tables' (every ASCII character, and U+1F00..U+20FF: general punctuation
    /// and its neighbours, so that a range taken too wide fails; with the bundled leet
    /// table and with one that holds every ASCII symbol and every character of that
    /// range, so that the leet question decides for each).
    #[test]
    fn inert_characters_are_no_letters_marks_or_numbers() {
        let bundled = Tables::shared();
        for c in (0x2000..0x2070).chain(0x1F300..=0x1FAFF) {
            assert!(is_inert_wide(c, &bundled), "{c:X}");
            assert!(
                !(u::is_alpha(c)
                    || u::is_py_mark(c)
                    || u::is_alnum(c)
                    || u::is_py_category_lmn(c)
                    || u::rx_letter(c)
                    || u::rx_mark(c)
                    || u::rx_number(c)),
                "{c:X}"
            );
            assert!(
                !letterish(c) && !is_word_char_by_tables(c, &bundled),
                "{c:X}"
            );
            assert!(!is_leet_word(c, &bundled), "{c:X}");
        }
        // A leet character of the tables is not inert: it is part of a leet run.
        let mut leet = Tables::parse("[leet]\n").expect("an empty leet table");
        leet.leet.insert(0x201C, 0x61);
        leet.leet.insert(0x1F600, 0x61);
        assert!(!is_inert_wide(0x201C, &leet) && !is_inert_wide(0x1F600, &leet));
        assert!(is_inert_wide(0x201D, &leet) && !is_inert_wide(0x1F2FF, &leet));
    }

    #[test]
    fn an_ascii_word_char_is_answered_as_by_the_tables() {
        let bundled = Tables::shared();
        let mut source = String::from("[leet]\n");
        for b in (0x20u8..0x7F).filter(|b| !b.is_ascii_alphanumeric() && !b"\"\\".contains(b)) {
            source.push_str(&format!("\"{}\" = \"a\"\n", b as char));
        }
        let mut every = Tables::parse(&source).expect("a leet table of every ASCII symbol");
        every.leet.extend((0x1F00..0x2100).map(|c| (c, 0x61)));
        assert!(every.is_leet(0x21) && every.is_leet(0x7E) && every.is_leet(0x201C));
        for tables in [&*bundled, &every] {
            for c in (0..0x80).chain(0x1F00..0x2100) {
                assert_eq!(
                    is_word_char(c, tables),
                    is_word_char_by_tables(c, tables),
                    "{c:X}"
                );
            }
        }
    }
}
