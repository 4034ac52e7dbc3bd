//! Compact string tables for the lexicon's largest sets of short words (typo forms and
//! triggers, some 70,000 strings for two packs).
//!
//! A `HashMap<String, String>` spends two heap blocks and 48 bytes of bucket on every
//! pair, in a table kept at most 7/8 full: about 160 bytes for a pair of seven-letter
//! words.  Here every key and value lives in one text, an item is three `u32` offsets
//! into it and a slot of the open-addressing index is one `u32`: about 30 bytes a pair.
//! Lookups hash the word with the same Fx hash and compare bytes, as before.

use std::hash::Hasher;

use super::hash::FxHasher;

/// No item in this slot.
const EMPTY: u32 = u32::MAX;

/// A map from short strings to short strings, in one text (see the module's docs).
#[derive(Clone, Default)]
pub struct StrMap {
    /// Every key followed by its value.
    text: String,
    /// (key start, key end = value start, value end) in `text`, in insertion order.
    items: Vec<[u32; 3]>,
    /// Open addressing over `items` (a power of two, at most half full).
    slots: Vec<u32>,
}

fn hash(word: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(word.as_bytes());
    h.finish()
}

impl StrMap {
    /// How many keys the map has.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the map has no key.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Room for `more` keys without growing the index.
    pub fn reserve(&mut self, more: usize) {
        let need = (self.items.len() + more)
            .saturating_mul(2)
            .next_power_of_two()
            .max(16);
        if need > self.slots.len() {
            self.rehash(need);
        }
        self.items.reserve(more);
    }

    fn key_of(&self, item: [u32; 3]) -> &str {
        &self.text[item[0] as usize..item[1] as usize]
    }

    fn value_of(&self, item: [u32; 3]) -> &str {
        &self.text[item[1] as usize..item[2] as usize]
    }

    /// The slot of `key`: the one holding it, or the empty one it would go to.
    fn slot(&self, key: &str) -> usize {
        let mask = self.slots.len() - 1;
        // The top bits: the Fx hash ends with a multiplication, whose low bits depend on
        // the word's first bytes alone (every "co..." word would share a cluster).
        let bits = self.slots.len().trailing_zeros();
        let mut at = (hash(key).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize;
        loop {
            let item = self.slots[at];
            if item == EMPTY || self.key_of(self.items[item as usize]) == key {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    fn rehash(&mut self, size: usize) {
        self.slots = vec![EMPTY; size];
        for i in 0..self.items.len() {
            let at = self.slot(self.key_of(self.items[i]));
            self.slots[at] = i as u32;
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        if self.slots.is_empty() {
            return None;
        }
        match self.slots[self.slot(key)] {
            EMPTY => None,
            item => Some(self.value_of(self.items[item as usize])),
        }
    }

    /// Whether the map has `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Set `key` to `value` (a key set again keeps its place; its old text stays unused).
    ///
    /// # Panics
    /// When the text would pass 4 GiB (a lexicon is a few hundred kilobytes).
    pub fn insert(&mut self, key: &str, value: &str) {
        if (self.items.len() + 1) * 2 > self.slots.len() {
            self.rehash((self.slots.len() * 2).max(16));
        }
        let start = self.text.len();
        self.text.push_str(key);
        self.text.push_str(value);
        let offset = |n: usize| u32::try_from(n).expect("a string table under 4 GiB");
        let item = [
            offset(start),
            offset(start + key.len()),
            offset(self.text.len()),
        ];
        let at = self.slot(key);
        match self.slots[at] {
            EMPTY => {
                self.slots[at] = self.items.len() as u32;
                self.items.push(item);
            }
            old => self.items[old as usize] = item,
        }
    }

    /// Every (key, value), in the order keys were first set.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.items
            .iter()
            .map(|&item| (self.key_of(item), self.value_of(item)))
    }

    /// Give back the room growing left over (after the last insert).
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.items.shrink_to_fit();
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
    use std::collections::HashMap;

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
    fn reserve_keeps_every_key() {
        let mut set = StrSet::default();
        set.insert("a");
        set.reserve(1000);
        set.extend((0..1000).map(|i| i.to_string()));
        assert!(set.contains("a") && set.contains("999") && set.len() == 1001);
    }
}
