//! The lexicon's largest string tables (typo forms and quick-reject triggers) as bytes,
//! for the compiled-pack cache: a warm start hands these bytes to the core, which keeps
//! the only copy, instead of Python decoding some 70,000 strings from JSON and the core
//! copying them again.
//!
//! Layout (little-endian): [`MAGIC`] (16 bytes: name and version), the number of typo
//! pairs and of triggers (u64 each), then every string as a u32 byte length and its
//! UTF-8 bytes (typo form, the form it stands for, ..., then the triggers), then an
//! FNV checksum (u64) of everything before it (`crate::blob`).  Entries are written
//! sorted, so the same tables always give the same bytes.  Reading checks every length
//! against what is left before allocating and never panics.

use super::{StrMap, StrSet};

/// The first bytes of the tables: the name and the layout's version.
pub const MAGIC: &[u8; 16] = b"nudge-words-v002";

/// The typo forms and triggers as bytes (see the module's documentation).
pub fn to_bytes(typos: &StrMap, triggers: &StrSet) -> Vec<u8> {
    let mut pairs: Vec<(&str, &str)> = typos.iter().collect();
    pairs.sort_unstable();
    let mut keys: Vec<&str> = triggers.iter().collect();
    keys.sort_unstable();
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&(pairs.len() as u64).to_le_bytes());
    out.extend_from_slice(&(keys.len() as u64).to_le_bytes());
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
    crate::blob::seal(out)
}

/// The typo forms and triggers [`to_bytes`] wrote, or why these bytes are not them.
pub type Tables = (StrMap, StrSet);

/// Read back what [`to_bytes`] wrote; an error (never a panic) for any other bytes.
pub fn from_bytes(bytes: &[u8]) -> Result<Tables, String> {
    let mut r = crate::blob::open(bytes, MAGIC, "the word tables")?;
    let typos = r.count()?;
    let triggers = r.count()?;
    // Each string takes at least its 4-byte length: counts beyond that are refused
    // before anything is allocated.
    let strings = typos
        .checked_mul(2)
        .and_then(|n| n.checked_add(triggers))
        .ok_or("the word tables' counts overflow")?;
    if strings.checked_mul(4).is_none_or(|n| n > r.left()) {
        return Err("the word tables are cut short".to_owned());
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
    typo_map.shrink_to_fit();
    trigger_set.shrink_to_fit();
    r.finish()?;
    if typo_map.len() != typos || trigger_set.len() != triggers {
        return Err("the word tables repeat an entry".to_owned());
    }
    Ok((typo_map, trigger_set))
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
        (typos, triggers)
    }

    #[test]
    fn round_trip_gives_the_same_tables_and_the_same_bytes() {
        let (typos, triggers) = sample();
        let bytes = to_bytes(&typos, &triggers);
        let (again, again_triggers) = from_bytes(&bytes).unwrap();
        assert_eq!((&again, &again_triggers), (&typos, &triggers));
        assert_eq!(to_bytes(&again, &again_triggers), bytes);
    }

    #[test]
    fn every_damage_is_an_error_never_a_panic() {
        let (typos, triggers) = sample();
        let bytes = to_bytes(&typos, &triggers);
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
    fn huge_counts_are_refused_before_allocating() {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&u64::MAX.to_le_bytes());
        out.extend_from_slice(&1u64.to_le_bytes());
        assert!(from_bytes(&crate::blob::seal(out)).is_err());
    }
}
