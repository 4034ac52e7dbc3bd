//! The lexicon's largest tables (typo forms, quick-reject triggers and phrases) as
//! bytes, for the compiled-pack cache: a warm start hands these bytes to the core, which
//! keeps the only copy, instead of Python decoding some 70,000 strings and 4,300 phrases
//! from JSON and the core copying them again.
//!
//! Layout (little-endian): [`MAGIC`] (16 bytes: name and version), the number of typo
//! pairs, of triggers, of phrase labels and of phrases (u64 each), then every string as
//! a u32 byte length and its UTF-8 bytes (typo form, the form it stands for, ..., then
//! the triggers, then the labels: the identity groups and language codes phrases name),
//! then each phrase: its number of tokens (u32), its tokens (strings), its term (u32,
//! `u32::MAX` for none), roles (u64), identity group and language (u32 indices into the
//! labels, `u32::MAX` for no group); then an FNV checksum (u64) of everything before it
//! (`crate::blob`).  Entries are written sorted (phrases by their first token and the
//! key they are filed under, keeping the order of each list), so the same tables always
//! give the same bytes.  Reading checks every length against what is left before
//! allocating and never panics.

use super::phrases::NO_LABEL;
use super::{Phrases, StrMap, StrSet};

/// The first bytes of the tables: the name and the layout's version.
pub const MAGIC: &[u8; 16] = b"nudge-words-v004";

/// The fewest bytes a phrase takes: its count, two token lengths and four u32 fields.
const MIN_PHRASE: usize = 4 + 2 * 4 + 4 * 4;

/// The typo forms, triggers and phrases as bytes (see the module's documentation).
pub fn to_bytes(typos: &StrMap, triggers: &StrSet, phrases: &Phrases) -> Vec<u8> {
    let mut pairs: Vec<(&str, &str)> = typos.iter().collect();
    pairs.sort_unstable();
    let mut keys: Vec<&str> = triggers.iter().collect();
    keys.sort_unstable();
    let count = phrases.len() as u32;
    let mut order: Vec<u32> = (0..count).collect();
    // Stable: the phrases filed under one key keep their order (the scan tries them so).
    order.sort_by_key(|&p| (phrases.tokens(p).get(0), phrases.second_key(p)));
    let mut labels: Vec<&str> = (0..count)
        .flat_map(|p| [phrases.group(p).unwrap_or(""), phrases.lang(p)])
        .collect();
    labels.sort_unstable();
    labels.dedup();
    let label = |l: &str| labels.binary_search(&l).map_or(NO_LABEL, |at| at as u32);
    let mut out = MAGIC.to_vec();
    for n in [pairs.len(), keys.len(), labels.len(), order.len()] {
        out.extend_from_slice(&(n as u64).to_le_bytes());
    }
    let put = |out: &mut Vec<u8>, s: &str| {
        // A pack word is a few dozen bytes: a u32 length always holds it.
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    };
    for (form, stands_for) in pairs {
        put(&mut out, form);
        put(&mut out, stands_for);
    }
    for key in keys {
        put(&mut out, key);
    }
    for &l in &labels {
        put(&mut out, l);
    }
    for p in order {
        let tokens = phrases.tokens(p);
        out.extend_from_slice(&(tokens.len() as u32).to_le_bytes());
        for t in tokens.iter() {
            put(&mut out, t);
        }
        let item = &phrases[p as usize];
        let group = phrases.group(p).map_or(NO_LABEL, label);
        out.extend_from_slice(&item.term.unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(&item.roles.to_le_bytes());
        for n in [group, label(phrases.lang(p))] {
            out.extend_from_slice(&n.to_le_bytes());
        }
    }
    crate::blob::seal(out)
}

/// The typo forms, triggers and phrases [`to_bytes`] wrote (the phrases not yet filed
/// under their entries: `Lexicon::file_phrases`).
pub type Tables = (StrMap, StrSet, Phrases);

fn u32_of(r: &mut crate::blob::Reader<'_>) -> Result<u32, String> {
    let mut word = [0u8; 4];
    word.copy_from_slice(r.take(4)?);
    Ok(u32::from_le_bytes(word))
}

/// Read back what [`to_bytes`] wrote; an error (never a panic) for any other bytes.
pub fn from_bytes(bytes: &[u8]) -> Result<Tables, String> {
    let mut r = crate::blob::open(bytes, MAGIC, "the word tables")?;
    let typos = r.count()?;
    let triggers = r.count()?;
    let labels = r.count()?;
    let phrases = r.count()?;
    // Each string takes at least its 4-byte length, each phrase MIN_PHRASE bytes: counts
    // beyond that are refused before anything is allocated.
    let least = typos
        .checked_mul(2)
        .and_then(|n| n.checked_add(triggers))
        .and_then(|n| n.checked_add(labels))
        .and_then(|n| n.checked_mul(4))
        .and_then(|n| n.checked_add(phrases.checked_mul(MIN_PHRASE)?))
        .ok_or("the word tables' counts overflow")?;
    if least > r.left() {
        return Err("the word tables are cut short".to_owned());
    }
    // A table holds at most MAX_ITEMS keys (its slots keep a 24-bit item index).
    if typos.max(triggers) > super::compact::MAX_ITEMS {
        return Err("the word tables hold too many entries".to_owned());
    }
    let mut typo_map = StrMap::default();
    typo_map.reserve(typos);
    for _ in 0..typos {
        let form = r.string()?;
        let stands_for = r.string()?;
        typo_map.insert(form, stands_for);
    }
    let mut trigger_set = StrSet::default();
    trigger_set.reserve(triggers);
    for _ in 0..triggers {
        trigger_set.insert(r.string()?);
    }
    let names = (0..labels)
        .map(|_| r.string())
        .collect::<Result<Vec<&str>, String>>()?;
    let name = |at: u32| {
        names
            .get(at as usize)
            .copied()
            .ok_or_else(|| format!("a phrase names label {at} of {labels}"))
    };
    let mut table = Phrases::default();
    let mut tokens: Vec<&str> = Vec::new();
    for _ in 0..phrases {
        let size = u32_of(&mut r)? as usize;
        if size < 2 || size > r.left() / 4 {
            return Err("a phrase of the word tables has a bad length".to_owned());
        }
        tokens.clear();
        for _ in 0..size {
            tokens.push(r.string()?);
        }
        let term = u32_of(&mut r)?;
        let roles = r.u64()?;
        let group = match u32_of(&mut r)? {
            NO_LABEL => None,
            at => Some(name(at)?),
        };
        let lang = name(u32_of(&mut r)?)?;
        table.push(
            &tokens,
            (term != u32::MAX).then_some(term),
            roles,
            group,
            lang,
        );
    }
    typo_map.shrink_to_fit();
    trigger_set.shrink_to_fit();
    table.shrink_to_fit();
    r.finish()?;
    if typo_map.len() != typos || trigger_set.len() != triggers {
        return Err("the word tables repeat an entry".to_owned());
    }
    Ok((typo_map, trigger_set, table))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Tables {
        let mut typos = StrMap::default();
        typos.insert("idoit", "idiot");
        typos.insert("conard", "connard");
        let triggers: StrSet = ["idoit", "conard", "idiot", "connard", "🖕"]
            .into_iter()
            .collect();
        let mut phrases = Phrases::default();
        // Written sorted by first token, so already in the order read back.
        phrases.push(&["les", "juifs"], None, 1024, Some("jewish"), "fr");
        phrases.push(&["make", "...", "suffer"], Some(0), 64, None, "en");
        // Roles past the 32nd bit are kept (64 lists can have one each).
        phrases.push(&["make", "them", "pay"], None, 64 | 1 << 40, None, "");
        (typos, triggers, phrases)
    }

    #[test]
    fn round_trip_gives_the_same_tables_and_the_same_bytes() {
        let (typos, triggers, phrases) = sample();
        let bytes = to_bytes(&typos, &triggers, &phrases);
        let (again, again_triggers, again_phrases) = from_bytes(&bytes).unwrap();
        assert_eq!((&again, &again_triggers), (&typos, &triggers));
        for p in 0..3 {
            let (a, b) = (phrases.tokens(p), again_phrases.tokens(p));
            assert!(a.iter().eq(b.iter()));
            assert_eq!(phrases[p as usize], again_phrases[p as usize]);
            assert_eq!(phrases.group(p), again_phrases.group(p));
            assert_eq!(phrases.lang(p), again_phrases.lang(p));
        }
        assert_eq!(to_bytes(&again, &again_triggers, &again_phrases), bytes);
    }

    #[test]
    fn every_damage_is_an_error_never_a_panic() {
        let (typos, triggers, phrases) = sample();
        let bytes = to_bytes(&typos, &triggers, &phrases);
        for cut in 0..bytes.len() {
            assert!(from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x10;
            assert!(from_bytes(&bad).is_err(), "flipped byte {at}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(from_bytes(&longer).is_err());
    }

    #[test]
    fn a_sealed_phrase_with_a_bad_label_or_length_is_refused() {
        let mut out = MAGIC.to_vec();
        for n in [0u64, 0, 1, 1] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        let mut put = |n: u32| out.extend_from_slice(&n.to_le_bytes());
        put(0); // the one label, ""
        put(2);
        put(1);
        let mut body = out;
        body.extend_from_slice(b"a");
        body.extend_from_slice(&1u32.to_le_bytes());
        body.extend_from_slice(b"b");
        let good = |group: u32, lang: u32| {
            let mut b = body.clone();
            b.extend_from_slice(&u32::MAX.to_le_bytes()); // no term
            b.extend_from_slice(&0u64.to_le_bytes()); // no role
            for n in [group, lang] {
                b.extend_from_slice(&n.to_le_bytes());
            }
            crate::blob::seal(b)
        };
        let (_, _, phrases) = from_bytes(&good(NO_LABEL, 0)).expect("a good phrase");
        assert_eq!(
            (phrases.len(), phrases.lang(0), phrases.group(0)),
            (1, "", None)
        );
        assert!(from_bytes(&good(1, 0)).is_err());
        assert!(from_bytes(&good(NO_LABEL, 7)).is_err());
        // A phrase of one token: never written, refused.
        let mut one = good(NO_LABEL, 0);
        one[16 + 32 + 4..16 + 32 + 8].copy_from_slice(&1u32.to_le_bytes());
        let one = crate::blob::seal(one[..one.len() - 8].to_vec());
        assert!(from_bytes(&one).unwrap_err().contains("bad length"));
    }

    #[test]
    fn huge_counts_are_refused_before_allocating() {
        for at in 0..4 {
            let mut out = MAGIC.to_vec();
            for i in 0..4 {
                let n = if i == at { u64::MAX / 2 } else { 1 };
                out.extend_from_slice(&n.to_le_bytes());
            }
            assert!(from_bytes(&crate::blob::seal(out)).is_err(), "count {at}");
        }
    }
}
