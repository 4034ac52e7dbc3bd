//! The batch memo's table: a word's print -> what is kept of it ([`Kept`]), open
//! addressing over slots of 32 bytes, two to a cache line.
//!
//! Why not a `HashMap`: every token of a batch asks the memo once, and a batch of
//! thousands of comments keeps tens of thousands of words, a table past the size of the
//! second-level cache.  A `HashMap` probe reads a group of control bytes, then the
//! entry, then the kept word's bytes to compare: three lines, each a likely miss for
//! all but the most frequent words.  Here a slot holds the print, the word's first eight
//! bytes and its answers, so a word of up to eight bytes (most words) is answered from
//! its one line; and a comment's lines can be asked for before they are read
//! ([`SlotTable::prefetch`], [`crate::prefetch`]), which a `HashMap` gives no place for.
//!
//! Invariants: the slots are empty (no table) or a power of two of them, never more
//! than three quarters used, so a probe always meets an empty slot; a print is in at
//! most one slot; an empty slot has `len == EMPTY` (0: no empty word is kept).  The home slot comes from the print
//! mixed with a seed drawn for each memo: a batch crafted so that its words' prints
//! share slots would need the seed.

use super::Look;
use crate::prefetch::prefetch;

/// The `len` of an empty slot: the memo keeps no empty word (`batch.rs`'s `keep`), and
/// a table of empty slots is all zero bytes.
const EMPTY: u8 = 0;

/// What is known of one word: where its bytes are, its lookup and its yes-or-no
/// answers.
#[derive(Clone, Copy)]
pub(super) struct Kept {
    pub at: u32,
    pub len: u8,
    /// The lookup's step as a place in [`super::STEPS`], or `NO_STEP`.
    pub step: u8,
    pub answers: Answers,
    pub look: Option<Look>,
}

/// A yes-or-no question the memo keeps the answer to (`batch.rs` says what each is);
/// its value is where its two bits stand in [`Answers`].
#[derive(Clone, Copy)]
pub(super) enum Question {
    /// The segmenter's gate.
    Gate = 0,
    /// The segmenter's meaning gate.
    Meaning = 2,
    /// Whether the word is a trigger.
    Trigger = 4,
}

/// The answers to every [`Question`] about one word, two bits each in one byte (the
/// slot has no byte to spare): 0 not worked out yet, 1 no, 2 yes.  All zero, as a new
/// word's and an empty slot's, is nothing worked out.
#[derive(Clone, Copy, Default)]
pub(super) struct Answers(u8);

impl Answers {
    /// The answer to `question`, if worked out.
    #[inline]
    pub fn get(self, question: Question) -> Option<bool> {
        match self.0 >> question as u8 & 3 {
            1 => Some(false),
            2 => Some(true),
            _ => None,
        }
    }

    /// Keep `answer` to `question`.
    #[inline]
    pub fn set(&mut self, question: Question, answer: bool) {
        let at = question as u8;
        self.0 = self.0 & !(3 << at) | (1 + u8::from(answer)) << at;
    }
}

/// One slot: the print, the word's first bytes (zero after its end) and its answers.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    print: u64,
    head: u64,
    kept: Kept,
}

const VACANT: Slot = Slot {
    print: 0,
    head: 0,
    kept: Kept {
        at: 0,
        len: EMPTY,
        step: 0,
        answers: Answers(0),
        look: None,
    },
};

/// The first eight bytes of `word`, zero after its end, as one number.
#[inline]
pub(super) fn head_of(word: &[u8]) -> u64 {
    match word.first_chunk::<8>() {
        Some(first) => u64::from_le_bytes(*first),
        None => {
            let mut first = [0u8; 8];
            first[..word.len()].copy_from_slice(word);
            u64::from_le_bytes(first)
        }
    }
}

/// The memo's slots (see the module doc).
#[derive(Default)]
pub(super) struct SlotTable {
    slots: Vec<Slot>,
    used: usize,
    seed: u64,
    /// 64 less the bits of a slot's number: a mixed print shifted right by it is a
    /// slot (worked out once a table, not at every probe).
    shift: u32,
}

/// Where a print is: the slot holding it, or the empty slot it would take.
pub(super) enum Place {
    Held(usize),
    Vacant(usize),
    /// A table with no slots: the memo that keeps nothing (`BatchMemo::off`).
    Nowhere,
}

impl SlotTable {
    /// A table with room for `words` words before it first grows.
    pub fn with_room(words: usize, seed: u64) -> SlotTable {
        let size = Self::slots_for(words);
        SlotTable {
            slots: vec![VACANT; size],
            used: 0,
            seed,
            shift: 64 - size.trailing_zeros(),
        }
    }

    /// The slots that hold `words` at most three quarters full (a power of two).
    fn slots_for(words: usize) -> usize {
        (words.saturating_mul(4) / 3 + 1)
            .next_power_of_two()
            .max(16)
    }

    /// Whether the table has slots (a memo that keeps nothing has none).
    #[inline]
    pub fn has_room(&self) -> bool {
        !self.slots.is_empty()
    }

    /// How many words are kept.
    #[inline]
    pub fn len(&self) -> usize {
        self.used
    }

    /// The home slot of `print`: the top bits of the print mixed with the seed (one
    /// xor and one multiply; the top bits of a product depend on every bit).
    #[inline]
    fn home(&self, print: u64) -> usize {
        let mixed = (print ^ self.seed).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (mixed >> self.shift) as usize
    }

    /// Ask for the line of `print`'s home slot (a hint: [`crate::prefetch`]).
    #[inline]
    pub fn prefetch(&self, print: u64) {
        if !self.slots.is_empty() {
            prefetch(&self.slots, self.home(print));
        }
    }

    /// Where `print` is.
    #[inline]
    pub fn place(&self, print: u64) -> Place {
        if self.slots.is_empty() {
            return Place::Nowhere;
        }
        let mask = self.slots.len() - 1;
        let mut at = self.home(print);
        // Ends: at most three quarters of the slots are used.
        loop {
            let slot = &self.slots[at];
            if slot.kept.len == EMPTY {
                return Place::Vacant(at);
            }
            if slot.print == print {
                return Place::Held(at);
            }
            at = (at + 1) & mask;
        }
    }

    /// Whether the slot `at` (held) keeps `word`: its length and first bytes, then the
    /// rest from `bytes` (where the memo keeps every word) for a longer word.
    #[inline]
    pub fn holds(&self, at: usize, bytes: &str, word: &str) -> bool {
        let slot = &self.slots[at];
        let (len, word) = (usize::from(slot.kept.len), word.as_bytes());
        if len != word.len() {
            return false;
        }
        // Compared in place (`equal_bytes`), not by making the word's head: a short
        // word's head is a copy of a few bytes of unknown length, a call to `memcpy`.
        let head = slot.head.to_le_bytes();
        if len <= 8 {
            return equal_bytes(&head[..len], word);
        }
        let start = slot.kept.at as usize;
        let kept = bytes.as_bytes().get(start..start + len).unwrap_or_default();
        word.first_chunk::<8>() == Some(&head) && equal_bytes(kept, word)
    }

    /// The answers kept in slot `at` (held).
    #[inline]
    pub fn kept_mut(&mut self, at: usize) -> &mut Kept {
        &mut self.slots[at].kept
    }

    /// Keep `word` (`print`, its answers `kept`) in the vacant slot `at` that
    /// [`SlotTable::place`] gave, growing the table when it becomes too full.
    pub fn insert(&mut self, at: usize, print: u64, word: &str, kept: Kept) {
        debug_assert!(kept.len != EMPTY && usize::from(kept.len) == word.len());
        debug_assert!(self.slots[at].kept.len == EMPTY);
        self.slots[at] = Slot {
            print,
            head: head_of(word.as_bytes()),
            kept,
        };
        self.used += 1;
        if self.used * 4 > self.slots.len() * 3 {
            self.grow();
        }
    }

    /// Twice the slots, every kept word placed again.
    fn grow(&mut self) {
        let twice = vec![VACANT; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, twice);
        self.shift -= 1;
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.kept.len != EMPTY) {
            let mut at = self.home(slot.print);
            while self.slots[at].kept.len != EMPTY {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }
}

/// Whether two byte strings are equal, a short one compared in place: a word the memo
/// answers is asked this once a token, and most are a few bytes long, where a call to
/// `memcmp` (what `==` of two slices makes) cost more than the comparison.  Up to 16
/// bytes, two loads a side that overlap cover every byte: the first and the last four
/// (or eight) bytes, or for fewer than four bytes the first, middle and last one.
#[inline]
fn equal_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let four = |s: &[u8]| {
        let head = s.first_chunk::<4>().map(|c| u32::from_ne_bytes(*c));
        let tail = s.last_chunk::<4>().map(|c| u32::from_ne_bytes(*c));
        (head, tail)
    };
    let eight = |s: &[u8]| {
        let head = s.first_chunk::<8>().map(|c| u64::from_ne_bytes(*c));
        let tail = s.last_chunk::<8>().map(|c| u64::from_ne_bytes(*c));
        (head, tail)
    };
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=8 => four(a) == four(b),
        9..=16 => eight(a) == eight(b),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn equal_bytes_is_slice_equality() {
        // Every length up to past the in-place cases, each byte changed in turn: the
        // overlapping loads must see a difference wherever it is.
        for n in 0..40usize {
            let a: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
            assert!(equal_bytes(&a, &a.clone()));
            for at in 0..n {
                let mut b = a.clone();
                b[at] ^= 0x20;
                assert!(!equal_bytes(&a, &b), "length {n}, byte {at}");
            }
            let mut longer = a.clone();
            longer.push(b'z');
            assert!(!equal_bytes(&a, &longer));
        }
    }

    fn kept(at: u32, len: usize, step: u8) -> Kept {
        Kept {
            at,
            len: len as u8,
            step,
            answers: Answers::default(),
            look: None,
        }
    }

    #[test]
    fn a_slot_is_half_a_cache_line() {
        assert_eq!(std::mem::size_of::<Slot>(), 32);
        assert_eq!(std::mem::align_of::<Slot>(), 32);
    }

    #[test]
    fn heads_are_the_first_bytes_zero_padded() {
        assert_eq!(head_of(b""), 0);
        assert_eq!(head_of(b"a"), u64::from(b'a'));
        assert_eq!(head_of(b"abcdefghij"), head_of(b"abcdefgh"));
        assert_ne!(head_of(b"ab"), head_of(b"ab\0c"));
    }

    #[test]
    fn words_kept_are_found_again_through_growth_and_shared_prints() {
        // Words of one print each, and pairs sharing one (a crafted collision): the
        // table keeps one word a print; the other is told apart by its bytes.
        let words: Vec<String> = (0..5_000)
            .map(|i| format!("w{i}x{}", "y".repeat(i % 13)))
            .collect();
        let mut bytes = String::new();
        let mut table = SlotTable::with_room(10, 0x1234_5678_9abc_def1);
        for (i, word) in words.iter().enumerate() {
            let print = (i as u64 / 2).wrapping_mul(0x2545_f491_4f6c_dd1d);
            match table.place(print) {
                Place::Vacant(at) => {
                    let start = bytes.len() as u32;
                    bytes.push_str(word);
                    table.insert(at, print, word, kept(start, word.len(), (i % 200) as u8));
                }
                Place::Held(at) => {
                    assert_eq!(i % 2, 1, "only the second word of a print finds it held");
                    assert!(!table.holds(at, &bytes, word));
                    assert!(table.holds(at, &bytes, &words[i - 1]));
                }
                Place::Nowhere => unreachable!("a table with room has slots"),
            }
        }
        assert_eq!(table.len(), 2_500);
        assert!(table.slots.len().is_power_of_two() && table.len() * 4 <= table.slots.len() * 3);
        for (i, word) in words.iter().enumerate().step_by(2) {
            let print = (i as u64 / 2).wrapping_mul(0x2545_f491_4f6c_dd1d);
            let Place::Held(at) = table.place(print) else {
                panic!("{word} kept, not found");
            };
            assert!(table.holds(at, &bytes, word));
            assert_eq!(table.kept_mut(at).step, (i % 200) as u8);
        }
    }

    #[test]
    fn each_question_keeps_its_own_answer() {
        // Every order of setting the three, each to either answer, and set again: each
        // reads back what was last set of it, and the others what they were.
        let questions = [Question::Gate, Question::Meaning, Question::Trigger];
        for bits in 0..8u8 {
            let mut answers = Answers::default();
            assert!(questions.iter().all(|&q| answers.get(q).is_none()));
            for (k, &q) in questions.iter().enumerate() {
                answers.set(q, bits >> k & 1 == 1);
                for (j, &other) in questions.iter().enumerate() {
                    let expected = (j <= k).then_some(bits >> j & 1 == 1);
                    assert_eq!(
                        answers.get(other),
                        expected,
                        "bits {bits}, set {k}, read {j}"
                    );
                }
            }
            answers.set(Question::Meaning, bits & 2 == 0);
            assert_eq!(answers.get(Question::Meaning), Some(bits & 2 == 0));
            assert_eq!(answers.get(Question::Gate), Some(bits & 1 == 1));
            assert_eq!(answers.get(Question::Trigger), Some(bits & 4 == 4));
        }
    }

    #[test]
    fn an_empty_table_places_nothing() {
        let table = SlotTable::default();
        assert!(matches!(table.place(7), Place::Nowhere));
        table.prefetch(7);
    }
}
