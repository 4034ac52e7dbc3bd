//! Answers about words kept for one batch of comments on one thread.
//!
//! Comments follow Zipf's law: a batch (`score_many`, a backlog, the throughput
//! benchmark) asks the lexicon about the same few thousand words again and again, and
//! most of them are no entry at all.  Some answers about a token are pure functions of
//! the token's word given the (immutable) lexicon, and of nothing else in the comment:
//!
//! * the lookup of a word ([`Lexicon::lookup_hashed`]): it reads only the lexicon's
//!   tables (index, possessives, typo forms, leet table, stems, masked forms, squeezed
//!   forms and the pack words, which are worked out on first use but always the same).
//!   A word stretched (`stretched` true: its squeezed forms asked too) and the same word
//!   not stretched are two questions: the first is kept under the word's print mixed
//!   with `STRETCHED`, a key of its own;
//! * the segmenter's gate ([`Lexicon::may_segment_print`]): the word's length, the
//!   general word lists and the pack words; its `lead` only orders the lists asked
//!   (`Segmenter::knows_print_led`), it does not change the answer;
//! * the segmenter's meaning gate of a word of plain letters typed whole
//!   (`MeaningGate::holds_a_form` of its letters, asked by `Lexicon::split_token` and,
//!   for a word only other languages know, by `Lexicon::foreign_pieces`): the word's
//!   letters and the packs' forms;
//! * whether the word is a trigger (`Lexicon::triggers`, asked by the quick reject):
//!   the trigger set alone.
//!
//! Answers that depend on the comment's other words (its languages, the typo forms read
//! by language, the splits read in the comment's languages, phrases) are not kept here.
//!
//! A [`BatchMemo`] lives on one worker thread for one batch, handed down to each
//! comment's scan; the [`Lexicon`] stays immutable and shared.  A comment scored alone
//! uses [`BatchMemo::off`], which keeps nothing.  It carries the batch's [`Scratch`]
//! too, the comment's working buffers (their room, never their contents) handed from
//! one comment to the next on the same thread.
//!
//! Bounds: at most [`MOST_WORDS`] words and [`MOST_BYTES`] bytes of words, none longer
//! than [`LONGEST_WORD`] bytes and none empty; once full, the memo keeps what it has
//! (the words a batch repeats most are nearly all met early) and new words are worked
//! out afresh.  Keyed by the word's print (the hash the scan worked out anyway): one
//! word a print, so words crafted to share a print cost one comparison each, never a
//! chain.  The table is [`super::memo_slots`]'s: a word's answers in one line, which
//! the scan asks for before it reads them ([`BatchMemo::prefetch`]).

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

use super::memo_slots::{Kept, Place, Question, SlotTable};
use super::{step_name, step_place, Found, Lexicon};
use crate::scratch::Scratch;
use crate::segment::Print;

/// The most words one batch keeps.
pub const MOST_WORDS: usize = 1 << 15;
/// The most bytes of words one batch keeps.
pub const MOST_BYTES: usize = 1 << 19;
/// Longer words are not kept: they seldom repeat (junk, glued runs), and keeping them
/// would use the bytes the frequent short words need.
pub const LONGEST_WORD: usize = 48;

/// The most words a memo has room for from the start: a batch of a few thousand tweets
/// meets about 7,000 distinct words, and growing the map to them moved every word kept
/// about twice (a third of a million instructions for 2,000 tweets).  16,384 slots of 32
/// bytes (at most three quarters full: `memo_slots`), 512 kB a thread, made once a batch.
const FIRST_WORDS: usize = 7 * 1024;
/// The bytes of words a memo has room for from the start (about seven a word).
const FIRST_BYTES: usize = 1 << 16;
/// The distinct words a batch's comment brings, as room is made for them (2,000
/// Davidson tweets meet some 7,000): a batch of a few comments (a creator's bulk action,
/// a request of the server) makes room for what it needs, not for a backlog.
const WORDS_A_COMMENT: usize = 4;

/// What a stretched word's print is mixed with to key its lookup, kept apart from the
/// word's lookup not stretched.  Another word whose print falls there is compared and
/// worked out afresh, like any two words of one print.
const STRETCHED: u64 = 0x5bd1_e995_7f4a_7c15;

/// A lookup's step not worked out yet (a word kept for the gate first).
const NO_STEP: u8 = u8::MAX;
/// A seed for a memo's slots, drawn from the process's random keys: a print is a
/// polynomial hash with a known base, so a batch could be crafted whose words' prints
/// fall in one run of slots under an unseeded mix, and make every probe long; with a
/// seed unknown to the typist, it cannot.
fn drawn_seed() -> u64 {
    RandomState::new().hash_one(0x9e37_79b9_u64) | 1
}

/// A batch's answers about its words (see the module doc).  Not shared between threads.
#[derive(Default)]
pub struct BatchMemo {
    /// No slots: the memo that keeps nothing ([`BatchMemo::off`]).
    slots: SlotTable,
    /// The language whose word list the segmenter's gate asked first when it last
    /// found a word ([`Lexicon::may_segment_print`]'s `lead`): a batch's comments are
    /// mostly of one language.  It orders the lists asked, never the answer.
    pub(crate) lead: usize,
    /// Every kept word's bytes, one after another.
    bytes: String,
    /// The working buffers of the thread's comments ([`Scratch`]: each comment's are
    /// cleared; only their room is kept, within its bound).
    pub scratch: Scratch,
}

impl BatchMemo {
    /// A memo for a batch of `comments` comments, with room made from the start for the
    /// words they are likely to bring (`WORDS_A_COMMENT`, at most `FIRST_WORDS`);
    /// it grows past that as any map does.
    pub fn for_comments(comments: usize) -> BatchMemo {
        let words = comments.saturating_mul(WORDS_A_COMMENT).min(FIRST_WORDS);
        BatchMemo {
            slots: SlotTable::with_room(words, drawn_seed()),
            lead: 0,
            bytes: String::with_capacity(FIRST_BYTES * words / FIRST_WORDS),
            scratch: Scratch::default(),
        }
    }

    /// A memo that keeps nothing: each answer is worked out afresh (a comment scored
    /// alone).
    pub fn off() -> BatchMemo {
        BatchMemo::default()
    }

    /// Whether the memo keeps answers (false: [`BatchMemo::off`]).
    #[inline]
    pub fn is_on(&self) -> bool {
        self.slots.has_room()
    }

    /// Ask for the line where the word of this print is kept, or would be (a hint:
    /// [`crate::prefetch`]).
    #[inline]
    pub fn prefetch(&self, print: u64) {
        self.slots.prefetch(print);
    }

    /// Whether no word is kept.
    pub fn is_empty(&self) -> bool {
        self.slots.len() == 0
    }

    /// The lookup of `word` (`print`: its [`super::word_hash`], mixed with
    /// `STRETCHED` for a stretched word's): the one kept, or `make()`'s, kept when
    /// there is room; with the word's gate when it is known already (the scan hands it
    /// to the segmenter: one probe for both).  `make` must be
    /// `lex.lookup_hashed(word, hash, stretched)` of that word's hash and stretch, or
    /// give what it gives.
    #[inline]
    pub fn lookup_or(
        &mut self,
        word: &str,
        print: u64,
        make: impl FnOnce() -> Found,
    ) -> (Found, Option<bool>) {
        let read = |k: &Kept| (k.step != NO_STEP).then(|| (k.look, step_name(k.step)));
        let write = |k: &mut Kept, found: Found| (k.look, k.step) = (found.0, step_place(found.1));
        self.answer(word, print, read, write, make)
    }

    /// [`BatchMemo::lookup_or`] with the word's gate ([`Lexicon::may_segment_print`]):
    /// a word new to the memo has both worked out, `make()` and `gate()`, and kept
    /// together, so that the segmenter, which asks every word's gate after its lookup,
    /// finds it in the scan's answer and does not probe the memo again for it.
    #[inline]
    pub fn lookup_gate_or(
        &mut self,
        word: &str,
        print: u64,
        make: impl FnOnce() -> Found,
        gate: impl FnOnce() -> bool,
    ) -> (Found, Option<bool>) {
        type Both = (Found, Option<bool>);
        let read = |k: &Kept| (k.step != NO_STEP).then(|| ((k.look, step_name(k.step)), None));
        let write = |k: &mut Kept, (found, may): Both| {
            (k.look, k.step) = (found.0, step_place(found.1));
            if let (Some(may), None) = (may, k.answers.get(Question::Gate)) {
                k.answers.set(Question::Gate, may);
            }
        };
        let both = || -> Both { (make(), Some(gate())) };
        let ((found, made), kept) = self.answer(word, print, read, write, both);
        (found, kept.or(made))
    }

    /// The segmenter's gate for `word` ([`Lexicon::may_segment_print`]; `print`: its
    /// print's value): the answer kept, or `make()`'s, kept when there is room.
    #[inline]
    pub fn gate_or(&mut self, word: &str, print: u64, make: impl FnOnce() -> bool) -> bool {
        self.yes_or_no(Question::Gate, word, print, make)
    }

    /// The segmenter's meaning gate for `word`, a word of plain letters (`print`: its
    /// print's value): the answer kept, or `make()`'s, kept when there is room.
    /// `make` must be the gate of the word's letters (a function of them alone).
    #[inline]
    pub fn meaning_or(&mut self, word: &str, print: u64, make: impl FnOnce() -> bool) -> bool {
        self.yes_or_no(Question::Meaning, word, print, make)
    }

    /// Whether `word` is one of the lexicon's triggers (`print`: its print's value): the
    /// answer kept, or `make()`'s, kept when there is room.  The quick reject asks it of
    /// a comment's words up to the first trigger, before the scan looks them up: the
    /// words a batch repeats are then answered from the memo's line (which the scan
    /// reads next) rather than from the trigger table's, a line of its own each.
    /// `make` must be `lex.triggers.contains_hashed(word, print)`.
    #[inline]
    pub fn trigger_or(&mut self, word: &str, print: u64, make: impl FnOnce() -> bool) -> bool {
        self.yes_or_no(Question::Trigger, word, print, make)
    }

    /// The answer to `question` about `word`: the one kept, or `make()`'s, kept when
    /// there is room.
    #[inline]
    fn yes_or_no(
        &mut self,
        question: Question,
        word: &str,
        print: u64,
        make: impl FnOnce() -> bool,
    ) -> bool {
        let read = |k: &Kept| k.answers.get(question);
        let write = |k: &mut Kept, yes: bool| k.answers.set(question, yes);
        self.answer(word, print, read, write, make).0
    }

    /// One answer about `word`: `read` from what is kept, or `make()`'s, then `write`n
    /// into the word's place (made when there is room); and the word's gate as kept
    /// (once written: `write` may keep it too).  One probe of the map either way.
    #[inline]
    fn answer<T: Copy>(
        &mut self,
        word: &str,
        print: u64,
        read: impl FnOnce(&Kept) -> Option<T>,
        write: impl FnOnce(&mut Kept, T),
        make: impl FnOnce() -> T,
    ) -> (T, Option<bool>) {
        let gate = |k: &Kept| k.answers.get(Question::Gate);
        match self.slots.place(print) {
            Place::Held(at) => {
                if !self.slots.holds(at, &self.bytes, word) {
                    return (make(), None); // another word of the same print: never kept
                }
                let k = self.slots.kept_mut(at);
                if let Some(got) = read(k) {
                    return (got, gate(k));
                }
                let got = make();
                write(k, got);
                (got, gate(k))
            }
            Place::Vacant(at) => {
                let got = make();
                // Once full, the memo is asked, never grown.
                if self.slots.len() >= MOST_WORDS {
                    return (got, None);
                }
                if let Some((start, len)) = keep(&mut self.bytes, word) {
                    let mut k = Kept {
                        at: start,
                        len,
                        step: NO_STEP,
                        answers: Default::default(),
                        look: None,
                    };
                    write(&mut k, got);
                    let known = gate(&k);
                    self.slots.insert(at, print, word, k);
                    return (got, known);
                }
                (got, None)
            }
            Place::Nowhere => (make(), None),
        }
    }
}

/// `word`'s bytes added to the memo's (their place and length), when it is short enough
/// and the memo has room for it.
fn keep(bytes: &mut String, word: &str) -> Option<(u32, u8)> {
    let len = word.len();
    // No empty word: its slot would read as empty (`memo_slots::EMPTY`).
    if len == 0 || len > LONGEST_WORD || bytes.len() + len > MOST_BYTES {
        return None;
    }
    let at = u32::try_from(bytes.len()).ok()?;
    bytes.push_str(word);
    Some((at, len as u8))
}

impl Lexicon {
    /// [`Lexicon::lookup_hashed`] through a batch's memo.  A stretched word's lookup
    /// (its squeezed forms tried, the costliest lookup there is: some 5,000 instructions
    /// a tweet's) is kept under its own key (`STRETCHED`), and comes with no gate.
    ///
    /// A word not stretched that is new to the memo has its segmenter's gate worked out
    /// and kept with its lookup ([`BatchMemo::lookup_gate_or`]; `print`: the word's).
    #[inline]
    pub fn lookup_memo(
        &self,
        memo: &mut BatchMemo,
        word: &str,
        print: Print,
        long: bool,
    ) -> (Found, Option<bool>) {
        self.lookup_memo_valued(memo, word, print, print.value(), long, true, &mut 0)
    }

    /// [`Lexicon::lookup_memo`] with the print's value worked out already (`hash`:
    /// `print.value()`, which the scan has in hand: worked out again here, it was not
    /// shared with the scan's, some twenty instructions a token).  `gated`: whether a
    /// word new to the memo has its gate worked out too (false for a token the
    /// segmenter does not read, a mention or a link: the gate kept, if any, is still
    /// given).  `lead`: the language whose word list the gate asks first, the last
    /// that listed a word ([`Lexicon::may_segment_print`]; it orders the lists asked,
    /// not the answer).
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub fn lookup_memo_valued(
        &self,
        memo: &mut BatchMemo,
        word: &str,
        print: Print,
        hash: u64,
        long: bool,
        gated: bool,
        lead: &mut usize,
    ) -> (Found, Option<bool>) {
        debug_assert_eq!(hash, print.value());
        if !long && !gated {
            return memo.lookup_or(word, hash, || self.lookup_hashed(word, hash, false));
        }
        if long {
            let (found, _) = memo.lookup_or(word, hash ^ STRETCHED, || {
                self.lookup_hashed(word, hash, true)
            });
            return (found, None);
        }
        memo.lookup_gate_or(
            word,
            hash,
            || self.lookup_hashed(word, hash, false),
            || self.may_segment_print(word, print, lead),
        )
    }
}
