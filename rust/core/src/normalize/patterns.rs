//! Hand-written scanners for the patterns the Python core matched with `re`/`regex`:
//! emoji sequences, URLs, mentions, e-mail addresses.  Each is greedy exactly where the
//! pattern was, and each call looks only ahead of where it starts (or one character
//! back for a lookbehind), so a scan over a text is linear.

use crate::unicode as u;
use crate::Cp;

const ZWJ: Cp = 0x200D;
const VS15: Cp = 0xFE0E;
const VS16: Cp = 0xFE0F;
const KEYCAP: Cp = 0x20E3;
const BLACK_FLAG: Cp = 0x1F3F4;
const CANCEL_TAG: Cp = 0xE007F;

pub(crate) fn is_regional(c: Cp) -> bool {
    (0x1F1E6..=0x1F1FF).contains(&c)
}

fn at(text: &[Cp], i: usize) -> Option<Cp> {
    text.get(i).copied()
}

/// The end of the emoji sequence `_EMOJI_SEQ` matches at `p`, trying its alternatives in
/// order: a flag, a keycap, a subdivision flag, a pictograph sequence, one indicator.
pub(crate) fn emoji_at(text: &[Cp], p: usize) -> Option<usize> {
    let c = at(text, p)?;
    if is_regional(c) {
        return Some(if at(text, p + 1).is_some_and(is_regional) {
            p + 2
        } else {
            p + 1
        });
    }
    if matches!(c, 0x23 | 0x2A | 0x30..=0x39) {
        let mut q = p + 1;
        if at(text, q) == Some(VS16) {
            q += 1;
        }
        return (at(text, q) == Some(KEYCAP)).then_some(q + 1);
    }
    if c == BLACK_FLAG {
        let mut q = p + 1;
        while at(text, q).is_some_and(|t| (0xE0020..=0xE007E).contains(&t)) {
            q += 1;
        }
        if q > p + 1 && at(text, q) == Some(CANCEL_TAG) {
            return Some(q + 1);
        }
    }
    if u::rx_ext_pict(c) {
        let mut q = pictograph_tail(text, p + 1);
        while at(text, q) == Some(ZWJ) && at(text, q + 1).is_some_and(u::rx_ext_pict) {
            q = pictograph_tail(text, q + 2);
        }
        return Some(q);
    }
    None
}

/// After a pictograph: an optional variation selector, then an optional skin tone.
fn pictograph_tail(text: &[Cp], mut q: usize) -> usize {
    if matches!(at(text, q), Some(VS15 | VS16)) {
        q += 1;
    }
    if at(text, q).is_some_and(u::rx_emoji_modifier) {
        q += 1;
    }
    q
}

/// Whether the whole of `token` is one emoji sequence (`_EMOJI_START.fullmatch`): some
/// alternative of the pattern spans it exactly.
pub(crate) fn is_emoji_sequence(token: &[Cp]) -> bool {
    let n = token.len();
    match token.first() {
        None => false,
        Some(&c) if is_regional(c) => n <= 2 && token.iter().all(|&t| is_regional(t)),
        Some(_) => {
            if emoji_at(token, 0) == Some(n) {
                return true;
            }
            // A subdivision flag that fell back to the pictograph alternative.
            token[0] == BLACK_FLAG && u::rx_ext_pict(BLACK_FLAG) && {
                let mut q = pictograph_tail(token, 1);
                while at(token, q) == Some(ZWJ) && at(token, q + 1).is_some_and(u::rx_ext_pict) {
                    q = pictograph_tail(token, q + 2);
                }
                q == n
            }
        }
    }
}

/// Whether an emoji sequence may open with `c` (`_EMOJI_OPENER`).
pub(crate) fn opens_emoji(c: Cp) -> bool {
    matches!(c, 0x23 | 0x2A | 0x30..=0x39) || is_regional(c) || c == BLACK_FLAG || u::rx_ext_pict(c)
}

/// Spans of every emoji sequence (`_EMOJI_ANY.finditer`), in order (the reference of
/// [`EmojiScan`]).
#[cfg(test)]
pub(crate) fn emoji_spans(text: &[Cp]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut p = 0;
    // Asked only where one may open (a megabyte asked at each of its letters).
    while let Some(at) = find_from(text, p, may_open_emoji) {
        match emoji_at(text, at) {
            Some(e) => {
                spans.push((at, e));
                p = e;
            }
            None => p = at + 1,
        }
    }
    spans
}

/// Whether positions of a text lie inside the emoji sequences [`emoji_spans`] finds,
/// asked in increasing order, with the text read only around the positions asked.
///
/// WHY: the `invisible` step asks this of each joiner or variation selector, and
/// worked out every sequence of the text for the first one: a megabyte of tweets paid
/// some fifty instructions a character, in each round.
///
/// WHY THE SAME ANSWERS. `emoji_spans` scans from the start: at a position where a
/// sequence opens (`emoji_at`) it takes the sequence and goes on after it, elsewhere it
/// goes on at the next position. So it stands at every position no sequence holds
/// strictly inside, and what it finds from a position it stands at depends only on the
/// text from there. An ASCII character other than a keycap's base (`#`, `*`, a digit)
/// is in no sequence (every other character of one is beyond ASCII), so the scan
/// stands at the position after it. The scan here starts again after the last such
/// character before the position asked ([`EmojiScan::inside`]), when that is past where
/// it stood: the sequences it skips end before that character, so none holds a
/// position asked later. `an_emoji_scan_answers_as_the_spans` checks it.
#[derive(Default)]
pub(crate) struct EmojiScan {
    /// Where the scan stands: no sequence it has not found holds a position before it.
    at: usize,
    /// The sequences found, in order.
    spans: Vec<(usize, usize)>,
}

impl EmojiScan {
    /// Whether `k` (no smaller than any position asked before) lies inside an emoji
    /// sequence of `text`.
    pub fn inside(&mut self, text: &[Cp], k: usize) -> bool {
        let Some(head) = text.get(..=k) else {
            return false; // past the text: inside nothing
        };
        if self.at < k {
            self.at = Self::restart(text, self.at, k);
        }
        while self.at <= k {
            // Every character from where the scan stands to `k` is asked at most once.
            match find_from(head, self.at, may_open_emoji) {
                Some(x) => match emoji_at(text, x) {
                    Some(e) => {
                        self.spans.push((x, e));
                        self.at = e;
                    }
                    None => self.at = x + 1,
                },
                None => self.at = k + 1,
            }
        }
        super::work::inside(&self.spans, k)
    }

    /// The position after the last character before `k` (and at `from` or after) that
    /// no sequence holds, or `from`: the scan stands there.
    fn restart(text: &[Cp], from: usize, k: usize) -> usize {
        let outside = |c: Cp| c < 0x80 && !matches!(c, 0x23 | 0x2A | 0x30..=0x39);
        text[from..k]
            .iter()
            .rposition(|&c| outside(c))
            .map_or(from, |i| from + i + 1)
    }
}

/// What [`emoji_at`] can open with: a keycap's base, © or ®, or a character from U+203C
/// on (pictographs, regional indicators, the black flag); `emoji_at` finds nothing at
/// any other character (`unicode`'s tests check that no pictograph is below U+203C
/// but those two).
pub(crate) fn may_open_emoji(c: Cp) -> bool {
    c >= u::FIRST_PICTOGRAPH_RUN || matches!(c, 0x23 | 0x2A | 0x30..=0x39 | 0xA9 | 0xAE)
}

fn url_stop(c: Cp, space: fn(Cp) -> bool) -> bool {
    space(c)
        || matches!(
            c,
            0x3C | 0x3E
                | 0x22
                | 0x27
                | 0x2018
                | 0x2019
                | 0x201C
                | 0x201D
                | 0xAB
                | 0xBB
                | 0x2BC
                | 0xB4
                | 0x60
        )
}

/// Whether a URL [`url_at`] finds may start at `p`: the first two letters of its
/// prefixes, an "h" then a "t" or a "w" then a "w" (most "h"s and "w"s of prose are
/// neither).
#[inline]
pub(crate) fn may_open_url(text: &[Cp], p: usize) -> bool {
    match text.get(p) {
        Some(0x68) => text.get(p + 1) == Some(&0x74),
        Some(0x77) => text.get(p + 1) == Some(&0x77),
        _ => false,
    }
}

fn starts_with(text: &[Cp], p: usize, s: &str) -> bool {
    (p..)
        .zip(s.bytes())
        .all(|(i, b)| text.get(i) == Some(&(b as u32)))
}

/// The end of a URL starting at `p` (`(?:https?://|www\.)[^\s<>"'...]+`); `space` is
/// the engine's `\s`.
pub(crate) fn url_at(text: &[Cp], p: usize, space: fn(Cp) -> bool) -> Option<usize> {
    if !may_open_url(text, p) {
        return None; // the common case, answered at once
    }
    let body = if starts_with(text, p, "https://") {
        p + 8
    } else if starts_with(text, p, "http://") {
        p + 7
    } else if starts_with(text, p, "www.") {
        p + 4
    } else {
        return None;
    };
    let mut q = body;
    while q < text.len() && !url_stop(text[q], space) {
        q += 1;
    }
    (q > body).then_some(q)
}

fn letter_or_number(c: Cp) -> bool {
    u::rx_letter(c) || u::rx_number(c)
}

/// The end of an e-mail domain at the "@" at `p`: `@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`.
pub(crate) fn email_domain_at(text: &[Cp], p: usize) -> Option<usize> {
    if at(text, p) != Some(0x40) {
        return None;
    }
    let part = |q: usize| {
        let mut r = q;
        while r < text.len() && (letter_or_number(text[r]) || text[r] == 0x2D) {
            r += 1;
        }
        r
    };
    let mut q = part(p + 1);
    if q == p + 1 {
        return None;
    }
    let mut groups = 0;
    while at(text, q) == Some(0x2E) {
        let r = part(q + 1);
        if r == q + 1 {
            break;
        }
        q = r;
        groups += 1;
    }
    (groups > 0).then_some(q)
}

/// URLs, mentions and e-mail addresses, which no folding step may touch
/// (`_protected_spans`): sorted, overlapping spans merged.
///
/// Each kind is found left to right, so the list is three sorted runs one after the
/// other: a stable sort finds the runs and merges them, where the unstable one sorted
/// a megabyte of tweets' twenty thousand mentions afresh (equal spans are the same
/// span, so either sort gives the same list).  The mentions and the addresses are
/// looked for in one walk over the `@`s: each of the two searches goes from `@` to `@`
/// skipping those inside what it found last, which the walk does with a cursor for
/// each (`the_spans_are_those_sorted_as_one`).
pub(crate) fn protected_spans(text: &[Cp]) -> Vec<(usize, usize)> {
    let mut spans = url_spans(text);
    if find_from(text, 0, |c| c == 0x40).is_none() {
        return merge(spans); // mentions and e-mail addresses need an "@"
    }
    let mut emails = Vec::new();
    let (mut mention_from, mut email_from) = (0, 1);
    let mut p = 0;
    while let Some(at) = find_from(text, p, |c| c == 0x40) {
        if at >= mention_from {
            mention_from = match mention_at(text, at) {
                Some(q) => {
                    spans.push((at, q));
                    q
                }
                None => at + 1,
            };
        }
        if at >= email_from {
            email_from = match email_at(text, at) {
                Some((a, e)) => {
                    emails.push((a, e));
                    e.max(at + 1)
                }
                None => at + 1,
            };
        }
        p = at + 1;
    }
    spans.append(&mut emails);
    merge(spans)
}

/// The URLs of `text`, in order.
pub(crate) fn url_spans(text: &[Cp]) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut p = 0;
    // Neither "h" nor "w": no URL starts there (skipped eight characters at a time);
    // `url_at` is called only where one may open (one letter in twelve of English prose
    // is an "h" or a "w", and few of them open anything).
    while let Some(at) = find_from(text, p, |c| c == 0x68 || c == 0x77) {
        p = at;
        if !may_open_url(text, p) {
            p += 1;
            continue;
        }
        match url_at(text, p, u::rx_space) {
            Some(e) => {
                spans.push((p, e));
                p = e;
            }
            None => p += 1,
        }
    }
    spans
}

/// The e-mail address whose `@` is at `p` (at least 1), if one is there: its start
/// (walked back over the local part) and its end.
fn email_at(text: &[Cp], p: usize) -> Option<(usize, usize)> {
    let c = text[p - 1];
    if !(letter_or_number(c) || matches!(c, 0x2E | 0x5F | 0x25 | 0x2B | 0x2D)) {
        return None;
    }
    let e = email_domain_at(text, p)?;
    let mut a = p;
    while a > 0
        && (u::is_alnum(text[a - 1]) || matches!(text[a - 1], 0x2E | 0x5F | 0x25 | 0x2B | 0x2D))
    {
        a -= 1;
    }
    Some((a, e))
}

/// The end of the mention whose `@` is at `p`, if one is there: no letter, mark, number,
/// `_` or leet symbol before the `@`, three or more handle characters after it.
pub(crate) fn mention_at(text: &[Cp], p: usize) -> Option<usize> {
    let n = text.len();
    if text.get(p) != Some(&0x40) {
        return None;
    }
    if p > 0 {
        let c = text[p - 1];
        if u::rx_letter(c)
            || u::rx_mark(c)
            || u::rx_number(c)
            || matches!(c, 0x5F | 0x40 | 0x24 | 0x21 | 0x20AC)
        {
            return None;
        }
    }
    let mut q = p + 1;
    while q < n
        && (letter_or_number(text[q])
            || matches!(text[q], 0x5F | 0x2E)
            || masked_handle_letter(text, p, q))
    {
        q += 1;
    }
    (q - p > 3).then_some(q)
}

/// The first position at or after `from` whose character `hit` accepts.  Blocks of
/// eight characters are tested with no branch inside (the compiler makes it a vector
/// compare), so text without any such character costs about one step in eight.
pub(crate) fn find_from(text: &[Cp], from: usize, hit: impl Fn(Cp) -> bool) -> Option<usize> {
    let mut p = from.min(text.len());
    while let Some(block) = text.get(p..p + 8) {
        if block.iter().fold(false, |any, &c| any | hit(c)) {
            break;
        }
        p += 8;
    }
    text[p..].iter().position(|&c| hit(c)).map(|k| p + k)
}

/// Whether the `*` at `q` hides a letter of the handle opened by the `@` at `p`
/// (`@us*r`, `@u*er`: a handle with one of its letters masked is still a mention, not
/// `aus*r`): a star between two letters or digits, after at least one of the handle.
pub(crate) fn masked_handle_letter(text: &[Cp], p: usize, q: usize) -> bool {
    text[q] == 0x2A
        && q > p + 1
        && letter_or_number(text[q - 1])
        && text.get(q + 1).is_some_and(|&c| letter_or_number(c))
}

/// Spans, sorted, overlapping ones merged.
fn merge(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    if spans.len() < 2 {
        return spans;
    }
    // Stable: a list of sorted runs is merged, not sorted afresh (`protected_spans`).
    spans.sort();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (lo, hi) in spans {
        match merged.last_mut() {
            Some(last) if lo <= last.1 => last.1 = last.1.max(hi),
            _ => merged.push((lo, hi)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`protected_spans`] as it was: the three kinds in one list, sorted (the reference).
    /// (The URLs' search was not changed: `url_spans` is it.)
    fn protected_spans_sorted_as_one(text: &[Cp]) -> Vec<(usize, usize)> {
        let mut spans = url_spans(text);
        if find_from(text, 0, |c| c == 0x40).is_none() {
            return merge_unstable(spans); // mentions and e-mail addresses need an "@"
        }
        let mut p = 0;
        // Mentions and e-mail addresses are looked for at the "@"s only.
        while let Some(at) = find_from(text, p, |c| c == 0x40) {
            p = at;
            if let Some(q) = mention_at(text, p) {
                spans.push((p, q));
                p = q;
                continue;
            }
            p += 1;
        }
        let mut p = 1;
        while let Some(at) = find_from(text, p, |c| c == 0x40) {
            p = at;
            let c = text[p - 1];
            if text[p] == 0x40
                && (letter_or_number(c) || matches!(c, 0x2E | 0x5F | 0x25 | 0x2B | 0x2D))
            {
                if let Some(e) = email_domain_at(text, p) {
                    let mut a = p;
                    while a > 0
                        && (u::is_alnum(text[a - 1])
                            || matches!(text[a - 1], 0x2E | 0x5F | 0x25 | 0x2B | 0x2D))
                    {
                        a -= 1;
                    }
                    spans.push((a, e));
                    p = e.max(p + 1);
                    continue;
                }
            }
            p += 1;
        }
        merge_unstable(spans)
    }

    /// Spans, sorted by the unstable sort, overlapping ones merged (as it was).
    fn merge_unstable(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
        spans.sort_unstable();
        merge(spans)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// [`protected_spans`] merges the three sorted lists into the spans the list of
        /// all three sorted as one gives: URLs, mentions (masked letters, `@` inside
        /// one), e-mail addresses (walked back over `_` past an earlier one's end, so
        /// their list is not always sorted), overlapping and not.
        #[test]
        fn the_spans_are_those_sorted_as_one(
            text in "([a-c1_.%+@ -]|@ab|@a\\*c|a@b\\.co|_x@y\\.z|http://a@b\\.c|www\\.a|h|w){0,16}",
        ) {
            let t: Vec<Cp> = text.chars().map(|c| c as Cp).collect();
            prop_assert_eq!(protected_spans(&t), protected_spans_sorted_as_one(&t), "{:?}", text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        /// [`EmojiScan`] answers, for positions asked in increasing order (every one, or
        /// some), what the spans of the whole text say: keycaps, flags, tags, joined
        /// pictographs, skin tones, the glue alone, and ASCII between them.
        #[test]
        fn an_emoji_scan_answers_as_the_spans(
            text in "([a #*1.]|\u{200d}|\u{fe0f}|\u{fe0e}|\u{20e3}|\u{1f595}|\u{1f3ff}|\u{2764}|\u{1f1eb}|\u{1f3f4}|\u{e0067}|\u{e007f}|\u{a9}|é){0,24}",
            every in 1usize..4,
        ) {
            let t: Vec<Cp> = text.chars().map(|c| c as Cp).collect();
            let spans = emoji_spans(&t);
            let mut scan = EmojiScan::default();
            for k in (0..t.len()).step_by(every) {
                let want = crate::normalize::work::inside(&spans, k);
                prop_assert_eq!(scan.inside(&t, k), want, "{:?} at {}", text, k);
            }
        }
    }
}
