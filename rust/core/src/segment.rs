//! Segmentation: glued and respaced letter runs (`youbitch`, `stupidbitch`, the
//! `s t u p i d b i t c h` the normaliser joins) and hashtags (`#stupidbitch`,
//! `#pervert`, `#loser2024`) read as the words they are made of.
//!
//! A token is split only when it is no word itself (neither an entry of the packs nor a
//! word of a language's general list; a hashtag is always read), when the split covers all of its letters with
//! known words of **one** language (the general list of that language, or any key of
//! the packs), and when at least one piece is a term.  So `class`, `assassin`,
//! `cocktail`, `therapist` and `constitution`, which are words, are never split, and
//! `Scunthorpe`, which is not, finds no cover (`horpe` is no word).
//!
//! A word that only languages the comment's function words leave out know (the Spanish
//! `tuerce` of a French "je vais tuerce ...") is split in the voted languages, into
//! words of their lists only ([`Lexicon::foreign_pieces`]).
//!
//! The split is a dynamic programme over the letters: the best cover of the first `i`
//! letters is the best cover of the first `j` plus one known word `j..i`, with
//! `i - j <= max_word`; fewer pieces win, then more frequent ones.  Tokens longer than
//! `max_token` letters are left alone, so the work per token is bounded and a comment
//! of any length is scanned in linear time.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use crate::lexicon::{
    cp_len, letters_of, BatchMemo, Found, FxMap, FxSet, Lexicon, Look, Scan, WordMemo,
};
use crate::listindex::{ListIndex, Masks};
use crate::normalize::{Normalized, TokenKind, Tokens};
use crate::tagfilter::TagFilter;
use crate::unicode::is_space;

mod everyday;
mod maskwalk;
mod saved;
pub use everyday::EverydayMasks;
pub use maskwalk::{JointWalk, MaskedWalk};

/// Bounds of the segmenter (from `_data/segment.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Longest piece tried, in letters.
    pub max_word: usize,
    /// Longest token tried, in letters.
    pub max_token: usize,
    /// Pieces of `short_size` letters or fewer must rank below this in their list.
    pub short_rank: u32,
    /// The longest piece held to `short_rank`.
    pub short_size: usize,
    /// The share of a comment's words a language's list must know, in percent.
    pub known_percent: usize,
    /// The share of a comment's other words a language's list must know before a typo
    /// form with a letter left out is read as its word, in percent.
    pub typo_known_percent: usize,
    /// Longest spaced run tried, in letters (see [`Segmenter::split_spaced`]).
    pub max_run: usize,
    /// What an unknown stretch of a spaced run costs, in hundredths of a known word...
    pub unknown_piece: u64,
    /// ... and what each of its letters adds.
    pub unknown_letter: u64,
    /// A masked letter is read as the everyday word it makes when that word is among
    /// this many most frequent words of its list (see `Lexicon::everyday_filling`).
    pub mask_word_rank: u32,
    /// The shortest word only other languages know that is split in the comment's own
    /// languages, in letters (see `Lexicon::foreign_pieces`).
    pub foreign_letters: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_word: 20,
            max_token: 60,
            short_rank: 40,
            short_size: 3,
            known_percent: 60,
            typo_known_percent: 85,
            max_run: 400,
            unknown_piece: 200,
            unknown_letter: 50,
            mask_word_rank: 1000,
            foreign_letters: 5,
        }
    }
}

/// The general word lists of the loaded languages, with each word's frequency rank,
/// kept compactly (see [`WordTable`] and [`StartTable`]): a loaded segmenter is some
/// 3.5 MB for two languages of about 130,000 words each, and it is written to and read
/// back from the compiled-pack cache as it is ([`Segmenter::to_bytes`]).
#[derive(Clone, Debug, Default)]
pub struct Segmenter {
    /// One table per language: a word's fingerprint -> its rank (0 = most frequent;
    /// only frequent words are pieces of a split) or "rare" (a word, never a piece).
    pub languages: Vec<WordTable>,
    /// Per language, the fingerprints of every start of a piece word (frequent words
    /// and pack keys): the programme stops growing a piece no word starts with.  A
    /// collision only grows a piece further, never changes a cover.
    pub starts: Vec<StartTable>,
    /// Every language's words and starts in one index (for three to eight languages;
    /// empty otherwise): one probe names the languages whose tables may answer yes.
    pub lists: ListIndex,
    /// The everyday words with an inner letter masked ([`EverydayMasks`]).
    pub everyday: EverydayMasks,
    pub limits: Limits,
    /// Filters of the packs' keys and typo forms for the programmes
    /// ([`Lexicon::piece_filters`]): derived from the lexicon on first use, or kept
    /// from the compiled-pack cache ([`Lexicon::keep_piece_filters`]).
    pub filters: OnceLock<PieceFilters>,
}

/// The fingerprint of a word, grown a letter at a time ([`Print::push`]) so that the
/// programme, which grows a piece a letter at a time, never hashes a piece again from
/// its first letter.  A polynomial hash modulo the prime 2^61 - 1 (two different words
/// of at most `n` letters agree with probability about `n / 2^61`), mixed into 64 bits
/// by [`Print::value`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Print(u64);

const MERSENNE: u64 = (1 << 61) - 1;
/// Any number below the prime: the base of the polynomial.
const BASE: u64 = 0x0b4f_3a59_2d17_c6e3;

impl Print {
    /// The fingerprint of the word one letter longer.
    #[inline]
    pub fn push(self, c: char) -> Print {
        // letters + 1: a NUL letter still changes the print (and so the length counts).
        let product = u128::from(self.0) * u128::from(BASE) + u128::from(u32::from(c)) + 1;
        let folded = (product as u64 & MERSENNE) + (product >> 61) as u64;
        let folded = (folded & MERSENNE) + (folded >> 61);
        Print(if folded >= MERSENNE {
            folded - MERSENNE
        } else {
            folded
        })
    }

    /// What [`Print::then`] multiplies by to append `size` letters: the base to the
    /// power `size`, modulo the prime.
    pub fn shift(size: usize) -> u64 {
        let mut out = 1u64;
        for _ in 0..size {
            out = mul_mod(out, BASE);
        }
        out
    }

    /// The fingerprint of this word followed by the word whose print is `tail`, of
    /// `size` letters given as `shift` ([`Print::shift`]`(size)`): a polynomial hash
    /// appends by a multiplication and an addition.
    #[inline]
    pub fn then(self, tail: Print, shift: u64) -> Print {
        let sum = mul_mod(self.0, shift) + tail.0;
        Print(if sum >= MERSENNE { sum - MERSENNE } else { sum })
    }

    /// The fingerprint of `word`: what pushing its letters one by one gives.
    ///
    /// Every token of a comment is hashed with this (the lexicon's tables file words by
    /// it too), so the reduction modulo the prime is lazy: between letters the sum is
    /// kept below 2^62 (congruent, not reduced), and reduced once at the end.  Why that
    /// is the same print: with `x < 2^62` and `BASE < 2^60`, `x * BASE + c + 1` is below
    /// 2^122, and folding it once (its low 61 bits plus the bits above them, congruent
    /// modulo 2^61 - 1) gives at most 2 * (2^61 - 1), below 2^62 again.  At the end one
    /// more fold gives at most 2^61 and one subtraction a value below the prime: the
    /// reduced residue, the one [`Print::push`] keeps after each letter.
    #[inline]
    pub fn of(word: &str) -> Print {
        let mut x: u64 = 0;
        for c in word.chars() {
            let product = u128::from(x) * u128::from(BASE) + u128::from(u32::from(c)) + 1;
            x = (product as u64 & MERSENNE) + (product >> 61) as u64;
        }
        let folded = (x & MERSENNE) + (x >> 61);
        Print(if folded >= MERSENNE {
            folded - MERSENNE
        } else {
            folded
        })
    }

    /// The print as 64 well-mixed bits (a bijection: the tables take their slot from
    /// the high bits and keep low bits as a tag).
    #[inline]
    pub fn value(self) -> u64 {
        let mut x = self.0 ^ (self.0 >> 33);
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    }
}

/// The prints of a word's fillings at one masked letter: the print of the letters
/// before the mask, of those after it, and the shift that appends the latter, so that
/// each filling's print costs a push and an append instead of hashing the word again
/// from its first letter (`head.push(c).then(tail, shift)` is `Print::of` of the word
/// with `c` in the mask's place: the polynomial hash appends).
#[derive(Clone, Copy, Debug)]
pub(crate) struct MaskPrints {
    head: Print,
    tail: Print,
    shift: u64,
}

impl MaskPrints {
    /// The prints of `letters`' fillings at `at` (the letter there is ignored).
    pub(crate) fn around(letters: &[char], at: usize) -> MaskPrints {
        let print = |part: &[char]| part.iter().fold(Print::default(), |p, &c| p.push(c));
        let after = letters.get(at + 1..).unwrap_or_default();
        MaskPrints {
            head: print(letters.get(..at).unwrap_or_default()),
            tail: print(after),
            shift: Print::shift(after.len()),
        }
    }

    /// The print of the word with `c` in the mask's place.
    #[inline]
    pub(crate) fn print(&self, c: char) -> Print {
        self.head.push(c).then(self.tail, self.shift)
    }
}

/// `a * b` modulo the prime 2^61 - 1 (both below it).
#[inline]
fn mul_mod(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    let folded = (product as u64 & MERSENNE) + (product >> 61) as u64;
    let folded = (folded & MERSENNE) + (folded >> 61);
    if folded >= MERSENNE {
        folded - MERSENNE
    } else {
        folded
    }
}

/// The slot a 64-bit value starts probing at, in a table of `n` slots (the high bits).
#[inline]
pub(crate) fn home(value: u64, n: usize) -> usize {
    ((u128::from(value) * n as u128) >> 64) as usize
}

/// Bits of a [`WordTable`] slot that hold the value (rank or [`RARE`]).
const VALUE_BITS: u32 = 20;
const VALUE_MASK: u64 = (1 << VALUE_BITS) - 1;
/// The value of a rare word (a word, never a piece).
const RARE: u32 = VALUE_MASK as u32;
/// Ranks beyond this are kept as this (a list of over a million frequent words only
/// loses the order among its tail).
const MAX_RANK: u32 = RARE - 1;

/// A set of words with a value each, as an open-addressing table of 64-bit slots: a
/// 44-bit tag of the word's fingerprint and a 20-bit value (8 bytes a word at 80 %
/// load, against some 60 for a string in a hash map).  A word not in the table is
/// taken for one only when its tag equals that of a word in the few slots probed:
/// about once in 10^12 lookups.  Slot 0 is never a word's (tags are never 0).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordTable {
    slots: Vec<u64>,
    /// Answers "absent" for most words the table lacks without probing (derived from
    /// `slots`, not stored: [`crate::tagfilter`]).
    filter: TagFilter,
}

impl WordTable {
    fn tag(value: u64) -> u64 {
        let tag = value & ((1 << (64 - VALUE_BITS)) - 1);
        if tag == 0 {
            1 << VALUE_BITS
        } else {
            tag << VALUE_BITS
        }
    }

    /// A table of `words` (fingerprint, value); the first value of a word given twice
    /// stays.
    fn build(words: &[(Print, u32)]) -> Self {
        if words.is_empty() {
            return WordTable::default();
        }
        let mut slots = vec![0u64; words.len() * 5 / 4 + 1];
        let n = slots.len();
        for &(print, value) in words {
            let v = print.value();
            let tag = Self::tag(v);
            let mut i = home(v, n);
            loop {
                let slot = slots[i];
                if slot == 0 {
                    slots[i] = tag | u64::from(value.min(RARE));
                    break;
                }
                if slot & !VALUE_MASK == tag {
                    break; // the same word (or the same tag): the first value stays
                }
                i = if i + 1 == n { 0 } else { i + 1 };
            }
        }
        WordTable::from_slots(slots)
    }

    /// The table of these slots, with its filter.
    fn from_slots(slots: Vec<u64>) -> Self {
        let tags = slots.iter().filter(|&&s| s != 0).map(|&s| s >> VALUE_BITS);
        let filter = TagFilter::build(slots.len(), tags);
        WordTable { slots, filter }
    }

    /// The value of the word whose print is `print`, if it is in the table.
    #[inline]
    fn get(&self, print: Print) -> Option<u32> {
        self.get_value(print.value())
    }

    /// [`WordTable::get`] of a print's [`Print::value`] (the programme works it out
    /// once a piece for this table and the start table).
    #[inline]
    fn get_value(&self, v: u64) -> Option<u32> {
        let n = self.slots.len();
        if n == 0 {
            return None;
        }
        let tag = Self::tag(v);
        if !self.filter.may_hold(tag >> VALUE_BITS) {
            return None;
        }
        let mut i = home(v, n);
        // Bounded by the table's size: a table read from a file is probed safely even
        // if it had no empty slot.
        for _ in 0..n {
            let slot = self.slots[i];
            if slot == 0 {
                return None;
            }
            if slot & !VALUE_MASK == tag {
                return Some((slot & VALUE_MASK) as u32);
            }
            i = if i + 1 == n { 0 } else { i + 1 };
        }
        None
    }

    /// Whether the word is in the table (frequent or rare).
    #[inline]
    pub fn contains(&self, print: Print) -> bool {
        self.get(print).is_some()
    }

    /// The rank of a frequent word.
    #[inline]
    pub fn rank(&self, print: Print) -> Option<u32> {
        self.get(print).filter(|&r| r != RARE)
    }

    /// Whether the table holds no word.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

/// The starts of the piece words, as an open-addressing table of 16-bit tags (2 bytes
/// a start at 60 % load).  A start not in the set is taken for one about once in 20,000
/// probes, which only lets the programme look one letter further.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StartTable {
    slots: Vec<u16>,
}

impl StartTable {
    fn tag(value: u64) -> u16 {
        (value as u16).max(1)
    }

    fn build(prints: &[u64]) -> Self {
        // Sized by the distinct starts (a word's prefixes are mostly shared): counted
        // with a hash set, faster than sorting some 300,000 prints a language.
        let mut distinct = FxSet::with_capacity_and_hasher(prints.len() / 2, Default::default());
        distinct.extend(prints.iter().copied());
        if distinct.is_empty() {
            return StartTable::default();
        }
        let mut slots = vec![0u16; distinct.len() * 5 / 3 + 1];
        let n = slots.len();
        for v in distinct {
            let tag = Self::tag(v);
            let mut i = home(v, n);
            while slots[i] != 0 && slots[i] != tag {
                i = if i + 1 == n { 0 } else { i + 1 };
            }
            slots[i] = tag;
        }
        StartTable { slots }
    }

    /// Whether some piece word may start with the letters whose print is `print`.
    #[inline]
    pub fn contains(&self, print: Print) -> bool {
        self.contains_value(print.value())
    }

    /// [`StartTable::contains`] of a print's [`Print::value`].
    #[inline]
    fn contains_value(&self, v: u64) -> bool {
        let n = self.slots.len();
        if n == 0 {
            return false;
        }
        let tag = Self::tag(v);
        let mut i = home(v, n);
        for _ in 0..n {
            match self.slots[i] {
                0 => return false,
                t if t == tag => return true,
                _ => i = if i + 1 == n { 0 } else { i + 1 },
            }
        }
        false
    }
}

fn add_starts(out: &mut Vec<u64>, word: &str) {
    let mut print = Print::default();
    for c in word.chars() {
        print = print.push(c);
        out.push(print.value());
    }
}

/// The first bytes of [`Segmenter::to_bytes`]: the name and the layout's version (16
/// bytes, so every table that follows starts at a multiple of 8).
const MAGIC: &[u8; 16] = b"nudge-segment-03";

/// The most languages [`Segmenter::split_each`] walks at once (one bit each of a
/// `u64`); more are walked in groups of this many.
const LANES: usize = 64;
/// How a piece is known: a pack key costs as much as the rarest listed word.
const PACK_RANK: u32 = u32::MAX / 4;
/// What one piece costs above its rank: fewer pieces always win.
const PIECE: u64 = 1 << 40;
/// A piece of a spaced run: start, end (in letters) and whether it is a known word.
pub type Piece = (usize, usize, bool);
/// Pieces as the scan takes them: word, start, end (in the normalised text).
type Pieces = Vec<(String, usize, usize)>;
/// Letters a piece of a spaced run read only as known words must have on average.
const MIN_LETTERS_PER_PIECE: usize = 3;
/// Letters from which a term read out of a spaced run needs no known word beside it.
const LONG_TERM: usize = 6;
/// The most token shapes of one comment whose splits are kept for its later tokens
/// ([`Lexicon::split_token`]): a comment that repeats a few glued words (spam, the
/// worst cases of `benchmarks/core.py`) splits each once; one of thousands of
/// different tokens starts again every `MEMO_TOKENS`, so the memo's memory and a
/// look-up's worst case (every key colliding) stay bounded.
const MEMO_TOKENS: usize = 256;

/// How a token's split depends on the languages it was asked in: [`Lexicon::segment`]
/// asks every language first (most tokens split in none) and the comment's languages
/// only for a token that splits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reading {
    /// The first language, in order, whose split qualifies: any mask that has it on
    /// gives the same answer (the languages before it gave none).
    Lang(usize),
    /// Read in every language whatever the mask (a spaced run).
    AnyMask,
    /// Depends on the whole mask (a masked letter's fillings, a foreign word).
    Fillings,
}

impl Reading {
    /// Whether the split asked under every language is the split under `mask` too.
    fn holds_under(self, mask: &[bool]) -> bool {
        match self {
            Reading::Lang(l) => mask.get(l).copied().unwrap_or(false),
            Reading::AnyMask => true,
            Reading::Fillings => false,
        }
    }
}

/// What a token's split depends on besides the lexicon and the languages asked: its
/// letters and what the normaliser and the typist did around them.
#[derive(Clone, Debug, PartialEq, Eq)]
struct SplitKey {
    word: String,
    hashtag: bool,
    spaced: bool,
    case: Vec<Option<bool>>,
    typed_hash: bool,
}

impl Hash for SplitKey {
    /// The case of the letters packed two bits a letter, eight bytes at a time.
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.word.hash(h);
        h.write_u8(
            u8::from(self.hashtag) | u8::from(self.spaced) << 1 | u8::from(self.typed_hash) << 2,
        );
        for chunk in self.case.chunks(32) {
            let bits = chunk.iter().enumerate().fold(0u64, |bits, (i, c)| {
                bits | (u64::from(c.map_or(0u8, |up| 1 + u8::from(up))) << (2 * i))
            });
            h.write_u64(bits);
        }
    }
}

/// A comment with this many words or more asks their lists through a [`ListingCache`]
/// (a shorter one would pay more to clear the cache than it saves).
const LISTING_CACHE_FROM: usize = 1024;

/// The lists of the words asked last ([`Segmenter::listing_of`] with every
/// language, all of them found), a slot each by the low bits of their print's value:
/// a long comment's words repeat, and a slot read is a few instructions where the
/// lists' probes are a hundred.  Exact: the listing is a function of the print's value
/// alone (the index and the tables answer by it), and a slot answers only for the
/// value it holds (a slot starts holding one of another slot's).
struct ListingCache {
    slots: Vec<(u64, u32)>,
}

impl ListingCache {
    /// Slots (a power of two).
    const SIZE: usize = 2048;

    fn new() -> Self {
        let empty = |i: usize| ((i as u64 + 1) % Self::SIZE as u64, 0);
        ListingCache {
            slots: (0..Self::SIZE).map(empty).collect(),
        }
    }

    /// The listing of `print`, `work(print)` when its value's slot holds another.
    #[inline]
    fn get_or(&mut self, print: Print, work: impl FnOnce(Print) -> u32) -> u32 {
        let v = print.value();
        let i = (v as usize) & (Self::SIZE - 1);
        match self.slots.get_mut(i) {
            Some(slot) if slot.0 == v => slot.1,
            Some(slot) => {
                *slot = (v, work(print));
                slot.1
            }
            None => work(print),
        }
    }
}

/// One more known word for each language of `listed` (bits).
fn count_lists(known: &mut [usize], listed: u32) {
    // Its set bits only: a word is listed in one language or two of many.
    let mut left = listed;
    while left != 0 {
        if let Some(k) = known.get_mut(left.trailing_zeros() as usize) {
            *k += 1;
        }
        left &= left - 1;
    }
}

/// Whether every character of `word` is alphabetic (`char::is_alphabetic`), ASCII
/// words told by their bytes (an ASCII letter is alphabetic, and no other ASCII
/// character is).
fn all_letters(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_alphabetic())
        || (!word.is_ascii() && word.chars().all(char::is_alphabetic))
}

/// The languages of a mask as bits (at most 32 languages: [`Segmenter::from_bytes`]).
fn lang_bits(langs: &[bool]) -> u64 {
    langs
        .iter()
        .enumerate()
        .fold(0, |m, (l, &on)| m | (u64::from(on) << (l % 64)))
}

/// The splits of one comment's tokens so far, by [`SplitKey`] (pieces counted from the
/// token's first letter).  Keyed by the comment's own words with the lexicon's Fx hash,
/// which words can be crafted to collide in: at most [`MEMO_TOKENS`] entries, so such
/// a comment costs at most that many key comparisons a token, less than splitting one
/// glued word (a keyed hash cost more than the whole look-up on ordinary comments).
#[derive(Default)]
struct SplitMemo {
    map: FxMap<SplitKey, Answer>,
    /// Tokens asked so far; the first [`UNKEPT`] are split without being kept, and
    /// the last of them is here.
    asked: usize,
    last: Option<Pieces>,
    /// Every token split afresh, in every language and then in the comment's: the
    /// reference the tests compare the memo with.
    fresh: bool,
}

/// The first tokens of a comment asked of the memo are split without being kept: a
/// tweet rarely repeats one, and keeping them cost more than the look-ups saved.
const UNKEPT: usize = 8;

/// A token's split in every language, and in the masks asked after it (a mask as
/// bits, [`lang_bits`]) when that split does not hold under them ([`Reading`]).
struct Answer {
    all: Option<(Pieces, Reading)>,
    masks: Vec<(u64, Option<Pieces>)>,
}

impl SplitMemo {
    /// The split of a token of this shape, in every language first and, when it
    /// splits, in the comment's languages `mask(whole)` (see [`Lexicon::split_token`]):
    /// worked out on the first ask, one hash of the key on the next.
    fn split(
        &mut self,
        lex: &Lexicon,
        key: SplitKey,
        elisions: &[Vec<u32>],
        mask: &mut dyn FnMut(bool) -> Vec<bool>,
    ) -> Option<&Pieces> {
        if self.map.len() >= MEMO_TOKENS {
            self.map.clear(); // a comment of thousands of different tokens
        }
        // Every language: on the stack for the languages a segmenter holds (a list of
        // its own was an allocation a token asked).
        let room = [true; LANES];
        let many;
        let all: &[bool] = match lex.segmenter.languages.len() {
            size if size <= LANES => &room[..size],
            size => {
                many = vec![true; size];
                &many
            }
        };
        let whole = key.hashtag || key.spaced;
        let pieces = |found: Option<(Pieces, Reading)>| found.map(|(list, _)| list);
        self.asked += 1;
        // A masked letter's fillings, split in each language once for both asks
        // (made where a split is asked: a token the memo answers makes none).
        if self.fresh || self.asked <= UNKEPT {
            let mut fills = Fillings::default();
            let found = match lex.split_shaped(&key, all, elisions, &mut fills) {
                None => None,
                Some((list, reading)) => {
                    let langs = mask(whole);
                    if reading.holds_under(&langs) && !self.fresh {
                        Some(list)
                    } else if self.fresh {
                        let mut afresh = Fillings::default();
                        pieces(lex.split_shaped(&key, &langs, elisions, &mut afresh))
                    } else {
                        pieces(lex.split_shaped(&key, &langs, elisions, &mut fills))
                    }
                }
            };
            self.last = found;
            return self.last.as_ref();
        }
        match self.map.entry(key) {
            Entry::Occupied(mut e) => {
                let reading = e.get().all.as_ref()?.1;
                let langs = mask(whole);
                if reading.holds_under(&langs) {
                    return e.into_mut().all.as_ref().map(|(list, _)| list);
                }
                // A shape met again under another mask: a masked letter's fillings,
                // which depend on the whole mask.
                let bits = lang_bits(&langs);
                if !e.get().masks.iter().any(|&(b, _)| b == bits) {
                    let mut fills = Fillings::default();
                    let found = pieces(lex.split_shaped(e.key(), &langs, elisions, &mut fills));
                    e.get_mut().masks.push((bits, found));
                }
                let masks = &e.into_mut().masks;
                masks.iter().find(|&&(b, _)| b == bits)?.1.as_ref()
            }
            Entry::Vacant(e) => {
                let mut fills = Fillings::default();
                let first = lex.split_shaped(e.key(), all, elisions, &mut fills);
                let mut masks = Vec::new();
                if let Some((_, reading)) = &first {
                    let langs = mask(whole);
                    if !reading.holds_under(&langs) {
                        let found = pieces(lex.split_shaped(e.key(), &langs, elisions, &mut fills));
                        masks.push((lang_bits(&langs), found));
                    }
                }
                let answer = e.insert(Answer { all: first, masks });
                match answer.masks.first() {
                    Some((_, found)) => found.as_ref(),
                    None => answer.all.as_ref().map(|(list, _)| list),
                }
            }
        }
    }
}

/// What one token's masked letter gave, kept between the split in every language and
/// the split in the comment's languages ([`SplitMemo::split`]): a mask's answer is, for
/// each filling, its split in the first language of the mask where it has one, and
/// the fewest pieces over the fillings, so each filling is split at most once a
/// language, and the second ask mostly reads what the first worked out.
#[derive(Default)]
struct Fillings {
    /// Whether the fillings were looked at (the fields below are then set).
    ready: bool,
    /// For each filling, whether a piece of the filled letters may mean something
    /// ([`Lexicon::fillings_may_mean`]; every filling of a spaced run may).
    may_mean: Vec<bool>,
    /// Some filling is a word (the lexicon's masked look-up answers): no split.
    /// Asked once some filling splits.
    word: Option<bool>,
    /// For each language, once asked, the walk of the letters around the mask its
    /// fillings are split from (`None` inside: a token the programme does not walk).
    walks: Vec<Option<Option<MaskedWalk>>>,
    /// The walks above, a lane each, as their languages are first asked: a filling's
    /// pieces across the mask grown once for every language still to split it (made
    /// on the first walk: most tokens asked have no masked letter).
    joint: Option<JointWalk>,
    /// For each filling and language (a spaced run: slot 0, read in every language
    /// whatever the mask), once asked, its split there: filling `f`'s slots from
    /// `f` times the number of languages (at least one) on.
    splits: FilledSplits,
}

/// The splits of [`Fillings::splits`]: a number a slot (0: not asked yet, 1: no
/// split, `k + 2`: the `k`-th split found), the splits found in a list of their own.
/// Why: most slots are never asked or make no split, and a slot holding a split's
/// room itself made each token clear, fill and drop some 2 KB.
#[derive(Default)]
struct FilledSplits {
    slots: Vec<u32>,
    found: Vec<FilledSplit>,
}

impl FilledSplits {
    /// `slots` slots, none asked yet.
    fn new(slots: usize) -> Self {
        FilledSplits {
            slots: vec![0; slots],
            found: Vec::new(),
        }
    }

    /// Whether slot `i` was asked.
    fn known(&self, i: usize) -> bool {
        self.slots[i] != 0
    }

    /// The split of slot `i`, when it was asked and made one.
    fn get(&self, i: usize) -> Option<&FilledSplit> {
        let k = self.slots[i].checked_sub(2)?;
        self.found.get(k as usize)
    }

    /// Slot `i` answered: `split`.
    fn set(&mut self, i: usize, split: Option<FilledSplit>) {
        self.slots[i] = match split {
            None => 1,
            Some(split) => {
                self.found.push(split);
                // At most a slot's split each: fewer than `u32::MAX - 1` of them.
                u32::try_from(self.found.len() + 1).unwrap_or(u32::MAX)
            }
        };
    }
}

/// A filling's split kept in [`Fillings`]: a walk's cover, its pieces spelled only for
/// the filling that wins (most fillings that split lose to one with fewer pieces, and
/// spelling each cost more than its walk), or the pieces of [`Lexicon::split_letters`].
#[derive(Clone, Debug)]
enum FilledSplit {
    Cover(Vec<(usize, usize)>),
    Pieces(Pieces),
}

impl FilledSplit {
    /// How many pieces.
    fn len(&self) -> usize {
        match self {
            FilledSplit::Cover(cover) => cover.len(),
            FilledSplit::Pieces(pieces) => pieces.len(),
        }
    }

    /// The pieces, of `filled` (the token's letters with this split's filling in the
    /// mask's place), counted from its first letter.
    fn pieces(self, filled: &[char]) -> Pieces {
        match self {
            FilledSplit::Cover(cover) => spelled_pieces(filled, cover, 0),
            FilledSplit::Pieces(pieces) => pieces,
        }
    }
}

/// A filling's letters, the packs' keys, the lanes of the joint walk grown for it and
/// room for the table ([`Lexicon::cover_by_walk`]).
type Walked<'a> = (
    &'a [char],
    &'a dyn PieceSet,
    &'a mut u64,
    &'a mut Vec<Option<(u64, usize)>>,
);

/// How a rare word is ranked as a piece of a spaced run: after every frequent word and
/// pack key (`a s h e m a l e` is "a shemale", not "ashe male").
const RARE_RANK: u32 = PACK_RANK + 1;

impl Segmenter {
    /// A segmenter over word lists: per language, its frequent words (most frequent
    /// first) and its rare ones.
    pub fn new(lists: Vec<(Vec<String>, Vec<String>)>, limits: Limits) -> Self {
        let borrowed = lists.iter().map(|(frequent, others)| {
            (
                frequent.iter().map(String::as_str).collect::<Vec<_>>(),
                others.iter().map(String::as_str).collect::<Vec<_>>(),
            )
        });
        Self::of(borrowed.collect(), limits)
    }

    /// [`Segmenter::new`] over borrowed words (the lists as Python hands them over are
    /// slices of one text per list).
    pub fn of(lists: Vec<(Vec<&str>, Vec<&str>)>, limits: Limits) -> Self {
        Self::with_pack_words(lists, &[], limits)
    }

    /// [`Segmenter::of`], with the pack keys as pieces too (they are asked through
    /// `pack_word`; here only their starts are kept, in every language).
    pub fn with_pack_words(
        lists: Vec<(Vec<&str>, Vec<&str>)>,
        pack_words: &[&str],
        limits: Limits,
    ) -> Self {
        let mut languages = Vec::new();
        let mut starts = Vec::new();
        // Per language, the print values of its words and of its starts (the index).
        let (mut word_values, mut start_values) = (Vec::new(), Vec::new());
        let frequent = lists.iter().map(|(frequent, _)| frequent.as_slice());
        let everyday = EverydayMasks::of(frequent, limits.mask_word_rank);
        for (frequent, others) in lists {
            let mut words = Vec::with_capacity(frequent.len() + others.len());
            let mut prints = Vec::with_capacity(frequent.len() * 8);
            for (rank, word) in frequent.into_iter().enumerate() {
                words.push((Print::of(word), (rank as u32).min(MAX_RANK)));
                add_starts(&mut prints, word);
            }
            words.extend(others.into_iter().map(|w| (Print::of(w), RARE)));
            for word in pack_words {
                add_starts(&mut prints, word);
            }
            languages.push(WordTable::build(&words));
            starts.push(StartTable::build(&prints));
            word_values.push(words.iter().map(|(p, _)| p.value()).collect());
            start_values.push(prints);
        }
        Segmenter {
            languages,
            starts,
            lists: ListIndex::build(&word_values, &start_values),
            everyday,
            limits,
            filters: OnceLock::new(),
        }
    }

    /// The tables as bytes, for the compiled-pack cache: read back by
    /// [`Segmenter::from_bytes`] in a few milliseconds instead of built again from the
    /// word lists.  The bounds are not part of it (they come with the packs' data).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        let put = |out: &mut Vec<u8>, x: u64| out.extend_from_slice(&x.to_le_bytes());
        put(&mut out, self.languages.len() as u64);
        for (words, starts) in self.languages.iter().zip(&self.starts) {
            put(&mut out, words.slots.len() as u64);
            put(&mut out, starts.slots.len() as u64);
        }
        for (words, starts) in self.languages.iter().zip(&self.starts) {
            for &s in &words.slots {
                put(&mut out, s);
            }
            for &s in &starts.slots {
                out.extend_from_slice(&s.to_le_bytes());
            }
            out.resize(out.len().next_multiple_of(8), 0); // as `from_bytes` skips it
        }
        let index = self.lists.slots();
        put(&mut out, index.len() as u64);
        for &s in index {
            out.extend_from_slice(&s.to_le_bytes());
        }
        out.resize(out.len().next_multiple_of(8), 0);
        // The everyday filter: its rank, its number of words, its words.
        let (rank, bits) = self.everyday.parts();
        put(&mut out, u64::from(rank));
        put(&mut out, bits.len() as u64);
        bits.iter().for_each(|&w| put(&mut out, w));
        crate::blob::seal(out)
    }

    /// The segmenter [`Segmenter::to_bytes`] wrote, or why these bytes are not one
    /// (another layout, cut short, a checksum that does not match).  Never panics.
    pub fn from_bytes(bytes: &[u8], limits: Limits) -> Result<Self, String> {
        let mut r = crate::blob::open(bytes, MAGIC, "the segmenter's tables")?;
        let count = r.u64()?;
        if count > 32 {
            return Err(format!("{count} languages in the segmenter's tables"));
        }
        let mut sizes = Vec::new();
        for _ in 0..count {
            let words = r.count()?;
            let starts = r.count()?;
            // Checked against what is left before anything is allocated.
            let need = words
                .checked_mul(8)
                .zip(starts.checked_mul(2))
                .and_then(|(a, b)| a.checked_add(b));
            if need.is_none_or(|n| n > r.left()) {
                return Err("the segmenter's tables are cut short".to_owned());
            }
            sizes.push((words, starts));
        }
        let mut languages = Vec::new();
        let mut starts = Vec::new();
        for (w, s) in sizes {
            let raw = r.take(w * 8)?;
            let slots = raw
                .chunks_exact(8)
                .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
                .collect();
            languages.push(WordTable::from_slots(slots));
            let raw = r.take(s * 2)?;
            let slots = raw
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes(c.try_into().unwrap_or_default()))
                .collect();
            starts.push(StartTable { slots });
            r.take((s * 2).next_multiple_of(8) - s * 2)?;
        }
        let size = r.count()?;
        if size.checked_mul(4).is_none_or(|b| b > r.left()) {
            return Err("the segmenter's tables are cut short".to_owned());
        }
        let raw = r.take(size * 4)?;
        let slots = raw
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().unwrap_or_default()))
            .collect();
        r.take((size * 4).next_multiple_of(8) - size * 4)?;
        let everyday = read_everyday(&mut r)?;
        r.finish()?;
        Ok(Segmenter {
            languages,
            starts,
            lists: ListIndex::from_slots(slots),
            everyday,
            limits,
            filters: OnceLock::new(),
        })
    }

    /// Whether language `lang` lists `word`, as a frequent or a rare word.
    pub fn knows_in(&self, lang: usize, word: &str) -> bool {
        self.knows_value_in(lang, Print::of(word).value())
    }

    /// [`Segmenter::knows_in`] of the word whose print's value is `value` (worked out
    /// once a word when several languages are asked about it).
    pub fn knows_value_in(&self, lang: usize, value: u64) -> bool {
        self.languages[lang].get_value(value).is_some()
    }

    /// Whether any language lists `word` among its frequent words (those a split may
    /// use as pieces).
    pub fn frequent(&self, word: &str) -> bool {
        let print = Print::of(word);
        self.languages.iter().any(|t| t.rank(print).is_some())
    }

    /// The best rank of a frequent word over the languages of the bit mask `langs`
    /// (0 = most frequent).
    pub fn best_rank_in(&self, print: Print, langs: u32) -> Option<u32> {
        let mine = |l: usize| l >= 32 || langs & (1 << l) != 0;
        // The print mixed once for every language's table.
        let v = print.value();
        (0..self.languages.len())
            .filter(|&l| mine(l))
            .filter_map(|l| self.languages[l].get_value(v).filter(|&r| r != RARE))
            .min()
    }

    /// Whether one of the languages of the bit mask `langs` lists `word` (the word's
    /// print worked out once for all of them).
    pub fn knows_in_any(&self, langs: u32, word: &str) -> bool {
        let print = Print::of(word);
        self.listing(print, langs) != 0
    }

    /// Whether any language lists the word whose print is `print`.
    pub fn knows_print(&self, print: Print) -> bool {
        if self.lists.is_empty() {
            // The value is needed only by the tables asked in turn.
            return self.knows_print_valued(print, print.value());
        }
        self.listing(print, u32::MAX) != 0
    }

    /// [`Segmenter::knows_print`] with the print's [`Print::value`] `v` worked out
    /// already: one or two lists ask it of each table (a masked glued word asks it of
    /// each of its fillings, the value already made for the packs' filters).
    pub fn knows_print_valued(&self, print: Print, v: u64) -> bool {
        debug_assert_eq!(v, print.value(), "a print's value");
        if self.lists.is_empty() {
            // One or two lists: asked in turn, the first yes ends it.
            return self.languages.iter().any(|t| t.get_value(v).is_some());
        }
        self.listing(print, u32::MAX) != 0
    }

    /// [`Segmenter::knows_print`], the list of language `*lead` asked first; when it
    /// lacks the word, the others are asked as `knows_print` asks them, and `*lead`
    /// becomes the language that lists it.  The same answer whatever `*lead` says: the
    /// word is listed when the lead's table has it or another language's has it, and
    /// the index never leaves out a language that lists a print.  Why: the words of a
    /// comment are mostly of one language, and its table alone answers for them,
    /// where the index (an eight-megabyte table with six packs, a cache miss nearly
    /// every time) would be asked first to name it.
    pub fn knows_print_led(&self, print: Print, lead: &mut usize) -> bool {
        let v = print.value();
        let Some(table) = self.languages.get(*lead) else {
            return self.knows_print(print);
        };
        if table.get_value(v).is_some() {
            return true;
        }
        let others = |l: usize| l != *lead;
        let found = if self.lists.is_empty() {
            (0..self.languages.len())
                .find(|&l| others(l) && self.languages[l].get_value(v).is_some())
        } else {
            // Built for at most eight languages: `*lead` is one of the mask's bits.
            let rest = !(1u32 << *lead);
            let listing = self.listing(print, rest);
            (listing != 0).then(|| listing.trailing_zeros() as usize)
        };
        found.inspect(|&l| *lead = l).is_some()
    }

    /// Whether any language lists `word`.
    pub fn knows(&self, word: &str) -> bool {
        self.knows_print(Print::of(word))
    }

    /// The languages of the bit mask `langs` whose lists have the word whose print is
    /// `print`, as bits (languages 32 and beyond are never named), stopping at the
    /// first when `first` (enough for "does any").  The index, when built, names the
    /// languages to ask; their tables answer.
    fn listing_of(&self, print: Print, langs: u32, first: bool) -> u32 {
        let v = print.value();
        let mut may = langs & self.loaded_bits();
        if !self.lists.is_empty() {
            may &= self.lists.get(v).words;
        }
        let mut found = 0;
        while may != 0 {
            let l = may.trailing_zeros();
            may &= may - 1;
            if self.languages[l as usize].get_value(v).is_some() {
                found |= 1 << l;
                if first {
                    break;
                }
            }
        }
        found
    }

    /// The loaded languages as bits (the first 32).
    fn loaded_bits(&self) -> u32 {
        match self.languages.len() {
            n if n >= 32 => u32::MAX,
            n => (1u32 << n) - 1,
        }
    }

    /// [`Segmenter::listing_of`], the first language found only.
    fn listing(&self, print: Print, langs: u32) -> u32 {
        self.listing_of(print, langs, true)
    }

    /// The languages a comment is written in, as far as splitting goes: those whose
    /// list knows `known_percent` of its words, leaving out the one word being split
    /// (any language, when no other word is left).  A German or Spanish comment is
    /// never cut into English or French pieces.  Two masks: for a word token (it is
    /// one of `words`, and unknown) and for a hashtag (not one of them).
    pub fn comment_languages<'w>(&self, words: impl Iterator<Item = &'w str>) -> [Vec<bool>; 2] {
        self.comment_languages_printed(words.map(|w| (w, Print::of(w))))
    }

    /// [`Segmenter::comment_languages`] of words given with their prints (`Print::of`
    /// of each: the scan's, worked out once a token, so a comment's words are not
    /// hashed again when a split asks for its languages).
    pub fn comment_languages_printed<'w>(
        &self,
        words: impl Iterator<Item = (&'w str, Print)>,
    ) -> [Vec<bool>; 2] {
        // Elisions and contractions ("t'", "don't") are not in the lists: left out.
        let letters = words.filter(|&(w, _)| all_letters(w));
        self.languages_of_letters(
            letters.map(|(w, print)| {
                debug_assert_eq!(print, Print::of(w), "a print not the word's");
                print
            }),
            0,
        )
    }

    /// [`Segmenter::comment_languages_printed`] of the prints of words already known
    /// to be of letters only (every one of them counted).
    /// `words`: how many there may be; a long comment's repeat, and their lists are
    /// asked through a [`ListingCache`].
    fn languages_of_letters(
        &self,
        prints: impl Iterator<Item = Print>,
        words: usize,
    ) -> [Vec<bool>; 2] {
        let mut known = vec![0usize; self.languages.len()];
        let mut total = 0usize;
        let mut cache = (words >= LISTING_CACHE_FROM).then(ListingCache::new);
        for print in prints {
            total += 1;
            let listed = match cache.as_mut() {
                Some(cache) => cache.get_or(print, |p| self.listing_of(p, u32::MAX, false)),
                None => self.listing_of(print, u32::MAX, false),
            };
            count_lists(&mut known, listed);
        }
        self.languages_counted(&known, total)
    }

    /// The languages whose lists know `known_percent` of a comment's `total` words
    /// (`known`: how many each knows), leaving one out and not.
    fn languages_counted(&self, known: &[usize], total: usize) -> [Vec<bool>; 2] {
        let mask = |others: usize| -> Vec<bool> {
            known
                .iter()
                .map(|&k| others == 0 || 100 * k >= self.limits.known_percent * others)
                .collect()
        };
        [mask(total.saturating_sub(1)), mask(total)]
    }

    /// Whether some language's list knows `percent` of `words` (all-letter words; no
    /// such word: yes), a word `also` accepts counting as known in every language (the
    /// packs' own words: `trans`, `homos` are in no general list).
    pub fn written_in<'w>(
        &self,
        words: impl Iterator<Item = &'w str>,
        percent: usize,
        also: &dyn Fn(&str) -> bool,
    ) -> bool {
        let mut known = vec![0usize; self.languages.len()];
        let mut total = 0usize;
        for w in words.filter(|w| w.chars().all(char::is_alphabetic)) {
            total += 1;
            if also(w) {
                known.iter_mut().for_each(|k| *k += 1);
                continue;
            }
            // One print a word for every list (not one a list).
            count_lists(&mut known, self.listing_of(Print::of(w), u32::MAX, false));
        }
        total == 0 || known.iter().any(|&k| 100 * k >= percent * total)
    }

    /// Whether `word` is among the most frequent words of language `lang` (`short_rank`).
    fn is_function_word(&self, lang: usize, word: &str) -> bool {
        self.languages[lang]
            .rank(Print::of(word))
            .is_some_and(|r| r < self.limits.short_rank)
    }

    /// The best cover of `letters` by known words of language `lang` (or `pack_word`s),
    /// as piece boundaries (start, end) in letters; `None` when there is none.
    pub fn split(
        &self,
        lang: usize,
        letters: &[char],
        pack_word: &dyn PieceSet,
    ) -> Option<Vec<(usize, usize)>> {
        self.split_each(&[lang], letters, pack_word).pop().flatten()
    }

    /// Whether a piece word of language `l` may start with the letters whose print's
    /// value is `v`, `may` what the index said of it (`None`: no index).  The index's
    /// start bit is taken as it is: like the start table's answer it may be yes for a
    /// start no word has (which only lets the programme look a letter further, where
    /// the word table answers), and it is never no for one a word has.
    #[inline]
    fn starts_so(&self, may: Option<Masks>, l: usize, v: u64) -> bool {
        match may {
            Some(m) => m.starts >> l & 1 == 1,
            None => self.starts[l].contains_value(v),
        }
    }

    /// [`Segmenter::split`] in each language of `langs`, in one walk over the letters:
    /// a piece's print is grown once for all of them and the packs are asked about a
    /// piece at most once, where a walk per language did both once a language (six
    /// packs loaded made every unknown glued word cost six walks).  Each language keeps
    /// its own table of best covers, so its answer is the one a walk of its own gives.
    pub fn split_each(
        &self,
        langs: &[usize],
        letters: &[char],
        pack_word: &dyn PieceSet,
    ) -> Vec<Option<Vec<(usize, usize)>>> {
        self.split_each_but(langs, 0, letters, pack_word)
    }

    /// [`Segmenter::split_each`], the languages of the lanes set in `skip` (bit `x`:
    /// `langs[x]`) left out (`None`, not walked).
    pub fn split_each_but(
        &self,
        langs: &[usize],
        skip: u64,
        letters: &[char],
        pack_word: &dyn PieceSet,
    ) -> Vec<Option<Vec<(usize, usize)>>> {
        // The languages still growing a piece are bits of a word: more are walked in
        // groups, each with its share of `skip`.
        if langs.len() > LANES {
            let (head, tail) = langs.split_at(LANES);
            let mut out = self.split_each_but(head, skip, letters, pack_word);
            out.extend(self.split_each(tail, letters, pack_word));
            return out;
        }
        let n = letters.len();
        if n == 0 || n > self.limits.max_token {
            return vec![None; langs.len()];
        }
        // best[x][i]: (cost, start of the last piece) of language `langs[x]`'s best
        // cover of letters[..i] (none for a language the segmenter lacks).  Forward:
        // when piece j.. is grown, best[x][j] is final (every cover ending at j was
        // offered by a smaller start), and the piece is extended a letter at a time.
        // One row of n + 1 entries a language, in one vector.
        let row = n + 1;
        let mut best: Vec<Option<(u64, usize)>> = vec![None; langs.len() * row];
        for (x, &l) in langs.iter().enumerate() {
            let walked = l < self.languages.len() && skip >> x & 1 == 0;
            best[x * row] = walked.then_some((0, 0));
        }
        let mut walker = Walker::new(self, langs, pack_word);
        for j in 0..n {
            // The languages with a cover of letters[..j], as bits of `langs`' indices.
            let open = (0..langs.len())
                .filter(|&x| best[x * row + j].is_some())
                .fold(0u64, |bits, x| bits | 1 << x);
            walker.grow(
                letters,
                Grown::new(j, open),
                n,
                |_| true,
                |x, i, rank| {
                    if let Some((before, _)) = best[x * row + j] {
                        offer(&mut best[x * row + i], before, rank, j);
                    }
                },
            );
        }
        best.chunks(row).map(cover_path).collect()
    }

    /// The best path through a spaced run (`s t u p i d b i t c h`, joined by the
    /// normaliser with its neighbours): the pieces of [`Segmenter::split`], rare words
    /// of more than `short_size` letters, and unknown stretches (names, slang, typos) at
    /// `unknown_piece` plus `unknown_letter` a letter, so a known word is always
    /// cheaper than the same letters unknown.  Its cost and the pieces (start, end,
    /// known); `None` for an empty run or one longer than `max_run`.  Every letter is
    /// offered at most `max_word` pieces: linear in the run's length.
    pub fn split_spaced(
        &self,
        lang: usize,
        letters: &[char],
        pack_word: &dyn PieceSet,
        typo_word: &dyn PieceSet,
    ) -> Option<(u64, Vec<Piece>)> {
        let best = self.spaced_table(lang, letters, pack_word, typo_word)?;
        spaced_path(&best, letters.len())
    }

    /// The table of [`Segmenter::split_spaced`]: for each `i`, the cost of the best
    /// path through `letters[..i]`, the start of its last piece and whether that piece
    /// is known.  The path through a prefix is read from the same table (the table
    /// runs forward: entry `i` depends only on the letters before `i`).
    fn spaced_table(
        &self,
        lang: usize,
        letters: &[char],
        pack_word: &dyn PieceSet,
        typo_word: &dyn PieceSet,
    ) -> Option<Vec<Option<(u64, usize, bool)>>> {
        let words = self.languages.get(lang)?;
        let n = letters.len();
        if n == 0 || n > self.limits.max_run {
            return None;
        }
        let (piece_cost, letter_cost) = (self.limits.unknown_piece, self.limits.unknown_letter);
        let unknown = |size: usize| PIECE / 100 * (piece_cost + letter_cost * size as u64);
        // best[i]: (cost, start of the last piece, whether it is known).
        let mut best: Vec<Option<(u64, usize, bool)>> = vec![None; n + 1];
        best[0] = Some((0, 0, true));
        let mut piece = String::new();
        for j in 0..n {
            let Some((before, _, _)) = best[j] else {
                continue;
            };
            let last = n.min(j + self.limits.max_word);
            let mut print = Print::default();
            let mut started = true;
            for i in j + 1..=last {
                print = print.push(letters[i - 1]);
                let v = print.value();
                let size = i - j;
                // Rare words are no starts of the start table: every length is asked of
                // the list, and the packs only while a frequent word or a key starts so.
                started = started && self.starts[lang].contains_value(v);
                let long = size > self.limits.short_size;
                let got = words.get_value(v);
                let rank = match got {
                    Some(RARE) if long => Some(RARE_RANK),
                    _ if started => self.rank(v, got, &letters[j..i], &mut piece, pack_word),
                    _ => None,
                };
                // A typo form the packs read (`stupd`, `thraet`) costs as much as a rare
                // word, so the path does not cut it into a word and a leftover (`thats`
                // + `tupd` of `t h a t s t u p d`); it stays an unknown stretch, read
                // only between known words ([`Lexicon::split_spaced_token`]).
                let cost = before
                    + match rank {
                        Some(r) => PIECE + u64::from(r),
                        None if long && typo_word.has(v, &letters[j..i], &mut piece) => {
                            PIECE + u64::from(RARE_RANK)
                        }
                        None => unknown(size),
                    };
                if best[i].is_none_or(|(c, _, _)| cost < c) {
                    best[i] = Some((cost, j, rank.is_some()));
                }
            }
        }
        Some(best)
    }

    /// [`Segmenter::split_spaced`] of `letters` and of `letters[..cut]` from one
    /// table (a run ending with an elision, read with it and without it).
    #[allow(clippy::type_complexity)]
    pub fn split_spaced_and_head(
        &self,
        lang: usize,
        letters: &[char],
        cut: usize,
        pack_word: &dyn PieceSet,
        typo_word: &dyn PieceSet,
    ) -> (Option<(u64, Vec<Piece>)>, Option<(u64, Vec<Piece>)>) {
        let Some(best) = self.spaced_table(lang, letters, pack_word, typo_word) else {
            return (None, None);
        };
        (spaced_path(&best, letters.len()), spaced_path(&best, cut))
    }

    /// The rank of a piece as the programme reads it: `got`, its value in the
    /// language's table ([`WordTable::get_value`] of `v`, its print's value), or a key
    /// of the packs (asked only when the table's answer does not do).
    fn rank(
        &self,
        v: u64,
        got: Option<u32>,
        piece: &[char],
        buf: &mut String,
        pack_word: &dyn PieceSet,
    ) -> Option<u32> {
        self.rank_or(got, piece.len(), || pack_word.has(v, piece, buf))
    }

    /// [`Segmenter::rank`] of a piece of `size` letters, `pack` answering whether it is
    /// a key of the packs (asked only when the table's answer does not do, and only
    /// for a piece of two letters or more).
    #[inline]
    fn rank_or(&self, got: Option<u32>, size: usize, pack: impl FnOnce() -> bool) -> Option<u32> {
        match got.filter(|&r| r != RARE) {
            Some(r) if size > self.limits.short_size || r < self.limits.short_rank => Some(r),
            _ if size > 1 && pack() => Some(PACK_RANK),
            _ => None,
        }
    }
}

impl Lexicon {
    /// The scan with each unknown glued word or hashtag replaced by the words it is made
    /// of, when a split qualifies (see the module doc).  Pieces keep their place in the
    /// normalised text, so their spans map back through the offset map.
    pub fn segment(&self, n: &Normalized, mut s: Scan) -> Scan {
        self.segment_in_place(n, &mut s, &mut BatchMemo::off());
        s
    }

    /// [`Lexicon::segment`] of the scan `scan` with a batch's memo (the gate of each
    /// word, [`Lexicon::may_segment_print`], a function of the word alone, asked of it
    /// first): `scan` is replaced by the segmented one when a token is split and left as
    /// it is otherwise, not moved in and out (a copy of its lists' heads each way, for
    /// every comment).
    pub(crate) fn segment_in_place(&self, n: &Normalized, scan: &mut Scan, batch: &mut BatchMemo) {
        if self.segmenter.languages.is_empty() {
            return;
        }
        let s: &Scan = scan;
        // The scan with the tokens split so far replaced by their pieces, made at the
        // first split; `kept`: the tokens of `s` it has (the others are yet to be read).
        let mut out: Option<Scan> = None;
        let mut kept = 0;
        let mut looks = WordMemo::default();
        let mut langs: Option<[Vec<bool>; 2]> = None;
        let mut memo = SplitMemo::default();
        // The last token the gate asked about, and its answer.
        let mut gate: Option<(usize, Print, bool)> = None;
        // The language whose list the gate asks first: the last to list a word.
        let mut lead = 0;
        // The languages the comment's function words vote for, once a token asks.
        let mut voted: Option<u32> = None;
        // An elided run was typed apart (`respaced`): a comment the normaliser made no
        // edit of that changed its length has none, and its words are not asked.
        let elisions = !n.layers.is_empty();
        for q in 0..s.words.len() {
            if let Some(pieces) = if elisions {
                self.elided_run(n, s, q)
            } else {
                None
            } {
                // The letter before, read again as the run's first, is taken off.
                let o = out.get_or_insert_with(|| room_for(s));
                self.replace(s, o, (&mut kept, q, true), pieces, &mut looks);
                continue;
            }
            // A token of a kind never split, or a word the gate keeps whole that is too
            // short for another language's pieces (`split_token` and `foreign_pieces`
            // below would say so): nothing more to ask of it.
            if s.settled(q) {
                debug_assert!(
                    !matches!(s.kinds[q], TokenKind::Word | TokenKind::Hashtag)
                        || (!self.may_segment_print(&s.words[q], s.print(q), &mut 0)
                            && s.words[q].len() < self.segmenter.limits.foreign_letters)
                );
                continue;
            }
            // The comment's languages cost a look at every word: worked out only once a
            // split in some language is found.
            let comment_langs = || self.scan_languages(n, s);
            // A word typed as the one asked before it gets the same answer.
            let print = s.print(q);
            let may = match gate {
                Some((p, before, may)) if before == print && s.words[p] == s.words[q] => may,
                _ => match s.gate(q) {
                    // Known when the scan looked the word up (the batch's memo had it).
                    Some(may) => {
                        debug_assert_eq!(may, self.may_segment_print(&s.words[q], print, &mut 0));
                        may
                    }
                    None => batch.gate_or(&s.words[q], print.value(), || {
                        self.may_segment_print(&s.words[q], print, &mut lead)
                    }),
                },
            };
            gate = Some((q, print, may));
            if !may {
                let comment = &mut || langs.get_or_insert_with(comment_langs).clone();
                let pieces = self.foreign_pieces(n, s, q, (&mut voted, comment), batch);
                if let Some(pieces) = pieces {
                    let o = out.get_or_insert_with(|| room_for(s));
                    self.replace(s, o, (&mut kept, q, false), pieces, &mut looks);
                }
                continue;
            }
            // A spaced run is not among the words counted: the mask of all of them.
            let mut mask =
                |whole: bool| langs.get_or_insert_with(comment_langs)[usize::from(whole)].clone();
            if let Some(pieces) = self.pieces(n, s, q, &mut memo, &mut mask, batch) {
                let o = out.get_or_insert_with(|| room_for(s));
                self.replace(s, o, (&mut kept, q, false), pieces, &mut looks);
            }
        }
        if let Some(mut o) = out {
            keep_tokens(s, kept..s.starts.len(), &mut o);
            // The scan replaced gives its lists' room back to the batch's scratch: they
            // came from it, and dropped, the scratch would keep the new scan's lists
            // (made to this comment's size) in their place, or none (the new scan has
            // no prints nor gates), so that the next comment's lists grew again from
            // small, a reallocation and a copy at each doubling.
            let replaced = std::mem::replace(scan, o);
            let room = &mut batch.scratch;
            replaced.into_spans_keeping(room).give_back(room);
        }
    }

    /// Token `at` of `s` replaced by its pieces in `o`, the scan made so far: the tokens
    /// of `s` from `kept` up to it copied first, a run at a time (each list extended by
    /// a slice), the last token copied taken off when `pop` says so (the letter an
    /// elided run reads as its first, [`Lexicon::elided_run`]); `kept` then points past
    /// it.  Each split is applied as it is found, so a comment that splits every token
    /// holds no list of pieces waiting (noted first and applied at the end, 10 MB of
    /// masked glued words held some 760,000 pieces at once: 15.6x its text at its peak
    /// became 19.8x).
    fn replace(
        &self,
        s: &Scan,
        o: &mut Scan,
        (kept, at, pop): (&mut usize, usize, bool),
        pieces: Pieces,
        looks: &mut WordMemo<PieceLook>,
    ) {
        keep_tokens(s, *kept..at, o);
        if pop {
            pop_token(o);
        }
        push_pieces(self, o, pieces, looks);
        *kept = at + 1;
    }

    /// The comment's languages ([`Segmenter::comment_languages_printed`]) of the word
    /// tokens of scan `s` not typed apart.  Spaced runs hold several words each, glued:
    /// their share of known words would say nothing of the comment's language.  Only a
    /// word of letters counts, so only those are asked whether they were typed apart,
    /// in order, by a [`SpanWalk`]: a word no length-changing edit of the normaliser
    /// touches was typed as long as it reads, so apart it was not, and only the others
    /// are mapped back to what was typed (a long comment's words, each mapped back
    /// through every layer, cost some 60 instructions a character).
    fn scan_languages(&self, n: &Normalized, s: &Scan) -> [Vec<bool>; 2] {
        let mut walk = SpanWalk::new(n);
        let kept = (0..s.words.len()).filter(|&i| {
            s.kinds[i] == TokenKind::Word
                && all_letters(&s.words[i])
                && !walk.respaced(s.starts[i], s.ends[i])
        });
        self.segmenter
            .languages_of_letters(kept.map(|i| s.print(i)), s.words.len())
    }

    /// `l'a t t a r d é`: the normaliser reads the letter after an elision as a word
    /// of its own (`m'a t r a i t é e` is "m'a traitée"), so the spaced run starts
    /// after it ("ttarde").  When the run read with that letter holds a term
    /// ("attarde") and the run alone holds none, the letter is the run's first: the
    /// pieces of that reading, the first spanning the letter, the space and the run's
    /// start.  `None` otherwise.
    fn elided_run(
        &self,
        n: &Normalized,
        s: &Scan,
        q: usize,
    ) -> Option<Vec<(String, usize, usize)>> {
        if q < 2
            || s.kinds[q] != TokenKind::Word
            || s.kinds[q - 1] != TokenKind::Word
            || !s.words[q - 2].ends_with('\'')
            || s.ends[q - 2] != s.starts[q - 1]
            || cp_len(&s.words[q - 1]) != 1
            || s.ends[q - 1] + 1 != s.starts[q]
            || !s.words[q].chars().all(char::is_alphabetic)
            || !respaced(n, s.starts[q], s.ends[q])
        {
            return None;
        }
        if s.entries[q].is_some_and(|e| self.says_something(e)) {
            return None;
        }
        let letters: Vec<char> = s.words[q - 1].chars().chain(s.words[q].chars()).collect();
        // Where each letter stands in the text: the letter, then the run after a space.
        let at = |k: usize| {
            if k == 0 {
                s.starts[q - 1]
            } else {
                s.starts[q] + k - 1
            }
        };
        let whole: String = letters.iter().collect();
        if self.means_something(&whole) {
            return Some(vec![(whole, s.starts[q - 1], s.ends[q])]);
        }
        let all = vec![true; self.segmenter.languages.len()];
        let pack_word = |w: &str| self.index.contains_key(w);
        let alone: Vec<char> = s.words[q].chars().collect();
        let evidence = |pieces: &[(String, usize, usize)]| {
            pieces.iter().any(|(w, _, _)| self.means_something(w))
        };
        let run = [(0, letters.len(), false)];
        let pieces = self.split_spaced_token(&letters, &run, &[0], 0, &all, &pack_word)?;
        if !evidence(&pieces) {
            return None;
        }
        // A term that starts at the letter (`attarde` of `a` + `ttardemental`) is the
        // reading, whatever the run alone holds (`tarde`, `mental`); otherwise the
        // letter joins the run only when the run alone holds no term.
        let opens = pieces
            .first()
            .is_some_and(|(w, _, b)| *b > 1 && self.means_something(w));
        if !opens {
            let plain = self.split_spaced_token(
                &alone,
                &[(0, alone.len(), false)],
                &[0],
                0,
                &all,
                &pack_word,
            );
            if plain.is_some_and(|p| evidence(&p)) || self.means_something(&s.words[q]) {
                return None;
            }
        }
        Some(
            pieces
                .into_iter()
                .map(|(w, a, b)| (w, at(a), at(b - 1) + 1))
                .collect(),
        )
    }

    /// The pieces of token `q`, a word that [`Lexicon::may_segment`] keeps whole because
    /// some list or pack knows it, when only languages the comment is not in know it:
    /// the Spanish `tuerce` ("twists") of the French "je vais juste tuerce trans" is
    /// "tuer ce", the Italian `morta` (and the start of its phrase "morta di fame") of
    /// "Mortà tous les ..." is "mort à".  A split of such a word in the comment's
    /// languages costs what the split of an unknown word costs, so only words the voted
    /// languages do not know are tried: the comment's function words must vote (one
    /// whole vote at least, [`Lexicon::guess_with_voted`]), the word must be no word of
    /// their lists and no word their packs use, and the split, in those languages, must
    /// hold a piece that means something in them.  An ordinary word of the comment's
    /// language costs one look in its list.  `voted`: the votes, worked out on the first
    /// token that asks ([`Lexicon::strong_votes`]; 0: none, or too weak); `langs`: the
    /// comment's languages as
    /// [`Segmenter::comment_languages`] reads them (word tokens, then hashtags).
    fn foreign_pieces(
        &self,
        n: &Normalized,
        s: &Scan,
        q: usize,
        (voted, langs): (&mut Option<u32>, &mut dyn FnMut() -> [Vec<bool>; 2]),
        batch: &mut BatchMemo,
    ) -> Option<Vec<(String, usize, usize)>> {
        let word = &s.words[q];
        let limits = &self.segmenter.limits;
        // Bytes are at least letters: a word of fewer bytes is too short.
        if word.len() < limits.foreign_letters
            || s.kinds[q] != TokenKind::Word
            || !s.steps.get(q).is_empty()
        {
            return None;
        }
        // A word the lookup already reads as a term of some loaded language (its own
        // form, a plural, a stem) is that term, not another language's pieces: French
        // `connasses` in "well connasses then" is no English `conn` + `asses`.
        let a_term = match s.entries[q] {
            Some(Look::Index(i)) => !self.entries[i as usize].terms.is_empty(),
            Some(Look::Stem(_)) => true,
            None => false,
        };
        if a_term {
            return None;
        }
        let voted = *voted.get_or_insert_with(|| {
            self.strong_votes(s.entries.iter().filter_map(|&e| match e {
                Some(Look::Index(i)) if self.entries[i as usize].langs != 0 => Some(i),
                _ => None,
            }))
        });
        if voted == 0 {
            return None;
        }
        // A function word of the comment's languages needs no look in their lists.
        let entry = |e: Option<Look>| match e {
            Some(Look::Index(i)) => self.entries[i as usize].langs,
            _ => 0,
        };
        if entry(s.entries[q]) & voted != 0 {
            return None;
        }
        let lists = &self.segmenter.languages;
        // The scan's print of the word (it was hashed again here, a tenth of the tokens).
        let print = s.print(q);
        let mut theirs = voted;
        while theirs != 0 {
            let l = theirs.trailing_zeros() as usize;
            if lists.get(l).is_some_and(|t| t.contains(print)) {
                return None;
            }
            theirs &= theirs - 1;
        }
        let theirs = |l: usize| voted >> l & 1 == 1;
        let size = cp_len(word);
        let spaced = respaced(n, s.starts[q], s.ends[q]);
        if size < limits.foreign_letters
            || s.ends[q] - s.starts[q] != size
            || size
                > if spaced {
                    limits.max_run
                } else {
                    limits.max_token
                }
            || !word.chars().all(char::is_alphabetic)
        {
            return None;
        }
        // The split must hold a piece that means something (below): most words of
        // another language hold no stretch that could, and need no comment languages.
        // The gate ([`Lexicon::may_mean_something`]) of a word of plain letters is the
        // meaning gate of its letters, a function of them alone that the batch keeps
        // for the word (the answer `split_token` keeps): a name a batch repeats
        // ("robert", "europe" of French text) is asked once, and its letters are
        // spelled out only when it passes.  Asked before the packs' words (each test
        // here only refuses: their order is free), as it refuses most words, and
        // cheaper once kept.
        if !spaced && word.chars().all(plain_letter) {
            let gate = || self.letters_may_mean(word);
            if !batch.meaning_or(word, print.value(), gate) {
                return None;
            }
        }
        if self.pack_word_langs(word) & voted != 0 || self.allow.contains(word) {
            return None;
        }
        let letters: Vec<char> = word.chars().collect();
        let (start, end) = (s.starts[q], s.ends[q]);
        let case = case_of(n, start, end);
        let shape = (case.as_slice(), n.tables.elisions.as_slice());
        let split = |langs: &[bool]| {
            let found = langs
                .contains(&true)
                .then(|| self.split_letters(&letters, shape, start, false, spaced, langs, voted));
            found.flatten()
        };
        // The voted languages the comment is written in (a look at every word).
        let mut in_comment = || -> Vec<bool> {
            let [words, whole] = langs();
            let langs = if spaced { whole } else { words };
            let mine = langs.into_iter().enumerate();
            mine.map(|(l, on)| on && theirs(l)).collect()
        };
        // A word's split is the cover of the first language asked that qualifies,
        // each language's cover its own ([`Lexicon::split_letters`]): the split in
        // every voted language is asked first, and the comment's languages, a subset
        // of them, only when it finds one; it is their split too when its language is
        // among them ([`Reading`]).  Most words find none.
        let pieces = if spaced {
            split(&in_comment())?.0
        } else {
            let voted_langs: Vec<bool> = (0..lists.len()).map(theirs).collect();
            let (pieces, reading) = split(&voted_langs)?;
            let langs = in_comment();
            if reading.holds_under(&langs) {
                pieces
            } else {
                split(&langs)?.0
            }
        };
        pieces
            .iter()
            .any(|(w, _, _)| self.means_something(w) && self.pack_word_langs(w) & voted != 0)
            .then_some(pieces)
    }

    /// Whether a token (its folded form) could be split: the scorer's quick reject
    /// must not skip it.  One hash lookup for a word of four letters or more.
    pub fn may_segment(&self, word: &str) -> bool {
        self.may_segment_print(word, Print::of(word), &mut 0)
    }

    /// [`Lexicon::may_segment`] with `word`'s print worked out already (the scan's:
    /// one hash a token asks the lists and the pack words); `lead`: the language whose
    /// list is asked first ([`Segmenter::knows_print_led`]: the answer does not depend
    /// on it), the last that listed a word of the comment.
    pub fn may_segment_print(&self, word: &str, print: Print, lead: &mut usize) -> bool {
        if self.segmenter.languages.is_empty() {
            return false;
        }
        let body = word.strip_prefix('#').unwrap_or(word);
        let size = cp_len(body);
        // A word the packs know (a phrase's word included) stays whole, whichever
        // language's list lacks it: "vomitare" of the Italian "mi fate vomitare" is not
        // "vomit are".
        size >= 3
            && size
                <= self
                    .segmenter
                    .limits
                    .max_token
                    .max(self.segmenter.limits.max_run)
            && (body.len() < word.len()
                || (size >= 4
                    && !self.segmenter.knows_print_led(print, lead)
                    && !self.is_pack_word_hashed(body, print.value())))
    }

    /// Whether a token of a comment the quick reject would skip splits into words
    /// that mean something, is a mention that reads as a term (`@sshole`,
    /// `Lexicon::mention_as_word`), or joins its neighbour across one separator
    /// (`f.ck`, `Lexicon::joins_separated`): then the comment is scanned after all.
    pub fn splits(&self, n: &Normalized, tokens: &Tokens) -> bool {
        let t = tokens;
        let size = t.len();
        if (0..size).any(|q| self.mention_as_word(&t.words[q], t.kinds[q]).is_some())
            || self.joins_separated(n, t)
        {
            return true;
        }
        // A spaced run after an elision and a letter (`l'a t t a r d é`): the scan
        // decides whether the letter is the run's first (`Lexicon::elided_run`).
        if (2..size).any(|q| {
            t.words[q - 2].ends_with('\'')
                && t.ends[q - 2] == t.starts[q - 1]
                && cp_len(&t.words[q - 1]) == 1
                && t.ends[q - 1] + 1 == t.starts[q]
                && t.kinds[q] == TokenKind::Word
                && respaced(n, t.starts[q], t.ends[q])
        }) {
            return true;
        }
        let mut langs: Option<[Vec<bool>; 2]> = None;
        let mut memo = SplitMemo::default();
        let mut lead = 0;
        (0..size).any(|q| {
            let word = &t.words[q];
            if !self.may_segment_print(word, Print::of(word), &mut lead) {
                return false;
            }
            let says = self
                .get(word)
                .is_some_and(|e| self.says_something(Look::Index(e)));
            let mut mask = |whole: bool| {
                let langs = langs.get_or_insert_with(|| {
                    let words = (0..size).filter(|&p| {
                        t.kinds[p] == TokenKind::Word && !respaced(n, t.starts[p], t.ends[p])
                    });
                    self.segmenter.comment_languages(words.map(|p| &t.words[p]))
                });
                langs[usize::from(whole)].clone()
            };
            let span = (t.starts[q], t.ends[q]);
            let mut meaning = |body: &str| self.letters_may_mean(body);
            let shape = (t.kinds[q], says);
            self.split_token(n, word, span, shape, &mut memo, &mut mask, &mut meaning)
                .is_some()
        })
    }

    /// The pieces of token `q` (word, start, end), or `None` when it stays whole.
    fn pieces(
        &self,
        n: &Normalized,
        s: &Scan,
        q: usize,
        memo: &mut SplitMemo,
        mask: &mut dyn FnMut(bool) -> Vec<bool>,
        batch: &mut BatchMemo,
    ) -> Option<Pieces> {
        let says = s.entries[q].is_some_and(|e| self.says_something(e));
        let word = &s.words[q];
        // The gate of a word's letters is a function of them alone: the batch keeps it
        // for the word (a hashtag's body is not the word the batch knows: asked afresh).
        let mut meaning = |body: &str| match body.len() == word.len() {
            true => batch.meaning_or(body, s.print(q).value(), || self.letters_may_mean(body)),
            false => self.letters_may_mean(body),
        };
        let span = (s.starts[q], s.ends[q]);
        let shape = (s.kinds[q], says);
        self.split_token(n, word, span, shape, memo, mask, &mut meaning)
    }

    /// Whether some stretch of `body`'s letters may be a form of the packs' (the meaning
    /// gate, [`MeaningGate::holds_a_form`]): a word of plain letters where none may is
    /// not split.
    fn letters_may_mean(&self, body: &str) -> bool {
        self.letters_hold_a_form(body, &self.piece_filters().meaning)
    }

    /// [`Lexicon::letters_may_mean`] by the cut gate ([`PieceFilters::cut`]): whether
    /// some stretch of `body` may be a form a piece the programme cuts can hold.
    fn letters_may_be_cut(&self, body: &str) -> bool {
        self.letters_hold_a_form(body, &self.piece_filters().cut)
    }

    /// Whether some stretch of `body`'s letters may be a form of `gate`.
    fn letters_hold_a_form(&self, body: &str, gate: &MeaningGate) -> bool {
        // Spelled on the stack when it fits (nearly every token: a token is at most
        // `max_token` letters long, 60 by default): the gate is asked of most tokens,
        // and a list of its own was an allocation each.
        let mut room = ['\0'; 64];
        let held;
        let letters: &[char] = if body.len() <= room.len() {
            let mut size = 0;
            for (slot, c) in room.iter_mut().zip(body.chars()) {
                *slot = c;
                size += 1;
            }
            &room[..size]
        } else {
            held = letters_of(body);
            &held
        };
        gate.holds_a_form(letters)
    }

    /// The pieces of one token (its folded form at `start..end` of `n.text`); `says`:
    /// whether the packs already know the whole token.  The token is split in every
    /// language first (most tokens split in none) and, when it splits, in the
    /// comment's languages, `mask(whole)` ([`Segmenter::comment_languages`]; `whole`:
    /// a hashtag or a spaced run, not among the words counted), unless the first answer
    /// already is that one ([`Reading`]).  What the split reads of the text around the
    /// token (typed apart or not, the case of each letter as typed, a `#` typed in a
    /// mask's place) is worked out here; the split itself depends only on that and the
    /// token's letters, so `memo` keeps it for the comment's later tokens with the same
    /// letters and shape (a comment repeating a glued or spaced word splits it once).
    /// `meaning(body)`: [`Lexicon::letters_may_mean`] of the token's body, asked only of
    /// a body of plain letters typed whole (the caller may keep it for the word).
    #[allow(clippy::too_many_arguments)]
    fn split_token(
        &self,
        n: &Normalized,
        word: &str,
        (start, end): (usize, usize),
        (kind, says): (TokenKind, bool),
        memo: &mut SplitMemo,
        mask: &mut dyn FnMut(bool) -> Vec<bool>,
        meaning: &mut dyn FnMut(&str) -> bool,
    ) -> Option<Pieces> {
        let hashtag = kind == TokenKind::Hashtag;
        let body = match kind {
            TokenKind::Word => word,
            TokenKind::Hashtag => word.strip_prefix('#')?,
            _ => return None,
        };
        let offset = start + usize::from(hashtag);
        let size = cp_len(body);
        // The tests that do not depend on how the token was typed come first: a token
        // they refuse is not mapped back to the original (the same answer, one look
        // at what was typed fewer).
        if size < 3 || offset + size != end || says {
            return None;
        }
        // A word (not a hashtag) that does not start and end with a letter splits into
        // nothing, whatever was typed (see [`edges_are_letters`]): refused before its
        // key is made (`jusqu'`, `20h30`, `160km` of a French sentence).
        if !hashtag && !edges_are_letters(body) {
            return None;
        }
        let spaced = !hashtag && respaced(n, start, end);
        let longest = if spaced {
            self.segmenter.limits.max_run
        } else {
            self.segmenter.limits.max_token
        };
        if size > longest {
            return None;
        }
        // A spaced run may split into known words that mean nothing: not gated.
        // A token with another letter than plain ones always may: asked of the text
        // first, so that such a token (a masked glued word a comment repeats, which the
        // memo answers) is not copied for the gate.
        let plain = !spaced && body.chars().all(plain_letter);
        if plain && !meaning(body) {
            return None;
        }
        // A `#` typed between two words starts a hashtag glued on (`urs#gang`,
        // `fuckin#shooter`), not a masked letter: see `split_shaped`.
        let typed_hash = body.chars().position(|c| c == '*').is_some_and(|at| {
            n.to_original(offset + at, offset + at + 1)
                .is_some_and(|(a, b)| b == a + 1 && n.original()[a] == '#' as u32)
        });
        let case = case_of(n, offset, end);
        // A body of plain letters typed with no capital is one run that is not
        // capitalised, so every piece of its split is one the programme cuts (a word of
        // a list or a key of the packs): such a split needs a piece holding a form of
        // the cut gate, which leaves out the typo forms that are neither (most of
        // them: six packs' typo forms let some 30 % more tokens through the meaning
        // gate above).  The proptest `the_cut_gate_lets_through_every_lower_case_split`
        // holds `split_letters` to it; what it refuses would split into nothing.
        if plain && case.iter().all(|&c| c != Some(true)) && !self.letters_may_be_cut(body) {
            return None;
        }
        let key = SplitKey {
            word: body.to_owned(),
            hashtag,
            spaced,
            case,
            typed_hash,
        };
        let list = memo.split(self, key, &n.tables.elisions, mask)?.iter();
        Some(
            list.map(|(w, a, b)| (w.clone(), offset + a, offset + b))
                .collect(),
        )
    }

    /// [`Lexicon::split_token`] of a token of this shape, the pieces' places counted
    /// from the token's first letter.
    fn split_shaped(
        &self,
        key: &SplitKey,
        langs: &[bool],
        elisions: &[Vec<u32>],
        kept: &mut Fillings,
    ) -> Option<(Pieces, Reading)> {
        let (body, case) = (key.word.as_str(), &key.case);
        let (hashtag, spaced, typed_hash) = (key.hashtag, key.spaced, key.typed_hash);
        if !hashtag && (self.segmenter.knows(body) || self.allow.contains(body)) {
            return None;
        }
        let letters: Vec<char> = letters_of(body);
        let shape = (case.as_slice(), elisions);
        let mut masks = letters.iter().enumerate().filter(|&(_, &c)| c == '*');
        let Some((at, _)) = masks.next() else {
            return self.split_letters(&letters, shape, 0, hashtag, spaced, langs, 0);
        };
        // One masked letter inside a glued word (`massiv*scumbags`, `d*athto`): each
        // letter is tried in its place.  A filling that is a word makes the token that
        // word (the lexicon's masked lookup answers for terms); otherwise the split
        // with the fewest pieces wins.  Two masks or more, or one at an edge: the masks
        // only separate runs.
        // A `#` typed between two words starts a hashtag glued on (`urs#gang`,
        // `fuckin#shooter`), not a masked letter (single masked words, `sh#t`, are the
        // lexicon's masked lookup's): the mask only separates runs, as before.
        if masks.next().is_some() || hashtag || at == 0 || at + 1 == letters.len() || typed_hash {
            return self.split_letters(&letters, shape, 0, hashtag, spaced, langs, 0);
        }
        self.split_fillings(&letters, at, shape, spaced, langs, kept)
            .map(|out| (out, Reading::Fillings))
    }

    /// The split of a token of one masked letter inside a glued word: the filling (of
    /// the packs' `mask_letters`, most frequent first: the order only breaks ties
    /// between fillings that split into as many pieces) that splits into the fewest
    /// pieces in `langs`, or `None` when a filling is a word (the lexicon's masked
    /// lookup answers for terms).  `kept` holds what an earlier ask of the same token
    /// worked out: whether a filling is a word, each language's marked fillings and
    /// each filling's split per language (a split in `langs` is the split in the first
    /// language of `langs` that has one).
    fn split_fillings(
        &self,
        letters: &[char],
        at: usize,
        shape: (&[Option<bool>], &[Vec<u32>]),
        spaced: bool,
        langs: &[bool],
        kept: &mut Fillings,
    ) -> Option<Pieces> {
        let fills = &self.tables.mask_letters;
        let languages = self.segmenter.languages.len();
        if !kept.ready {
            kept.ready = true;
            // A split of a glued word holds a piece that means something
            // ([`Lexicon::split_letters`]): fillings with none split into nothing.
            let lower = shape.0.iter().all(|&c| c != Some(true));
            kept.may_mean = if spaced {
                vec![true; fills.len()]
            } else {
                self.fillings_may_mean(letters, at, lower)
            };
            kept.walks = vec![None; languages];
            kept.splits = FilledSplits::new(fills.len() * languages.max(1));
        }
        let left = kept.may_mean.iter().filter(|&&m| m).count();
        if left == 0 {
            return None;
        }
        // A lower-case word of letters (one run, not capitalised) is split in each
        // language from one walk of its letters around the mask, shared by the
        // fillings: only the pieces across the mask are grown a filling
        // ([`MaskedWalk`]; its cover is the one `split_letters` finds).
        let case = shape.0;
        let one_run = !spaced
            && letters.iter().all(|&c| c == '*' || c.is_alphabetic())
            && case.iter().all(|&c| c != Some(true));
        let pack_word = self.index_keys(true);
        let asked: Vec<usize> = (0..languages).filter(|&l| langs[l]).collect();
        let slot_of = |f: usize, lang: usize| f * languages.max(1) + lang;
        // The fewest pieces so far, and the filling and language they came from.
        let mut best: Option<(usize, usize, usize)> = None;
        let mut filled = letters.to_vec();
        let mut only = vec![false; languages];
        let mut table = Vec::new();
        let kinds = &self.piece_filters().fill_kinds;
        // Whether the pieces mean something, shared by the fillings but for the
        // pieces across the mask.
        let mut meant = Meanings {
            mask: Some(at),
            ..Meanings::default()
        };
        for (f, &c) in fills.iter().enumerate() {
            // A split has two pieces or more ([`Lexicon::reads_as_split`]; a spaced
            // run's may have fewer) and a later filling wins only with fewer pieces:
            // once one splits in two, the fillings after it cannot win.
            if !spaced && best.is_some_and(|(size, _, _)| size <= 2) {
                break;
            }
            if !kept.may_mean[f] {
                continue;
            }
            filled[at] = c;
            // The lanes of the joint walk grown for this filling.
            let mut grown = 0u64;
            // The languages asked, in order (a spaced run is read in every language
            // whatever the mask: one slot).
            let tried: &[usize] = if spaced { &[0] } else { &asked };
            for &lang in tried {
                if !kept.splits.known(slot_of(f, lang)) {
                    let out = if one_run && kinds[f].0 {
                        let asked = (letters, at, f, langs);
                        let walked: Walked<'_> = (&filled, &pack_word, &mut grown, &mut table);
                        let cover = self.cover_by_walk(kept, asked, lang, walked);
                        cover
                            .filter(|cover| self.reads_as_split(&filled, cover, false, &mut meant))
                            .map(FilledSplit::Cover)
                    } else {
                        let mask: &[bool] = if spaced {
                            langs
                        } else {
                            only.fill(false);
                            only[lang] = true;
                            &only
                        };
                        let out = self.split_letters(&filled, shape, 0, false, spaced, mask, 0);
                        out.map(|(out, _)| FilledSplit::Pieces(out))
                    };
                    kept.splits.set(slot_of(f, lang), out);
                }
                if let Some(out) = kept.splits.get(slot_of(f, lang)) {
                    if best.is_none_or(|(size, _, _)| out.len() < size) {
                        best = Some((out.len(), f, lang));
                    }
                    break;
                }
            }
        }
        let (_, f, lang) = best?;
        // A filling that is a word keeps the token whole: asked only once some
        // filling splits (with none, the answer is none either way).
        if *kept
            .word
            .get_or_insert_with(|| self.a_filling_is_a_word(letters, at))
        {
            return None;
        }
        filled[at] = fills[f];
        let split = kept.splits.get(slot_of(f, lang))?.clone();
        Some(split.pieces(&filled))
    }

    /// The cover of `filled` (filling `f` of the mask at `at` of `letters`) in `lang`,
    /// from the token's walk in that language ([`Segmenter::cover_of_lane`]).  The
    /// pieces across the mask are grown once a filling (`grown`: the lanes grown for it)
    /// in every lane of a language of `langs` whose split of the filling is not yet
    /// known: the languages are tried in turn, and most fillings split in none.
    fn cover_by_walk(
        &self,
        kept: &mut Fillings,
        (letters, at, f, langs): (&[char], usize, usize, &[bool]),
        lang: usize,
        (filled, pack_word, grown, table): Walked<'_>,
    ) -> Option<Vec<(usize, usize)>> {
        let languages = self.segmenter.languages.len().max(1);
        let Fillings {
            walks,
            joint,
            splits,
            ..
        } = kept;
        let walk = walks[lang]
            .get_or_insert_with(|| self.segmenter.masked_walk(lang, letters, at, pack_word))
            .as_ref()?;
        let joint = joint.get_or_insert_with(JointWalk::default);
        let Some(lane) = joint.lane_of(lang).or_else(|| joint.join(walk)) else {
            // Every lane taken: this language walked alone.
            return self.segmenter.cover_filled(walk, filled, pack_word, table);
        };
        if *grown >> lane & 1 == 0 {
            let unknown = joint
                .langs()
                .iter()
                .enumerate()
                .fold(0u64, |bits, (x, &l)| {
                    let open = langs[l] && !splits.known(f * languages + l);
                    bits | u64::from(open) << x
                });
            self.segmenter
                .grow_across(joint, filled, pack_word, unknown);
            *grown |= unknown;
        }
        self.segmenter.cover_of_lane(walk, joint, lane, table)
    }

    /// Whether putting one of the packs' `mask_letters` in place of the mask at `at`
    /// makes a word of a language's list, a word of the packs or of the allow list.
    fn a_filling_is_a_word(&self, letters: &[char], at: usize) -> bool {
        let mut filled = letters.to_vec();
        // Each filling's print from the prints of the letters around the mask (no
        // filling is hashed again from its first letter: a long glued token costs a
        // constant per filling).
        let fillings = MaskPrints::around(letters, at);
        let mut word = String::new();
        let filters = self.piece_filters();
        // No word of the packs or of the allow list has the token's length and ends:
        // no filling is one, and only the languages' lists are asked.
        let listed = self.fillings_may_be_pack_words(letters, at);
        self.tables.mask_letters.iter().any(|&c| {
            filled[at] = c;
            let print = fillings.print(c);
            // The filling spelled out only for the packs' tables, and only when their
            // filters let its print through; its print's value is its word hash (the
            // packs' words are asked with it, not hashed again).
            let v = print.value();
            let (pack, allow) = match listed {
                true => (filters.words.may_hold(v), filters.allow.may_hold(v)),
                false => (false, false),
            };
            if pack || allow {
                spelled(&mut word, &filled);
                debug_assert_eq!(v, Print::of(&word).value(), "a filling's print");
            }
            self.segmenter.knows_print_valued(print, v)
                || (pack && self.is_pack_word_hashed(&word, v))
                || (allow && self.allow.contains(&word))
        })
    }

    /// [`Lexicon::split_token`] on the token's letters, the first of them at `offset`
    /// of `n.text`; `case`: the case of each letter as typed ([`case_of`]), `elisions`:
    /// the packs' elisions.  `foreign`: the voted languages of a comment whose token is
    /// a word only of other languages ([`Lexicon::foreign_pieces`]), 0 otherwise; such
    /// a token is one run of letters, read in `langs` only, and is no known word of
    /// them.
    #[allow(clippy::too_many_arguments)]
    fn split_letters(
        &self,
        letters: &[char],
        (case, elisions): (&[Option<bool>], &[Vec<u32>]),
        offset: usize,
        hashtag: bool,
        spaced: bool,
        langs: &[bool],
        foreign: u32,
    ) -> Option<(Pieces, Reading)> {
        let runs = runs(letters, case);
        if !hashtag && (runs.first()?.0 != 0 || runs.last()?.1 != letters.len()) {
            return None; // a word with digits inside is the leet steps' business
        }
        // A foreign word's pieces are words of the comment's languages' lists only: no
        // key of another pack (the Italian `morta` of a French "Mortà"), and no slang
        // spelling of their own ("Captain" of a French sentence is no "ca" + `ptain`).
        let pack_word = |w: &str| foreign == 0 && self.index.contains_key(w);
        if spaced {
            // A spaced run holds most of a spaced comment's letters: its cheapest path
            // is the language judgment (the few words typed whole, "rt", "u", "the",
            // say little), so every language is tried; for a foreign word, the
            // comment's languages only.
            let all = if foreign != 0 {
                langs.to_vec()
            } else {
                vec![true; langs.len()]
            };
            let elided: Vec<usize> = runs
                .iter()
                .map(|&(a, b, _)| elision_before(letters, a, b, elisions))
                .collect();
            // Every language, whatever the mask: the same reading under any mask (a
            // foreign word's reading is the mask's own).
            let reading = if foreign != 0 {
                Reading::Fillings
            } else {
                Reading::AnyMask
            };
            return self
                .split_spaced_token(letters, &runs, &elided, offset, &all, &pack_word)
                .or_else(|| self.peel_elisions(letters, &runs, &elided, offset, &pack_word))
                .map(|out| (out, reading));
        }
        if foreign != 0 && runs.len() != 1 {
            return None;
        }
        let asked: Vec<usize> = (0..self.segmenter.languages.len())
            .filter(|&l| langs[l])
            .collect();
        let covers = self.covers_each(letters, &runs, hashtag, foreign, &asked, &pack_word);
        // The languages in order: the first whose cover reads as a split wins.
        let mut meant = Meanings::default();
        asked.iter().zip(covers).find_map(|(&lang, cover)| {
            let out = self.meant_pieces(letters, cover?, hashtag, offset, &mut meant)?;
            Some((out, Reading::Lang(lang)))
        })
    }

    /// The pieces of `cover`, a cover of a glued token's `letters` (the first of them
    /// at `offset`), when it reads as a split: two pieces or more (a lone piece only
    /// for a hashtag: "#pervert" reads "pervert"), one of which means something.
    fn meant_pieces(
        &self,
        letters: &[char],
        cover: Vec<(usize, usize)>,
        hashtag: bool,
        offset: usize,
        meant: &mut Meanings,
    ) -> Option<Pieces> {
        if !self.reads_as_split(letters, &cover, hashtag, meant) {
            return None;
        }
        Some(spelled_pieces(letters, cover, offset))
    }

    /// Whether `cover`, a cover of a glued token's `letters`, reads as a split: two
    /// pieces or more (a lone piece only for a hashtag: "#pervert" reads "pervert"),
    /// one of which means something.
    fn reads_as_split(
        &self,
        letters: &[char],
        cover: &[(usize, usize)],
        hashtag: bool,
        meant: &mut Meanings,
    ) -> bool {
        let split = cover.len() > 1 || hashtag;
        split && cover.iter().any(|&(a, b)| meant.of(self, letters, a, b))
    }

    /// The cover of a glued token's runs (see [`Lexicon::split_letters`]) in each
    /// language of `asked`, as pieces (start, end) in letters; `None` for a language
    /// that leaves a run uncovered.  Each run is split in every language still covering
    /// in one walk ([`Segmenter::split_each`]), and a capitalised run is looked up once
    /// for all of them: every language's cover is the one a language asked alone gets.
    fn covers_each(
        &self,
        letters: &[char],
        runs: &[(usize, usize, bool)],
        hashtag: bool,
        foreign: u32,
        asked: &[usize],
        pack_word: &dyn Fn(&str) -> bool,
    ) -> Vec<Option<Vec<(usize, usize)>>> {
        let mut covers = vec![Some(Vec::new()); asked.len()];
        let keys = self.index_keys(foreign == 0);
        for &(a, b, titled) in runs {
            let run = &letters[a..b];
            // A capitalised run ("Hitchcock", the "Loser" of "IsALoser") is one word,
            // a name when it is no known word ("#SierraBurgess"), and is cut only into
            // a very frequent word and one other ("Ihate", "Deathto"): names are not
            // made that way, glued sentence starts are.
            if titled && (hashtag || (foreign == 0 && self.known_run(run, pack_word))) {
                covers.iter_mut().flatten().for_each(|c| c.push((a, b)));
                continue;
            }
            // The languages that left an earlier run uncovered are not walked.
            let dead = (0..asked.len())
                .filter(|&x| x < LANES && covers[x].is_none())
                .fold(0u64, |bits, x| bits | 1 << x);
            if covers.iter().all(Option::is_none) {
                break;
            }
            let splits = self.segmenter.split_each_but(asked, dead, run, &keys);
            for ((x, &lang), split) in asked.iter().enumerate().zip(splits) {
                let kept = split.filter(|parts| !titled || self.glued_start(lang, run, parts));
                match (kept, &mut covers[x]) {
                    (Some(parts), Some(cover)) if cover.is_empty() && a == 0 => *cover = parts,
                    (Some(parts), Some(cover)) => {
                        cover.extend(parts.into_iter().map(|(p, q)| (a + p, a + q)));
                    }
                    _ => covers[x] = None,
                }
            }
        }
        covers
    }

    /// Whether a capitalised run is a word of some list or of the packs (spelled and
    /// looked up only for such runs: most runs are lower case).
    fn known_run(&self, run: &[char], pack_word: &dyn Fn(&str) -> bool) -> bool {
        let run: String = run.iter().collect();
        self.segmenter.knows(&run) || pack_word(&run)
    }

    /// Whether the split `parts` of a capitalised run reads as a glued sentence start
    /// in language `lang`: two pieces, one of them among its most frequent words.
    fn glued_start(&self, lang: usize, run: &[char], parts: &[(usize, usize)]) -> bool {
        parts.len() == 2
            && parts.iter().any(|&(x, y)| {
                let piece: String = run[x..y].iter().collect();
                self.segmenter.is_function_word(lang, &piece)
            })
    }

    /// The pieces of a spaced run (its letters and their runs between digits and
    /// apostrophes), by the cheapest path of any language
    /// ([`Segmenter::split_spaced`]): a split of two pieces or more, all of them known
    /// words, or one of which means something and is read apart.  Apart: a known
    /// piece (or an unknown stretch of five letters or more the lexicon reads as a
    /// term's typo, `muchhatrd`, between known pieces) with no unknown stretch of three
    /// letters or fewer beside it, and a known piece beside it (or nothing, or
    /// `LONG_TERM` letters or more).  A term with only unknown stretches and the run's
    /// ends around it, or a short unknown leftover beside it, is a term carved out of
    /// a name or a typo (`cunt` of `cunthorpe`, `spic` of `despicble`), not a word the
    /// writer spaced out; a long unknown word beside a known one is a name or a rare
    /// word (`typical coon behaviour`: the lists are American); few names hide a term
    /// of six letters (`hola mongol` of a Spanish or Portuguese comment).
    /// `elided`: for each run, the letters of the elision it ends with before an
    /// apostrophe (0: none), see [`Lexicon::spaced_run`].
    fn split_spaced_token(
        &self,
        letters: &[char],
        runs: &[(usize, usize, bool)],
        elided: &[usize],
        offset: usize,
        langs: &[bool],
        pack_word: &dyn Fn(&str) -> bool,
    ) -> Option<Vec<(String, usize, usize)>> {
        let mut best: Option<(u64, Pieces)> = None;
        for lang in (0..self.segmenter.languages.len()).filter(|&l| langs[l]) {
            let mut total = 0u64;
            let mut out = Vec::new();
            let mut evidence = false;
            let mut all_known = true;
            for (&(a, b, _), &elision) in runs.iter().zip(elided) {
                let (cost, parts) = self.spaced_run(lang, &letters[a..b], elision, pack_word)?;
                let parts = self.phrase_pieces(lang, &letters[a..b], parts, pack_word);
                total = total.saturating_add(cost);
                for (k, &(x, y, known)) in parts.iter().enumerate() {
                    let piece: String = letters[a + x..a + y].iter().collect();
                    let left = k.checked_sub(1).map(|i| parts[i]);
                    let right = parts.get(k + 1).copied();
                    let short = |p: Option<(usize, usize, bool)>| {
                        p.is_some_and(|(x, y, known)| !known && y - x < 4)
                    };
                    let by_known = |p: Option<(usize, usize, bool)>| p.is_some_and(|p| p.2);
                    all_known = all_known && known;
                    let apart = (known || y - x >= 5)
                        && !short(left)
                        && !short(right)
                        && (by_known(left)
                            || by_known(right)
                            || (left.is_none() && right.is_none())
                            || y - x >= LONG_TERM)
                        && (known || (left.is_none_or(|p| p.2) && right.is_none_or(|p| p.2)));
                    evidence = evidence || (apart && self.means_something(&piece));
                    out.push((piece, offset + a + x, offset + a + y));
                }
            }
            // Known words all the way count only when they are words of some length on
            // average: a short name or foreign word is no string of particles ("fouto"
            // is not "fou to", "esidinero" not "es id i nero").
            let words = all_known && letters.len() >= MIN_LETTERS_PER_PIECE * out.len();
            if out.len() >= 2
                && (evidence || words)
                && best.as_ref().is_none_or(|(c, _)| total < *c)
            {
                best = Some((total, out));
            }
        }
        best.map(|(_, out)| out)
    }

    /// The best path through one run of a spaced token ([`Segmenter::split_spaced`]),
    /// `run` holding the run's letters.  A run that ends
    /// with an elision of the packs before an apostrophe (`quelpeupled'` of
    /// `q u e l p e u p l e d'a t t a r d é`: the elision was typed whole and the
    /// neighbouring words ran into it) may also be read as the letters before it and
    /// the elision as a piece of its own, apostrophe included, as the scan reads `d'`:
    /// the cheaper reading wins ("quel peuple d'", not "quel peu pled"), so a run
    /// that only ends like an elision (`didn'` of `didn't`) keeps its word.
    fn spaced_run(
        &self,
        lang: usize,
        run: &[char],
        elision: usize,
        pack_word: &dyn Fn(&str) -> bool,
    ) -> Option<(u64, Vec<Piece>)> {
        let size = run.len();
        let typo_word = |w: &str| self.typos.contains_key(w);
        let (pack_word, typo_word) = (self.pack_keys(pack_word), self.typo_keys(&typo_word));
        let path = |letters: &[char]| {
            self.segmenter
                .split_spaced(lang, letters, &pack_word, &typo_word)
        };
        if elision == 0 {
            return path(run);
        }
        let (whole, head) = if size > elision {
            self.segmenter
                .split_spaced_and_head(lang, run, size - elision, &pack_word, &typo_word)
        } else {
            (None, Some((0, Vec::new())))
        };
        let peeled = head.map(|(cost, mut parts)| {
            parts.push((size - elision, size + 1, true));
            (cost + PIECE, parts)
        });
        match (whole, peeled) {
            (Some(w), Some(p)) => Some(if p.0 <= w.0 { p } else { w }),
            (w, p) => w.or(p),
        }
    }

    /// A term phrase spread over a spaced run (`chingchong`): the path knows a
    /// phrase's head ("ching", a key of the packs) but not its later words ("chong" is
    /// no word of a list and no key, only a phrase's word), so it reads them as an
    /// unknown stretch.  When the letters right after a known piece spell, word by
    /// word, the rest of one of its phrases that is a term or names a group, those
    /// words become known pieces (the longest such phrase), and the letters after them
    /// up to the path's next cut are read again by the path; over unknown stretches
    /// only, unless the phrase ends at one of the path's cuts.  Each phrase is compared
    /// letter by letter over at most its own length: linear in the run.
    fn phrase_pieces(
        &self,
        lang: usize,
        run: &[char],
        parts: Vec<Piece>,
        pack_word: &dyn Fn(&str) -> bool,
    ) -> Vec<Piece> {
        let typo_word = |w: &str| self.typos.contains_key(w);
        let (pack_keys, typo_word) = (self.pack_keys(pack_word), self.typo_keys(&typo_word));
        let mut out = Vec::with_capacity(parts.len());
        let mut word = String::new();
        let mut k = 0;
        while k < parts.len() {
            let (x, y, known) = parts[k];
            out.push(parts[k]);
            k += 1;
            if !known || y >= run.len() {
                continue;
            }
            word.clear();
            word.extend(&run[x..y]);
            let Some(&e) = self.index.get(word.as_str()) else {
                continue;
            };
            let mut fit: Option<Vec<(usize, usize)>> = None;
            for &p in self.entries[e as usize].phrases.values().flatten() {
                let phrase = &self.phrases[p as usize];
                if phrase.term.is_none() && !phrase.identity {
                    continue;
                }
                let mut words = Vec::new();
                let mut at = y;
                for token in self.phrases.tokens(p).iter().skip(1) {
                    let size = token.chars().count();
                    let fits = at + size <= run.len()
                        && token.chars().all(char::is_alphabetic)
                        && token.chars().eq(run[at..at + size].iter().copied());
                    if !fits {
                        words.clear();
                        break;
                    }
                    words.push((at, at + size));
                    at += size;
                }
                if words.last().is_some_and(|&(_, end)| {
                    fit.as_ref()
                        .is_none_or(|f| f.last().is_none_or(|&(_, e)| e < end))
                }) {
                    fit = Some(words);
                }
            }
            let Some(words) = fit else { continue };
            let end = words.last().map_or(y, |&(_, e)| e);
            // The path's pieces the phrase covers, up to its next cut at or past the
            // phrase's end (an elision's piece, which ends past the run, stays).
            let mut next = k;
            let mut cut = y;
            let mut words_read = false;
            while next < parts.len() && parts[next].0 < end {
                cut = parts[next].1;
                words_read = words_read || parts[next].2;
                next += 1;
            }
            // The phrase reads letters the path could not, or ends where the path's
            // words do: it never cuts into a word the path read (`fuck you` out of
            // `fuck` + `your`, `holy fuck` out of `holy` + `fucking`).
            if cut > run.len() || (words_read && cut != end) {
                continue;
            }
            let rest = if cut > end {
                let Some((_, tail)) =
                    self.segmenter
                        .split_spaced(lang, &run[end..cut], &pack_keys, &typo_word)
                else {
                    continue;
                };
                tail
            } else {
                Vec::new()
            };
            out.extend(words.into_iter().map(|(a, b)| (a, b, true)));
            out.extend(
                rest.into_iter()
                    .map(|(a, b, known)| (end + a, end + b, known)),
            );
            k = next;
        }
        out
    }

    /// A spaced token with no term read in it whose elisions, peeled off their runs,
    /// leave words (`tempsd'en` of `t e m p s d'en f i n i r`, `vasylenoc'est` of
    /// `v a s y l e n o c'est`): the runs whole and the elisions as pieces, as the scan
    /// reads a comment typed with spaces, so the phrases and rules see `d'` and `en`,
    /// `c'` and `est`.  Nothing is cut out of a word: each piece besides the elisions
    /// is a whole run of two letters or more (`t'` + `s` of `what's` is no reading),
    /// and one of them at least is a word the lists know.  `None` otherwise.
    fn peel_elisions(
        &self,
        letters: &[char],
        runs: &[(usize, usize, bool)],
        elided: &[usize],
        offset: usize,
        pack_word: &dyn Fn(&str) -> bool,
    ) -> Option<Vec<(String, usize, usize)>> {
        if !elided.iter().any(|&e| e > 0) {
            return None;
        }
        let mut out = Vec::new();
        let mut known = false;
        for (&(a, b, _), &e) in runs.iter().zip(elided) {
            let cut = b - e;
            if cut > a {
                let word: String = letters[a..cut].iter().collect();
                if cut - a < 2 {
                    return None;
                }
                known = known || self.segmenter.knows(&word) || pack_word(&word);
                out.push((word, offset + a, offset + cut));
            }
            if e > 0 {
                let word: String = letters[cut..=b].iter().collect();
                out.push((word, offset + cut, offset + b + 1));
            }
        }
        (known && out.len() >= 2).then_some(out)
    }

    /// `ask` (a question about the packs' keys, which it answers yes only for keys)
    /// behind the filter of the keys' prints: most pieces the programmes grow are no
    /// key, and are answered by one bit instead of a string hash.
    fn pack_keys<'a>(&'a self, ask: &'a dyn Fn(&str) -> bool) -> Filtered<'a> {
        let may = &self.piece_filters().keys;
        Filtered { may, ask }
    }

    /// The packs' keys behind the filter of their prints, asked with the piece's print
    /// (the index's hash: [`crate::lexicon::word_hash`]) instead of hashing its text
    /// again; `open` false: no piece is a key (a foreign word's).
    fn index_keys(&self, open: bool) -> IndexKeys<'_> {
        let may = &self.piece_filters().keys;
        IndexKeys {
            lex: self,
            may,
            open,
        }
    }

    /// [`Lexicon::pack_keys`] for the typo forms of the packs.
    fn typo_keys<'a>(&'a self, ask: &'a dyn Fn(&str) -> bool) -> Filtered<'a> {
        let may = &self.piece_filters().typos;
        Filtered { may, ask }
    }

    /// The filters of the packs' keys and typo forms, worked out on first use (a
    /// lexicon is built field by field by the bindings) unless a cache file's were
    /// kept ([`Lexicon::keep_piece_filters`]).
    pub(crate) fn piece_filters(&self) -> &PieceFilters {
        self.segmenter
            .filters
            .get_or_init(|| self.derive_piece_filters())
    }

    /// The piece filters as bytes, for the compiled-pack cache (derived first if no
    /// comment has needed them yet).
    pub fn piece_filters_bytes(&self) -> Vec<u8> {
        self.piece_filters().to_bytes()
    }

    /// Keep the piece filters a compiled-pack cache file held (the
    /// [`Lexicon::piece_filters_bytes`] of a lexicon of the same packs and core: the
    /// cache's key says so) rather than derive them when a comment first needs them;
    /// why the bytes are not such filters otherwise.
    pub fn keep_piece_filters(&self, bytes: &[u8]) -> Result<(), String> {
        let filters = PieceFilters::from_bytes(bytes, self.fill_kinds())?;
        // Set already (derived, or kept before): the same filters, left as they are.
        let _ = self.segmenter.filters.set(filters);
        Ok(())
    }

    /// Whether the piece filters are there (derived or kept) before a comment asks.
    pub fn has_piece_filters(&self) -> bool {
        self.segmenter.filters.get().is_some()
    }

    /// The piece filters worked out from the lexicon's tables.
    fn derive_piece_filters(&self) -> PieceFilters {
        PieceFilters {
            meaning: MeaningGate::of(|| self.meaning_forms(false), false),
            cut: MeaningGate::of(|| self.meaning_forms(true), true),
            keys: print_filter(self.index.keys(), self.index.len()),
            typos: print_filter(self.typos.iter().map(|(k, _)| k), self.typos.len()),
            masked_typos: self.masked_typo_filter(),
            words: print_filter(self.pack_words(), self.pack_words().count()),
            allow: print_filter(self.allow.iter().map(String::as_str), self.allow.len()),
            fill_kinds: self.fill_kinds(),
        }
    }

    /// For each of the packs' mask letters, whether it is alphabetic and whether it is
    /// a plain letter ([`PieceFilters::fill_kinds`]).
    fn fill_kinds(&self) -> Vec<(bool, bool)> {
        (self.tables.mask_letters.iter())
            .map(|&c| (c.is_alphabetic(), plain_letter(c)))
            .collect()
    }

    /// The filter of [`PieceFilters::may_be_masked_typo`]: the print of every typo
    /// form with each of its inner letters in turn masked, 5 bits a print (a typo form
    /// makes five masked prints or so: at 10 bits, as the other filters, two packs'
    /// took 2 MB, kept from a process's first split on; at 5 about one masked token in
    /// five that is no typo form passes, and asks its fillings).  Only the masks
    /// [`Lexicon::masked_typo`] fills are kept: one inside a word of four to
    /// `max_word` letters (the token and the form have as many letters).
    fn masked_typo_filter<'a>(&'a self) -> TagFilter {
        let sizes = 4..=self.segmenter.limits.max_word;
        let forms = || {
            let sized = self.typos.iter().map(|(k, _)| (k, cp_len(k)));
            sized.filter(|(_, size)| sizes.contains(size))
        };
        let prints: usize = forms().map(|(_, size)| size - 2).sum();
        let inner = |(form, size): (&'a str, usize)| inner_masked_prints(form, size);
        TagFilter::build(prints * 5 / 8, forms().flat_map(inner))
    }

    /// A piece of four letters or more that is evidence or starts some: a term, an
    /// identity word, the head of a phrase that is a term ("hate" of "i hate", "death"
    /// of "death to").  Context words alone ("you", "not") do not make a split.
    fn means_something(&self, word: &str) -> bool {
        // Three letters or fewer ("rat", "con", "nig") turn up inside too many words of
        // other languages and names to be read out of a glued run.
        if cp_len(word) < 4 {
            return false;
        }
        match self.lookup(word, false).0 {
            None => false,
            Some(Look::Stem(_)) => true,
            Some(Look::Index(e)) => self.entry_means(e),
        }
    }

    /// Whether a piece the lookup reads as entry `e` means something (see
    /// [`Lexicon::means_something`]).
    fn entry_means(&self, e: u32) -> bool {
        let e = &self.entries[e as usize];
        !e.terms.is_empty()
            || e.identity
            || e.phrases.values().flatten().any(|&p| {
                let p = &self.phrases[p as usize];
                p.term.is_some() || p.identity
            })
    }

    /// Whether some piece of these letters may mean something
    /// ([`Lexicon::means_something`]); `false` only when no piece can.  Asked before a
    /// token of plain letters is split: a split qualifies only with a piece that means
    /// something ([`Lexicon::split_letters`], [`Lexicon::foreign_pieces`]), its pieces
    /// are stretches of the token's letters, and most unknown words of a comment hold
    /// no stretch that is a term's form ([`MeaningGate`]).  Letters beyond plain ones
    /// (a digit, a mask, an apostrophe) may make a piece the lookup reads another way
    /// (leet, masks, possessives): such tokens always may.  The gates asked of tokens
    /// (`split_token`'s and `foreign_pieces`', through the batch's memo) are this for a
    /// word of plain letters ([`Lexicon::letters_may_mean`]); the tests hold them to it.
    #[cfg(test)]
    fn may_mean_something(&self, letters: &[char]) -> bool {
        if !letters.iter().all(|&c| plain_letter(c)) {
            return true;
        }
        self.piece_filters().meaning.holds_a_form(letters)
    }

    /// [`Lexicon::may_mean_something`] of `letters` with each filling of the packs'
    /// `mask_letters` in place of the mask at `at`, for each filling (`false`: no piece of the filled
    /// letters can mean something, so they make no split of a glued word).  `lower`:
    /// no letter was typed in upper case, so the token is one run that is not
    /// capitalised and each piece of its split is one the programme cuts: the gate of
    /// such pieces answers ([`PieceFilters::cut`]).
    fn fillings_may_mean(&self, letters: &[char], at: usize, lower: bool) -> Vec<bool> {
        let fills = &self.tables.mask_letters;
        let plain = |(i, &c): (usize, &char)| i == at || plain_letter(c);
        if !letters.iter().enumerate().all(plain) {
            return vec![true; fills.len()];
        }
        let filters = self.piece_filters();
        let gate = if lower {
            &filters.cut
        } else {
            &filters.meaning
        };
        let mut may = gate.fillings_holding(letters, at, fills);
        for (may, &(_, plain)) in may.iter_mut().zip(&filters.fill_kinds) {
            *may = *may || !plain;
        }
        may
    }

    /// The strings a piece of plain letters must contain to mean something
    /// ([`MeaningGate`] says why each is there), walked rather than kept: six packs
    /// have some 170,000, and the gate keeps only their filters.  `cut`: of a piece the
    /// programme cuts ([`Segmenter::rank_or`]: a word of a language's list or a key of
    /// the packs), so a typo form, which is the whole piece when it is the reason the
    /// piece means something, is kept only when it is a list's word or a key (most
    /// typo forms are neither, and `abor`, `acar`, `aent` sit inside many words).
    fn meaning_forms(&self, cut: bool) -> impl Iterator<Item = Cow<'_, str>> + '_ {
        let keys = self.index.iter().filter(|&(_, &e)| self.entry_means(e));
        let keyed = keys.flat_map(|(key, _)| {
            let ending = move |ending: &String| Cow::Owned(format!("{key}{ending}"));
            let ended = self.tables.possessives.iter().map(ending);
            std::iter::once(Cow::Borrowed(key)).chain(ended)
        });
        let cuttable =
            move |k: &&str| !cut || self.segmenter.knows(k) || self.index.contains_key(k);
        let typos = self.typos.iter().map(|(k, _)| k).filter(cuttable);
        let typos = typos.map(Cow::Borrowed);
        let stems = self.stem_index.iter();
        let stems = stems.filter(|&(_, &s)| !self.stems[s as usize].is_empty());
        let stems = stems.map(|(k, _)| Cow::Borrowed(k.as_str()));
        let four = |form: &Cow<'_, str>| cp_len(form) >= 4;
        keyed.chain(typos).filter(four).chain(stems)
    }
}

/// Whether `c` is a letter a piece can hold without the lookup reading it another way
/// than as a plain word (no digit: trailing leet; no mask; no apostrophe: possessives).
fn plain_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    c.is_alphabetic() && !crate::unicode::is_digit(u32::from(c))
}

/// What a piece of plain letters must contain to mean something, derived once a
/// lexicon from its tables ([`Lexicon::meaning_forms`]).  Why every piece that means
/// something contains a form: [`Lexicon::means_something`] asks for four letters or
/// more and a lookup (not stretched) that finds
/// * the piece as a key of an entry that means something: the key is a form;
/// * such a key followed by a possessive ending: key + ending is a form;
/// * the piece as a typo form: every typo form of four letters or more is a form;
/// * a stem: the piece starts with a stem key whose stems are not empty, a form (the
///   stem fallback needs `has_stem_prefix` and `stem_index` to hold a prefix of it);
/// * anything else needs a digit (leet), a mask or stretched letters, which a plain
///   piece does not have or the split does not ask.
///
/// The forms are kept as two bit filters (a filter never answers a key it was built
/// with absent): of their first `head` letters ([`head_key`]), and of their prints.  A
/// token is asked at each start: `head` letters that are no form's head end that
/// start; otherwise each stretch from there is asked of the forms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MeaningGate {
    heads: TagFilter,
    forms: TagFilter,
    /// The prints of the forms with one letter in turn masked (`*`), when built
    /// ([`MeaningGate::of`] with `masked`): a stretch holding a token's mask is a form
    /// under some filling only if it passes this filter as it stands.
    masked: Option<TagFilter>,
    /// Letters of the shortest form (its head), and of the longest.
    head: usize,
    longest: usize,
}

/// Slots of a gate filter per form: 3 (24 bits a form, then rounded up to a power of
/// two) lets about one print in thirty that is no form through: en + fr have 39,093
/// forms in 2^20 bits.  At 4 the filter doubled to 2^21 bits for one print in fifty,
/// and a loaded Scorer held 0.26 MB more for 0.1-0.5 % fewer instructions a comment
/// (round 18, docs/performance.md).
const GATE_SLOTS_PER_FORM: usize = 3;

impl MeaningGate {
    /// The gate of the forms `forms()` walks (three walks: no form is kept).
    fn of<'f, I: Iterator<Item = Cow<'f, str>>>(
        forms: impl Fn() -> I,
        masked: bool,
    ) -> MeaningGate {
        let (mut count, mut head, mut longest) = (0, usize::MAX, 0);
        for form in forms() {
            let size = cp_len(&form);
            (count, head, longest) = (count + 1, head.min(size), longest.max(size));
        }
        if count == 0 {
            return MeaningGate::default(); // no form: no piece means anything
        }
        let head = head.max(1);
        let slots = count * GATE_SLOTS_PER_FORM;
        let heads = forms().map(|f| head_key_of(f.chars().take(head)));
        let whole = forms().map(|f| Print::of(&f).value());
        let masked = masked.then(|| {
            let letters = forms().map(|f| cp_len(&f)).sum::<usize>();
            TagFilter::build(
                letters * GATE_SLOTS_PER_FORM,
                forms().flat_map(masked_prints),
            )
        });
        MeaningGate {
            heads: TagFilter::build(slots, heads),
            forms: TagFilter::build(slots, whole),
            masked,
            head,
            longest,
        }
    }

    /// Whether some stretch of `letters` may be a form (`false`: none is).  Every
    /// form has `head` letters or more, so a start with fewer left holds none.
    fn holds_a_form(&self, letters: &[char]) -> bool {
        let head = self.head;
        if head == 0 || letters.len() < head {
            return false;
        }
        (0..=letters.len() - head).any(|a| self.holds_from(letters, a))
    }

    /// Whether a stretch of `letters` starting at `a` may be a form (a stretch "across"
    /// its own first letter, nothing before it).
    fn holds_from(&self, letters: &[char], a: usize) -> bool {
        self.head > 0
            && a + self.head <= letters.len()
            && self.holds_across(letters, a, a, Print::default())
    }

    /// For each filling of `fills`, whether `letters` with it in place of the mask at
    /// `at` may hold a form ([`MeaningGate::holds_a_form`] of the filled letters).  A
    /// stretch either leaves the mask out, and is a stretch of the letters before it
    /// or of those after it (asked once for every filling), or holds it, and starts at
    /// most `longest - 1` letters before it: only those are asked a filling, and of
    /// them a start whose head lies before the mask only when the head is a form's,
    /// its print grown up to the mask once.
    fn fillings_holding(&self, letters: &[char], at: usize, fills: &[char]) -> Vec<bool> {
        if self.holds_a_form(&letters[..at]) || self.holds_a_form(&letters[at + 1..]) {
            return vec![true; fills.len()];
        }
        let head = self.head;
        if head == 0 || letters.len() < head {
            return vec![false; fills.len()];
        }
        let first = (at + 1).saturating_sub(self.longest);
        let starts: Vec<(usize, Print)> = (first..=at.min(letters.len() - head))
            .filter(|&a| a + head > at || self.heads.may_hold(head_key(&letters[a..a + head])))
            .filter(|&a| self.masked_form_from(letters, a, at))
            .map(|a| {
                (
                    a,
                    letters[a..at]
                        .iter()
                        .fold(Print::default(), |p, &c| p.push(c)),
                )
            })
            .collect();
        let mut filled = letters.to_vec();
        fills
            .iter()
            .map(|&c| {
                filled[at] = c;
                starts
                    .iter()
                    .any(|&(a, before)| self.holds_across(&filled, a, at, before))
            })
            .collect()
    }

    /// Whether a stretch of `letters` from `a` through the mask at `at` may be a form
    /// with the mask filled, by the filter of the forms masked (always, without it):
    /// the filter holds every form's print with its letter `at - a` masked.
    fn masked_form_from(&self, letters: &[char], a: usize, at: usize) -> bool {
        let Some(masked) = &self.masked else {
            return true;
        };
        let last = letters.len().min(a + self.longest);
        let mut print = Print::default();
        for (end, &c) in (a + 1..).zip(&letters[a..last]) {
            print = print.push(c);
            if end > at && end - a >= self.head && masked.may_hold(print.value()) {
                return true;
            }
        }
        false
    }

    /// Whether a stretch of `letters` from `a` through the letter at `at` may be a
    /// form, `before` the print of the letters `a..at` (the stretches ending after
    /// `at`; the head asked only when it holds `at`: a start before it was asked once).
    /// `a + head <= letters.len()` and `a <= at < letters.len()`.
    fn holds_across(&self, letters: &[char], a: usize, at: usize, before: Print) -> bool {
        let head = self.head;
        if a + head > at && !self.heads.may_hold(head_key(&letters[a..a + head])) {
            return false;
        }
        let mut print = before;
        let last = letters.len().min(a + self.longest);
        for (end, &c) in (at + 1..).zip(&letters[at..last]) {
            print = print.push(c);
            if end - a >= head && self.forms.may_hold(print.value()) {
                return true;
            }
        }
        false
    }
}

/// The prints' values of `form` with each of its letters in turn masked (`*`).
fn masked_prints(form: Cow<'_, str>) -> impl Iterator<Item = u64> + '_ {
    let letters: Vec<char> = form.chars().collect();
    (0..letters.len()).map(move |i| {
        let print = |p: Print, (j, &c): (usize, &char)| p.push(if j == i { '*' } else { c });
        letters
            .iter()
            .enumerate()
            .fold(Print::default(), print)
            .value()
    })
}

/// [`masked_prints`] of `form` (of `size` letters) with an inner letter masked.
fn inner_masked_prints(form: &str, size: usize) -> impl Iterator<Item = u64> + '_ {
    let masked = masked_prints(Cow::Borrowed(form)).enumerate();
    masked.filter_map(move |(i, v)| (i > 0 && i + 1 < size).then_some(v))
}

/// The key of a form's first letters in the heads filter: asked at every start of
/// every gated token, so cheaper than a [`Print`] (a multiply and an add a letter,
/// mixed once so that the filter's low bits depend on every letter).
fn head_key(letters: &[char]) -> u64 {
    head_key_of(letters.iter().copied())
}

/// [`head_key`] of letters as they come.
fn head_key_of(letters: impl Iterator<Item = char>) -> u64 {
    let sum = letters.fold(0u64, |h, c| {
        h.wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .wrapping_add(u64::from(u32::from(c)) + 1)
    });
    let mixed = (sum ^ (sum >> 32)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    mixed ^ (mixed >> 29)
}

/// Whether the pieces of one glued token mean something
/// ([`Lexicon::means_something`]), each piece (start, end in letters) asked once
/// whatever the number of languages whose covers hold it.
#[derive(Default)]
struct Meanings {
    known: Vec<((usize, usize), bool)>,
    buf: String,
    /// A masked letter whose fillings share these answers: a piece holding it is
    /// asked afresh, and not kept (its letters change with the filling; those of the
    /// others do not).
    mask: Option<usize>,
}

impl Meanings {
    fn of(&mut self, lex: &Lexicon, letters: &[char], a: usize, b: usize) -> bool {
        // The size test of `means_something`, before any spelling.
        if b - a < 4 {
            return false;
        }
        if let Some(&(_, yes)) = self.known.iter().find(|(span, _)| *span == (a, b)) {
            return yes;
        }
        let yes = lex.means_something(spelled(&mut self.buf, &letters[a..b]));
        if !self.mask.is_some_and(|at| (a..b).contains(&at)) {
            self.known.push(((a, b), yes));
        }
        yes
    }
}

/// A string table of the packs the programmes ask pieces of (their keys, their typo
/// forms), or any question about a piece.
pub trait PieceSet {
    /// Whether the table has the piece of these letters, whose print's value is `v`
    /// ([`Print::value`]); `buf` to spell it out in.
    fn has(&self, v: u64, piece: &[char], buf: &mut String) -> bool;
}

impl<F: Fn(&str) -> bool> PieceSet for F {
    fn has(&self, _: u64, piece: &[char], buf: &mut String) -> bool {
        self(spelled(buf, piece))
    }
}

/// A question about the packs' keys (or typo forms) behind a filter of their prints'
/// values: `ask` must answer yes only for words `may` was built with.
pub struct Filtered<'a> {
    pub may: &'a TagFilter,
    pub ask: &'a dyn Fn(&str) -> bool,
}

impl PieceSet for Filtered<'_> {
    fn has(&self, v: u64, piece: &[char], buf: &mut String) -> bool {
        self.may.may_hold(v) && (self.ask)(spelled(buf, piece))
    }
}

/// [`Lexicon::index_keys`]: the packs' keys, asked with the piece's print.
pub struct IndexKeys<'a> {
    lex: &'a Lexicon,
    may: &'a TagFilter,
    open: bool,
}

impl PieceSet for IndexKeys<'_> {
    fn has(&self, v: u64, piece: &[char], buf: &mut String) -> bool {
        if !(self.open && self.may.may_hold(v)) {
            return false;
        }
        let word = spelled(buf, piece);
        debug_assert_eq!(v, Print::of(word).value(), "a piece's print");
        self.lex.index.contains_hashed(word, v)
    }
}

/// The filters of [`Lexicon::piece_filters`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PieceFilters {
    /// What a piece must contain to mean something ([`Lexicon::may_mean_something`]).
    meaning: MeaningGate,
    /// The same for a piece the programme cuts, a word of a list or a key of the packs
    /// ([`Lexicon::fillings_may_mean`]).
    cut: MeaningGate,
    keys: TagFilter,
    typos: TagFilter,
    /// The typo forms with one letter in turn masked (`*`): a masked token is a typo
    /// form under some filling only if its own print passes ([`Lexicon::masked_typo`]).
    masked_typos: TagFilter,
    /// The words of the packs ([`Lexicon::is_pack_word`]) and the allow list.
    words: TagFilter,
    allow: TagFilter,
    /// For each of the packs' `mask_letters`, whether it is alphabetic and whether it
    /// is a plain letter ([`plain_letter`]): asked of each filling of each masked glued
    /// token, where an accented letter's Unicode tables cost more than its split.
    fill_kinds: Vec<(bool, bool)>,
}

impl PieceFilters {
    /// Whether the print's value may be a typo form's (no typo form is ever refused).
    pub(crate) fn may_be_typo(&self, value: u64) -> bool {
        self.typos.may_hold(value)
    }

    /// Whether the print's value, a token's with a masked letter, may be a typo
    /// form's with that letter masked (no such form is ever refused).
    pub(crate) fn may_be_masked_typo(&self, value: u64) -> bool {
        self.masked_typos.may_hold(value)
    }
}

/// A filter of the prints' values of `words` (`count` of them): 10 bits a word, so
/// about one piece in ten that is no word passes it.
fn print_filter<'w>(words: impl Iterator<Item = &'w str>, count: usize) -> TagFilter {
    TagFilter::build(count * 5 / 4, words.map(|w| Print::of(w).value()))
}

/// The pieces of `cover` (start, end in `letters`), spelled, their places counted from
/// `offset`.
fn spelled_pieces(letters: &[char], cover: Vec<(usize, usize)>, offset: usize) -> Pieces {
    let piece = |(a, b): (usize, usize)| (letters[a..b].iter().collect(), offset + a, offset + b);
    cover.into_iter().map(piece).collect()
}

/// `letters` spelled out in `buf` (the programmes grow a piece as a print, and spell it
/// only to ask the packs' string tables about it).
fn spelled<'b>(buf: &'b mut String, letters: &[char]) -> &'b str {
    buf.clear();
    buf.extend(letters);
    buf
}

/// What the programme asks the pieces it grows with ([`Walker::grow`]): the segmenter,
/// the languages walked (a lane each, as bits of their indices), the packs' keys, and
/// room to spell a piece for them.
struct Walker<'a> {
    seg: &'a Segmenter,
    langs: &'a [usize],
    pack_word: &'a dyn PieceSet,
    piece: String,
    /// The index is built and lane `x` walks language `x` (`langs` is 0, 1, 2...: the
    /// walk in every language, the first pass of every glued word): the index's masks
    /// are then the lanes' own bits ([`Walker::grow_indexed`]).
    indexed: bool,
}

impl<'a> Walker<'a> {
    /// A walker of `seg`'s programme in the languages `langs`.
    fn new(seg: &'a Segmenter, langs: &'a [usize], pack_word: &'a dyn PieceSet) -> Self {
        // Asked of the index first: below three languages there is none, and the
        // languages are not looked at.
        let indexed = !seg.lists.is_empty()
            && langs.len() <= LANES
            && langs.iter().enumerate().all(|(x, &l)| x == l);
        Walker {
            seg,
            langs,
            pack_word,
            piece: String::new(),
            indexed,
        }
    }

    /// Grows the pieces starting at `grown.start` a letter at a time, from where
    /// `grown` stands up to letter `end` (and `max_word` letters), in the lanes still
    /// open, and hands each known piece that ends where `wanted` says to `found(x, i,
    /// rank)` (lane `x`, the piece `start..i`; the others are not looked up).  A lane
    /// closes where its language has no piece word starting so (asked at every letter,
    /// wanted or not).  Returns where the piece stands at the end: its print over the
    /// letters grown and the lanes still open there (a walk stopped at `end` goes on
    /// from there with the same answers a walk from the start gives).
    fn grow(
        &mut self,
        letters: &[char],
        mut grown: Grown,
        end: usize,
        wanted: impl Fn(usize) -> bool,
        mut found: impl FnMut(usize, usize, u32),
    ) -> Grown {
        if self.indexed {
            return self.grow_indexed(letters, grown, end, wanted, found);
        }
        let (seg, langs, pack_word) = (self.seg, self.langs, self.pack_word);
        let piece = &mut self.piece;
        let j = grown.start;
        let last = end.min(j + seg.limits.max_word);
        while grown.end < last {
            if grown.open == 0 {
                break; // no language has a word that starts so
            }
            let i = grown.end + 1;
            grown.print = grown.print.push(letters[i - 1]);
            grown.end = i;
            let want = wanted(i);
            let v = grown.print.value();
            let mut pack = None;
            let mut ask_pack =
                || *pack.get_or_insert_with(|| pack_word.has(v, &letters[j..i], piece));
            // The index, when built, says which languages may have a word starting
            // so or a word so; the others need not be asked.
            let may = (!seg.lists.is_empty()).then(|| seg.lists.get(v));
            let mut rest = grown.open;
            while rest != 0 {
                let x = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                let l = langs[x];
                if !seg.starts_so(may, l, v) {
                    grown.open &= !(1 << x);
                    continue;
                }
                if !want {
                    continue;
                }
                let got = match may {
                    Some(m) if m.words >> l & 1 == 0 => None,
                    _ => seg.languages[l].get_value(v),
                };
                if let Some(rank) = seg.rank_or(got, i - j, &mut ask_pack) {
                    found(x, i, rank);
                }
            }
        }
        grown
    }

    /// [`Walker::grow`] when lane `x` is language `x` and the index is built: the same
    /// lanes close and the same pieces are found, in the same order.  Why it is exact:
    /// [`Segmenter::starts_so`] of lane `x` is bit `x` of the index's start mask, so the
    /// lanes closing at a letter are read off the mask at once; a lane whose word bit
    /// is off has no rank of its own list (`got` is `None`), so it finds the piece only
    /// as a pack key ([`Segmenter::rank_or`]: two letters or more, and the packs' answer,
    /// one for every lane).  When no open lane has the word bit and the packs do not
    /// rank the piece, no lane finds it and the lanes are not visited; otherwise they
    /// are, in order, as `grow` visits them.
    fn grow_indexed(
        &mut self,
        letters: &[char],
        mut grown: Grown,
        end: usize,
        wanted: impl Fn(usize) -> bool,
        mut found: impl FnMut(usize, usize, u32),
    ) -> Grown {
        let (seg, pack_word) = (self.seg, self.pack_word);
        let piece = &mut self.piece;
        let j = grown.start;
        let last = end.min(j + seg.limits.max_word);
        while grown.end < last {
            if grown.open == 0 {
                break; // no language has a word that starts so
            }
            let i = grown.end + 1;
            grown.print = grown.print.push(letters[i - 1]);
            grown.end = i;
            let v = grown.print.value();
            let may = seg.lists.get(v);
            grown.open &= u64::from(may.starts);
            if grown.open == 0 || !wanted(i) {
                continue;
            }
            let mut pack = None;
            let mut ask_pack =
                || *pack.get_or_insert_with(|| pack_word.has(v, &letters[j..i], piece));
            let listed = grown.open & u64::from(may.words);
            if listed == 0 && !(i - j > 1 && ask_pack()) {
                continue; // no open lane lists the piece, and it is no pack key
            }
            let mut rest = grown.open;
            while rest != 0 {
                let x = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                let got = match listed >> x & 1 {
                    0 => None,
                    _ => seg.languages.get(x).and_then(|t| t.get_value(v)),
                };
                if let Some(rank) = seg.rank_or(got, i - j, &mut ask_pack) {
                    found(x, i, rank);
                }
            }
        }
        grown
    }
}

/// A piece of the programme being grown ([`Walker::grow`]): its first letter, the
/// letter after its last, its print over those letters, and the lanes (bits of the
/// languages walked) in which some piece word still starts so.
#[derive(Clone, Copy, Debug)]
struct Grown {
    start: usize,
    end: usize,
    print: Print,
    open: u64,
}

impl Grown {
    /// No letter grown yet from `start`, in the lanes `open`.
    fn new(start: usize, open: u64) -> Grown {
        Grown {
            start,
            end: start,
            print: Print::default(),
            open,
        }
    }
}

/// Offers a cover ending at a piece from `start` of this `rank` to `entry`, the best
/// cover so far of the letters up to the piece's end, `before` the cost of the best
/// cover up to `start`: the cheaper stays, the first offered on a tie.
#[inline]
fn offer(entry: &mut Option<(u64, usize)>, before: u64, rank: u32, start: usize) {
    let cost = before + PIECE + u64::from(rank);
    if entry.is_none_or(|(c, _)| cost < c) {
        *entry = Some((cost, start));
    }
}

/// The everyday filter [`Segmenter::to_bytes`] wrote last ([`EverydayMasks::parts`]).
fn read_everyday(r: &mut crate::blob::Reader<'_>) -> Result<EverydayMasks, String> {
    let rank = r.u64()?;
    let size = r.count()?;
    if size.checked_mul(8).is_none_or(|b| b > r.left()) {
        return Err("the segmenter's tables are cut short".to_owned());
    }
    let bits = r
        .take(size * 8)?
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
        .collect();
    EverydayMasks::from_parts(rank, bits)
        .ok_or_else(|| "the segmenter's everyday filter is not one".to_owned())
}

/// The pieces (start, end) of the best cover a row of [`Segmenter::split_each`]'s
/// table ends with, read back from its last letter; `None` when no cover reaches it.
fn cover_path(best: &[Option<(u64, usize)>]) -> Option<Vec<(usize, usize)>> {
    let mut i = best.len().checked_sub(1)?;
    best[i]?;
    let mut out = Vec::new();
    while i > 0 {
        let (_, j) = best[i]?;
        out.push((j, i));
        i = j;
    }
    out.reverse();
    Some(out)
}

/// The best path through the first `end` letters of a [`Segmenter::spaced_table`]:
/// its cost and pieces; `None` when no path ends there.
fn spaced_path(best: &[Option<(u64, usize, bool)>], end: usize) -> Option<(u64, Vec<Piece>)> {
    let (cost, _, _) = (*best.get(end)?)?;
    let mut out = Vec::new();
    let mut i = end;
    while i > 0 {
        let (_, j, known) = best[i]?;
        out.push((j, i, known));
        i = j;
    }
    out.reverse();
    Some((cost, out))
}

/// The letters of the longest elision of the packs (`d`, `qu`) that run `a..b` of
/// `letters` ends with, an apostrophe right after it and a vowel or `h` after that;
/// 0 when there is none.  An elision comes before a vowel or a mute `h`, as the
/// normaliser's split of spaced letters has it: a consonant after the apostrophe makes
/// it a contraction (`aren't`, `it's`, `we'll`), whose letters belong to the word.
fn elision_before(letters: &[char], a: usize, b: usize, elisions: &[Vec<u32>]) -> usize {
    let consonant = |c: char| c.is_ascii_alphabetic() && !"aeiouyhAEIOUYH".contains(c);
    if letters.get(b) != Some(&'\'')
        || !letters
            .get(b + 1)
            .is_some_and(|&c| c.is_alphabetic() && !consonant(c))
    {
        return 0;
    }
    elisions
        .iter()
        .filter(|e| {
            e.len() <= b - a
                && letters[b - e.len()..b]
                    .iter()
                    .zip(e.iter())
                    .all(|(&c, &x)| c as u32 == x)
        })
        .map(Vec::len)
        .max()
        .unwrap_or(0)
}

/// Whether the token at `start..end` of the normalised text was typed with its letters
/// apart (`s t u p i d b i t c h`, `i.d.i.o.t`): the normaliser joined it, so what was
/// typed is longer and holds the separators.
fn respaced(n: &Normalized, start: usize, end: usize) -> bool {
    n.to_original(start, end).is_some_and(|(a, b)| {
        b - a > end - start
            && n.original()[a..b]
                .iter()
                .any(|&c| is_space(c) || c == '.' as u32 || c == '-' as u32 || c == '_' as u32)
    })
}

/// [`respaced`] of spans asked in increasing order of their starts (any order gives
/// the same answers; a start smaller than the last one asked costs a search): a span
/// that lies clear of every length-changing edit of the normaliser's layers was typed
/// as long as it reads, and a span typed no longer is not typed apart, so only the
/// spans an edit touches are mapped back ([`Normalized::to_original`]).
struct SpanWalk<'n> {
    n: &'n Normalized,
    /// For each layer, last first: how many of its edits start at or before the last
    /// start asked there (as [`Normalized::to_original_sorted`] walks them).
    cursors: Vec<usize>,
}

impl<'n> SpanWalk<'n> {
    fn new(n: &'n Normalized) -> Self {
        SpanWalk {
            n,
            cursors: vec![0; n.layers.len()],
        }
    }

    /// [`respaced`]`(n, start, end)`.
    fn respaced(&mut self, start: usize, end: usize) -> bool {
        !self.n.typed_as_long(start, end, &mut self.cursors) && respaced(self.n, start, end)
    }
}

/// The case each letter of `start..end` had as typed (`None` when the normaliser
/// changed the token's length, so letters no longer line up with what was typed).
fn case_of(n: &Normalized, start: usize, end: usize) -> Vec<Option<bool>> {
    let size = end - start;
    let Some((a, b)) = n.to_original(start, end) else {
        return vec![None; size];
    };
    if b - a != size {
        return vec![None; size];
    }
    n.original()[a..b]
        .iter()
        .map(|&c| char::from_u32(c).map(char::is_uppercase))
        .collect()
}

/// Whether the first and the last character of `body` are letters
/// (`char::is_alphabetic`).  A word (not a hashtag) whose edges are not splits into
/// nothing: [`Lexicon::split_letters`] refuses a word whose first run of letters
/// ([`runs`]: letters by `is_alphabetic`) does not start at its first character or
/// whose last does not end at its last, spaced or not, and a masked letter inside the
/// word ([`Lexicon::split_fillings`]) changes neither edge, so each filling is refused
/// the same way and none splits.
fn edges_are_letters(body: &str) -> bool {
    let mut chars = body.chars();
    let first = chars.next().is_some_and(char::is_alphabetic);
    first && chars.next_back().is_none_or(char::is_alphabetic)
}

/// The runs of letters of a token, cut where digits or underscores stand and where
/// camel case starts a new word ("IsALoser": "Is", "A", "Loser"); each run says whether
/// it is capitalised (an upper-case letter, then lower-case ones).
fn runs(letters: &[char], upper: &[Option<bool>]) -> Vec<(usize, usize, bool)> {
    let up = |i: usize| upper.get(i).copied().flatten() == Some(true);
    let low = |i: usize| upper.get(i).copied().flatten() == Some(false);
    let mut out = Vec::new();
    let mut i = 0;
    while i < letters.len() {
        if !letters[i].is_alphabetic() {
            i += 1;
            continue;
        }
        let a = i;
        i += 1;
        while i < letters.len() && letters[i].is_alphabetic() {
            // A new word starts at "aB" and at the "B" of "ABc".
            let camel = up(i) && (low(i - 1) || (up(i - 1) && i + 1 < letters.len() && low(i + 1)));
            if camel {
                break;
            }
            i += 1;
        }
        let titled = up(a) && i - a > 1 && (a + 1..i).all(low);
        out.push((a, i, titled));
    }
    out
}

/// A piece's lookup, and the word a piece read as a typo stands for.
type PieceLook = (Found, Option<String>);

/// The pieces of a token pushed onto `o`'s lists.
fn push_pieces(
    lex: &Lexicon,
    o: &mut Scan,
    list: Vec<(String, usize, usize)>,
    looks: &mut WordMemo<PieceLook>,
) {
    for (word, start, end) in list {
        // The pieces of a comment's repeated words repeat: each looked up once.
        let ((entry, step), form) = looks.get_or(&word, || {
            let found = lex.lookup(&word, false);
            // A piece read as a typo (`suffre`, `thraet`) stands for its word, as a
            // token does (`Lexicon::scan_printed`): the phrases see that word.
            (found, (found.1 == "fuzzy").then(|| lex.canonical(&word)))
        });
        let (entry, step) = (*entry, *step);
        o.words.push(form.as_deref().unwrap_or(&word));
        o.starts.push(start);
        o.ends.push(end);
        o.kinds.push(TokenKind::Word);
        o.entries.push(entry);
        o.steps.push(if step.is_empty() { "segment" } else { step });
    }
}

/// An empty scan with room for `s`'s tokens: every token gives the output one piece or
/// more (a long comment's lists were grown, and copied, from nothing).
fn room_for(s: &Scan) -> Scan {
    let mut o = Scan::default();
    let size = s.words.len();
    o.words.reserve(size, s.words.bytes());
    o.starts.reserve(size);
    o.ends.reserve(size);
    o.kinds.reserve(size);
    o.entries.reserve(size);
    o.steps.reserve(size);
    o
}

/// The last token of `o`'s lists taken off.
fn pop_token(o: &mut Scan) {
    o.words.pop();
    o.starts.pop();
    o.ends.pop();
    o.kinds.pop();
    o.entries.pop();
    o.steps.pop();
}

/// Tokens `range` of `s` appended to `o` as they are: its lists extended by their
/// slices, its words copied.
fn keep_tokens(s: &Scan, range: std::ops::Range<usize>, o: &mut Scan) {
    for q in range.clone() {
        o.words.push(&s.words[q]);
    }
    o.starts.extend_from_slice(&s.starts[range.clone()]);
    o.ends.extend_from_slice(&s.ends[range.clone()]);
    o.kinds.extend_from_slice(&s.kinds[range.clone()]);
    o.entries.extend_from_slice(&s.entries[range.clone()]);
    o.steps.extend_from(&s.steps, range);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn spaced_words(s: &Segmenter, letters: &str, pack: &[&str]) -> Option<Vec<(String, bool)>> {
        let chars: Vec<char> = letters.chars().collect();
        let (_, cover) =
            s.split_spaced(0, &chars, &|w: &str| pack.contains(&w), &|_: &str| false)?;
        Some(
            cover
                .iter()
                .map(|&(a, b, known)| (chars[a..b].iter().collect(), known))
                .collect(),
        )
    }

    #[test]
    fn a_spaced_run_reads_names_and_rare_words_beside_known_ones() {
        let s = Segmenter::with_pack_words(
            vec![(
                vec!["the", "gets", "typical", "a", "you", "are"],
                vec!["behaviour"],
            )],
            &["coon", "bitches"],
            Limits::default(),
        );
        let pack = ["coon", "bitches"];
        let read = |t: &str| spaced_words(&s, t, &pack).unwrap();
        assert_eq!(
            read("typicalcoonbehaviour"),
            [
                ("typical".into(), true),
                ("coon".into(), true),
                ("behaviour".into(), true)
            ]
        );
        // An unknown name is one stretch, the words beside it are words.
        assert_eq!(
            read("zukogetsbitches"),
            [
                ("zuko".into(), false),
                ("gets".into(), true),
                ("bitches".into(), true)
            ]
        );
        // No known word at all: one unknown stretch, never pieces of letters.
        assert_eq!(read("qzxwvk"), [("qzxwvk".into(), false)]);
        // Longer than max_run: left alone.
        let long = "a".repeat(Limits::default().max_run + 1);
        assert!(spaced_words(&s, &long, &pack).is_none());
    }

    /// The fillings of a masked letter split afresh in `langs`, every filling in
    /// every language of `langs` until one splits (the loop before [`Fillings`]
    /// kept them): the reference `kept_fillings_answer_like_fillings_split_afresh`
    /// compares the kept answers with.
    fn fillings_afresh(
        lex: &Lexicon,
        letters: &[char],
        at: usize,
        shape: (&[Option<bool>], &[Vec<u32>]),
        spaced: bool,
        langs: &[bool],
    ) -> Option<Pieces> {
        let fills = &lex.tables.mask_letters;
        let mut best: Option<Pieces> = None;
        let mut filled = letters.to_vec();
        for &c in fills {
            filled[at] = c;
            let word: String = filled.iter().collect();
            if lex.segmenter.knows(&word) || lex.is_pack_word(&word) || lex.allow.contains(&word) {
                return None;
            }
            if let Some((out, _)) = lex.split_letters(&filled, shape, 0, false, spaced, langs, 0) {
                if best.as_ref().is_none_or(|b| out.len() < b.len()) {
                    best = Some(out);
                }
            }
        }
        best
    }

    /// The programme of [`Segmenter::split`] as it was before [`Segmenter::split_each`]
    /// walked every language at once: one language, its own tables only (no index).
    fn split_alone(
        s: &Segmenter,
        lang: usize,
        letters: &[char],
        pack_word: &dyn PieceSet,
    ) -> Option<Vec<(usize, usize)>> {
        let words = s.languages.get(lang)?;
        let n = letters.len();
        if n == 0 || n > s.limits.max_token {
            return None;
        }
        let mut best: Vec<Option<(u64, usize)>> = vec![None; n + 1];
        best[0] = Some((0, 0));
        let mut piece = String::new();
        for j in 0..n {
            let Some((before, _)) = best[j] else { continue };
            let mut print = Print::default();
            for i in j + 1..=n.min(j + s.limits.max_word) {
                print = print.push(letters[i - 1]);
                let v = print.value();
                if !s.starts[lang].contains_value(v) {
                    break;
                }
                let got = words.get_value(v);
                let Some(rank) = s.rank(v, got, &letters[j..i], &mut piece, pack_word) else {
                    continue;
                };
                let cost = before + PIECE + u64::from(rank);
                if best[i].is_none_or(|(c, _)| cost < c) {
                    best[i] = Some((cost, j));
                }
            }
        }
        cover_path(&best)
    }

    #[test]
    fn a_pack_key_no_list_has_is_a_piece_of_every_language_walked_in_order() {
        // Six languages (the index is built), none listing "dab": read as a pack key in
        // each lane of the walk in order (`Walker::grow_indexed`), as each alone reads it.
        let lists: Vec<(Vec<&str>, Vec<&str>)> = vec![
            (vec!["ab", "cab"], vec![]),
            (vec!["ab"], vec!["da"]),
            (vec!["b"], vec![]),
            (vec!["abd"], vec!["ba"]),
            (vec![], vec![]),
            (vec!["dabs", "ab"], vec![]),
        ];
        let s = Segmenter::with_pack_words(lists, &["dab"], Limits::default());
        assert!(!s.lists.is_empty());
        let pack = |w: &str| w == "dab";
        let langs: Vec<usize> = (0..6).collect();
        for text in ["dabab", "abdab", "dabdab", "cabdab", "dabs"] {
            let letters: Vec<char> = text.chars().collect();
            let each = s.split_each(&langs, &letters, &pack);
            for (lang, got) in each.iter().enumerate() {
                assert_eq!(
                    got,
                    &split_alone(&s, lang, &letters, &pack),
                    "{text} {lang}"
                );
            }
            if text == "dabab" {
                assert_eq!(each[0], Some(vec![(0, 3), (3, 5)]));
                assert_eq!(each[4], None);
            }
        }
    }

    /// Six small languages over a few letters, so that covers overlap and differ.
    fn six_lists(words: &[String]) -> Vec<(Vec<&str>, Vec<&str>)> {
        (0..6)
            .map(|l| {
                let (mut frequent, mut rare) = (Vec::new(), Vec::new());
                for (i, w) in words.iter().enumerate().filter(|(i, _)| i % 6 <= l % 4 + 1) {
                    if i % 3 != l % 3 {
                        frequent.push(w.as_str());
                    } else {
                        rare.push(w.as_str());
                    }
                }
                (frequent, rare)
            })
            .collect()
    }

    fn seg(lists: &[&[&str]]) -> Segmenter {
        Segmenter::new(
            lists
                .iter()
                .map(|l| (l.iter().map(|w| w.to_string()).collect(), Vec::new()))
                .collect(),
            Limits::default(),
        )
    }

    fn words_of(letters: &str, cover: &[(usize, usize)]) -> Vec<String> {
        let chars: Vec<char> = letters.chars().collect();
        cover
            .iter()
            .map(|&(a, b)| chars[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn splits_glued_words_with_the_fewest_pieces() {
        let s = seg(&[&["you", "stupid", "bitch", "stu", "pid", "a"]]);
        let none = |_: &str| false;
        let letters: Vec<char> = "stupidbitch".chars().collect();
        let cover = s.split(0, &letters, &none).unwrap();
        assert_eq!(words_of("stupidbitch", &cover), ["stupid", "bitch"]);
        let letters: Vec<char> = "youbitchx".chars().collect();
        assert_eq!(s.split(0, &letters, &none), None);
    }

    #[test]
    fn a_comment_is_written_in_a_language_that_knows_enough_of_its_words() {
        let s = seg(&[&["the", "people", "are"], &["les", "gens", "sont"]]);
        let none = |_: &str| false;
        let words = ["the", "people", "are", "x"];
        // Three of four known in English: 75 %.
        assert!(s.written_in(words.iter().copied(), 75, &none));
        assert!(!s.written_in(words.iter().copied(), 85, &none));
        // A pack word counts as known in every language; non-letter tokens do not count.
        assert!(s.written_in(words.iter().copied(), 85, &|w| w == "x"));
        assert!(s.written_in(["t'", "2"].iter().copied(), 85, &none));
    }

    #[test]
    fn rare_short_pieces_and_long_tokens_are_refused() {
        let mut list: Vec<String> = (0..50).map(|i| format!("w{i}")).collect();
        list.extend(["ab".to_string(), "cdef".to_string()]);
        let s = Segmenter::new(vec![(list, Vec::new())], Limits::default());
        let none = |_: &str| false;
        // "ab" ranks 50th, past short_rank: no cover.
        assert_eq!(
            s.split(0, &"abcdef".chars().collect::<Vec<_>>(), &none),
            None
        );
        let pack = |w: &str| w == "ab";
        assert!(s
            .split(0, &"abcdef".chars().collect::<Vec<_>>(), &pack)
            .is_some());
        let long: Vec<char> = "cdef".repeat(20).chars().collect();
        assert_eq!(s.split(0, &long, &none), None);
    }

    #[test]
    fn one_language_at_a_time() {
        let s = seg(&[&["you", "idiot"], &["sale", "con"]]);
        let none = |_: &str| false;
        let letters: Vec<char> = "youcon".chars().collect();
        assert_eq!(s.split(0, &letters, &none), None);
        assert_eq!(s.split(1, &letters, &none), None);
        assert!(s
            .split(1, &"salecon".chars().collect::<Vec<_>>(), &none)
            .is_some());
    }

    #[test]
    fn an_elision_ends_a_run_only_before_a_vowel_or_h() {
        let elisions: Vec<Vec<u32>> = ["d", "l", "n", "t", "qu", "jusqu"]
            .iter()
            .map(|e| e.chars().map(|c| c as u32).collect())
            .collect();
        let at = |text: &str| {
            let letters: Vec<char> = text.chars().collect();
            let b = letters.iter().position(|&c| c == '\'').unwrap();
            elision_before(&letters, 0, b, &elisions)
        };
        assert_eq!(at("quelpeupled'attarde"), 1);
        assert_eq!(at("temps'en"), 0); // "s" is no elision of these
        assert_eq!(at("jusqu'ici"), 5); // the longest elision
        assert_eq!(at("d'homme"), 1); // a mute h
        assert_eq!(at("aren't"), 0); // a contraction: a consonant follows
        assert_eq!(at("itl'"), 0); // nothing follows
    }

    #[test]
    fn camel_case_and_digits_cut_runs() {
        let text = "IsALoser2024ok";
        let letters: Vec<char> = text.to_lowercase().chars().collect();
        let upper: Vec<Option<bool>> = text.chars().map(|c| Some(c.is_uppercase())).collect();
        let got: Vec<(String, bool)> = runs(&letters, &upper)
            .into_iter()
            .map(|(a, b, t)| (letters[a..b].iter().collect(), t))
            .collect();
        let want = [("is", true), ("a", false), ("loser", true), ("ok", false)];
        assert_eq!(got, want.map(|(w, t)| (w.to_string(), t)).to_vec());
        // Without case information the letters make one run.
        assert_eq!(runs(&letters[..8], &[]), vec![(0, 8, false)]);
    }

    #[test]
    fn the_tables_answer_like_the_lists() {
        let frequent = ["pomme", "a", "zebre", "pomme", "abricot"];
        let rare = ["poire", "zebre", "figue"];
        let s = Segmenter::with_pack_words(
            vec![(frequent.to_vec(), rare.to_vec())],
            &["connard"],
            Limits::default(),
        );
        let table = &s.languages[0];
        // The first rank of a word given twice stays; a rare word that is also
        // frequent keeps its rank.
        assert_eq!(table.rank(Print::of("pomme")), Some(0));
        assert_eq!(table.rank(Print::of("zebre")), Some(2));
        assert_eq!(table.rank(Print::of("abricot")), Some(4));
        assert_eq!(table.rank(Print::of("poire")), None);
        assert!(s.knows_in(0, "figue") && s.knows("poire") && !s.frequent("poire"));
        for w in ["b", "pom", "pommes", "zzz", "", "connard"] {
            assert!(!s.knows(w), "{w}");
        }
        // Every start of a frequent word and of a pack word is a start.
        for w in ["p", "pom", "pomme", "abri", "conn", "connard"] {
            assert!(s.starts[0].contains(Print::of(w)), "{w}");
        }
        assert!(!WordTable::default().contains(Print::of("a")));
        assert!(!StartTable::default().contains(Print::of("a")));
    }

    #[test]
    fn tables_survive_their_bytes_and_refuse_damaged_ones() {
        let s = Segmenter::with_pack_words(
            vec![
                (vec!["you", "stupid", "bitch"], vec!["stupids"]),
                (vec![], vec![]),
                (vec!["sale", "con"], vec!["connasse"]),
            ],
            &["idiot"],
            Limits::default(),
        );
        let bytes = s.to_bytes();
        let back = Segmenter::from_bytes(&bytes, Limits::default()).unwrap();
        assert_eq!(back.languages, s.languages);
        assert_eq!(back.starts, s.starts);
        assert!(!s.lists.is_empty(), "three languages: the index is built");
        assert_eq!(back.lists, s.lists);
        assert_eq!(back.to_bytes(), bytes);
        for cut in [0, 7, 8, 20, bytes.len() - 1] {
            assert!(Segmenter::from_bytes(&bytes[..cut], Limits::default()).is_err());
        }
        for at in [0, 13, 30, bytes.len() / 2, bytes.len() - 3] {
            let mut bad = bytes.clone();
            bad[at] ^= 0x10;
            assert!(
                Segmenter::from_bytes(&bad, Limits::default()).is_err(),
                "{at}"
            );
        }
        let empty = Segmenter::default();
        let back = Segmenter::from_bytes(&empty.to_bytes(), Limits::default()).unwrap();
        assert!(back.languages.is_empty());
    }

    /// The test lexicon with two lists and a possessive ending of plain letters
    /// (`idiotz`), for the gate before a split.
    pub(super) fn gated_lexicon() -> Lexicon {
        let mut lex = crate::lexicon::tests::tiny();
        lex.tables.possessives.push("z".into());
        with_two_lists(lex, &[])
    }

    /// The tiny lexicon with an English-like and a French-like list, neither holding
    /// `idiot` (the glued words of the split's property tests then split on a key).
    fn glued_words_lexicon() -> Lexicon {
        let mut lex = crate::lexicon::tests::tiny();
        let keys: Vec<&str> = lex.index.keys().collect();
        lex.segmenter = Segmenter::with_pack_words(
            vec![
                (
                    vec!["you", "the", "is", "stupid", "big", "man"],
                    vec!["idiom"],
                ),
                (vec!["le", "les", "un", "tu", "stupide"], vec!["mec"]),
            ],
            &keys,
            Limits::default(),
        );
        lex
    }

    /// `lex` with two small lists, `more` words in the first.
    fn with_two_lists(mut lex: Lexicon, more: &[&str]) -> Lexicon {
        let keys: Vec<&str> = lex.index.keys().collect();
        let mut first = vec!["you", "the", "is", "stupid", "big", "man"];
        first.extend_from_slice(more);
        lex.segmenter = Segmenter::with_pack_words(
            vec![
                (first, vec!["idiom"]),
                (
                    vec!["le", "les", "un", "tu", "stupide", "idiot"],
                    vec!["mec"],
                ),
            ],
            &keys,
            Limits::default(),
        );
        lex
    }

    /// Words for the cut gate's tests: terms, a typo form that is no list's word
    /// (`idoit`), one that is (`mann`), a stem (`connar`) and words meaning nothing.
    const CUT_WORDS: [&str; 13] = [
        "fuck", "idiot", "idoit", "mann", "connards", "you", "the", "stupid", "man", "big", "les",
        "le", "is",
    ];

    /// The two lists of [`gated_lexicon`] with a typo form that is a list's word.
    pub(super) fn cut_lexicon() -> Lexicon {
        let mut lex = crate::lexicon::tests::tiny();
        lex.typos.insert("mann", "idiot");
        with_two_lists(lex, &["mann"])
    }

    #[test]
    fn the_meaning_gate_refuses_letters_without_a_meaning() {
        let lex = gated_lexicon();
        let gate = |w: &str| lex.may_mean_something(&w.chars().collect::<Vec<_>>());
        for w in [
            "youidiot",
            "stupidfeck",
            "theidoit",
            "idiotzman",
            "leconnards",
        ] {
            assert!(gate(w), "{w}");
        }
        // No stretch is a form; "you" says nothing alone.
        for w in ["stupidman", "youthe", "fuc", "idio", "connaman"] {
            assert!(!gate(w), "{w}");
        }
        // A digit, a mask or an apostrophe: the lookup may read it another way.
        for w in ["idio7", "f*ck", "man's"] {
            assert!(gate(w), "{w}");
        }
    }

    /// The fillings after one that splits in two are left unsplit, not those after one
    /// that splits in three: `idiot*en` is `idiot e en` under `e`, the first filling,
    /// and `idiot ten` under `t`, a later one, which wins with fewer pieces.
    #[test]
    fn a_later_filling_in_two_pieces_wins_over_an_earlier_one_in_three() {
        let mut lex = crate::lexicon::tests::tiny();
        let keys: Vec<&str> = lex.index.keys().collect();
        let list = vec!["idiot", "ten", "e", "en"];
        lex.segmenter = Segmenter::with_pack_words(vec![(list, vec![])], &keys, Limits::default());
        let letters: Vec<char> = "idiot*en".chars().collect();
        let case: Vec<Option<bool>> = letters
            .iter()
            .map(|&c| (c != '*').then_some(false))
            .collect();
        let shape = (case.as_slice(), &[][..]);
        let got = lex.split_fillings(&letters, 5, shape, false, &[true], &mut Fillings::default());
        let words: Option<Vec<String>> = got.map(|p| p.into_iter().map(|(w, _, _)| w).collect());
        assert_eq!(words, Some(vec!["idiot".to_owned(), "ten".to_owned()]));
        let afresh = fillings_afresh(&lex, &letters, 5, shape, false, &[true]);
        let afresh: Option<Vec<String>> =
            afresh.map(|p| p.into_iter().map(|(w, _, _)| w).collect());
        assert_eq!(words, afresh);
    }

    /// The answers a masked token's fillings share ([`Meanings`] with a mask): a
    /// piece across the mask is asked again under each filling, the others once.
    #[test]
    fn meanings_shared_by_fillings_ask_the_pieces_across_the_mask_afresh() {
        let lex = crate::lexicon::tests::tiny();
        let mut meant = Meanings {
            mask: Some(5),
            ..Meanings::default()
        };
        let duck: Vec<char> = "idiotduck".chars().collect();
        let fuck: Vec<char> = "idiotfuck".chars().collect();
        assert!(!meant.of(&lex, &duck, 5, 9));
        assert!(meant.of(&lex, &fuck, 5, 9));
        assert!(meant.of(&lex, &duck, 0, 5));
        assert_eq!(meant.known, vec![((0, 5), true)]);
    }

    #[test]
    fn a_long_comment_counts_its_lists_like_a_short_one() {
        let s = seg(&[
            &["the", "cat", "sat", "on", "mat"],
            &["le", "chat", "sur", "the"],
        ]);
        // More words than the cache has slots, repeated, so that slots are taken over.
        let words: Vec<String> = (0..3 * ListingCache::SIZE)
            .map(|k| match k % 7 {
                0 => "the".to_owned(),
                1 => "chat".to_owned(),
                2 => "cat".to_owned(),
                _ => format!("w{}", k % 2500),
            })
            .collect();
        let prints = || words.iter().map(|w| Print::of(w));
        let plain = s.languages_of_letters(prints(), 0);
        assert_eq!(s.languages_of_letters(prints(), LISTING_CACHE_FROM), plain);
        let mut cache = ListingCache::new();
        for p in prints() {
            let listed = cache.get_or(p, |p| s.listing_of(p, u32::MAX, false));
            assert_eq!(listed, s.listing_of(p, u32::MAX, false));
        }
    }

    #[test]
    fn all_letters_is_every_char_alphabetic() {
        for w in [
            "",
            "abc",
            "aBc",
            "ab1",
            "a'b",
            "été",
            "ét1",
            "日本",
            "a-b",
            "\u{1f602}",
            "ǅx",
        ] {
            assert_eq!(all_letters(w), w.chars().all(char::is_alphabetic), "{w:?}");
        }
    }

    #[test]
    fn a_print_grows_a_letter_at_a_time() {
        let mut print = Print::default();
        for c in "héllo\0w".chars() {
            print = print.push(c);
        }
        assert_eq!(print, Print::of("héllo\0w"));
        assert_ne!(Print::of("ab"), Print::of("ba"));
        assert_ne!(Print::of(""), Print::of("\0"));
        // Appending by the shift is growing a letter at a time.
        for (head, tail) in [
            ("massiv", "scumbags"),
            ("", "abc"),
            ("abc", ""),
            ("é", "ü\0"),
        ] {
            let shift = Print::shift(tail.chars().count());
            let joined = format!("{head}{tail}");
            assert_eq!(
                Print::of(head).then(Print::of(tail), shift),
                Print::of(&joined)
            );
        }
    }

    proptest! {
        #[test]
        fn a_cover_is_contiguous_known_and_bounded(
            words in proptest::collection::vec("[a-e]{1,6}", 1..30),
            text in "[a-e]{0,80}",
        ) {
            let list: Vec<String> = words.clone();
            let s = Segmenter::new(vec![(list, Vec::new())], Limits::default());
            let none = |_: &str| false;
            let letters: Vec<char> = text.chars().collect();
            if let Some(cover) = s.split(0, &letters, &none) {
                prop_assert!(letters.len() <= s.limits.max_token);
                let mut at = 0;
                for &(a, b) in &cover {
                    prop_assert_eq!(a, at);
                    prop_assert!(b > a && b - a <= s.limits.max_word);
                    let piece: String = letters[a..b].iter().collect();
                    prop_assert!(words.contains(&piece));
                    at = b;
                }
                prop_assert_eq!(at, letters.len());
            }
        }

        #[test]
        fn the_tables_answer_like_maps_of_the_words(
            frequent in proptest::collection::vec("[a-dé]{1,7}", 0..60),
            rare in proptest::collection::vec("[a-dé]{1,7}", 0..60),
            asked in proptest::collection::vec("[a-dé]{0,8}", 0..40),
        ) {
            let f: Vec<&str> = frequent.iter().map(String::as_str).collect();
            let r: Vec<&str> = rare.iter().map(String::as_str).collect();
            let s = Segmenter::with_pack_words(vec![(f, r)], &["dab"], Limits::default());
            let back = Segmenter::from_bytes(&s.to_bytes(), Limits::default()).unwrap();
            // The reference: the first rank of each frequent word; every word listed.
            let mut ranks = std::collections::HashMap::new();
            for (i, w) in frequent.iter().enumerate() {
                ranks.entry(w.as_str()).or_insert(i as u32);
            }
            for w in frequent.iter().chain(&rare).chain(&asked) {
                let known = ranks.contains_key(w.as_str()) || rare.contains(w);
                for seg in [&s, &back] {
                    prop_assert_eq!(seg.languages[0].rank(Print::of(w)), ranks.get(w.as_str()).copied());
                    prop_assert_eq!(seg.knows(w), known);
                    prop_assert_eq!(seg.frequent(w), ranks.contains_key(w.as_str()));
                }
            }
            // Every start of a frequent word or a pack word is a start.
            for w in frequent.iter().map(String::as_str).chain(["dab"]) {
                let mut print = Print::default();
                for c in w.chars() {
                    print = print.push(c);
                    prop_assert!(s.starts[0].contains(print) && back.starts[0].contains(print));
                }
            }
        }

        /// A masked glued token's walk ([`MaskedWalk`]) gives each filling the cover
        /// the programme of one language gives the filled letters afresh, in one
        /// language (its own tables) and in six (the index built), the mask anywhere.
        #[test]
        fn a_masked_walk_covers_each_filling_like_a_split(
            words in proptest::collection::vec("[a-d]{1,5}", 1..40),
            text in "[a-d]{1,30}",
            at in 0usize..30,
            lang in 0usize..6,
        ) {
            let one = Segmenter::new(vec![(words.clone(), Vec::new())], Limits::default());
            let six = Segmenter::with_pack_words(six_lists(&words), &["dad"], Limits::default());
            let pack = |w: &str| w == "dad" || w == "cab";
            let mut letters: Vec<char> = text.chars().collect();
            let at = at % letters.len();
            letters[at] = '*';
            for (s, lang) in [(&one, 0), (&six, lang)] {
                let Some(walk) = s.masked_walk(lang, &letters, at, &pack) else {
                    return Err(TestCaseError::fail("a walk of letters the programme walks"));
                };
                let mut table = Vec::new();
                for c in "abcde".chars() {
                    letters[at] = c;
                    let afresh = split_alone(s, lang, &letters, &pack);
                    prop_assert_eq!(s.cover_filled(&walk, &letters, &pack, &mut table), afresh, "{}", c);
                }
                letters[at] = '*';
            }
        }

        /// The everyday filter ([`EverydayMasks`]) lets through every masked token a
        /// filling makes a word of a rank below the filter's of (any mask inside, a
        /// word given twice ranked by its first place), also read back from the cache
        /// bytes, and every token under another rank.
        #[test]
        fn the_everyday_filter_refuses_no_token_with_an_everyday_filling(
            frequent in proptest::collection::vec("[a-e]{3,7}", 1..60),
            text in "[a-e]{3,9}",
            own in any::<bool>(),
            pick in 0usize..60,
            at in 0usize..8,
            rank in 0u32..70,
        ) {
            let words: Vec<&str> = frequent.iter().map(String::as_str).collect();
            let limits = Limits { mask_word_rank: rank, ..Limits::default() };
            let s = Segmenter::with_pack_words(vec![(words, Vec::new())], &[], limits);
            let back = Segmenter::from_bytes(&s.to_bytes(), limits);
            prop_assert_eq!(back.as_ref().map(|b| &b.everyday), Ok(&s.everyday));
            let token = if own { &frequent[pick % frequent.len()] } else { &text };
            let mut letters: Vec<char> = token.chars().collect();
            let at = 1 + at % (letters.len() - 2);
            letters[at] = '*';
            let fillings = MaskPrints::around(&letters, at);
            let ranked = |c: char| s.best_rank_in(fillings.print(c), u32::MAX);
            let everyday = "abcde".chars().any(|c| ranked(c).is_some_and(|r| r < rank));
            let masked = fillings.print('*');
            prop_assert!(!everyday || s.everyday.may_hide(masked, rank));
            prop_assert!(s.everyday.may_hide(masked, rank + 1));
        }

        /// The walks of several languages joined ([`JointWalk`]), their pieces across
        /// the mask grown together in any set of lanes, give each lane grown the cover
        /// its own walk gives, whatever order the languages join in.
        #[test]
        fn a_joint_walk_covers_each_lane_like_its_own_walk(
            words in proptest::collection::vec("[a-d]{1,5}", 1..40),
            text in "[a-d]{1,30}",
            at in 0usize..30,
            order in Just((0..6).collect::<Vec<usize>>()).prop_shuffle(),
            joined in 1usize..7,
            grown in 1u64..64,
        ) {
            let six = Segmenter::with_pack_words(six_lists(&words), &["dad"], Limits::default());
            let pack = |w: &str| w == "dad" || w == "cab";
            let mut letters: Vec<char> = text.chars().collect();
            let at = at % letters.len();
            letters[at] = '*';
            let walks: Vec<MaskedWalk> = order[..joined]
                .iter()
                .filter_map(|&lang| six.masked_walk(lang, &letters, at, &pack))
                .collect();
            prop_assert_eq!(walks.len(), joined);
            let mut joint = JointWalk::default();
            for (lane, walk) in walks.iter().enumerate() {
                prop_assert_eq!(joint.join(walk), Some(lane));
            }
            let lanes = grown & ((1 << joined) - 1);
            let mut table = Vec::new();
            for c in "abcde".chars() {
                letters[at] = c;
                six.grow_across(&mut joint, &letters, &pack, lanes);
                for (lane, walk) in walks.iter().enumerate().filter(|(x, _)| lanes >> x & 1 == 1) {
                    let lang = order[lane];
                    let afresh = split_alone(&six, lang, &letters, &pack);
                    prop_assert_eq!(
                        six.cover_of_lane(walk, &joint, lane, &mut table),
                        afresh,
                        "{} in lane {} of language {}", c, lane, lang
                    );
                }
            }
        }

        /// The packs' keys and typo forms behind their prints' filters
        /// ([`Filtered`]) give the programmes the same answers as the plain questions.
        #[test]
        fn filtered_piece_sets_answer_like_the_plain_questions(
            frequent in proptest::collection::vec("[a-e]{1,6}", 1..40),
            rare in proptest::collection::vec("[a-e]{2,7}", 0..20),
            keys in proptest::collection::vec("[a-e]{2,6}", 0..12),
            typos in proptest::collection::vec("[a-e]{4,7}", 0..12),
            text in "[a-e]{1,40}",
            at in 0usize..40,
        ) {
            let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
            let lists = vec![(
                frequent.iter().map(String::as_str).collect(),
                rare.iter().map(String::as_str).collect(),
            )];
            let s = Segmenter::with_pack_words(lists, &key_refs, Limits::default());
            let pack = |w: &str| keys.iter().any(|k| k == w);
            let typo = |w: &str| typos.iter().any(|k| k == w);
            let (pack_filter, typo_filter) = (
                print_filter(keys.iter().map(String::as_str), keys.len()),
                print_filter(typos.iter().map(String::as_str), typos.len()),
            );
            let filtered_pack = Filtered { may: &pack_filter, ask: &pack };
            let filtered_typo = Filtered { may: &typo_filter, ask: &typo };
            let mut letters: Vec<char> = text.chars().collect();
            prop_assert_eq!(s.split(0, &letters, &pack), s.split(0, &letters, &filtered_pack));
            prop_assert_eq!(
                s.split_spaced(0, &letters, &pack, &typo),
                s.split_spaced(0, &letters, &filtered_pack, &filtered_typo)
            );
            let at = at % letters.len();
            letters[at] = '*';
            let plain = s.masked_walk(0, &letters, at, &pack);
            let filtered = s.masked_walk(0, &letters, at, &filtered_pack);
            let (Some(plain), Some(filtered)) = (plain, filtered) else {
                return Err(TestCaseError::fail("a walk of letters the programme walks"));
            };
            let mut table = Vec::new();
            for c in "abcde".chars() {
                letters[at] = c;
                prop_assert_eq!(
                    s.cover_filled(&plain, &letters, &pack, &mut table),
                    s.cover_filled(&filtered, &letters, &filtered_pack, &mut table)
                );
            }
        }

        /// The gate before a split ([`Lexicon::may_mean_something`]) never refuses
        /// letters that hold a piece meaning something (a key, a key and a possessive
        /// ending, a typo form, a stem), so no split that qualifies is lost: every
        /// stretch of glued letters that means something is let through, and so is
        /// every token the full split splits (in every language; a word, a hashtag or a
        /// foreign word; with or without capitals typed at the words' starts).
        #[test]
        fn the_meaning_gate_lets_through_every_piece_that_means_something(
            picks in proptest::collection::vec((0usize..13, "[a-z]{0,3}", any::<bool>()), 1..5),
        ) {
            let words = [
                "fuck", "feck", "idiot", "idoit", "connards", "connar", "idiotz", "you",
                "the", "stupid", "fu", "ck", "man",
            ];
            let lex = gated_lexicon();
            let glued: String =
                picks.iter().map(|(w, pad, _)| format!("{}{pad}", words[*w])).collect();
            let letters: Vec<char> = glued.chars().collect();
            let gate = lex.may_mean_something(&letters);
            // The gate the tokens ask (a word of plain letters; the batch keeps it).
            prop_assert_eq!(lex.letters_may_mean(&glued), gate, "{}", glued);
            for a in 0..letters.len() {
                for b in a + 1..=letters.len() {
                    let piece: String = letters[a..b].iter().collect();
                    prop_assert!(gate || !lex.means_something(&piece), "{} in {}", piece, glued);
                }
            }
            // Camel case: a capital typed at the first letter of some words.
            let camel: Vec<Option<bool>> = picks
                .iter()
                .flat_map(|(w, pad, up)| {
                    let size = words[*w].len() + pad.len();
                    (0..size).map(move |i| Some(*up && i == 0))
                })
                .collect();
            for case in [&[][..], &camel[..]] {
                for hashtag in [false, true] {
                    let shape = (case, &[][..]);
                    let split =
                        lex.split_letters(&letters, shape, 0, hashtag, false, &[true, true], 0);
                    prop_assert!(gate || split.is_none(), "{} {}", glued, hashtag);
                }
            }
            let foreign =
                lex.split_letters(&letters, (&[], &[]), 0, false, false, &[true, false], 1);
            prop_assert!(gate || foreign.is_none(), "{}", glued);
        }

        /// The gate of pieces the programme cuts ([`PieceFilters::cut`]: a typo form
        /// only when it is a list's word or a key) lets through every lower-case glued
        /// word that splits, in any languages: such a word is one run that is not
        /// capitalised, so each piece is a list's word or a key.
        #[test]
        fn the_cut_gate_lets_through_every_lower_case_split(
            picks in proptest::collection::vec(
                (0usize..13, proptest::option::weighted(0.2, "[a-z]{1,2}")), 1..5
            ),
            lower in any::<bool>(),
        ) {
            let lex = cut_lexicon();
            let glued: String = picks
                .iter()
                .map(|(w, pad)| format!("{}{}", CUT_WORDS[*w], pad.as_deref().unwrap_or("")))
                .collect();
            let letters: Vec<char> = glued.chars().collect();
            let cut = lex.piece_filters().cut.holds_a_form(&letters);
            let case = if lower { vec![Some(false); letters.len()] } else { Vec::new() };
            for langs in [[true, true], [true, false], [false, true]] {
                let shape = (case.as_slice(), &[][..]);
                let split = lex.split_letters(&letters, shape, 0, false, false, &langs, 0);
                prop_assert!(cut || split.is_none(), "{} {:?}", glued, langs);
            }
        }

        /// [`MeaningGate::fillings_holding`] refuses no filling whose letters hold a
        /// form (a stretch that is one), and lets through none the gate asked of the
        /// letters so filled refuses, for both gates (the filter of the masked forms
        /// may refuse what the filter of the forms lets through by chance).
        #[test]
        fn the_fillings_gate_refuses_only_fillings_without_a_form(
            picks in proptest::collection::vec(
                (0usize..13, proptest::option::weighted(0.2, "[a-z]{1,2}")), 1..5
            ),
            at in 0usize..60,
        ) {
            let lex = cut_lexicon();
            let glued: String = picks
                .iter()
                .map(|(w, pad)| format!("{}{}", CUT_WORDS[*w], pad.as_deref().unwrap_or("")))
                .collect();
            let mut letters: Vec<char> = glued.chars().collect();
            let at = at % letters.len();
            letters[at] = '*';
            let fills = &lex.tables.mask_letters;
            let filters = lex.piece_filters();
            for (gate, cut) in [(&filters.meaning, false), (&filters.cut, true)] {
                let forms: Vec<String> = lex.meaning_forms(cut).map(Cow::into_owned).collect();
                let got = gate.fillings_holding(&letters, at, fills);
                let mut filled = letters.clone();
                for (&c, &may) in fills.iter().zip(&got) {
                    filled[at] = c;
                    let spelled: String = filled.iter().collect();
                    let holds = forms.iter().any(|f| spelled.contains(f.as_str()));
                    prop_assert!(may || !holds, "{} refused", spelled);
                    prop_assert!(!may || gate.holds_a_form(&filled), "{} let through", spelled);
                }
            }
        }

        /// A word's split in some languages says its split in any subset of them
        /// (what [`Lexicon::foreign_pieces`] relies on to ask the comment's languages
        /// only after a split in the voted ones): none when it finds none, the same
        /// split when its language is in the subset.
        #[test]
        fn a_split_in_more_languages_says_the_split_in_fewer(
            picks in proptest::collection::vec((0usize..12, "[a-z]{0,2}"), 1..4),
            subset in proptest::collection::vec(any::<bool>(), 2),
        ) {
            let words = [
                "idiot", "idoit", "idiotz", "you", "the", "stupid", "man", "le", "les",
                "tu", "stupide", "un",
            ];
            let lex = gated_lexicon();
            let glued: String = picks.iter().map(|(w, pad)| format!("{}{pad}", words[*w])).collect();
            let letters: Vec<char> = glued.chars().collect();
            for foreign in [0, 3] {
                let split = |langs: &[bool]| {
                    lex.split_letters(&letters, (&[], &[]), 0, false, false, langs, foreign)
                };
                let narrow = split(&subset).map(|(pieces, _)| pieces);
                match split(&[true, true]) {
                    None => prop_assert_eq!(narrow, None, "{}", glued),
                    Some((pieces, reading)) if reading.holds_under(&subset) => {
                        prop_assert_eq!(narrow, Some(pieces), "{}", glued);
                    }
                    Some(_) => {}
                }
            }
        }

        /// A span walk says what [`respaced`] says of every span, asked in order or
        /// not, over texts the normaliser edits (spaced and dotted letters, stretched
        /// runs, accents, `ß`, invisible characters, emoji, leet, masks); and a span it
        /// finds clear of the edits maps back to a span as long.
        #[test]
        fn a_span_walk_says_what_respaced_says(
            parts in proptest::collection::vec(prop_oneof![
                "[a-z]{1,6}",
                "[a-z]( [a-z]){2,6}",
                "[a-z](\\.[a-z]){2,5}",
                "[a-z](-[a-z]){2,5}",
                "(lo{3,6}l|fu{2,5}ck|!{2,6})",
                "[éàüßÉ][a-z]{0,3}",
                "[a-z]\u{200b}[a-z]{1,3}",
                "(\u{1f602}|\u{1f595}\u{1f3ff})",
                "(sh1t|b!tch|f\\*ck|\\$hit|@ss)",
                "[A-Z][a-z]{1,4}",
            ], 1..14),
            spans in proptest::collection::vec((0usize..80, 0usize..12), 0..12),
        ) {
            use crate::normalize::{normalize, Config};
            let cps: Vec<u32> = parts.join(" ").chars().map(|c| c as u32).collect();
            let n = normalize(&cps, Config::ALL);
            let size = n.text.len();
            let mut walk = SpanWalk::new(&n);
            for t in n.tokens() {
                prop_assert_eq!(walk.respaced(t.start, t.end), respaced(&n, t.start, t.end));
            }
            for &(a, more) in &spans {
                let b = a + more;
                prop_assert_eq!(walk.respaced(a, b), respaced(&n, a, b), "{}..{}", a, b);
                if n.typed_as_long(a, b, &mut walk.cursors) {
                    let typed = n.to_original(a, b);
                    prop_assert!(typed.is_some_and(|(x, y)| y - x == b - a), "{:?}", typed);
                }
            }
            prop_assert!(!n.typed_as_long(size, size + 1, &mut walk.cursors));
        }

        /// A comment's tokens split through the memo (kept shapes, the split in every
        /// language reused for the comment's languages) as each one split alone: in
        /// every language, then, when it splits, in the comment's languages.
        #[test]
        fn the_memo_answers_like_a_fresh_split(
            picks in proptest::collection::vec((0usize..9, 0usize..4, 0usize..6), 1..24),
            mask in proptest::collection::vec(any::<bool>(), 2),
        ) {
            use crate::normalize::{normalize, Config};
            // Glued words of two lists and the packs' keys, with a masked letter, in
            // capitals, or spaced out; repeated, so later tokens meet kept shapes.
            let glued = [
                "youidiot", "stupidfuck", "idiotyou", "lesconnard", "fuckidiot",
                "theidiotis", "connardle", "youstupid", "bigidiotman",
            ];
            let lex = glued_words_lexicon();
            let text: Vec<String> = picks
                .iter()
                .map(|&(w, how, at)| {
                    let word = glued[w];
                    match how {
                        0 => word.to_owned(),
                        1 => {
                            let at = 1 + at % (word.len() - 2);
                            format!("{}*{}", &word[..at], &word[at + 1..])
                        }
                        2 => word.to_uppercase(),
                        _ => word.chars().map(String::from).collect::<Vec<_>>().join(" "),
                    }
                })
                .collect();
            let cps: Vec<u32> = text.join(" , ").chars().map(|c| c as u32).collect();
            let n = normalize(&cps, Config::ALL);
            let mut memo = SplitMemo::default();
            for t in n.tokens() {
                let mut asked = |_: bool| mask.clone();
                let mut meaning = |body: &str| lex.letters_may_mean(body);
                let (span, shape) = ((t.start, t.end), (t.kind, false));
                let got =
                    lex.split_token(&n, &t.word, span, shape, &mut memo, &mut asked, &mut meaning);
                // Alone: nothing kept, and the split in the comment's languages asked
                // whenever the token splits in every language.
                let mut fresh = SplitMemo { fresh: true, ..Default::default() };
                let mut asked = |_: bool| mask.clone();
                let alone =
                    lex.split_token(&n, &t.word, span, shape, &mut fresh, &mut asked, &mut meaning);
                prop_assert_eq!(got, alone, "{}", t.word);
            }
        }

        /// A word (not a hashtag) whose first or last character is no letter splits
        /// into nothing on the general road ([`Lexicon::split_shaped`], in any languages,
        /// typed in any case, spaced or not, a `#` typed for its mask or not), so
        /// `split_token` refuses it before making its key ([`edges_are_letters`]); and
        /// `split_token` answers as that road does.
        #[test]
        fn a_word_not_edged_by_letters_splits_into_nothing(
            head in "(|[0-9'*_.-]|[0-9]{2})",
            middle in "([a-z]{1,8}|youidiot|stupidfuck|lesconnard|you[*]idiot|stupi[*]fuck)",
            tail in "(|[0-9'*_.-]|[0-9]{2}h[0-9]{2})",
            case in proptest::collection::vec(proptest::option::of(any::<bool>()), 0..24),
            spaced in any::<bool>(),
            typed_hash in any::<bool>(),
            mask in proptest::collection::vec(any::<bool>(), 2),
        ) {
            let lex = glued_words_lexicon();
            let word = format!("{head}{middle}{tail}");
            let size = word.chars().count();
            let case: Vec<Option<bool>> = (0..size).map(|i| case.get(i).copied().flatten()).collect();
            let key = SplitKey { word: word.clone(), hashtag: false, spaced, case, typed_hash };
            let elisions: Vec<Vec<u32>> = vec!["l".chars().map(u32::from).collect()];
            for langs in [vec![true, true], mask.clone()] {
                let found = lex.split_shaped(&key, &langs, &elisions, &mut Fillings::default());
                if !edges_are_letters(&word) {
                    prop_assert!(found.is_none(), "{} split: {:?}", word, found);
                }
            }
            // split_token on the word as a token of a comment: the same answer as the
            // memo's fresh road, which the test above holds to the general one.
            use crate::normalize::{normalize, Config};
            let cps: Vec<u32> = format!("{word} ok").chars().map(|c| c as u32).collect();
            let n = normalize(&cps, Config::ALL);
            for t in n.tokens() {
                let mut fresh = SplitMemo { fresh: true, ..Default::default() };
                let mut asked = |_: bool| mask.clone();
                let mut meaning = |body: &str| lex.letters_may_mean(body);
                let (span, shape) = ((t.start, t.end), (t.kind, false));
                let got =
                    lex.split_token(&n, &t.word, span, shape, &mut fresh, &mut asked, &mut meaning);
                if t.kind == TokenKind::Word && !edges_are_letters(&t.word) {
                    prop_assert!(got.is_none(), "{}", t.word);
                }
            }
        }

        /// Whether a filling is a word ([`Lexicon::a_filling_is_a_word`], which asks the
        /// packs' words and the allow list only when one of theirs has the token's length
        /// and ends) answers as asking every filling of each, and the split is the one
        /// every filling split afresh gives: for the lexicon's own words (keys added at
        /// random, allow-listed words, the lists' words) with an inner letter masked,
        /// often another changed or a word glued on; and every such word of the packs or
        /// the allow list with an inner letter masked is let through by the filter.
        #[test]
        fn fillings_asked_behind_the_ends_filter_answer_like_every_filling_asked(
            keys in proptest::collection::vec("[aeiostué]{3,8}", 0..12),
            allowed in proptest::collection::vec("[aeiostué]{3,8}", 0..6),
            tokens in proptest::collection::vec(
                (0usize..60, 0usize..40,
                 proptest::option::of((0usize..40, "[aeiostué]")),
                 proptest::option::of((0usize..60, any::<bool>()))),
                1..12),
        ) {
            let mut lex = glued_words_lexicon();
            for key in &keys {
                if !lex.index.contains_key(key) {
                    lex.index.insert(key.clone(), lex.entries.len() as u32);
                    lex.entries.push(crate::lexicon::Entry::default());
                }
            }
            lex.allow.extend(allowed.iter().cloned());
            let mut words: Vec<String> = lex.index.keys().map(str::to_owned).collect();
            words.extend(allowed.iter().cloned());
            words.extend(["stupid", "stupide", "idiom", "man", "mec"].map(String::from));
            words.sort_unstable();
            let fills = lex.tables.mask_letters.clone();
            for (w, at, change, glue) in &tokens {
                let word = &words[w % words.len()];
                let mut letters: Vec<char> = word.chars().collect();
                let whole = change.is_none() && glue.is_none();
                if let Some((g, before)) = glue {
                    let other: Vec<char> = words[g % words.len()].chars().collect();
                    letters = if *before {
                        [other, letters].concat()
                    } else {
                        [letters, other].concat()
                    };
                }
                if let Some((i, c)) = change {
                    let i = i % letters.len();
                    letters[i] = c.chars().next().unwrap_or('a');
                }
                let at = 1 + at % (letters.len() - 2);
                let listed = lex.is_pack_word(word) || lex.allow.contains(word.as_str());
                letters[at] = '*';
                if whole && listed {
                    prop_assert!(lex.fillings_may_be_pack_words(&letters, at), "{}", word);
                }
                let mut filled = letters.clone();
                let afresh = fills.iter().any(|&c| {
                    filled[at] = c;
                    let w: String = filled.iter().collect();
                    lex.segmenter.knows(&w) || lex.is_pack_word(&w) || lex.allow.contains(&w)
                });
                prop_assert_eq!(lex.a_filling_is_a_word(&letters, at), afresh, "{:?}", letters);
                let case: Vec<Option<bool>> =
                    letters.iter().map(|&c| (c != '*').then_some(false)).collect();
                let shape = (case.as_slice(), &[][..]);
                let mask = [true, true];
                let mut kept = Fillings::default();
                let got = lex.split_fillings(&letters, at, shape, false, &mask, &mut kept);
                let split = fillings_afresh(&lex, &letters, at, shape, false, &mask);
                prop_assert_eq!(got, split, "{:?}", letters);
            }
        }

        /// A masked letter's fillings split once a language and kept between asks
        /// ([`Fillings`]) give, mask after mask, what splitting every filling afresh
        /// in the mask's languages gave (the loop before the fillings were kept).
        #[test]
        fn kept_fillings_answer_like_fillings_split_afresh(
            picks in proptest::collection::vec(0usize..13, 2..4),
            at in 1usize..40,
            how in 0usize..3,
            masks in proptest::collection::vec(proptest::collection::vec(any::<bool>(), 2), 1..4),
        ) {
            // `tuck` and `duck` are fillings of `*uck` that mean nothing, tried before
            // the term `fuck` (the pieces across the mask are asked each filling).
            let words = [
                "you", "idiot", "the", "stupid", "fuck", "les", "connard", "le", "big",
                "man", "mec", "is", "duck",
            ];
            let mut lex = crate::lexicon::tests::tiny();
            let keys: Vec<&str> = lex.index.keys().collect();
            lex.segmenter = Segmenter::with_pack_words(
                vec![
                    (
                        vec!["you", "the", "is", "stupid", "big", "man", "mad", "tuck", "duck"],
                        vec!["idiom"],
                    ),
                    (vec!["le", "les", "un", "tu", "stupide", "mec"], vec!["mac"]),
                ],
                &keys,
                Limits::default(),
            );
            let glued: String = picks.iter().map(|&w| words[w]).collect();
            let mut letters: Vec<char> = glued.chars().collect();
            let at = 1 + at % (letters.len() - 2);
            letters[at] = '*';
            // Lower case, a capital inside (not plain), or spaced out.
            let case: Vec<Option<bool>> = (0..letters.len())
                .map(|i| (letters[i] != '*').then_some(how == 1 && i == 0))
                .collect();
            let spaced = how == 2;
            let shape = (case.as_slice(), &[][..]);
            let mut kept = Fillings::default();
            for mask in std::iter::once(vec![true, true]).chain(masks) {
                let got = lex.split_fillings(&letters, at, shape, spaced, &mask, &mut kept);
                let afresh = fillings_afresh(&lex, &letters, at, shape, spaced, &mask);
                prop_assert_eq!(got, afresh, "{:?} {:?}", letters, mask);
            }
        }

        #[test]
        fn one_walk_over_every_language_gives_each_language_its_own_cover(
            words in proptest::collection::vec("[a-e]{1,5}", 1..40),
            text in "[a-e]{0,30}",
            langs in proptest::collection::vec(0usize..7, 0..8),
            skip in 0u64..256,
        ) {
            // Six languages: the index is built (and read back from the cache bytes).
            let s = Segmenter::with_pack_words(six_lists(&words), &["dab"], Limits::default());
            prop_assert!(!s.lists.is_empty());
            let back = Segmenter::from_bytes(&s.to_bytes(), Limits::default()).unwrap();
            prop_assert_eq!(&back.lists, &s.lists);
            let letters: Vec<char> = text.chars().collect();
            let pack = |w: &str| w == "dab" || w == "ce";
            for seg in [&s, &back] {
                let each = seg.split_each(&langs, &letters, &pack);
                prop_assert_eq!(each.len(), langs.len());
                for (&lang, got) in langs.iter().zip(&each) {
                    prop_assert_eq!(got, &split_alone(seg, lang, &letters, &pack), "{}", lang);
                }
                // Lane `x` walking language `x` reads the index's masks as its lanes'
                // (`Walker::grow_indexed`): each language still gets its own cover.
                let in_order: Vec<usize> = (0..langs.len()).collect();
                let ordered = seg.split_each(&in_order, &letters, &pack);
                for (lang, got) in ordered.iter().enumerate() {
                    prop_assert_eq!(got, &split_alone(seg, lang, &letters, &pack), "{}", lang);
                }
                // The lanes skipped are left out; the others walked as before.
                let some = seg.split_each_but(&langs, skip, &letters, &pack);
                for (x, (got, all)) in some.iter().zip(&each).enumerate() {
                    let left_out = skip >> x & 1 == 1;
                    prop_assert_eq!(got, if left_out { &None } else { all }, "{}", x);
                }
            }
        }

        #[test]
        fn the_index_never_leaves_out_a_language_that_lists_a_word(
            words in proptest::collection::vec("[a-dé]{1,6}", 1..60),
            asked in proptest::collection::vec("[a-dé]{0,7}", 0..30),
        ) {
            let s = Segmenter::with_pack_words(six_lists(&words), &[], Limits::default());
            let plain = Segmenter { lists: ListIndex::default(), ..s.clone() };
            for w in words.iter().chain(&asked) {
                let print = Print::of(w);
                let masks = s.lists.get(print.value());
                for (l, table) in s.languages.iter().enumerate() {
                    if table.contains(print) {
                        prop_assert!(masks.words >> l & 1 == 1, "{} {}", w, l);
                    }
                }
                // Asked through the index or table by table: the same languages.
                prop_assert_eq!(
                    s.listing_of(print, u32::MAX, false),
                    plain.listing_of(print, u32::MAX, false)
                );
                prop_assert_eq!(s.knows(w), plain.knows(w));
                prop_assert_eq!(s.knows_in_any(0b101, w), plain.knows_in_any(0b101, w));
            }
            // Every start of a frequent word is a start in the index too.
            for (l, (frequent, _)) in six_lists(&words).into_iter().enumerate() {
                for w in frequent {
                    let mut print = Print::default();
                    for c in w.chars() {
                        print = print.push(c);
                        prop_assert!(s.lists.get(print.value()).starts >> l & 1 == 1);
                    }
                }
            }
        }

        /// Whichever language is asked first, a word is known exactly when some list
        /// has it, through the index, table by table, and with two lists (checked to
        /// fail when the index is not asked for the language after the lead: `!(3u32
        /// << *lead)` in place of `!(1u32 << *lead)`).
        #[test]
        fn a_lead_language_asked_first_changes_no_answer(
            words in proptest::collection::vec("[a-dé]{1,6}", 1..60),
            asked in proptest::collection::vec("[a-dé]{0,7}", 0..30),
        ) {
            let six = Segmenter::with_pack_words(six_lists(&words), &[], Limits::default());
            let plain = Segmenter { lists: ListIndex::default(), ..six.clone() };
            let mut lists = six_lists(&words);
            lists.truncate(2);
            let two = Segmenter::with_pack_words(lists, &[], Limits::default());
            for s in [&six, &plain, &two] {
                for w in words.iter().chain(&asked) {
                    let print = Print::of(w);
                    let listed = s.languages.iter().any(|t| t.contains(print));
                    for first in 0..=s.languages.len() {
                        let mut lead = first;
                        prop_assert_eq!(s.knows_print_led(print, &mut lead), listed, "{} {}", w, first);
                        if listed && first < s.languages.len() {
                            prop_assert!(s.languages[lead].contains(print));
                        }
                    }
                }
            }
        }

        #[test]
        fn a_concatenation_of_long_known_words_is_covered(
            picks in proptest::collection::vec(0usize..4, 1..6),
        ) {
            let list = ["alpha", "beta", "gamma", "delta"];
            let s = seg(&[&list]);
            let text: String = picks.iter().map(|&i| list[i]).collect();
            let letters: Vec<char> = text.chars().collect();
            let none = |_: &str| false;
            let cover = s.split(0, &letters, &none);
            prop_assert!(cover.is_some());
            prop_assert_eq!(cover.unwrap().len(), picks.len());
        }
    }
}
