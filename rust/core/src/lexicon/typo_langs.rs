//! The typo forms whose reading depends on the comment's languages
//! ([`super::TypoLangs`]), by form: a few hundred for two packs, a few thousand for six.
//!
//! Why not a hash map: the quick reject asks whether each word of a comment is such a
//! form (most comments: every word, and almost none is), so a bitset of the forms'
//! shapes (first two bytes, last two bytes and length, mixed) answers most words absent
//! from three bytes and a bit test, before any hashing.  The bitset is exact in the
//! direction that matters: every form sets its bit when it is inserted, so a form is
//! never answered absent; a word whose bit is set is asked in the map.

use super::{KeyMap, TypoLangs};

/// Bits of the shape filter per form (rounded up to a power of two): at most one word
/// in eight that is no form still finds its bit set.
const BITS_PER_FORM: usize = 8;

/// A map from typo forms to their readings by language, with a shape filter (see the
/// module's docs).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TypoLangMap {
    /// Form -> index into `readings`.
    forms: KeyMap,
    readings: Vec<TypoLangs>,
    /// One bit per shape value modulo its size (a power of two, empty for no form).
    shapes: Vec<u64>,
}

/// The shape of a word: its first two bytes, last two bytes and length, mixed into 64
/// bits (the filter takes its top bits).
#[inline]
fn shape(word: &str) -> u64 {
    let b = word.as_bytes();
    let n = b.len();
    let ends = if n >= 2 {
        let head = u64::from(b[0]) | u64::from(b[1]) << 8;
        head | u64::from(b[n - 2]) << 16 | u64::from(b[n - 1]) << 24
    } else {
        b.first().map_or(0, |&x| u64::from(x))
    };
    (ends | (n as u64) << 32).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

impl TypoLangMap {
    /// How many forms the map has.
    pub fn len(&self) -> usize {
        self.readings.len()
    }

    /// Whether the map has no form.
    pub fn is_empty(&self) -> bool {
        self.readings.is_empty()
    }

    /// Whether the filter lets `word` through to the map (false: it is no form).
    #[inline]
    pub(super) fn may_hold(&self, word: &str) -> bool {
        if self.shapes.is_empty() {
            return false;
        }
        let bits = (self.shapes.len() * 64).trailing_zeros();
        let bit = (shape(word) >> (64 - bits)) as usize;
        self.shapes[bit >> 6] & (1 << (bit & 63)) != 0
    }

    /// The readings of `word`, when it is a form of the map.
    #[inline]
    pub fn get(&self, word: &str) -> Option<&TypoLangs> {
        if !self.may_hold(word) {
            return None;
        }
        let &at = self.forms.get(word)?;
        self.readings.get(at as usize)
    }

    /// [`TypoLangMap::get`] with `word`'s [`super::word_hash`] worked out already (the
    /// scan's print of the word): the filter first, the hash only for the map.
    #[inline]
    pub fn get_hashed(&self, word: &str, hash: u64) -> Option<&TypoLangs> {
        if !self.may_hold(word) {
            return None;
        }
        let &at = self.forms.get_hashed(word, hash)?;
        self.readings.get(at as usize)
    }

    /// Whether `word` is a form of the map.
    #[inline]
    pub fn contains_key(&self, word: &str) -> bool {
        self.get(word).is_some()
    }

    /// Set the readings of `form` (a form set again keeps its place).
    pub fn insert(&mut self, form: String, readings: TypoLangs) {
        if let Some(&at) = self.forms.get(&form) {
            self.readings[at as usize] = readings;
            return;
        }
        let need = ((self.readings.len() + 1) * BITS_PER_FORM)
            .next_power_of_two()
            .max(64);
        if need > self.shapes.len() * 64 {
            // Grown: every form's bit again, at its place in the larger filter.
            self.shapes = vec![0; need / 64];
            for k in self.forms.keys() {
                set_bit(&mut self.shapes, k);
            }
        }
        set_bit(&mut self.shapes, &form);
        self.forms.insert(form, self.readings.len() as u32);
        self.readings.push(readings);
    }
}

fn set_bit(shapes: &mut [u64], word: &str) {
    let bits = (shapes.len() * 64).trailing_zeros();
    let bit = (shape(word) >> (64 - bits)) as usize;
    shapes[bit >> 6] |= 1 << (bit & 63);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_is_found_and_most_other_words_are_filtered() {
        let mut map = TypoLangMap::default();
        assert!(!map.contains_key("x") && map.is_empty());
        let forms: Vec<String> = (0..700).map(|i| format!("f{i}rm{}", i % 7)).collect();
        for (i, f) in forms.iter().enumerate() {
            let readings = TypoLangs {
                refused: i as u32,
                forms: vec![(1, f.to_uppercase())],
            };
            map.insert(f.clone(), readings);
        }
        map.insert("é".to_owned(), TypoLangs::default());
        map.insert(String::new(), TypoLangs::default());
        map.insert(forms[3].clone(), TypoLangs::default());
        assert_eq!(map.len(), 702);
        for (i, f) in forms.iter().enumerate() {
            let want = if i == 3 { 0 } else { i as u32 };
            assert_eq!(map.get(f).map(|t| t.refused), Some(want));
        }
        assert!(map.contains_key("é") && map.contains_key(""));
        let others = (0..10_000).map(|i| format!("w{i}x"));
        let through = others.filter(|w| map.may_hold(w)).count();
        assert!(through < 2_500, "{through}");
        assert!(!map.contains_key("nope") && map.get("f1rm").is_none());
        for w in forms
            .iter()
            .map(String::as_str)
            .chain(["é", "", "nope", "f1rm"])
        {
            let hashed = map.get_hashed(w, super::super::word_hash(w));
            assert_eq!(hashed, map.get(w), "{w}");
        }
    }
}
