//! The normaliser: undo the obfuscation people use to slip insults past a filter, and
//! keep a map from every position of the folded text back to the original.
//!
//! CONTRACT (shared by the normaliser and the scorer): the types and signatures below
//! are what the lexicon scan and the scorer use; the normaliser work fills them in.

mod leet;
mod patterns;
mod plan;
mod steps;
mod tables;
mod tokens;
mod work;

pub use tables::Tables;

pub(crate) use tokens::Span;

use crate::scratch::{self, Scratch};
use crate::unicode as u;
use crate::words::{WordWriter, Words};
use crate::Cp;
use std::borrow::Cow;
use std::sync::Arc;
use work::Work;

/// The pipeline's steps, in the order they run (names as in Python's `STEPS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    Invisible,
    Nfkc,
    Casefold,
    Zalgo,
    Leet,
    Masks,
    SplitLetters,
    Homoglyphs,
    Accents,
    Stretched,
    Emoji,
}

impl Step {
    /// Every step, in pipeline order.
    pub const ALL: [Step; 11] = [
        Step::Invisible,
        Step::Nfkc,
        Step::Casefold,
        Step::Zalgo,
        Step::Leet,
        Step::Masks,
        Step::SplitLetters,
        Step::Homoglyphs,
        Step::Accents,
        Step::Stretched,
        Step::Emoji,
    ];

    /// The step's name, as Python's `NormalizeConfig` field and `Normalized.steps` say it.
    pub fn name(self) -> &'static str {
        match self {
            Step::Invisible => "invisible",
            Step::Nfkc => "nfkc",
            Step::Casefold => "casefold",
            Step::Zalgo => "zalgo",
            Step::Leet => "leet",
            Step::Masks => "masks",
            Step::SplitLetters => "split_letters",
            Step::Homoglyphs => "homoglyphs",
            Step::Accents => "accents",
            Step::Stretched => "stretched",
            Step::Emoji => "emoji",
        }
    }
}

/// Steps as a set, bit `1 << (step as u16)` each (those a round fired): a round's list
/// needs no room of its own, and the set lists them in pipeline order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Fired(u16);

impl Fired {
    fn add(&mut self, step: Step) {
        self.0 |= 1 << step as u16;
    }

    /// Every step of `other` added.
    fn add_all(&mut self, other: Fired) {
        self.0 |= other.0;
    }

    fn has(self, step: Step) -> bool {
        self.0 & (1 << step as u16) != 0
    }

    /// The steps of the set, in pipeline order.
    fn iter(self) -> impl Iterator<Item = Step> {
        Step::ALL.into_iter().filter(move |&step| self.has(step))
    }
}

/// Which steps run (Python's frozen `NormalizeConfig`): bit `1 << (step as u16)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config(pub u16);

impl Config {
    /// Every step on.
    pub const ALL: Config = Config((1 << 11) - 1);

    /// Whether `step` runs.
    pub fn has(self, step: Step) -> bool {
        self.0 & (1 << step as u16) != 0
    }
}

impl Default for Config {
    fn default() -> Self {
        Config::ALL
    }
}

/// The edits one step made that changed lengths, in the coordinates of its output
/// (Python's `_Layer`): a position outside an edit shifts by what the edits before it
/// added or removed; a position inside an edit maps to the whole span it replaced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layer {
    pub new_starts: Vec<usize>,
    pub new_ends: Vec<usize>,
    pub old_starts: Vec<usize>,
    pub old_ends: Vec<usize>,
    /// For a layer of many edits ([`Layer::INDEXED_FROM`]), `blocks[k]` is how many
    /// edits start before output position `k << BLOCK_BITS`; empty otherwise.  Why: a
    /// long text's tokens each map back through every layer, and a binary search over
    /// the whole list costs a log factor and a cache miss a step, so the time per
    /// character of a megabyte grew over that of a tweet; the blocks narrow the search
    /// to the edits of one block.
    pub blocks: Vec<usize>,
}

impl Layer {
    /// How many edits a layer has before it keeps [`Layer::blocks`].
    pub const INDEXED_FROM: usize = 64;
    /// A block of output positions is `1 << BLOCK_BITS` characters.
    const BLOCK_BITS: u32 = 6;

    /// Keep the blocks of a layer of many edits whose output is `len` characters long
    /// (called once its edits are all pushed).
    pub fn index(&mut self, len: usize) {
        self.index_from(len, Self::INDEXED_FROM);
    }

    /// [`Layer::index`] with the threshold given (tests index every layer).
    fn index_from(&mut self, len: usize, from: usize) {
        self.blocks.clear();
        if self.new_starts.len() < from {
            return;
        }
        let count = (len >> Self::BLOCK_BITS) + 2;
        self.blocks.reserve_exact(count);
        let mut i = 0;
        for k in 0..count {
            let bound = k << Self::BLOCK_BITS;
            while i < self.new_starts.len() && self.new_starts[i] < bound {
                i += 1;
            }
            self.blocks.push(i);
        }
    }

    /// How many edits start at or before `pos`.
    fn edits_through(&self, pos: usize) -> usize {
        if self.blocks.is_empty() {
            return self.new_starts.partition_point(|&s| s <= pos);
        }
        // Invariant: every edit counted by `blocks[k]` starts before `k << BLOCK_BITS
        // <= pos`, and every edit not counted by `blocks[k + 1]` starts at or after
        // `(k + 1) << BLOCK_BITS > pos`: the answer is between them.  Past the table
        // (a position beyond the layer's output), its last entry still counts only
        // edits before `pos`.
        let k = pos >> Self::BLOCK_BITS;
        let last = self.blocks.len() - 1;
        let lo = self.blocks[k.min(last)];
        let hi = if k < last {
            self.blocks[k + 1]
        } else {
            self.new_starts.len()
        };
        lo + self.new_starts[lo..hi].partition_point(|&s| s <= pos)
    }

    /// Where position `pos` of this layer's output came from in its input: its start, or
    /// with `end` its exclusive end.
    pub fn back(&self, pos: usize, end: bool) -> usize {
        self.back_through(pos, end, self.edits_through(pos))
    }

    /// [`Layer::back`] for positions asked in increasing order: `cursor` (0 for the first)
    /// keeps how many edits start at or before the last position asked, so a sorted list
    /// walks the edits once instead of searching them for each position.  A position
    /// smaller than the last one asked is searched for (any order gives the same answers).
    fn back_sorted(&self, pos: usize, end: bool, cursor: &mut usize) -> usize {
        let i = self.edits_through_from(pos, cursor);
        self.back_through(pos, end, i)
    }

    /// [`Layer::edits_through`] of `pos`, walked on from `cursor` (the count for the
    /// position asked last, kept for the next ask): positions asked in order walk the
    /// edits once; a position smaller than the last one asked is searched for.
    fn edits_through_from(&self, pos: usize, cursor: &mut usize) -> usize {
        let starts = &self.new_starts;
        if *cursor > 0 && starts.get(*cursor - 1).is_none_or(|&x| x > pos) {
            *cursor = self.edits_through(pos);
        }
        while starts.get(*cursor).is_some_and(|&x| x <= pos) {
            *cursor += 1;
        }
        *cursor
    }

    /// Whether span `a..b` of this layer's output (not empty) comes from a span as long
    /// of its input, and which (`i`: [`Layer::edits_through`] of `a`): when no edit
    /// starts inside the span and the last edit starting at or before `a` ends at or
    /// before it, both ends lie outside every edit and after the same edits, so both
    /// shift by what those edits added or removed.  `None` when an edit touches it.
    fn same_length_back(&self, a: usize, b: usize, i: usize) -> Option<(usize, usize)> {
        // An edit starting inside the span changes the shift within it.
        if self.new_starts.get(i).is_some_and(|&x| x < b) {
            return None;
        }
        let Some(k) = i.checked_sub(1) else {
            return Some((a, b));
        };
        let (&new_end, &old_end) = (self.new_ends.get(k)?, self.old_ends.get(k)?);
        // A span starting inside the edit maps to the edit's whole input.
        (new_end <= a).then(|| (a - new_end + old_end, b - new_end + old_end))
    }

    /// [`Layer::back`], given `i`, how many edits start at or before `pos`.
    fn back_through(&self, pos: usize, end: bool, i: usize) -> usize {
        if i == 0 {
            return if end { pos + 1 } else { pos };
        }
        let i = i - 1;
        if pos < self.new_ends[i] {
            return if end {
                self.old_ends[i]
            } else {
                self.old_starts[i]
            };
        }
        let shifted = pos - self.new_ends[i] + self.old_ends[i];
        if end {
            shifted + 1
        } else {
            shifted
        }
    }
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Word,
    Number,
    Emoji,
    Mention,
    Hashtag,
    Url,
}

impl TokenKind {
    /// The kind's name, as Python's `TokenKind` values say it.
    pub fn name(self) -> &'static str {
        match self {
            TokenKind::Word => "word",
            TokenKind::Number => "number",
            TokenKind::Emoji => "emoji",
            TokenKind::Mention => "mention",
            TokenKind::Hashtag => "hashtag",
            TokenKind::Url => "url",
        }
    }
}

/// One token of the folded text, as Python's `Normalized.scan()` gives it: `word` is the
/// folded form (an emoji's name such as `:middle_finger:`; a lone surrogate, possible
/// only with the `invisible` step off, reads as U+FFFD here), `start..end` index
/// `Normalized::text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub word: String,
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

/// A comment's tokens as four lists of one field each, in order: what
/// [`Normalized::tokens`] lists, by column.  The scan keeps these very lists (moved,
/// not copied) when every token stands in it as it is, so a long comment's tokens are
/// not held twice while it is scanned (as [`Token`]s, 48 bytes each, and as the scan's
/// lists).  Invariant: the four lists have the same length.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tokens {
    pub words: Words,
    pub starts: Vec<usize>,
    pub ends: Vec<usize>,
    pub kinds: Vec<TokenKind>,
}

impl Tokens {
    /// Empty lists with room for `size` tokens each (and `bytes` bytes of words).
    pub fn with_capacity(size: usize, bytes: usize) -> Tokens {
        Tokens {
            words: Words::with_capacity(size, bytes),
            starts: Vec::with_capacity(size),
            ends: Vec::with_capacity(size),
            kinds: Vec::with_capacity(size),
        }
    }

    /// Empty lists with room for `size` tokens each, their words read from `words`
    /// ([`Words::over`]), in the room `scratch` keeps.
    fn over(words: Words, size: usize, scratch: &mut Scratch) -> Tokens {
        Tokens {
            words,
            starts: scratch::take_with(&mut scratch.starts, size),
            ends: scratch::take_with(&mut scratch.ends, size),
            kinds: scratch::take_with(&mut scratch.kinds, size),
        }
    }

    /// The lists' room given back to `scratch`, for a later comment.
    pub fn give_back(self, scratch: &mut Scratch) {
        scratch.keep_places(self.words, self.starts, self.ends);
        scratch::keep(&mut scratch.kinds, self.kinds);
    }

    /// How many tokens.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// One more token, at the end.
    pub fn push(&mut self, word: &str, start: usize, end: usize, kind: TokenKind) {
        self.words.push(word);
        self.push_place(start, end, kind);
    }

    /// The place and kind of a token whose word was just pushed onto `words`.
    fn push_place(&mut self, start: usize, end: usize, kind: TokenKind) {
        self.starts.push(start);
        self.ends.push(end);
        self.kinds.push(kind);
    }
}

/// The tokens by column, each word copied (a caller that keeps its tokens).
impl From<&[Token]> for Tokens {
    fn from(tokens: &[Token]) -> Tokens {
        let bytes = tokens.iter().map(|t| t.word.len()).sum();
        let mut out = Tokens::with_capacity(tokens.len(), bytes);
        for t in tokens {
            out.push(&t.word, t.start, t.end, t.kind);
        }
        out
    }
}

/// The tokens one by one.
impl From<Tokens> for Vec<Token> {
    fn from(columns: Tokens) -> Vec<Token> {
        let mut out = Vec::with_capacity(columns.len());
        let fields = columns.starts.iter().zip(&columns.ends).zip(&columns.kinds);
        for (word, ((&start, &end), &kind)) in columns.words.iter().zip(fields) {
            out.push(Token {
                word: word.to_owned(),
                start,
                end,
                kind,
            });
        }
        out
    }
}

/// The result of [`normalize`] (Python's `Normalized`).
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    /// The text as given, kept only when folding changed it (read through
    /// [`Normalized::original`]): when nothing changed (most comments, and the long
    /// texts of one script and case) the text is held once, not twice, and no copy is
    /// made (a megabyte of ASCII is 4 MB of code points).
    pub(crate) given: Option<Vec<Cp>>,
    pub text: Vec<Cp>,
    /// The steps that changed something, in pipeline order.
    pub steps: Vec<Step>,
    pub layers: Vec<Layer>,
    /// Positions in `text` of doubled letters squeezed from a longer run (sorted).
    pub stretched: Vec<usize>,
    /// Whether the `emoji` step was on (emoji tokens are kept and named).
    pub emoji: bool,
    /// The tables it was folded with: its tokens split elisions by the same facts.
    pub tables: Arc<Tables>,
}

impl Normalized {
    /// The text as given (the Python string's code points).
    #[inline]
    pub fn original(&self) -> &[Cp] {
        self.given.as_deref().unwrap_or(&self.text)
    }

    /// Whether folding changed the text ([`Normalized::text`] is then not the original).
    #[inline]
    pub fn changed(&self) -> bool {
        self.given.is_some()
    }

    /// Map `[start, end)` of `text` to the span of `original` it came from (Python's
    /// `to_original`); `None` when the span is outside the text.
    pub fn to_original(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let size = self.text.len();
        if start > end || end > size {
            return None;
        }
        if self.layers.is_empty() {
            return Some((start, end));
        }
        if start == end {
            if start >= size {
                return Some((self.original().len(), self.original().len()));
            }
            let point = self.back(start);
            return Some((point, point));
        }
        Some((self.back(start), self.back_end(end - 1)))
    }

    /// [`Normalized::to_original`] of each span of `spans`, for a list sorted by start
    /// and by end (a text's tokens, in order): each layer is walked once for the whole
    /// list rather than searched for every span (a long text's words each mapped back
    /// cost a search a layer).  Any list gives the same answers, sorted or not.
    pub fn to_original_sorted(&self, spans: &[(usize, usize)]) -> Vec<Option<(usize, usize)>> {
        let size = self.text.len();
        let plain = |&(a, b): &(usize, usize)| a >= b || b > size;
        if self.layers.is_empty() || spans.iter().any(plain) {
            return spans.iter().map(|&(a, b)| self.to_original(a, b)).collect();
        }
        let mut starts: Vec<usize> = spans.iter().map(|&(a, _)| a).collect();
        let mut stops: Vec<usize> = spans.iter().map(|&(_, b)| b).collect();
        for layer in self.layers.iter().rev() {
            let mut cursor = 0;
            for a in &mut starts {
                *a = layer.back_sorted(*a, false, &mut cursor);
            }
            let mut cursor = 0;
            for b in &mut stops {
                *b = layer.back_sorted(*b - 1, true, &mut cursor);
            }
        }
        starts.into_iter().zip(stops).map(Some).collect()
    }

    /// Whether span `start..end` of `text` (not empty, inside it) was typed as long as it
    /// reads: no edit of any layer touches it ([`Layer::same_length_back`]).  `cursors`
    /// holds one count a layer, last layer first, for spans asked in order of their
    /// starts (start with `vec![0; n.layers.len()]`; any order gives the same answers).
    /// `false` says only that some edit touches the span (a caller then maps it back).
    pub fn typed_as_long(&self, start: usize, end: usize, cursors: &mut [usize]) -> bool {
        if start >= end || end > self.text.len() || cursors.len() != self.layers.len() {
            return false;
        }
        let (mut a, mut b) = (start, end);
        for (layer, cursor) in self.layers.iter().rev().zip(cursors) {
            let i = layer.edits_through_from(a, cursor);
            match layer.same_length_back(a, b, i) {
                Some((x, y)) => (a, b) = (x, y),
                None => return false,
            }
        }
        true
    }

    /// Where the character at `pos` of `text` started in the original.
    fn back(&self, mut pos: usize) -> usize {
        for layer in self.layers.iter().rev() {
            pos = layer.back(pos, false);
        }
        pos
    }

    /// Where the character at `pos` of `text` ended in the original (exclusive): each
    /// layer maps the last character of the span it is given.
    fn back_end(&self, pos: usize) -> usize {
        let mut stop = pos + 1;
        for layer in self.layers.iter().rev() {
            stop = layer.back(stop - 1, true);
        }
        stop
    }

    /// The tokens, exactly as Python's `Normalized.scan()` lists them.
    pub fn tokens(&self) -> Vec<Token> {
        self.token_columns().into()
    }

    /// [`Normalized::tokens`] by column ([`Tokens`]): what the scorer scans.
    pub fn token_columns(&self) -> Tokens {
        self.token_columns_in(&mut Scratch::default())
    }

    /// [`Normalized::token_columns`] in the room `scratch` keeps: the lists and the
    /// words' buffer are those an earlier comment gave back ([`Tokens::give_back`]).
    pub fn token_columns_in(&self, scratch: &mut Scratch) -> Tokens {
        let ascii = self.is_ascii();
        // Their kinds are told as they are read: a list of them beside the tokens was a
        // third of the tokens' room again (a long comment's tokens are listed once,
        // here).
        let room = scratch::take(&mut scratch.token_spans);
        let spans = tokens::token_spans(&self.text, &self.tables, ascii, room);
        let count = spans.len();
        // An ASCII comment's words are read in place: the buffer opens with the text, a
        // byte a character ([`ascii_words`]).  A long one ([`IN_PLACE_LIMIT`]) copies
        // them as before, so that its peak room stays what it was.  A text beyond ASCII
        // copies them too: its
        // image would need a byte per other character that no word reads, and the
        // names of its emoji, written after it, a second buffer as large (tried: 0.1 M
        // more instructions on 2,000 Davidson tweets, not fewer; their characters
        // beyond ASCII are mostly curly quotes and emoji, none of them in a word).
        let over_text = if ascii && self.text.len() <= IN_PLACE_LIMIT {
            ascii_words(&self.text, std::mem::take(&mut scratch.word_bytes))
        } else {
            None
        };
        match over_text {
            Some(text) => {
                let room = scratch::take_with(&mut scratch.word_spans, count);
                let mut out = Tokens::over(Words::over_room(text, room), count, scratch);
                self.fill_ascii_tokens(&spans, &mut out);
                scratch::keep(&mut scratch.token_spans, spans);
                out
            }
            None => {
                // Most words are their characters as UTF-8: a byte each for ASCII text.
                let words = WordWriter::from_room(
                    std::mem::take(&mut scratch.word_bytes),
                    std::mem::take(&mut scratch.word_spans),
                    count,
                    self.text.len(),
                );
                let places = Tokens::over(Words::default(), count, scratch);
                let mut sink = Written { words, places };
                self.fill_tokens(&spans, ascii, &mut sink);
                scratch::keep(&mut scratch.token_spans, spans);
                let mut out = sink.places;
                out.words = sink.words.finish();
                out
            }
        }
    }

    /// The tokens at `spans` (as [`tokens::token_spans`] finds them) written into
    /// `out` (emoji named, or dropped when the `emoji` step was off).  The kinds are
    /// told here, in the loop: an iterator of spans and kinds, taken by two kinds of
    /// sinks, was no longer inlined (a call a token).
    fn fill_tokens(&self, spans: &[Span], ascii: bool, out: &mut impl TokenSink) {
        let mut kinds = KindTeller::new(&self.text, ascii);
        // The last emoji named: emoji come in runs of the same one ("😂😂😂"), which
        // share the bytes of their name.
        let mut last: Option<(usize, usize, usize)> = None;
        for &(start, end, word) in spans {
            let kind = kinds.kind(start, end, word);
            if kind == TokenKind::Emoji {
                if !self.emoji {
                    continue;
                }
                let seq = &self.text[start..end];
                match last {
                    Some((k, a, b)) if self.text[a..b] == *seq => out.copy_of(k),
                    _ => out.name(&emoji_name_of(seq)),
                }
                last = Some((out.count() - 1, start, end));
            } else {
                out.token(&self.text, start, end, word);
            }
            out.place(start, end, kind);
        }
    }

    /// [`Normalized::fill_tokens`] for an all-ASCII text into `out`, empty, whose words'
    /// buffer opens with the text ([`ascii_words`]): each list filled in a loop of its
    /// own (a word is a span of the text, [`Words::push_ascii_spans`]; the kinds told as
    /// `fill_tokens` tells them), with no room asked a token.  The same lists: an ASCII
    /// text holds no emoji (each emoji sequence holds a character beyond ASCII, and
    /// [`tokens::token_kind`] tells one only of a text beyond ASCII), so no token is
    /// named or dropped, and every other token's word is its span.
    fn fill_ascii_tokens(&self, spans: &[Span], out: &mut Tokens) {
        let places = spans.iter().map(|&(start, end, _)| (start, end));
        if !out.words.push_ascii_spans(self.text.len(), places) {
            // Not for a text of ASCII under the buffer: the tokens one at a time.
            self.fill_tokens(spans, true, out);
            return;
        }
        out.starts.extend(spans.iter().map(|&(start, _, _)| start));
        out.ends.extend(spans.iter().map(|&(_, end, _)| end));
        let mut kinds = KindTeller::new(&self.text, true);
        let told = spans
            .iter()
            .map(|&(start, end, word)| kinds.kind(start, end, word));
        out.kinds.extend(told);
        debug_assert!(!out.kinds.contains(&TokenKind::Emoji));
    }

    /// Whether the text is all ASCII.
    fn is_ascii(&self) -> bool {
        patterns::find_from(&self.text, 0, |c| c >= 0x80).is_none()
    }

    /// Every token's span and kind, emoji included even when the `emoji` step was off
    /// (the caller drops them then, as `scan()` does).
    pub fn raw_tokens(&self) -> Vec<(usize, usize, TokenKind)> {
        let ascii = self.is_ascii();
        let mut kinds = KindTeller::new(&self.text, ascii);
        tokens::token_spans(&self.text, &self.tables, ascii, Vec::new())
            .into_iter()
            .map(|(a, b, word)| (a, b, kinds.kind(a, b, word)))
            .collect()
    }

    /// The text's and the lists' room given back to `scratch`, for a later comment (the
    /// layers, seldom made, are dropped).
    pub fn give_back(self, scratch: &mut Scratch) {
        scratch::keep(&mut scratch.text, self.text);
        if let Some(given) = self.given {
            scratch::keep(&mut scratch.given, given);
        }
        scratch::keep(&mut scratch.fired, self.steps);
        scratch::keep(&mut scratch.squeezed, self.stretched);
    }

    /// Positions in `[start, end)` of `text` that hold letters squeezed from a run.
    pub fn stretched_in(&self, start: usize, end: usize) -> Vec<usize> {
        let mut marks: Vec<usize> = self
            .stretched
            .iter()
            .copied()
            .filter(|&m| start <= m && m < end)
            .collect();
        marks.sort_unstable();
        marks.dedup();
        marks
    }
}

/// The longest comment whose words are read in place ([`ascii_words`]): an ordinary
/// comment many times over.  A longer one copies its words, as all did before: its
/// buffer was reserved the text's size and filled only with the words, where a buffer
/// opening with the text fills that room and grows for the forms the matcher writes
/// (tried on every comment: a megabyte of masked words read 1-2 MB higher, near the
/// noise of those figures, but a doubt a long comment need not carry).
const IN_PLACE_LIMIT: usize = 1 << 16;

/// The words' buffer of an all-ASCII text: the text itself, a byte a character, so
/// that a token at `start..end` is bytes `start..end` of it ([`Words::push_span`]) and
/// no word is copied.  Those are the bytes [`Words::push_code_points`] writes for the
/// token: a character below 0x80 is its own byte in UTF-8.  `None` (never, for an
/// ASCII text) when the bytes are not UTF-8.  Written into `bytes` (cleared first):
/// the room an earlier comment's words left ([`Scratch`]).
fn ascii_words(text: &[Cp], mut bytes: Vec<u8>) -> Option<String> {
    // A byte a character, in one pass the compiler can widen (each character cut to
    // its low byte); the UTF-8 check of ASCII is a word at a time.  Room is left after
    // the text for the forms the matcher writes ([`Words::set`]), which would otherwise
    // copy the whole buffer at the first.
    bytes.clear();
    bytes.reserve(text.len() + text.len() / 2);
    bytes.extend(text.iter().map(|&c| c as u8));
    String::from_utf8(bytes).ok()
}

/// Tells the kinds of a text's tokens, in order ([`tokens::token_spans`]' spans).
struct KindTeller<'a> {
    text: &'a [Cp],
    /// Whether the text is all ASCII.
    ascii: bool,
    numbers: tokens::NumberMemo,
    /// The last emoji's span: the same characters again are the same emoji (whether a
    /// token is an emoji is settled by its own characters, before anything around it
    /// is read), and emoji come in runs of one.
    last_emoji: (usize, usize),
}

impl<'a> KindTeller<'a> {
    fn new(text: &'a [Cp], ascii: bool) -> KindTeller<'a> {
        KindTeller {
            text,
            ascii,
            numbers: tokens::NumberMemo::default(),
            last_emoji: (0, 0),
        }
    }

    /// The kind of the token at `a..b` (`word`: the scanner says it is a word).  Inlined
    /// into the loop that reads the tokens: a call a token was 1.2 M instructions on
    /// 2,000 Davidson tweets (`token_kind`, seldom asked, stays a call).
    #[inline(always)]
    fn kind(&mut self, a: usize, b: usize, word: bool) -> TokenKind {
        // Most tokens are words the scanner's last alternative matched, their kind
        // settled there (`tokens::Span`).
        if word {
            return TokenKind::Word;
        }
        let (e0, e1) = self.last_emoji;
        if e1 > e0 && self.text[a..b] == self.text[e0..e1] {
            return TokenKind::Emoji;
        }
        let kind = tokens::token_kind(self.text, a, b, self.ascii, &mut self.numbers);
        if kind == TokenKind::Emoji {
            self.last_emoji = (a, b);
        }
        kind
    }
}

/// Where [`Normalized::fill_tokens`] writes a comment's tokens: over an ASCII text,
/// [`Tokens`] whose words are spans of the text ([`Words`] opened with it,
/// [`ascii_words`]); else [`Written`], whose words a [`WordWriter`] spells out.
trait TokenSink {
    /// How many words so far.
    fn count(&self) -> usize;
    /// One more word: an emoji's name.
    fn name(&mut self, name: &str);
    /// One more word, the same as word `k`.
    fn copy_of(&mut self, k: usize);
    /// One more word: the characters `start..end` of `text` (`known`: a word the
    /// scanner knows, all ASCII, [`tokens::Span`]).
    fn token(&mut self, text: &[Cp], start: usize, end: usize, known: bool);
    /// The place and kind of the token whose word was just written.
    fn place(&mut self, start: usize, end: usize, kind: TokenKind);
}

impl TokenSink for Tokens {
    fn count(&self) -> usize {
        self.words.len()
    }
    fn name(&mut self, name: &str) {
        self.words.push(name);
    }
    fn copy_of(&mut self, k: usize) {
        self.words.push_copy_of(k);
    }
    #[inline]
    fn token(&mut self, text: &[Cp], start: usize, end: usize, _known: bool) {
        // Over an ASCII text, the word's bytes are already in the buffer at the token's
        // own positions (anything written after the text leaves it as it is); else
        // they are written out.
        if !self.words.push_span(start, end) {
            self.words.push_code_points(&text[start..end]);
        }
    }
    #[inline]
    fn place(&mut self, start: usize, end: usize, kind: TokenKind) {
        self.push_place(start, end, kind);
    }
}

/// The tokens of a text beyond ASCII as they are written: the words by a
/// [`WordWriter`], the places and kinds in `places` (whose words are left empty).
struct Written {
    words: WordWriter,
    places: Tokens,
}

impl TokenSink for Written {
    fn count(&self) -> usize {
        self.words.len()
    }
    fn name(&mut self, name: &str) {
        self.words.push(name);
    }
    fn copy_of(&mut self, k: usize) {
        self.words.push_copy_of(k);
    }
    #[inline]
    fn token(&mut self, text: &[Cp], start: usize, end: usize, known: bool) {
        if known {
            self.words.push_ascii(&text[start..end]);
        } else {
            self.words.push_code_points(&text[start..end]);
        }
    }
    #[inline]
    fn place(&mut self, start: usize, end: usize, kind: TokenKind) {
        self.places.push_place(start, end, kind);
    }
}

/// The `emoji` package's name of an emoji sequence, ignoring skin tones and variation
/// selectors (Python's `emoji_name`); a sequence it does not list is named from its
/// characters' Unicode names.
pub fn emoji_name(sequence: &[Cp]) -> String {
    emoji_name_of(sequence).into_owned()
}

/// [`emoji_name`], borrowed from the emoji table when the sequence is in it (nearly
/// every emoji a comment holds): the tokens copy the name into their own buffer, so
/// no `String` is made for it, and a sequence without modifiers is not copied either.
fn emoji_name_of(sequence: &[Cp]) -> Cow<'static, str> {
    let is_modifier = |c: Cp| matches!(c, 0xFE0E | 0xFE0F | 0x1F3FB..=0x1F3FF);
    let base: Cow<[Cp]> = if sequence.iter().any(|&c| is_modifier(c)) {
        let kept = sequence.iter().copied().filter(|&c| !is_modifier(c));
        Cow::Owned(kept.collect())
    } else {
        Cow::Borrowed(sequence)
    };
    for candidate in [&base[..], sequence] {
        if let Some(name) = u::emoji_data_name(candidate) {
            return Cow::Borrowed(name);
        }
        if let Some(name) = u::emoji_data_name_selected(candidate) {
            return Cow::Borrowed(name);
        }
    }
    let names: Vec<String> = base
        .iter()
        .filter(|&&c| c != 0x200D)
        .map(|&c| match u::emoji_char_name(c) {
            Some(n) => n.to_string(),
            None => format!("u+{c:04x}"),
        })
        .collect();
    Cow::Owned(format!(":{}:", names.join("_")))
}

/// Run one step; whether it changed the text.
fn run_step(step: Step, work: &mut Work, tables: &Tables) -> bool {
    match step {
        Step::Invisible => steps::invisible(work),
        Step::Nfkc => steps::nfkc(work),
        Step::Casefold => steps::casefold(work),
        Step::Zalgo => steps::zalgo(work),
        Step::Leet => steps::leet(work, tables),
        Step::Masks => steps::masks(work),
        Step::SplitLetters => steps::split_letters(work, tables),
        Step::Homoglyphs => steps::homoglyphs(work, tables),
        Step::Accents => steps::accents(work),
        Step::Stretched => steps::stretched(work),
        Step::Emoji => steps::emoji(work),
    }
}

/// Fold `text` through every step `config` enables (Python's `normalize`).
pub fn normalize(text: &[Cp], config: Config) -> Normalized {
    normalize_with(text, config, &Tables::shared())
}

/// [`normalize`] with tables of one's own (the language facts of a scorer's packs).
pub fn normalize_with(text: &[Cp], config: Config, tables: &Arc<Tables>) -> Normalized {
    normalize_in(text, config, tables, &mut Scratch::default())
}

/// [`normalize_with`] in the room `scratch` keeps: the folded text, the text as given
/// and the lists are made in the room an earlier comment gave back
/// ([`Normalized::give_back`]).
pub fn normalize_in(
    text: &[Cp],
    config: Config,
    tables: &Arc<Tables>,
    scratch: &mut Scratch,
) -> Normalized {
    let _long = crate::long::Guard::new(text.len());
    let mut work = Work::in_room(text, scratch);
    let done = fold(&mut work, config, tables);
    let given = (work.text() != text).then(|| {
        let mut given = scratch::take(&mut scratch.given);
        given.extend_from_slice(text);
        given
    });
    finish(given, work, done, config, tables, scratch)
}

/// [`normalize_with`] taking the text: when folding changes it, the text as given is
/// kept as it was handed over rather than copied (a long comment's code points were
/// otherwise held three times at once: given, copied, folded).
pub fn normalize_owned(text: Vec<Cp>, config: Config, tables: &Arc<Tables>) -> Normalized {
    let _long = crate::long::Guard::new(text.len());
    let scratch = &mut Scratch::default();
    let mut work = Work::in_room(&text, scratch);
    let done = fold(&mut work, config, tables);
    let given = (work.text() != text).then_some(text);
    finish(given, work, done, config, tables, scratch)
}

/// The most rounds of the steps a text is given (see [`fold`]): a text still changing
/// after them is left as the last round made it.  Two are enough for every text the
/// randomised checks found; a third round has never been seen to change anything.
const MAX_ROUNDS: usize = 4;

/// Whether `step` firing may give a step before it in the order something to do (a
/// letter joined, folded or squeezed next to a leet character or a stand-alone letter:
/// `g a s 0$` joined is `gaso$`, whose `$` is then a letter; `ƕ` folded is `hv`, which
/// makes the `@` before it a letter), so that the text needs another round to be one
/// that folding leaves alone.  The first steps only strip, compose or lower characters,
/// and the emoji step changes no character.
fn may_reopen(step: Step) -> bool {
    step > Step::Zalgo && step != Step::Emoji
}

/// The steps that fired over the rounds `round` runs on `work`, each once, in the
/// pipeline's order: rounds follow one another while a step that may reopen an earlier
/// one fired ([`may_reopen`]), at most [`MAX_ROUNDS`].  Shared by [`fold`] and by
/// [`normalize_every_step`], its reference.
fn in_rounds(work: &mut Work, mut round: impl FnMut(&mut Work) -> Fired) -> Fired {
    let mut done = Fired::default();
    for _ in 0..MAX_ROUNDS {
        let fired = round(work);
        let reopened = fired.iter().any(may_reopen);
        // A step first firing in a later round is listed in its place in the order.
        done.add_all(fired);
        if !reopened {
            break;
        }
    }
    done
}

/// The pipeline's run over the text of `work` (made by the caller, folded here in
/// place: a `Work` returned by value was copied out and in again, for every comment):
/// the steps that fired, in the pipeline's order.
///
/// A later step can give an earlier one something to do, so a text is folded in rounds
/// ([`in_rounds`]): normalising is idempotent, `normalize(normalize(t).text).text ==
/// normalize(t).text`, as the property tests check.  Nearly every text takes one round:
/// a second one runs only after such a step fired.  One plan is carried through the
/// rounds ([`plan::Planner`]): a second round asks again only what the steps that fired
/// in the first may have reopened (a French sentence's folded accents reopen four
/// steps, not eleven).
fn fold(work: &mut Work, config: Config, tables: &Arc<Tables>) -> Fired {
    let mut planner = plan::Planner::new(work.text(), tables);
    let mut first = true;
    in_rounds(work, |work| {
        if !std::mem::take(&mut first) {
            planner.start_round();
        }
        fold_round(work, config, tables, &mut planner)
    })
}

/// One round of the steps over `work`; the steps that fired, in order.
///
/// Only the steps the plan says could change the text run (see `plan.rs` for why that
/// gives the same answers).  After a step fires, the bits it may have made wrong are
/// open: the plan asks them again of the new text before a clear one is trusted, and
/// keeps the set bits (a set bit only lets its step ask its own, exact question; a long
/// text sets nearly every bit, and made its whole plan again after each step, a pass
/// over the whole text each time).  The two answers a changed text leaves stale are
/// asked again or not trusted: whether case folding only lowers ASCII capitals, and
/// whether the emoji step surely fires (the step is run).
fn fold_round(
    work: &mut Work,
    config: Config,
    tables: &Tables,
    planner: &mut plan::Planner,
) -> Fired {
    let mut done = Fired::default();
    for step in Step::ALL {
        if !config.has(step) || !planner.may(step, work.text(), tables) {
            continue;
        }
        let lowered = step == Step::Casefold && planner.folds_ascii_only();
        let fired = if lowered {
            // No character beyond ASCII folds: case folding is lowering the capitals.
            steps::lower_capitals(work)
        } else if step == Step::Emoji && planner.emoji_fires() {
            true
        } else {
            run_step(step, work, tables)
        };
        if fired {
            done.add(step);
            planner.fired(step, change_of(step, lowered, work, tables));
        }
    }
    done
}

/// What is known of the change `step` just made (`lowered`: case folding only lowered
/// ASCII capitals), for the plan to know what it may have reopened.
fn change_of(step: Step, lowered: bool, work: &Work, tables: &Tables) -> plan::Change {
    if lowered {
        plan::Change::LoweredCapitals
    } else if step == Step::Accents {
        accents_change(work, tables)
    } else {
        plan::Change::Any
    }
}

/// [`change_of`] the `accents` step.  Out of line: inlined, it made the loop over the
/// steps (`fold_round`) cost some ten instructions more a step for every comment.
#[inline(never)]
fn accents_change(work: &Work, tables: &Tables) -> plan::Change {
    match &work.folded_at {
        Some(at) => plan::Change::FoldedClean {
            run_made: plan::stretched_near(work.text(), at, tables),
            leet_put_in: tables.leet_letter_or_apostrophe(),
        },
        None => plan::Change::Any,
    }
}

/// Every step `config` enables, each asking its own question: what [`normalize_with`]
/// gives, without the plan (the property tests compare the two).
#[doc(hidden)]
pub fn normalize_every_step(text: &[Cp], config: Config, tables: &Arc<Tables>) -> Normalized {
    let mut work = Work::new(text);
    let done = in_rounds(&mut work, |work| {
        let on = Step::ALL.into_iter().filter(|&step| config.has(step));
        let mut fired = Fired::default();
        for step in on.filter(|&step| run_step(step, work, tables)) {
            fired.add(step);
        }
        fired
    });
    let given = (work.text() != text).then(|| text.to_vec());
    finish(given, work, done, config, tables, &mut Scratch::default())
}

// Out of line: one call a comment, and inlined it changed how the fragments' steps
// (`score_normalized_tokens`) were inlined, for more instructions a tweet.
#[inline(never)]
fn finish(
    given: Option<Vec<Cp>>,
    mut work: Work,
    done: Fired,
    config: Config,
    tables: &Arc<Tables>,
    scratch: &mut Scratch,
) -> Normalized {
    let mut steps = scratch::take(&mut scratch.fired);
    steps.extend(done.iter());
    let text = work.take_text();
    scratch::keep(&mut scratch.spare_text, work.spare);
    Normalized {
        given,
        text,
        steps,
        layers: work.layers,
        stretched: work.stretched,
        emoji: config.has(Step::Emoji),
        tables: tables.clone(),
    }
}

#[cfg(test)]
mod layer_tests {
    use super::{normalize, normalize_owned, Config, Layer, Tables};
    use proptest::prelude::*;

    proptest! {
        /// Texts folded in turn in one scratch, each given back before the next (as a
        /// batch folds its comments: a step's output written into the spare the one
        /// before left, the roomier of the text and the spare taken for the text), fold
        /// as each alone: nothing a text left in the room is read by the next.
        #[test]
        fn texts_folded_in_one_scratch_fold_as_each_alone(
            texts in proptest::collection::vec(
                "[a-cA-C1@$ .*_'\u{e9}\u{e8}\u{153}\u{2019}\u{301}\u{2bc}\u{1f595}]{0,30}",
                1..6,
            ),
        ) {
            let tables = Tables::shared();
            let mut room = crate::scratch::Scratch::default();
            for text in &texts {
                let cps: Vec<u32> = text.chars().map(u32::from).collect();
                let alone = normalize(&cps, Config::default());
                let kept = super::normalize_in(&cps, Config::default(), &tables, &mut room);
                prop_assert_eq!(&kept.text, &alone.text);
                prop_assert_eq!(&kept.given, &alone.given);
                prop_assert_eq!(&kept.steps, &alone.steps);
                prop_assert_eq!(&kept.layers, &alone.layers);
                prop_assert_eq!(&kept.stretched, &alone.stretched);
                kept.give_back(&mut room);
            }
        }

        /// The text handed over folds as the text lent: the same fold, the same text as
        /// given (kept only when folding changed it), whichever steps are on.
        #[test]
        fn a_text_handed_over_folds_as_one_lent(
            text in "[a-cA-C1@$ .*_\u{301}\u{fb01}\u{ff41}\u{1f595}\u{1f3ff}]{0,40}",
            config in 0u16..(1 << 11),
        ) {
            let cps: Vec<u32> = text.chars().map(u32::from).collect();
            let lent = normalize(&cps, Config(config));
            let owned = normalize_owned(cps.clone(), Config(config), &Tables::shared());
            prop_assert_eq!(&owned.text, &lent.text);
            prop_assert_eq!(&owned.given, &lent.given);
            prop_assert_eq!(owned.original(), &cps[..]);
            prop_assert_eq!(&owned.steps, &lent.steps);
            prop_assert_eq!(&owned.layers, &lent.layers);
            prop_assert_eq!(&owned.stretched, &lent.stretched);
        }

        /// Normalising is idempotent, the cases a later step reopens an earlier one
        /// included: a letter joined, folded or squeezed next to a leet character or a
        /// stand-alone letter (`g a s 0$`, `@ƕŉ`, `p l z'ć😂`, `f@z-d.o.v`, found by a
        /// randomised run of the scorer: one round gave `gaso$`, a second `gasos`).
        #[test]
        fn normalising_twice_changes_nothing(
            text in "([a-z]|[ .'@$0134-]|[ƕŉćĺ\u{301}ѕо]|\u{1f602}|g a s 0\\$|f@z-d\\.o\\.v){0,16}",
        ) {
            let cps: Vec<u32> = text.chars().map(u32::from).collect();
            let once = normalize(&cps, Config::ALL);
            let twice = normalize(&once.text, Config::ALL);
            prop_assert_eq!(&twice.text, &once.text, "{:?}", text);
        }

        /// The words of an ASCII text read as spans of it are those its tokens' characters
        /// spell (the copy [`Normalized::token_columns`] makes of any other text), an
        /// emoji's name among them when the text is not ASCII; the places and kinds are
        /// the raw tokens' (an ASCII text's lists are filled a list at a time,
        /// `fill_ascii_tokens`).
        #[test]
        fn words_read_in_place_are_the_tokens_spelled(
            text in "([a-zA-Z0-9 .,'@#*+%:/_-]|https?://w\\.co|\u{1f602}|\u{e9}){0,40}",
            config in prop_oneof![Just(Config::ALL), Just(Config::default()), Just(Config(0))],
        ) {
            let cps: Vec<u32> = text.chars().map(u32::from).collect();
            let n = normalize(&cps, config);
            let columns = n.token_columns();
            let spelled: Vec<String> = columns
                .starts
                .iter()
                .zip(&columns.ends)
                .zip(&columns.kinds)
                .map(|((&a, &b), &kind)| match kind {
                    super::TokenKind::Emoji => super::emoji_name(&n.text[a..b]),
                    _ => n.text[a..b].iter().map(|&c| char::from_u32(c).unwrap_or('\u{fffd}')).collect(),
                })
                .collect();
            prop_assert_eq!(columns.words.to_vec(), spelled);
            let places: Vec<(usize, usize, super::TokenKind)> = n
                .raw_tokens()
                .into_iter()
                .filter(|&(_, _, kind)| n.emoji || kind != super::TokenKind::Emoji)
                .collect();
            let listed: Vec<(usize, usize, super::TokenKind)> = columns
                .starts
                .iter()
                .zip(&columns.ends)
                .zip(&columns.kinds)
                .map(|((&a, &b), &kind)| (a, b, kind))
                .collect();
            prop_assert_eq!(listed, places);
        }

        /// Spans mapped back together give what each gives alone: a text's tokens (sorted)
        /// and any spans at all (unsorted, empty, past the text).
        #[test]
        fn spans_mapped_together_map_as_alone(
            text in "[a-cA-C1@$ .*_\u{301}\u{fb01}\u{ff41}]{0,40}",
            extra in proptest::collection::vec((0usize..50, 0usize..50), 0..20),
        ) {
            let cps: Vec<u32> = text.chars().map(u32::from).collect();
            let n = normalize(&cps, Config::ALL);
            let tokens: Vec<(usize, usize)> =
                n.raw_tokens().into_iter().map(|(a, b, _)| (a, b)).collect();
            for spans in [tokens, extra] {
                let alone: Vec<_> = spans.iter().map(|&(a, b)| n.to_original(a, b)).collect();
                prop_assert_eq!(n.to_original_sorted(&spans), alone);
            }
        }


        /// A run of one emoji takes the kind of the emoji before it: every token's kind is
        /// what `token_kind` gives it alone.
        #[test]
        fn each_token_has_the_kind_it_has_alone(
            text in "(🖕|🖕🏿|😂|#\u{fe0f}\u{20e3}|1|#|a| |🇫🇷|é){0,30}",
        ) {
            let cps: Vec<u32> = text.chars().map(u32::from).collect();
            let n = normalize(&cps, Config::ALL);
            let ascii = n.text.iter().all(|&c| c < 0x80);
            let mut numbers = super::tokens::NumberMemo::default();
            for (a, b, kind) in n.raw_tokens() {
                let alone = super::tokens::token_kind(&n.text, a, b, ascii, &mut numbers);
                prop_assert_eq!(kind, alone);
            }
        }

        /// A word the scanner's word alternative matched takes the kind `token_kind`
        /// gives it (`tokens::Span`), in texts of ASCII, in texts beyond it, and
        /// among the tokens that look most like words: numbers, mentions, hashtags,
        /// URLs, e-mail addresses, elisions, emoji.
        #[test]
        fn a_word_has_the_kind_token_kind_gives(
            text in "([a-z0-9]|[ @#*'+.:/%_-]|http://a|www\\.|l'|1\\.5|é|\u{301}|😂|🖕🏿){0,30}",
        ) {
            let cps: Vec<u32> = text.chars().map(u32::from).collect();
            for n in [normalize(&cps, Config::ALL), normalize(&cps, Config(0))] {
                let ascii = n.text.iter().all(|&c| c < 0x80);
                let mut numbers = super::tokens::NumberMemo::default();
                for (a, b, kind) in n.raw_tokens() {
                    let alone = super::tokens::token_kind(&n.text, a, b, ascii, &mut numbers);
                    prop_assert_eq!(kind, alone, "{:?} {}..{}", text, a, b);
                }
            }
        }

        #[test]
        fn the_blocks_answer_like_the_plain_search(
            gaps in proptest::collection::vec((0usize..90, 0usize..4, 0usize..4), 0..200),
            extra in 0usize..300,
        ) {
            // Sorted, disjoint edits in output coordinates, and their old spans.
            let mut layer = Layer::default();
            let (mut new, mut old) = (0, 0);
            for (gap, new_len, old_len) in gaps {
                new += gap;
                old += gap;
                layer.new_starts.push(new);
                layer.new_ends.push(new + new_len);
                layer.old_starts.push(old);
                layer.old_ends.push(old + old_len);
                new += new_len;
                old += old_len;
            }
            let len = new + extra;
            let plain = layer.clone();
            layer.index_from(len, 0);
            prop_assert!(!layer.blocks.is_empty());
            // Positions past the output too: the table's edge.
            for pos in 0..len + 200 {
                prop_assert_eq!(layer.back(pos, false), plain.back(pos, false));
                prop_assert_eq!(layer.back(pos, true), plain.back(pos, true));
            }
        }
    }
}
