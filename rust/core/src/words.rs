//! A comment's words held end to end in one buffer.
//!
//! A long comment has millions of tokens, and a `Vec<String>` spends a 24-byte header
//! and a heap block (8 or 16 bytes for most words) on each: 57 MB for the 2.1 million
//! words of 10 MB of prose, the scan's largest list.  [`Words`] keeps the bytes in one
//! `String` and each word as a span of it: 8 bytes a word while the buffer is under
//! 4 GiB, and no allocation a word (the tokeniser made one for every token of every
//! comment).
//!
//! Invariants:
//! - every span lies within the buffer and on `char` boundaries: a span is only ever
//!   that of a whole `&str` appended, a copy of another word's span, or one checked to
//!   be such a span of the buffer ([`Words::push_span`], over a buffer opened with a
//!   text: an ASCII comment's words are spans of the comment, not copies);
//! - the buffer only grows: a word set to another form is appended, its old bytes left
//!   in place (a word is rewritten a bounded number of times, once a matcher step, so
//!   the buffer stays linear in the comment), and a word copied from another shares its
//!   bytes (an emoji repeated a million times is named once).

use crate::Cp;
use std::fmt;
use std::ops::{Index, Range};

/// Words in one buffer ([module docs](self)).  Read a word with `words[q]` (a `&str`).
#[derive(Clone, Default)]
pub struct Words {
    text: String,
    spans: Spans,
}

/// Where each word lies in the buffer: `u32` bounds while the buffer is under 4 GiB (a
/// comment that long would need some 80 GB to score: the wide form is there so that
/// no length is ever wrong, not to be fast).
#[derive(Clone)]
enum Spans {
    Narrow(Vec<[u32; 2]>),
    Wide(Vec<[usize; 2]>),
}

impl Default for Spans {
    fn default() -> Self {
        Spans::Narrow(Vec::new())
    }
}

impl Spans {
    #[inline]
    fn len(&self) -> usize {
        match self {
            Spans::Narrow(v) => v.len(),
            Spans::Wide(v) => v.len(),
        }
    }

    #[inline]
    fn get(&self, q: usize) -> Option<(usize, usize)> {
        match self {
            Spans::Narrow(v) => v.get(q).map(|&[a, b]| (a as usize, b as usize)),
            Spans::Wide(v) => v.get(q).map(|&[a, b]| (a, b)),
        }
    }

    /// Span `q` set to `a..b` (when it is there), widening the list if a bound needs it.
    fn set(&mut self, q: usize, a: usize, b: usize) {
        if q >= self.len() {
            return;
        }
        if let Spans::Narrow(v) = self {
            if let (Some(slot), Ok(x), Ok(y)) = (v.get_mut(q), u32::try_from(a), u32::try_from(b)) {
                *slot = [x, y];
                return;
            }
        }
        self.widen();
        if let Spans::Wide(v) = self {
            if let Some(slot) = v.get_mut(q) {
                *slot = [a, b];
            }
        }
    }

    /// One more span, widening the list if a bound needs it.
    fn push(&mut self, a: usize, b: usize) {
        if let Spans::Narrow(v) = self {
            if let (Ok(x), Ok(y)) = (u32::try_from(a), u32::try_from(b)) {
                v.push([x, y]);
                return;
            }
        }
        self.widen();
        if let Spans::Wide(v) = self {
            v.push([a, b]);
        }
    }

    /// The wide form (a bound past `u32::MAX` is to be kept): every span kept as it is.
    fn widen(&mut self) {
        if let Spans::Narrow(v) = self {
            *self = Spans::Wide(v.iter().map(|&[a, b]| [a as usize, b as usize]).collect());
        }
    }

    fn pop(&mut self) {
        match self {
            Spans::Narrow(v) => {
                v.pop();
            }
            Spans::Wide(v) => {
                v.pop();
            }
        }
    }

    fn reserve(&mut self, more: usize) {
        match self {
            Spans::Narrow(v) => v.reserve(more),
            Spans::Wide(v) => v.reserve(more),
        }
    }
}

/// The words' bytes `a..b` of `text`, a span of the buffer (module invariants).
///
/// Checking the span's `char` boundaries again on every read (`str::get`) was 4 % of
/// the instructions of scoring a tweet (a scan reads each word several times), so the
/// read does not check them.  Sound because `a..b` is always a span [`Words`] stored:
/// each one is `len..len + word.len()` of a `&str` appended whole to the buffer (both
/// ends are `char` boundaries of the `String` at once, as it holds a whole `&str` up to
/// each), a span [`Words::push_span`] checked to lie on `char` boundaries of the buffer
/// as it was then, or a copy of such a span; the buffer is never truncated or edited, so the
/// boundaries stay where they were; and spans are stored exactly (a `u32` bound is
/// widened, never cut).  Debug builds (the test suites) assert it on every read.
#[inline]
#[allow(unsafe_code)]
fn span_of(text: &str, a: usize, b: usize) -> &str {
    debug_assert!(a <= b && b <= text.len());
    debug_assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
    // SAFETY: `a <= b <= text.len()` and both are `char` boundaries of `text`, by the
    // invariants argued above.
    unsafe { text.get_unchecked(a..b) }
}

impl Words {
    /// Room for `count` words of `bytes` bytes in all.
    pub fn with_capacity(count: usize, bytes: usize) -> Words {
        Words {
            text: String::with_capacity(bytes),
            spans: Spans::Narrow(Vec::with_capacity(count)),
        }
    }

    /// No words yet, over a buffer that opens with `text`: [`Words::push_span`] then
    /// adds a word that is a span of it, copying nothing (room for `count` words).
    pub fn over(text: String, count: usize) -> Words {
        Words::over_room(text, Vec::with_capacity(count))
    }

    /// [`Words::over`] with a span list of an earlier comment's (cleared here).
    pub(crate) fn over_room(text: String, mut spans: Vec<[u32; 2]>) -> Words {
        spans.clear();
        Words {
            text,
            spans: Spans::Narrow(spans),
        }
    }

    /// The buffer's and the span list's room, for a later comment
    /// ([`WordWriter::from_room`]; no span list when the spans were widened).
    pub(crate) fn into_room(self) -> (Vec<u8>, Vec<[u32; 2]>) {
        let spans = match self.spans {
            Spans::Narrow(v) => v,
            Spans::Wide(_) => Vec::new(),
        };
        (self.text.into_bytes(), spans)
    }

    /// One more word: bytes `a..b` of the buffer, when they are a span of it with both
    /// ends on `char` boundaries (the module's invariant, checked here since the read
    /// does not); `false`, and nothing added, when they are not.
    #[inline]
    pub fn push_span(&mut self, a: usize, b: usize) -> bool {
        let whole = a <= b
            && b <= self.text.len()
            && self.text.is_char_boundary(a)
            && self.text.is_char_boundary(b);
        if whole {
            self.spans.push(a, b);
        }
        whole
    }

    /// Words that are spans of the buffer, one for each of `spans`, added at once, when
    /// the buffer's first `reach` bytes are ASCII and every span lies within them
    /// (`a <= b <= reach`): every position there is a `char` boundary (the module's
    /// invariant, checked here for all of them in one pass over those bytes, where
    /// [`Words::push_span`] asks two boundaries a word).  `false`, and nothing added,
    /// otherwise (also for spans kept wide).  An ASCII comment's tokens are so added in
    /// one loop the compiler can widen, with no room asked a word.
    pub fn push_ascii_spans(
        &mut self,
        reach: usize,
        spans: impl Iterator<Item = (usize, usize)>,
    ) -> bool {
        let Spans::Narrow(v) = &mut self.spans else {
            return false;
        };
        let ascii = self
            .text
            .as_bytes()
            .get(..reach)
            .is_some_and(<[u8]>::is_ascii);
        if !ascii || u32::try_from(reach).is_err() {
            return false;
        }
        let before = v.len();
        let mut inside = true;
        // A bound past `reach` may be cut short by the cast: the spans are then taken
        // off again, unread.
        v.extend(spans.map(|(a, b)| {
            inside &= a <= b && b <= reach;
            [a as u32, b as u32]
        }));
        if !inside {
            v.truncate(before);
        }
        inside
    }

    /// How many words.
    #[inline]
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there is none.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes the buffer holds (every word's, and the forms words were set from).
    pub fn bytes(&self) -> usize {
        self.text.len()
    }

    /// Word `q`, or `None` past the end.
    #[inline]
    pub fn get(&self, q: usize) -> Option<&str> {
        let (a, b) = self.spans.get(q)?;
        Some(span_of(&self.text, a, b))
    }

    /// One more word, at the end.
    pub fn push(&mut self, word: &str) {
        let a = self.text.len();
        self.text.push_str(word);
        self.spans.push(a, self.text.len());
    }

    /// One more word, spelled by code points (a lone surrogate reads as U+FFFD),
    /// written straight into the buffer: one pass, no UTF-8 validation afterwards (a
    /// token is a few characters, and the check and the copy cost more than the pushes).
    pub fn push_code_points(&mut self, cps: &[Cp]) {
        let a = self.text.len();
        self.text.reserve(cps.len());
        for &c in cps {
            if c < 0x80 {
                self.text.push(c as u8 as char);
            } else {
                self.text
                    .push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
        }
        self.spans.push(a, self.text.len());
    }

    /// One more word, the same as word `k` (sharing its bytes); nothing if there is no
    /// word `k`.
    pub fn push_copy_of(&mut self, k: usize) {
        if let Some((a, b)) = self.spans.get(k) {
            self.spans.push(a, b);
        }
    }

    /// Word `q` set to `word` (appended to the buffer unless it is the word already;
    /// nothing past the end, where a `Vec` would panic).
    pub fn set(&mut self, q: usize, word: &str) {
        if q >= self.len() || self.get(q) == Some(word) {
            return;
        }
        let a = self.text.len();
        self.text.push_str(word);
        self.spans.set(q, a, self.text.len());
    }

    /// The last word taken off (its bytes stay in the buffer).
    pub fn pop(&mut self) {
        self.spans.pop();
    }

    /// Room for `more` words more, of `bytes` bytes in all.
    pub fn reserve(&mut self, more: usize, bytes: usize) {
        self.spans.reserve(more);
        self.text.reserve(bytes);
    }

    /// The words in order.
    pub fn iter(&self) -> Iter<'_> {
        let spans = match &self.spans {
            Spans::Narrow(v) => SpanIter::Narrow(v.iter()),
            Spans::Wide(v) => SpanIter::Wide(v.iter()),
        };
        Iter {
            text: &self.text,
            spans,
        }
    }

    /// Words `range` joined by `sep` (a phrase as it reads).
    pub fn join(&self, range: Range<usize>, sep: &str) -> String {
        let mut out = String::new();
        for (k, q) in range.enumerate() {
            if k > 0 {
                out.push_str(sep);
            }
            out.push_str(&self[q]);
        }
        out
    }

    /// Whether the words from `start` on are `list`, word for word.
    pub fn eq_at<S: AsRef<str>>(&self, start: usize, list: &[S]) -> bool {
        start
            .checked_add(list.len())
            .is_some_and(|end| end <= self.len())
            && list
                .iter()
                .enumerate()
                .all(|(k, w)| self[start + k] == *w.as_ref())
    }

    /// The words as owned strings (for callers outside the core).
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }
}

/// Words written as UTF-8 bytes and made a [`Words`] when done
/// ([`WordWriter::finish`], the one check of the buffer as UTF-8): a word spelled by
/// code points that are all ASCII is then a copy of bytes, where a `String` is grown a
/// `char` at a time, its room and the `char`'s width asked at each (some 20
/// instructions a character of the words of a comment beyond ASCII).  Every span lies
/// on `char` boundaries by construction: only whole `char`s are written, a word's
/// bytes at a time (the module's invariants hold for the `Words` made).
pub(crate) struct WordWriter {
    bytes: Vec<u8>,
    spans: Spans,
}

impl WordWriter {
    /// No words, in the room of a buffer and a span list given back by an earlier
    /// comment (cleared here), with room for `count` words of `bytes` bytes in all.
    pub(crate) fn from_room(
        mut room: Vec<u8>,
        mut spans: Vec<[u32; 2]>,
        count: usize,
        bytes: usize,
    ) -> WordWriter {
        room.clear();
        room.reserve(bytes);
        spans.clear();
        spans.reserve(count);
        WordWriter {
            bytes: room,
            spans: Spans::Narrow(spans),
        }
    }

    /// How many words.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// One more word, at the end.
    pub(crate) fn push(&mut self, word: &str) {
        let a = self.bytes.len();
        self.bytes.extend_from_slice(word.as_bytes());
        self.spans.push(a, self.bytes.len());
    }

    /// One more word, spelled by code points (a lone surrogate reads as U+FFFD, as
    /// [`Words::push_code_points`] writes it): a word all ASCII (most, even in a
    /// comment with emoji or curly quotes) is its code points cut to a byte each.
    #[inline]
    pub(crate) fn push_code_points(&mut self, cps: &[Cp]) {
        let a = self.bytes.len();
        if cps.iter().all(|&c| c < 0x80) {
            // A character below 0x80 is its own byte in UTF-8, a whole `char`.
            self.bytes.extend(cps.iter().map(|&c| c as u8));
        } else {
            let mut utf8 = [0u8; 4];
            for &c in cps {
                let ch = char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER);
                self.bytes
                    .extend_from_slice(ch.encode_utf8(&mut utf8).as_bytes());
            }
        }
        self.spans.push(a, self.bytes.len());
    }

    /// One more word, of code points the caller knows to be all ASCII (a token the
    /// scanner read as an ASCII word): each cut to its byte, with no test a character.
    /// A code point beyond ASCII would be cut to its low byte, a wrong word but never
    /// a buffer that is not UTF-8 unnoticed ([`WordWriter::finish`] checks it).
    #[inline]
    pub(crate) fn push_ascii(&mut self, cps: &[Cp]) {
        debug_assert!(cps.iter().all(|&c| c < 0x80));
        let a = self.bytes.len();
        self.bytes.extend(cps.iter().map(|&c| c as u8));
        self.spans.push(a, self.bytes.len());
    }

    /// One more word, the same as word `k` (sharing its bytes); nothing if there is no
    /// word `k`.
    pub(crate) fn push_copy_of(&mut self, k: usize) {
        if let Some((a, b)) = self.spans.get(k) {
            self.spans.push(a, b);
        }
    }

    /// The words written.  The buffer is whole `char`s one after another, so it is
    /// UTF-8 and the check cannot fail; were it ever to, each word would be read again
    /// by itself (invalid bytes as U+FFFD) rather than a span trusted that may not lie
    /// on a boundary.
    pub(crate) fn finish(self) -> Words {
        let spans = self.spans;
        match String::from_utf8(self.bytes) {
            Ok(text) => Words { text, spans },
            Err(e) => {
                let bytes = e.into_bytes();
                let mut words = Words::with_capacity(spans.len(), bytes.len());
                for q in 0..spans.len() {
                    let word = spans.get(q).and_then(|(a, b)| bytes.get(a..b));
                    words.push(&String::from_utf8_lossy(word.unwrap_or_default()));
                }
                words
            }
        }
    }
}

/// Word `q`: the empty string past the end (never a panic); callers index within
/// `len()`, as they would a `Vec`.
impl Index<usize> for Words {
    type Output = str;

    #[inline]
    fn index(&self, q: usize) -> &str {
        self.get(q).unwrap_or_default()
    }
}

/// Equal when the words are, whatever the buffers hold besides.
impl PartialEq for Words {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Words {}

/// Equal to a list holding the same words (tests compare a scan's words with one).
impl<S: AsRef<str>> PartialEq<Vec<S>> for Words {
    fn eq(&self, other: &Vec<S>) -> bool {
        self.eq_at(0, other) && self.len() == other.len()
    }
}

impl fmt::Debug for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Words {
    fn from_iter<I: IntoIterator<Item = S>>(words: I) -> Self {
        let mut out = Words::default();
        for w in words {
            out.push(w.as_ref());
        }
        out
    }
}

/// The words of a [`Words`] in order ([`Words::iter`]): the spans walked in turn, not
/// each word looked up by its index.
#[derive(Clone)]
pub struct Iter<'a> {
    text: &'a str,
    spans: SpanIter<'a>,
}

#[derive(Clone)]
enum SpanIter<'a> {
    Narrow(std::slice::Iter<'a, [u32; 2]>),
    Wide(std::slice::Iter<'a, [usize; 2]>),
}

impl<'a> Iter<'a> {
    #[inline]
    fn word(&self, span: Option<(usize, usize)>) -> Option<&'a str> {
        let (a, b) = span?;
        Some(span_of(self.text, a, b))
    }
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let span = match &mut self.spans {
            SpanIter::Narrow(v) => v.next().map(|&[a, b]| (a as usize, b as usize)),
            SpanIter::Wide(v) => v.next().map(|&[a, b]| (a, b)),
        };
        self.word(span)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.spans {
            SpanIter::Narrow(v) => v.size_hint(),
            SpanIter::Wide(v) => v.size_hint(),
        }
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> DoubleEndedIterator for Iter<'a> {
    fn next_back(&mut self) -> Option<&'a str> {
        let span = match &mut self.spans {
            SpanIter::Narrow(v) => v.next_back().map(|&[a, b]| (a as usize, b as usize)),
            SpanIter::Wide(v) => v.next_back().map(|&[a, b]| (a, b)),
        };
        self.word(span)
    }
}

impl<'a> IntoIterator for &'a Words {
    type Item = &'a str;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What a test does to a list of words.
    #[derive(Clone, Debug)]
    enum Op {
        Push(String),
        PushCodePoints(Vec<Cp>),
        PushCopyOf(usize),
        Set(usize, String),
        Pop,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            "\\PC{0,6}".prop_map(Op::Push),
            // Lone surrogates and characters past the BMP among them.
            proptest::collection::vec(
                prop_oneof![0u32..0x80, 0xD800u32..0xE000, 0x1F300u32..0x1F320],
                0..5
            )
            .prop_map(Op::PushCodePoints),
            (0usize..12).prop_map(Op::PushCopyOf),
            ((0usize..12), "\\PC{0,6}").prop_map(|(q, w)| Op::Set(q, w)),
            Just(Op::Pop),
        ]
    }

    proptest! {
        /// Words read back as a plain list of strings given the same changes reads.
        #[test]
        fn words_read_as_a_list_of_strings(ops in proptest::collection::vec(op(), 0..40)) {
            let mut words = Words::default();
            let mut model: Vec<String> = Vec::new();
            for op in ops {
                match op {
                    Op::Push(w) => {
                        words.push(&w);
                        model.push(w);
                    }
                    Op::PushCodePoints(cps) => {
                        words.push_code_points(&cps);
                        // The model's own reading of code points, not the buffer's.
                        let lossy = cps.iter().map(|&c| {
                            char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER)
                        });
                        model.push(lossy.collect());
                    }
                    Op::PushCopyOf(k) => {
                        words.push_copy_of(k);
                        if let Some(w) = model.get(k).cloned() {
                            model.push(w);
                        }
                    }
                    Op::Set(q, w) => {
                        words.set(q, &w);
                        if let Some(slot) = model.get_mut(q) {
                            *slot = w;
                        }
                    }
                    Op::Pop => {
                        words.pop();
                        model.pop();
                    }
                }
                prop_assert_eq!(words.len(), model.len());
            }
            prop_assert!(words == model);
            prop_assert_eq!(words.to_vec(), model.clone());
            prop_assert!(words.iter().rev().eq(model.iter().rev().map(String::as_str)));
            for (q, w) in model.iter().enumerate() {
                prop_assert_eq!(&words[q], w.as_str());
                prop_assert!(words.eq_at(q, &model[q..]));
            }
            prop_assert_eq!(words.get(model.len()), None);
            prop_assert_eq!(&words[model.len()], "");
            let joined = model.join(" ");
            prop_assert_eq!(words.join(0..model.len(), " "), joined);
            let rebuilt: Words = model.iter().collect();
            prop_assert_eq!(rebuilt.to_vec(), words.to_vec());
        }
    }

    proptest! {
        /// A span of a buffer opened with a text reads as that text's characters from
        /// `a` to `b`, as [`Words::push_code_points`] writes them; a span that is not
        /// one (past the end, reversed, inside a character) adds nothing.
        #[test]
        fn spans_of_the_text_read_as_its_characters(
            text in "[a-z é\u{1f602}]{0,12}",
            cuts in proptest::collection::vec((0usize..40, 0usize..40), 0..8),
        ) {
            let mut over = Words::over(text.clone(), cuts.len());
            let mut copied = Words::default();
            for (a, b) in cuts {
                if over.push_span(a, b) {
                    let cps: Vec<Cp> = text[a..b].chars().map(u32::from).collect();
                    copied.push_code_points(&cps);
                } else {
                    prop_assert!(text.get(a..b).is_none());
                }
                prop_assert_eq!(over.len(), copied.len());
            }
            prop_assert_eq!(over.to_vec(), copied.to_vec());
        }
    }

    proptest! {
        /// Words written by a [`WordWriter`] read as those [`Words`] is given the same
        /// way: a word by code points (ASCII ones also through `push_ascii`, as the
        /// tokens known to be ASCII words are), a name, a copy.
        #[test]
        fn written_words_read_as_words_pushed(ops in proptest::collection::vec(op(), 0..40)) {
            let mut writer = WordWriter::from_room(b"old".to_vec(), vec![[0, 3]], 0, 0);
            let mut words = Words::default();
            for op in ops {
                match op {
                    Op::Push(w) => {
                        writer.push(&w);
                        words.push(&w);
                    }
                    Op::PushCodePoints(cps) => {
                        if cps.iter().all(|&c| c < 0x80) {
                            writer.push_ascii(&cps);
                        } else {
                            writer.push_code_points(&cps);
                        }
                        words.push_code_points(&cps);
                    }
                    Op::PushCopyOf(k) => {
                        writer.push_copy_of(k);
                        words.push_copy_of(k);
                    }
                    // Neither is asked of a writer: the tokens are only appended.
                    Op::Set(..) | Op::Pop => {}
                }
                prop_assert_eq!(writer.len(), words.len());
            }
            prop_assert_eq!(writer.finish().to_vec(), words.to_vec());
        }
    }

    #[test]
    fn code_points_of_ascii_are_written_as_bytes() {
        let mut writer = WordWriter::from_room(Vec::new(), Vec::new(), 2, 8);
        writer.push_code_points(&[0x61, 0x62]);
        writer.push_code_points(&[0x63, 0xE9, 0xD800]);
        assert_eq!(writer.finish().to_vec(), ["ab", "c\u{e9}\u{fffd}"]);
    }

    #[test]
    fn a_written_buffer_that_is_not_utf8_reads_each_word_by_itself() {
        // Never made by the writer's own methods: the fallback of `finish` is driven
        // directly.
        let writer = WordWriter {
            bytes: vec![0x61, 0xFF, 0x62],
            spans: Spans::Narrow(vec![[0, 1], [1, 3], [0, 1]]),
        };
        assert_eq!(writer.finish().to_vec(), ["a", "\u{fffd}b", "a"]);
    }

    #[test]
    fn spans_past_four_gibibytes_are_kept_whole() {
        // No test can hold a 4 GiB buffer: the spans are driven directly.
        let mut spans = Spans::default();
        spans.push(0, 3);
        spans.push(3, 7);
        let far = u32::MAX as usize + 10;
        spans.push(far, far + 2);
        assert!(matches!(spans, Spans::Wide(_)));
        assert_eq!(spans.get(0), Some((0, 3)));
        assert_eq!(spans.get(1), Some((3, 7)));
        assert_eq!(spans.get(2), Some((far, far + 2)));
        let mut narrow = Spans::default();
        narrow.push(0, 1);
        narrow.set(1, far, far + 1); // past the end: nothing, not even widened
        assert!(matches!(narrow, Spans::Narrow(_)));
        narrow.set(0, far, far + 1);
        assert_eq!(narrow.get(0), Some((far, far + 1)));
        assert_eq!(narrow.len(), 1);
    }

    #[test]
    fn ascii_spans_are_added_at_once_or_not_at_all() {
        let over = |text: &str| Words::over(text.to_owned(), 4);
        let mut words = over("the cat, a\u{e9}");
        assert!(words.push_ascii_spans(8, [(0, 3), (4, 7), (7, 7)].into_iter()));
        assert_eq!(words, vec!["the", "cat", ""]);
        // A span past the ASCII reach, one ending before it starts, a reach past the
        // buffer or over a character beyond ASCII: nothing added.
        for (reach, spans) in [
            (8, vec![(0, 3), (7, 9)]),
            (8, vec![(4, 3)]),
            (14, vec![(0, 3)]),
            (12, vec![(0, 3)]),
        ] {
            let mut words = over("the cat, a\u{e9}");
            words.push("x");
            assert!(!words.push_ascii_spans(reach, spans.into_iter()));
            assert_eq!(words, vec!["x"]);
        }
        let mut wide = over("abc");
        wide.spans.widen();
        assert!(!wide.push_ascii_spans(3, [(0, 3)].into_iter()));
        assert!(wide.is_empty());
    }

    #[test]
    fn a_word_set_to_itself_takes_no_room() {
        let mut words: Words = ["connard", "connard"].iter().collect();
        let bytes = words.bytes();
        words.set(1, "connard");
        assert_eq!(words.bytes(), bytes);
        words.push_copy_of(0);
        assert_eq!(words.bytes(), bytes);
        assert_eq!(words, vec!["connard"; 3]);
    }
}
