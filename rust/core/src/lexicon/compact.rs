//! Compact string tables for the lexicon's largest sets of short words (the pack index,
//! typo forms and triggers, some 100,000 strings for two packs).
//!
//! A `HashMap<String, String>` spends two heap blocks and 48 bytes of bucket on every
//! pair, in a table kept at most 7/8 full: about 160 bytes for a pair of seven-letter
//! words.  Here every key and value lives in one text, an item is three `u32`s (offsets
//! into it, or a key's offsets and a number) and a slot of the open-addressing index is
//! one `u32`: about 30 bytes a pair.
//!
//! **One hash per word.**  Every table hashes a word with [`Print`], the fingerprint the
//! segmenter's word lists are keyed by ([`crate::segment::Print`]): a comment's token is
//! hashed once ([`word_hash`]) and that hash asks the pack index, the typo forms, the
//! triggers, the pack words and the word lists (`*_hashed` methods).  The tables are
//! built when a lexicon is loaded (the cache keeps their strings, not their slots), so
//! the hash is no part of the cache's layout.
//!
//! **A tag in every slot.**  A slot holds an item's index in its low 24 bits and 8 bits
//! of the word's hash in its high bits: a probe that meets another word's slot is
//! answered from the slot alone 255 times in 256, without reading the item or the text
//! (most lookups are misses: a comment's words are mostly no pack key).

use crate::segment::Print;

/// No item in this slot.
const EMPTY: u32 = u32::MAX;
/// The bits of a slot that hold the item's index; the others hold the tag.
const ITEM_BITS: u32 = 24;
const ITEM_MASK: u32 = (1 << ITEM_BITS) - 1;
/// The most items a table holds: the item index `ITEM_MASK` with tag `0xff` would read
/// as [`EMPTY`].
pub const MAX_ITEMS: usize = ITEM_MASK as usize;

/// The hash every table of this module files `word` under: its segmenter print, mixed
/// ([`Print::value`]).  Computed once per token and handed to the `*_hashed` lookups.
#[inline]
pub fn word_hash(word: &str) -> u64 {
    Print::of(word).value()
}

/// The text, items and slots the maps share (see the module's docs).
#[derive(Clone, Default)]
struct Core {
    /// Every key (and, for a [`StrMap`], its value after it).
    text: String,
    /// (key start, key end, third) in insertion order: the value's end in `text` for a
    /// [`StrMap`], the value itself for a [`KeyMap`].
    items: Vec<[u32; 3]>,
    /// Open addressing over `items` (a power of two, at most half full): `EMPTY`, or the
    /// tag (high 8 bits of the slot: bits of the hash) and the item index.
    slots: Vec<u32>,
}

/// The home slot and the tag of a hash in a table of `2^bits` slots.  The home comes
/// from the top bits, the tag from the low byte (independent bits of a mixed hash).
#[inline]
fn place(hash: u64, bits: u32) -> (usize, u32) {
    let home = if bits == 0 {
        0
    } else {
        (hash >> (64 - bits)) as usize
    };
    (home, ((hash as u32) & 0xff) << ITEM_BITS)
}

impl Core {
    fn key_of(&self, item: [u32; 3]) -> &[u8] {
        // Offsets were taken from `text` when the item was made: always in range.
        self.text
            .as_bytes()
            .get(item[0] as usize..item[1] as usize)
            .unwrap_or_default()
    }

    /// The slot of `key` (hashed as `hash`): the one holding it, or the empty one it
    /// would go to.  Never called on an empty index.
    #[inline]
    fn slot(&self, key: &[u8], hash: u64) -> usize {
        let mask = self.slots.len() - 1;
        let (mut at, tag) = place(hash, self.slots.len().trailing_zeros());
        loop {
            let slot = self.slots[at];
            if slot == EMPTY {
                return at;
            }
            if slot & !ITEM_MASK == tag {
                let item = self.items[(slot & ITEM_MASK) as usize];
                // Lengths first: most words that share a tag differ in length.  The bytes
                // are compared in a loop, not by a call to `bcmp`: keys are a few bytes.
                let found = self.key_of(item);
                if found.len() == key.len() && found.iter().zip(key).all(|(a, b)| a == b) {
                    return at;
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// The item of `key`, if any.
    #[inline]
    fn find(&self, key: &str, hash: u64) -> Option<[u32; 3]> {
        if self.slots.is_empty() {
            return None;
        }
        match self.slots[self.slot(key.as_bytes(), hash)] {
            EMPTY => None,
            slot => Some(self.items[(slot & ITEM_MASK) as usize]),
        }
    }

    fn rehash(&mut self, size: usize) {
        self.slots = vec![EMPTY; size];
        let bits = size.trailing_zeros();
        for i in 0..self.items.len() {
            let key = self.key_of(self.items[i]);
            let hash = word_hash(std::str::from_utf8(key).unwrap_or_default());
            let at = self.slot(key, hash);
            self.slots[at] = place(hash, bits).1 | i as u32;
        }
    }

    fn reserve(&mut self, more: usize) {
        let need = (self.items.len() + more)
            .saturating_mul(2)
            .next_power_of_two()
            .max(16);
        if need > self.slots.len() {
            self.rehash(need);
        }
        self.items.reserve(more);
    }

    /// Add `key` (or set it again: it keeps its place, its old text stays unused), its
    /// third field written by `third` after the key's text.
    ///
    /// # Panics
    /// When the text would pass 4 GiB or the items [`MAX_ITEMS`] (a lexicon is a few
    /// hundred kilobytes; the cache's reader refuses more items before inserting).
    fn insert(&mut self, key: &str, third: impl FnOnce(&mut String) -> u32) {
        if (self.items.len() + 1) * 2 > self.slots.len() {
            self.rehash((self.slots.len() * 2).max(16));
        }
        let start = self.text.len();
        self.text.push_str(key);
        let offset = |n: usize| u32::try_from(n).expect("a string table under 4 GiB");
        let end = offset(start + key.len());
        let item = [offset(start), end, third(&mut self.text)];
        let hash = word_hash(key);
        let at = self.slot(key.as_bytes(), hash);
        match self.slots[at] {
            EMPTY => {
                assert!(
                    self.items.len() < MAX_ITEMS,
                    "a string table under 16M keys"
                );
                let bits = self.slots.len().trailing_zeros();
                self.slots[at] = place(hash, bits).1 | self.items.len() as u32;
                self.items.push(item);
            }
            old => self.items[(old & ITEM_MASK) as usize] = item,
        }
    }

    fn iter(&self) -> impl Iterator<Item = ([u32; 3], &str)> + '_ {
        self.items.iter().map(|&item| {
            let key = std::str::from_utf8(self.key_of(item)).unwrap_or_default();
            (item, key)
        })
    }

    fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.items.shrink_to_fit();
    }
}

/// A map from short strings to short strings, in one text (see the module's docs).
#[derive(Clone, Default)]
pub struct StrMap {
    core: Core,
}

impl StrMap {
    /// How many keys the map has.
    pub fn len(&self) -> usize {
        self.core.items.len()
    }

    /// Whether the map has no key.
    pub fn is_empty(&self) -> bool {
        self.core.items.is_empty()
    }

    /// Room for `more` keys without growing the index.
    pub fn reserve(&mut self, more: usize) {
        self.core.reserve(more);
    }

    fn value_of(&self, item: [u32; 3]) -> &str {
        // The value follows its key in `text`, both pushed whole: on char boundaries.
        self.core
            .text
            .get(item[1] as usize..item[2] as usize)
            .unwrap_or_default()
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.get_hashed(key, word_hash(key))
    }

    /// [`StrMap::get`] with `key`'s [`word_hash`] worked out already.
    #[inline]
    pub fn get_hashed(&self, key: &str, hash: u64) -> Option<&str> {
        self.core.find(key, hash).map(|item| self.value_of(item))
    }

    /// Whether the map has `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Set `key` to `value` (a key set again keeps its place; its old text stays unused).
    ///
    /// # Panics
    /// When the text would pass 4 GiB or the keys [`MAX_ITEMS`] (a lexicon is a few
    /// hundred kilobytes).
    pub fn insert(&mut self, key: &str, value: &str) {
        self.core.insert(key, |text| {
            text.push_str(value);
            u32::try_from(text.len()).expect("a string table under 4 GiB")
        });
    }

    /// Every (key, value), in the order keys were first set.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.core
            .iter()
            .map(|(item, key)| (key, self.value_of(item)))
    }

    /// Give back the room growing left over (after the last insert).
    pub fn shrink_to_fit(&mut self) {
        self.core.shrink_to_fit();
    }
}

/// A map from short strings to `u32`s (the pack index: a key and its entry), in one
/// text, hashed like the other tables of this module (see the module's docs).
#[derive(Clone, Default)]
pub struct KeyMap {
    core: Core,
}

impl KeyMap {
    /// How many keys the map has.
    pub fn len(&self) -> usize {
        self.core.items.len()
    }

    /// Whether the map has no key.
    pub fn is_empty(&self) -> bool {
        self.core.items.is_empty()
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&u32> {
        self.get_hashed(key, word_hash(key))
    }

    /// [`KeyMap::get`] with `key`'s [`word_hash`] worked out already.
    #[inline]
    pub fn get_hashed(&self, key: &str, hash: u64) -> Option<&u32> {
        if self.core.slots.is_empty() {
            return None;
        }
        match self.core.slots[self.core.slot(key.as_bytes(), hash)] {
            EMPTY => None,
            slot => Some(&self.core.items[(slot & ITEM_MASK) as usize][2]),
        }
    }

    /// Whether the map has `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// [`KeyMap::contains_key`] with `key`'s [`word_hash`] worked out already.
    #[inline]
    pub fn contains_hashed(&self, key: &str, hash: u64) -> bool {
        self.get_hashed(key, hash).is_some()
    }

    /// Set `key` to `value` (the key as an owned string: the index is filled from
    /// strings made for it).
    ///
    /// # Panics
    /// When the text would pass 4 GiB or the keys [`MAX_ITEMS`].
    #[allow(clippy::needless_pass_by_value)]
    pub fn insert(&mut self, key: String, value: u32) {
        self.core.insert(&key, |_| value);
    }

    /// Every (key, value), in the order keys were first set.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &u32)> + '_ {
        self.core.items.iter().map(|item| {
            let key = std::str::from_utf8(self.core.key_of(*item)).unwrap_or_default();
            (key, &item[2])
        })
    }

    /// Every key, in the order they were first set.
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.iter().map(|(k, _)| k)
    }

    /// Room for `more` keys without growing the index.
    pub fn reserve(&mut self, more: usize) {
        self.core.reserve(more);
    }

    /// Give back the room growing left over.
    pub fn shrink_to_fit(&mut self) {
        self.core.shrink_to_fit();
    }
}

impl<'a> IntoIterator for &'a KeyMap {
    type Item = (&'a str, &'a u32);
    type IntoIter = Box<dyn Iterator<Item = (&'a str, &'a u32)> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl std::ops::Index<&str> for KeyMap {
    type Output = u32;
    /// # Panics
    /// When `key` is not in the map (as `HashMap`'s index does).
    fn index(&self, key: &str) -> &u32 {
        self.get(key).expect("a key of the map")
    }
}

impl PartialEq for KeyMap {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl std::fmt::Debug for KeyMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl PartialEq for StrMap {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl std::fmt::Debug for StrMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A set of short strings, in one text (a [`StrMap`] without values).
#[derive(Clone, Default, PartialEq)]
pub struct StrSet {
    map: StrMap,
}

impl StrSet {
    /// How many words the set has.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the set has no word.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Room for `more` words without growing the index.
    pub fn reserve(&mut self, more: usize) {
        self.map.reserve(more);
    }

    /// Whether the set has `word`.
    pub fn contains(&self, word: &str) -> bool {
        self.map.contains_key(word)
    }

    /// [`StrSet::contains`] with `word`'s [`word_hash`] worked out already.
    #[inline]
    pub fn contains_hashed(&self, word: &str, hash: u64) -> bool {
        self.map.get_hashed(word, hash).is_some()
    }

    /// Add `word`.
    pub fn insert(&mut self, word: &str) {
        self.map.insert(word, "");
    }

    /// Every word, in the order they were first added.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.map.iter().map(|(k, _)| k)
    }

    /// Give back the room growing left over.
    pub fn shrink_to_fit(&mut self) {
        self.map.shrink_to_fit();
    }
}

impl<S: AsRef<str>> Extend<S> for StrSet {
    fn extend<I: IntoIterator<Item = S>>(&mut self, words: I) {
        for w in words {
            self.insert(w.as_ref());
        }
    }
}

impl<S: AsRef<str>> FromIterator<S> for StrSet {
    fn from_iter<I: IntoIterator<Item = S>>(words: I) -> Self {
        let mut set = StrSet::default();
        set.extend(words);
        set.shrink_to_fit();
        set
    }
}

impl std::fmt::Debug for StrSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    proptest! {
        /// The lazily reduced `Print::of` every table hashes with is the print the
        /// segmenter's lists were built with (letters pushed one by one).
        #[test]
        fn the_word_hash_is_the_segmenters_print(word in "\\PC{0,40}", tail in "[a-z\u{10FFFF}\u{0}]{0,70}") {
            for w in [word.clone(), format!("{word}{tail}"), tail.clone()] {
                let pushed = w.chars().fold(Print::default(), Print::push);
                prop_assert_eq!(Print::of(&w), pushed);
                prop_assert_eq!(word_hash(&w), pushed.value());
            }
        }
    }

    #[test]
    fn a_map_answers_as_a_hash_map_does() {
        let mut map = StrMap::default();
        let mut model = HashMap::new();
        for i in 0..5000u32 {
            let key = format!("w{}", i * 7919 % 3001);
            let value = format!("v{i}");
            map.insert(&key, &value);
            model.insert(key, value);
        }
        assert_eq!(map.len(), model.len());
        for (k, v) in &model {
            assert_eq!(map.get(k), Some(v.as_str()));
        }
        assert_eq!(map.get("nope"), None);
        assert_eq!(map.get(""), None);
        assert_eq!(map.iter().count(), model.len());
        assert_eq!(map.clone(), map);
    }

    #[test]
    fn an_empty_map_and_set_answer_nothing() {
        let map = StrMap::default();
        assert_eq!((map.get("x"), map.len(), map.is_empty()), (None, 0, true));
        let mut set: StrSet = ["", "é", "🖕"].into_iter().collect();
        assert!(set.contains("") && set.contains("é") && set.contains("🖕"));
        assert!(!set.contains("e"));
        set.insert("é");
        assert_eq!(set.len(), 3);
        assert_eq!(set.iter().collect::<Vec<_>>(), vec!["", "é", "🖕"]);
    }

    #[test]
    fn a_key_map_answers_as_a_hash_map_does() {
        let mut map = KeyMap::default();
        let mut model = HashMap::new();
        for i in 0..5000u32 {
            let key = format!("k{}é", i * 7919 % 3001);
            map.insert(key.clone(), i);
            model.insert(key, i);
        }
        assert_eq!(map.len(), model.len());
        for (k, v) in &model {
            assert_eq!(map.get(k), Some(v));
            assert_eq!(map.get_hashed(k, word_hash(k)), Some(v));
            assert!(map.contains_hashed(k, word_hash(k)));
            assert_eq!(map[k.as_str()], *v);
        }
        assert!(!map.contains_key("nope") && !map.contains_key(""));
        assert_eq!(map.keys().count(), model.len());
        assert_eq!((&map).into_iter().count(), model.len());
        assert_eq!(map.clone(), map);
        assert!(KeyMap::default().get("x").is_none());
    }

    #[test]
    fn hashed_lookups_agree_with_plain_ones() {
        let mut map = StrMap::default();
        let set: StrSet = ["idiot", "con", "🖕", ""].into_iter().collect();
        map.insert("idoit", "idiot");
        for w in ["idoit", "idiot", "con", "🖕", "", "conne"] {
            let h = word_hash(w);
            assert_eq!(map.get_hashed(w, h), map.get(w));
            assert_eq!(set.contains_hashed(w, h), set.contains(w));
        }
    }

    #[test]
    fn reserve_keeps_every_key() {
        let mut set = StrSet::default();
        set.insert("a");
        set.reserve(1000);
        set.extend((0..1000).map(|i| i.to_string()));
        assert!(set.contains("a") && set.contains("999") && set.len() == 1001);
    }
}
