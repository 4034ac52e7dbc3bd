//! What the context rules read about a comment besides the roles: sentences and
//! clauses, quotation marks, proper names.  Each is linear in the comment.

use crate::lexicon::role;
use crate::lexicon::role::Roles;
use crate::normalize::Normalized;
use crate::scratch::{self, Scratch};
use crate::unicode::{
    is_alnum, is_alpha, is_lower, is_space, str_is_lower, str_is_title, str_is_upper,
};
use crate::Cp;

/// Marks that end a sentence; a clause also ends at the others.
const SENTENCE_MARKS: [char; 5] = ['.', '!', '?', ';', '\n'];
const CLAUSE_MARKS: [char; 7] = [',', ':', '(', ')', '\u{2013}', '\u{2014}', '\u{0}'];

fn is_mark(c: Cp, marks: &[char]) -> bool {
    marks.iter().any(|&m| m as u32 == c && m != '\u{0}')
}

/// Sentence and clause numbers of the tokens, and where each sentence starts.
///
/// A sentence ends at `. ! ? ;` or a line break between two tokens; a clause also at
/// `, : ( )` and dashes, and before a contrast word.  Punctuation inside a token ends
/// nothing, and several marks in one gap count once.
///
/// The numbers are `u32`, not `usize`: two lists a token long are read by the rules
/// while a long comment's hits are weighed, its peak (8 bytes a token less).  Invariant:
/// a comment has fewer than 2^32 tokens (its tokens alone would take 200 GB), and a
/// number past that would stay at the last one rather than wrap.
pub struct Segments {
    pub sentence: Vec<u32>,
    pub clause: Vec<u32>,
    /// The first token of each sentence (by sentence number).
    pub sentence_start: Vec<usize>,
}

/// The [`Segments`] of a comment's tokens (`roles`: each token's, for its contrast
/// words).  Made in the room `room` keeps: the three lists are those an earlier comment
/// gave back ([`Segments::give_back`]).
pub fn segments_in(
    text: &[Cp],
    starts: &[usize],
    ends: &[usize],
    roles: &[Roles],
    room: &mut Scratch,
) -> Segments {
    let size = starts.len();
    // What opens each token, written where its clause number goes and replaced by it
    // ([`number_in_place`]): bit 1 a clause, bit 2 a sentence; a contrast word opens a
    // clause.
    let mut opens = scratch::take_with(&mut room.clauses, size);
    opens.extend(roles.iter().map(|r| u32::from(r & role::CONTRAST != 0)));
    opens.resize(size, 0);
    let mut mark = |p: usize, t: usize| opens[t] |= opens_of(text[p]);
    if starts.windows(2).all(|w| w[0] <= w[1]) {
        // Tokens in order (always, for a scan): a mark counts only in the gap before a
        // token, so only the gaps are read, not the words (a comment is mostly words).
        for t in 0..size {
            let from = match t {
                0 => 0,
                _ => starts[t - 1].max(ends[t - 1]),
            };
            for p in from..starts[t].min(text.len()) {
                mark(p, t);
            }
        }
    } else {
        let mut t = 0;
        for p in 0..text.len() {
            while t < size && starts[t] <= p {
                t += 1; // the first token after the mark
            }
            if t == size || (t > 0 && p < ends[t - 1]) {
                continue; // after the last token, or inside a token
            }
            mark(p, t);
        }
    }
    let sentence = scratch::take_with(&mut room.sentences, size);
    let sentence_start = scratch::take(&mut room.sentence_starts);
    number_in_place(opens, sentence, sentence_start)
}

/// The sentence and clause numbers of tokens from what opens each (`opens`: bit 1 a
/// clause, bit 2 a sentence), each token's clause number written over what opens it;
/// `sentence` and `sentence_start` come empty.
fn number_in_place(
    mut opens: Vec<u32>,
    mut sentence: Vec<u32>,
    mut sentence_start: Vec<usize>,
) -> Segments {
    sentence_start.push(0);
    let (mut s, mut c) = (0u32, 0u32);
    for (q, o) in opens.iter_mut().enumerate() {
        if *o & 2 != 0 {
            s = s.saturating_add(1);
            sentence_start.push(q);
        }
        c = c.saturating_add(*o & 1);
        sentence.push(s);
        *o = c;
    }
    Segments {
        sentence,
        clause: opens,
        sentence_start,
    }
}

impl Segments {
    /// The room of the three lists given back to `room`, for a later comment.
    pub fn give_back(self, room: &mut Scratch) {
        scratch::keep(&mut room.sentences, self.sentence);
        scratch::keep(&mut room.clauses, self.clause);
        scratch::keep(&mut room.sentence_starts, self.sentence_start);
    }
}

/// The ASCII marks that end a sentence, and those that end a clause, as bit sets.
const SENTENCE_BITS: u128 = bits(&SENTENCE_MARKS);
const CLAUSE_BITS: u128 = bits(&CLAUSE_MARKS);

const fn bits(marks: &[char]) -> u128 {
    let mut out = 0u128;
    let mut k = 0;
    while k < marks.len() {
        let c = marks[k] as u32;
        if c != 0 && c < 128 {
            out |= 1 << c;
        }
        k += 1;
    }
    out
}

/// What each ASCII character opens in the token after it, as [`segments_in`]'s bits
/// (3 a sentence, 1 a clause, 0 nothing): one load a character of a gap, where the
/// two 128-bit sets cost two wide shifts.
const ASCII_OPENS: [u8; 128] = {
    let mut out = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        out[c] = if SENTENCE_BITS >> c & 1 != 0 {
            3
        } else if CLAUSE_BITS >> c & 1 != 0 {
            1
        } else {
            0
        };
        c += 1;
    }
    out
};

/// What character `c` between two tokens opens in the token after it ([`segments_in`]'s
/// bits): [`ASCII_OPENS`] for ASCII, the lists beyond it.
fn opens_of(c: Cp) -> u32 {
    if let Some(&bits) = ASCII_OPENS.get(c as usize) {
        return u32::from(bits);
    }
    if is_mark(c, &SENTENCE_MARKS) {
        3
    } else if is_mark(c, &CLAUSE_MARKS) {
        1
    } else {
        0
    }
}

/// Whether character `c` between two tokens ends a sentence (`. ! ? ;`, a line break).
pub fn ends_sentence(c: Cp) -> bool {
    opens_of(c) & 2 != 0
}

const QUOTES: [u32; 6] = ['"' as u32, 0x201C, 0x201D, 0xAB, 0xBB, 0x201E];

/// Whether `c` is one of [`QUOTES`].
#[inline]
fn is_quote(c: Cp) -> bool {
    // U+201C..U+201E are neighbours: four tests a character, without a branch.
    (c == 0x22) | (c == 0xAB) | (c == 0xBB) | (c.wrapping_sub(0x201C) < 3)
}

/// The characters [`quote_positions`] asks about at once.
const QUOTE_BLOCK: usize = 32; // the bits of a `u32` mask ([`quote_mask`])

/// The quotation marks of a comment that count: a retweet wraps the tweet it repeats
/// in quotes ('"@user: ...'); that is a repost, not someone's words being reported.
pub fn quote_marks(original: &[Cp]) -> Vec<usize> {
    debug_assert!(QUOTES.iter().all(|&q| is_quote(q)));
    without_reposts(original, quote_positions(original))
}

/// Where the quotation marks stand, in order, read a block of characters at a time
/// ([`quote_mask`]): a block's marks are listed from its mask, most blocks have none.
fn quote_positions(original: &[Cp]) -> Vec<usize> {
    let mut marks = Vec::new();
    let blocks = original.chunks_exact(QUOTE_BLOCK);
    let tail = blocks.remainder();
    for (k, block) in blocks.enumerate() {
        // A block of `chunks_exact` is always one: the fallback pads it like the last.
        let mask =
            <&[Cp; QUOTE_BLOCK]>::try_from(block).map_or_else(|_| padded_mask(block), quote_mask);
        list_quotes(mask, k * QUOTE_BLOCK, &mut marks);
    }
    list_quotes(padded_mask(tail), original.len() - tail.len(), &mut marks);
    marks
}

/// [`quote_mask`] of a block shorter than [`QUOTE_BLOCK`], padded with a character that
/// is no mark (NUL), so that it too is read in one wide pass (a tweet is mostly its
/// last block).
fn padded_mask(block: &[Cp]) -> u32 {
    let mut full = [0; QUOTE_BLOCK];
    let size = block.len().min(QUOTE_BLOCK);
    full[..size].copy_from_slice(&block[..size]);
    quote_mask(&full)
}

/// Bit `i` set when character `i` of the block is a quotation mark: every character
/// asked, in a pass of fixed length with no exit inside it, which the compiler turns
/// into a few wide compares (each lane's bit is a constant).
fn quote_mask(block: &[Cp; QUOTE_BLOCK]) -> u32 {
    block
        .iter()
        .enumerate()
        .fold(0u32, |mask, (i, &c)| mask | (u32::from(is_quote(c)) << i))
}

/// The positions of the bits set in `mask`, a block's that starts at `at`, onto `marks`.
fn list_quotes(mut mask: u32, at: usize, marks: &mut Vec<usize>) {
    while mask != 0 {
        marks.push(at + mask.trailing_zeros() as usize);
        mask &= mask - 1;
    }
}

/// `marks` less the pairs that wrap a repost: a mark right before an "@" opens one, and
/// the next mark not before a letter or digit closes it.  With no mark before an "@"
/// (a comment without one, most of those with one), `marks` are kept as they are: the
/// positions of the marks are all that is read, not the comment again.
fn without_reposts(original: &[Cp], marks: Vec<usize>) -> Vec<usize> {
    let opens_repost = |p: usize| original.get(p + 1) == Some(&('@' as u32));
    if !marks.iter().any(|&p| opens_repost(p)) {
        return marks;
    }
    let mut keep = Vec::new();
    let mut skip_close = 0usize;
    for &p in &marks {
        if opens_repost(p) {
            skip_close += 1;
        } else if skip_close > 0 && (p + 1 >= original.len() || !is_alnum(original[p + 1])) {
            skip_close -= 1;
        } else {
            keep.push(p);
        }
    }
    keep
}

/// Whether the original span `[a, b)` of a token stands inside quotation marks.
pub fn is_quoted(marks: &[usize], a: usize, b: usize) -> bool {
    if marks.len() < 2 {
        return false;
    }
    let before = marks.partition_point(|&m| m < a);
    let after = marks.len() - marks.partition_point(|&m| m < b);
    before % 2 == 1 && after >= 1
}

/// Which tokens belong to a proper name: a Title-case word beside another Title-case
/// word, not merely opening a sentence ("Río Negro"), in text that is not itself a
/// headline (Title Case or capitals).  A second-person word or a demonstrative of the
/// comment's languages beside it is no part of a name (German "Du Vollidiot", "Diese
/// Fotze", where every noun is capitalised).  Worked out only for the tokens asked about.
pub struct ProperNames<'a> {
    n: &'a Normalized,
    roles: &'a [Roles],
    starts: &'a [usize],
    ends: &'a [usize],
    sentence: &'a [u32],
    possessives: &'a [String],
    headline: Option<bool>,
    titled: Vec<Option<bool>>,
    /// The last first character read, and whether it opens no Title-case word (two table
    /// searches beyond ASCII; a long comment repeats its characters).
    opener: Option<(Cp, bool)>,
    /// Where the comment capitalises its nouns (the rule then stands down: [`super::capitals`]).
    pub nouns: super::capitals::Nouns,
}

impl<'a> ProperNames<'a> {
    /// The proper names of a comment's tokens, none worked out yet; the list of what is
    /// worked out is made in the room an earlier comment gave back ([`Self::give_back`]).
    pub fn new(
        n: &'a Normalized,
        roles: &'a [Roles],
        starts: &'a [usize],
        ends: &'a [usize],
        sentence: &'a [u32],
        (possessives, room): (&'a [String], &mut Scratch),
    ) -> Self {
        let mut titled = scratch::take(&mut room.titled);
        titled.resize(starts.len(), None);
        ProperNames {
            n,
            roles,
            starts,
            ends,
            sentence,
            possessives,
            headline: None,
            titled,
            opener: None,
            nouns: Default::default(),
        }
    }

    /// The room of the list of Title-case tokens given back to `room`, for a later comment.
    pub fn give_back(self, room: &mut Scratch) {
        scratch::keep(&mut room.titled, self.titled);
    }

    fn is_headline(&mut self) -> bool {
        if let Some(h) = self.headline {
            return h;
        }
        let original = self.n.original();
        // Asked only once a token is Title case: a comment without one (500,000 emoji)
        // is not read through for its case, three table lookups a character, twice.
        if str_is_lower(original) || str_is_upper(original) {
            self.headline = Some(true);
            return true;
        }
        let (mut words, mut titled) = (0usize, 0usize);
        let mut q = 0;
        while q < original.len() {
            if is_space(original[q]) {
                q += 1;
                continue;
            }
            let a = q;
            while q < original.len() && !is_space(original[q]) {
                q += 1;
            }
            words += 1;
            titled += usize::from(str_is_title(&original[a..q]));
        }
        let h = titled * 2 > words;
        self.headline = Some(h);
        h
    }

    /// Whether token `q` is a Title-case word (worked out once a token).
    pub(super) fn is_titled(&mut self, q: usize) -> bool {
        if let Some(found) = self.titled[q] {
            return found;
        }
        let (a, b) = self
            .n
            .to_original(self.starts[q], self.ends[q])
            .unwrap_or((0, 0));
        let original = self.n.original();
        // The common cases: no Title-case word opens in lower case, or with no letter.
        let found = if a >= b || self.opens_nothing(original[a]) {
            false
        } else {
            let mut form: Vec<Cp> = original[a..b]
                .iter()
                .map(|&c| if c == 0x2019 { '\'' as u32 } else { c })
                .collect();
            for suffix in self.possessives {
                if let Some(size) = ends_with_str(&form, suffix) {
                    form.truncate(form.len() - size); // "Spastic's" is Title case
                }
            }
            form.len() > 1 && str_is_title(&form) && is_alpha(form[0])
        };
        self.titled[q] = Some(found);
        found
    }

    /// Whether `c` is no letter, or a lower-case one (remembered for the last `c`).
    fn opens_nothing(&mut self, c: Cp) -> bool {
        match self.opener {
            Some((last, answer)) if last == c => answer,
            _ => {
                let answer = !is_alpha(c) || is_lower(c);
                self.opener = Some((c, answer));
                answer
            }
        }
    }

    /// Whether token `q` belongs to a proper name.
    pub fn get(&mut self, q: usize) -> bool {
        if !self.is_titled(q) {
            return self.inside_hyphened_name(q) && !self.is_headline();
        }
        if self.is_headline() {
            return false;
        }
        let sentence = self.sentence;
        let first = q == 0 || sentence[q - 1] != sentence[q];
        let named = |r: Roles| r & (role::SECOND_PERSON | role::DEMONSTRATIVE) == 0;
        let prev_titled = q > 0 && !first && named(self.roles[q - 1]) && self.is_titled(q - 1);
        let next_titled = q + 1 < sentence.len()
            && sentence[q + 1] == sentence[q]
            && named(self.roles[q + 1])
            && self.is_titled(q + 1);
        next_titled || (!first && prev_titled)
    }

    /// Whether token `q` is a word inside a hyphened compound name, joined by one hyphen
    /// to a Title-case word on each side in its sentence: the French and Belgian place
    /// names' `lez` ("Plessis-lez-Tours"), "Stratford-upon-Avon".  Both sides are asked,
    /// so a word hyphened to one name ("Bob-fag") is not taken for part of one.
    fn inside_hyphened_name(&mut self, q: usize) -> bool {
        if !hyphened_between(&self.n.text, self.starts, self.ends, q) {
            return false;
        }
        let (sentence, roles) = (self.sentence, self.roles);
        let one_sentence =
            |p: usize| matches!((sentence.get(p), sentence.get(q)), (Some(a), Some(b)) if a == b);
        let named = |p: usize| {
            roles
                .get(p)
                .is_some_and(|r| r & (role::SECOND_PERSON | role::DEMONSTRATIVE) == 0)
        };
        one_sentence(q - 1)
            && one_sentence(q + 1)
            && named(q - 1)
            && named(q + 1)
            && self.is_titled(q - 1)
            && self.is_titled(q + 1)
    }
}

/// Whether token `q` is joined by one hyphen to the token before it and to the one
/// after it (`starts`, `ends`: the tokens' places in the normalised `text`).
fn hyphened_between(text: &[Cp], starts: &[usize], ends: &[usize], q: usize) -> bool {
    let hyphen_after =
        |p: usize| ends[p] + 1 == starts[p + 1] && text.get(ends[p]) == Some(&('-' as u32));
    q > 0 && q + 1 < starts.len() && hyphen_after(q - 1) && hyphen_after(q)
}

/// Whether token `q` may stand inside a hyphened name ([`ProperNames::get`]): joined by
/// one hyphen to the token on each side, each of which opens, as typed, with a letter
/// that is not lower case (so may be a Title-case word).  A necessary condition, asked
/// where reading the Title case itself would cost too much: the weighing memo's (a
/// megabyte of `connard-` is 125,000 hits hyphened on both sides, none in a name).
pub fn may_be_hyphened_name(n: &Normalized, starts: &[usize], ends: &[usize], q: usize) -> bool {
    let opens_upper = |p: usize| {
        let at = n.to_original(starts[p], ends[p]).map_or(0, |(a, _)| a);
        n.original()
            .get(at)
            .is_some_and(|&c| is_alpha(c) && !is_lower(c))
    };
    hyphened_between(&n.text, starts, ends, q) && opens_upper(q - 1) && opens_upper(q + 1)
}

/// The length in code points of `suffix` when `form` ends with it.
fn ends_with_str(form: &[Cp], suffix: &str) -> Option<usize> {
    let mut k = form.len();
    for c in suffix.chars().rev() {
        if k == 0 || form[k - 1] != c as u32 {
            return None;
        }
        k -= 1;
    }
    Some(form.len() - k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reading of every character [`segments_in`] replaced: the oracle of the gap reading.
    fn every_character(text: &[Cp], starts: &[usize], ends: &[usize], roles: &[Roles]) -> Segments {
        let size = starts.len();
        let mut opens: Vec<u32> = roles
            .iter()
            .map(|r| u32::from(r & role::CONTRAST != 0))
            .collect();
        opens.resize(size, 0);
        let mut t = 0;
        for (p, &c) in text.iter().enumerate() {
            let sentence = is_mark(c, &SENTENCE_MARKS);
            if !sentence && !is_mark(c, &CLAUSE_MARKS) {
                continue;
            }
            while t < size && starts[t] <= p {
                t += 1;
            }
            if t == size || (t > 0 && p < ends[t - 1]) {
                continue;
            }
            opens[t] |= if sentence { 3 } else { 1 };
        }
        number_in_place(opens, Vec::new(), Vec::new())
    }

    /// The reading [`quote_marks`] replaced, where it differs: every character asked,
    /// and the comment searched for an "@" before any repost is looked for (the pairs
    /// of a repost are then dropped as before, by [`without_reposts`]).
    fn quote_marks_by_character(original: &[Cp]) -> Vec<usize> {
        let marks: Vec<usize> = (0..original.len())
            .filter(|&p| QUOTES.contains(&original[p]))
            .collect();
        if marks.is_empty() || !original.contains(&('@' as u32)) {
            return marks;
        }
        without_reposts(original, marks)
    }

    proptest! {
        /// Tokens as a scan makes them (in order; pieces of a split word share a start,
        /// touch or overlap) and in any order: the same sentences and clauses.
        #[test]
        fn gaps_read_as_every_character(
            text in "[ab .,;!?:()\u{2013}\u{2014}\n\u{0}é]{0,40}",
            cuts in proptest::collection::vec((0usize..45, 0usize..6, any::<bool>()), 0..12),
            sorted in any::<bool>(),
        ) {
            let text: Vec<Cp> = text.chars().map(|c| c as u32).collect();
            let mut spans: Vec<(usize, usize)> = cuts.iter().map(|&(a, n, _)| (a, a + n)).collect();
            if sorted {
                spans.sort_unstable();
            }
            let starts: Vec<usize> = spans.iter().map(|s| s.0).collect();
            let ends: Vec<usize> = spans.iter().map(|s| s.1).collect();
            let roles: Vec<Roles> = cuts.iter().map(|&(_, _, c)| if c { role::CONTRAST } else { 0 }).collect();
            let got = segments_in(&text, &starts, &ends, &roles, &mut Scratch::default());
            let want = every_character(&text, &starts, &ends, &roles);
            prop_assert_eq!(got.sentence, want.sentence);
            prop_assert_eq!(got.clause, want.clause);
            prop_assert_eq!(got.sentence_start, want.sentence_start);
        }

        /// Marks in any block, reposts opened and closed or not, comments longer than a
        /// block: the block reading finds the marks the character reading does.
        #[test]
        fn quote_blocks_read_as_every_character(
            text in "[a1 @:\"\u{ab}\u{bb}\u{201b}\u{201c}\u{201d}\u{201e}\u{201f}]{0,140}",
        ) {
            let text: Vec<Cp> = text.chars().map(|c| c as u32).collect();
            prop_assert_eq!(quote_marks(&text), quote_marks_by_character(&text));
        }
    }
}
