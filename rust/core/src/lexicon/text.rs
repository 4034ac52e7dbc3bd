//! Small word helpers of the lookup fallbacks, on code points as Python counts them.

use std::collections::HashMap;

use crate::unicode::{is_alpha, is_digit};

/// The length of `word` in code points (Python's `len`).
pub fn cp_len(word: &str) -> usize {
    if word.is_ascii() {
        word.len()
    } else {
        word.chars().count()
    }
}

/// The letters of `word` in a vector allocated once: a `collect` of its `chars()`
/// reserves room for a quarter of its bytes and grows two or three times over a short
/// ASCII word, which cost more than the masked readings' work on the letters.
pub fn letters_of(word: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(word.len()); // no more letters than bytes
    out.extend(word.chars());
    out
}

/// The first `n` code points of `word` (Python's `word[:n]`).
pub fn prefix(word: &str, n: usize) -> &str {
    // The first `n` bytes all ASCII: they are the first `n` code points (the rest of the
    // word is not looked at).
    let head = &word.as_bytes()[..n.min(word.len())];
    if head.is_ascii() {
        return &word[..head.len()];
    }
    match word.char_indices().nth(n) {
        Some((at, _)) => &word[..at],
        None => word,
    }
}

fn alpha(c: char) -> bool {
    is_alpha(c as u32)
}

/// Forms of a word with each doubled letter also tried single (`fuuck` -> `fuck`), in the
/// order of the Python core (by bit mask over the doubles; none past four doubles).
pub fn squeezed(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let doubles: Vec<usize> = (0..chars.len().saturating_sub(1))
        .filter(|&i| chars[i] == chars[i + 1] && alpha(chars[i]))
        .collect();
    if doubles.is_empty() || doubles.len() > 4 {
        return Vec::new();
    }
    let mut out = Vec::with_capacity((1 << doubles.len()) - 1);
    for mask in 1u32..(1 << doubles.len()) {
        let drop: Vec<usize> = (0..doubles.len())
            .filter(|k| mask >> k & 1 == 1)
            .map(|k| doubles[k])
            .collect();
        out.push(
            chars
                .iter()
                .enumerate()
                .filter(|(j, _)| !drop.contains(j))
                .map(|(_, &c)| c)
                .collect(),
        );
    }
    out
}

/// `slu7` -> `slut`: the digits (at most two) ending a word of letters, read as leet.
/// The word is read in place and the answer written once (a list of its characters and
/// a tail of its own were two allocations for every word ending in a digit).
pub fn decode_trailing_leet(word: &str, table: &HashMap<char, String>) -> Option<String> {
    let digit = |c: char| is_digit(c as u32);
    let (head, digits) = word.split_at(word.trim_end_matches(digit).len());
    let few_letters = head.chars().nth(1).is_none();
    if few_letters || !head.chars().all(alpha) || digits.chars().nth(2).is_some() {
        return None;
    }
    let mut out = String::with_capacity(word.len() + 2);
    out.push_str(head);
    for c in digits.chars() {
        match table.get(&c) {
            Some(s) => out.push_str(s),
            None => out.push(c),
        }
    }
    let tail = &out[head.len()..];
    if tail.is_empty() || !tail.chars().all(alpha) {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The decoding as it was written first (a list of the characters, a tail of its
    /// own): the reference [`decode_trailing_leet`] is checked against.
    fn decode_by_list(word: &str, table: &HashMap<char, String>) -> Option<String> {
        let chars: Vec<char> = word.chars().collect();
        let mut end = chars.len();
        while end > 0 && is_digit(chars[end - 1] as u32) {
            end -= 1;
        }
        if end < 2 || !chars[..end].iter().all(|&c| alpha(c)) || chars.len() - end > 2 {
            return None;
        }
        let mut tail = String::new();
        for &c in &chars[end..] {
            match table.get(&c) {
                Some(s) => tail.push_str(s),
                None => tail.push(c),
            }
        }
        if tail.is_empty() || !tail.chars().all(alpha) {
            return None;
        }
        let mut out: String = chars[..end].iter().collect();
        out.push_str(&tail);
        Some(out)
    }

    proptest! {
        /// Read in place, the decoding answers as the list of characters did, for
        /// words of letters (ASCII, accented, other scripts) and digits (ASCII and
        /// others), with digits the table reads as letters, as nothing or as digits.
        #[test]
        fn trailing_leet_read_in_place_answers_as_by_list(word in "[a-zé\u{3b1}0-9\u{661}]{0,7}") {
            let table: HashMap<char, String> = [
                ('0', "o"), ('1', "i"), ('3', "e"), ('4', "a"), ('7', "t"), ('8', ""), ('9', "9"),
            ]
            .into_iter()
            .map(|(c, s)| (c, s.to_owned()))
            .collect();
            prop_assert_eq!(decode_trailing_leet(&word, &table), decode_by_list(&word, &table));
        }
    }
}
