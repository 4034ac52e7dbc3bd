//! The framing the core's cache files share (the segmenter's tables, the lexicon's word
//! tables): a 16-byte magic naming the layout and its version, the body, then an FNV
//! checksum (u64, little-endian) of both; and a reader over the body that returns an
//! error, never panics, whatever the bytes.

/// FNV-1a over 8-byte words (and the tail): a check that the bytes read back are the
/// bytes written, not a defence against someone who can write the cache folder.
pub fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let word = u64::from_le_bytes(c.try_into().unwrap_or_default());
        h = (h ^ word)
            .wrapping_mul(0x0000_0100_0000_01b3)
            .rotate_left(23);
    }
    for &b in chunks.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// `out` (the magic, then the body) with its checksum appended.
pub fn seal(mut out: Vec<u8>) -> Vec<u8> {
    let sum = checksum(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// A reader over the body of what [`seal`] wrote after `magic`, or why these bytes are
/// not that (cut short, another layout or version, a checksum that does not match).
/// `what` names the tables in the errors ("the word tables").
pub fn open<'b>(
    bytes: &'b [u8],
    magic: &[u8; 16],
    what: &'static str,
) -> Result<Reader<'b>, String> {
    let Some(body_len) = bytes.len().checked_sub(8) else {
        return Err(format!("{what} are cut short"));
    };
    let (body, sum) = bytes.split_at(body_len);
    if !body.starts_with(magic) {
        return Err(format!("not {what} of this version"));
    }
    let mut word = [0u8; 8];
    word.copy_from_slice(sum);
    if u64::from_le_bytes(word) != checksum(body) {
        return Err(format!("{what} do not match their checksum"));
    }
    Ok(Reader {
        bytes: &body[magic.len()..],
        what,
    })
}

/// The unread rest of a body: every read checks its length first.
pub struct Reader<'b> {
    bytes: &'b [u8],
    what: &'static str,
}

impl<'b> Reader<'b> {
    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'b [u8], String> {
        if n > self.bytes.len() {
            return Err(format!("{} are cut short", self.what));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    /// The next u64.
    pub fn u64(&mut self) -> Result<u64, String> {
        let mut word = [0u8; 8];
        word.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(word))
    }

    /// The next u64, as a count of things.
    pub fn count(&mut self) -> Result<usize, String> {
        usize::try_from(self.u64()?).map_err(|e| e.to_string())
    }

    /// The next string: a u32 byte length, then its UTF-8 bytes.
    pub fn string(&mut self) -> Result<&'b str, String> {
        let mut word = [0u8; 4];
        word.copy_from_slice(self.take(4)?);
        let raw = self.take(u32::from_le_bytes(word) as usize)?;
        std::str::from_utf8(raw).map_err(|_| format!("a word of {} is not UTF-8", self.what))
    }

    /// How many bytes are left.
    pub fn left(&self) -> usize {
        self.bytes.len()
    }

    /// An error when bytes are left over after the last read.
    pub fn finish(&self) -> Result<(), String> {
        if self.bytes.is_empty() {
            Ok(())
        } else {
            Err(format!("bytes left over after {}", self.what))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAGIC: &[u8; 16] = b"nudge-test-blob1";

    #[test]
    fn a_sealed_body_reads_back_and_any_damage_is_an_error() {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&7u64.to_le_bytes());
        out.extend_from_slice(&3u32.to_le_bytes());
        out.extend_from_slice(b"abc");
        let sealed = seal(out);
        let mut r = open(&sealed, MAGIC, "the test tables").expect("sealed just now");
        assert_eq!(r.count(), Ok(7));
        assert_eq!(r.string(), Ok("abc"));
        assert_eq!(r.finish(), Ok(()));
        assert!(r.u64().is_err());
        for at in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[at] ^= 0x55;
            assert!(open(&bad, MAGIC, "the test tables").is_err(), "byte {at}");
            assert!(
                open(&sealed[..at], MAGIC, "the test tables").is_err(),
                "cut at {at}"
            );
        }
    }
}
