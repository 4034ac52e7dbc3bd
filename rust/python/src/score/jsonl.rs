//! A plain JSON Lines part read in the core, then scored into columns (issue 15).
//!
//! `nudge score` reads most backlogs as JSON Lines of flat records.  Reading a part with
//! Arrow's JSON reader, checking it is plain and handing its texts over took a sixth of
//! the time of scoring them, a quarter of it with the GIL held, which two threads then
//! took turns for.  Here the bytes of a part are read, scored and laid out as columns in
//! one call with the GIL released.
//!
//! Only the plain case is read: every line one JSON object whose values are strings,
//! numbers, `true`, `false` or `null`, the text field a string, the id field (if any) a
//! string, an integer, a boolean or `null`.  Anything else (a blank line, a nested value,
//! a text that is missing or not a string, an escape that leaves half a surrogate pair, a
//! float id, `NaN`, an integer longer than Python allows) makes the whole part
//! not plain (`None`), and the caller reads it the reference way (`nudge.readers.read_part`),
//! which says what is wrong with which line.  So where this reads a part, it reads exactly
//! what `json.loads` of each line gives: the grammar is JSON's (RFC 8259), which Python's
//! decoder accepts as it is, and the values kept are the ones it would keep (the last of a
//! repeated key).
use std::ops::Range;

/// A plain part's records: the texts and the ids, each as one buffer and the end of each
/// record's string in it.
#[derive(Default)]
pub(super) struct Records {
    pub texts: String,
    pub text_ends: Vec<usize>,
    pub ids: String,
    pub id_ends: Vec<usize>,
}

/// The names of the fields to read, and what else the reading must know.
pub(super) struct Fields<'a> {
    pub text: &'a str,
    pub id: &'a str,
    /// The file name that, with the line number, names a record without an id.
    pub source: &'a str,
    /// The line number of the part's first line.
    pub first_line: u64,
    /// Python's limit on the digits of an integer it parses (`sys.get_int_max_str_digits`;
    /// 0: none): a longer integer is an error there, so not plain here.
    pub int_digits: usize,
}

/// The records of a part's bytes, or `None` when it is not plain.
pub(super) fn parse(data: &[u8], fields: &Fields<'_>) -> Option<Records> {
    // The reference reading decodes the part first; bytes that are not UTF-8 make error
    // rows there.  Valid UTF-8 also lets a run of a string's bytes be copied whole.
    let text = std::str::from_utf8(data).ok()?;
    let body = text.strip_suffix('\n').unwrap_or(text);
    if body.is_empty() {
        return None;
    }
    let mut records = Records::default();
    let mut line = Line::default();
    for (number, bytes) in (fields.first_line..).zip(body.split('\n')) {
        line.read(bytes, fields)?;
        line.push_into(&mut records, fields, number)?;
    }
    Some(records)
}

/// The id of a record as the reference reading makes it.
#[derive(Clone, Copy, PartialEq)]
enum Id {
    /// Missing or `null`: named by its place, `source:line`.
    Place,
    /// A string, decoded into `Line::id`.
    Text,
    /// An integer, `Line::id` holding its decimal digits as `str(int)` writes them.
    Integer,
    /// `true` or `false`, as `json.dumps` writes them.
    Bool(bool),
}

/// One line's fields of interest, reused from line to line.
struct Line {
    text: String,
    has_text: bool,
    id: String,
    id_kind: Id,
    /// A value of no interest, decoded only to check it.
    scratch: String,
    key: String,
}

impl Default for Line {
    fn default() -> Self {
        Line {
            text: String::new(),
            has_text: false,
            id: String::new(),
            id_kind: Id::Place,
            scratch: String::new(),
            key: String::new(),
        }
    }
}

impl Line {
    /// Read one line (without its line feed): `None` unless it is one flat object.
    fn read(&mut self, line: &str, fields: &Fields<'_>) -> Option<()> {
        self.has_text = false;
        self.id_kind = Id::Place;
        let mut at = Cursor {
            line,
            bytes: line.as_bytes(),
            at: 0,
        };
        at.space();
        at.expect(b'{')?;
        at.space();
        if !at.eat(b'}') {
            loop {
                at.expect(b'"')?;
                self.key.clear();
                at.string(&mut self.key)?;
                at.space();
                at.expect(b':')?;
                at.space();
                self.value(&mut at, fields)?;
                at.space();
                if at.eat(b'}') {
                    break;
                }
                at.expect(b',')?;
                at.space();
            }
        }
        at.space();
        at.is_end().then_some(())
    }

    /// Read the value of the field `self.key`; keep it when it is the text or the id.
    fn value(&mut self, at: &mut Cursor<'_>, fields: &Fields<'_>) -> Option<()> {
        let (is_text, is_id) = (self.key == fields.text, self.key == fields.id);
        match at.peek()? {
            b'"' => {
                at.at += 1;
                let into = if is_text {
                    &mut self.text
                } else if is_id {
                    &mut self.id
                } else {
                    &mut self.scratch
                };
                into.clear();
                at.string(into)?;
                if is_text {
                    self.has_text = true;
                    if is_id {
                        self.id.clone_from(&self.text);
                    }
                }
                if is_id {
                    self.id_kind = Id::Text;
                }
            }
            b'-' | b'0'..=b'9' => {
                let (span, integer) = at.number()?;
                let digits = span.len() - usize::from(at.bytes.get(span.start) == Some(&b'-'));
                if integer && fields.int_digits != 0 && digits > fields.int_digits {
                    return None;
                }
                if is_text || (is_id && !integer) {
                    return None;
                }
                if is_id {
                    let literal = at.line.get(span)?;
                    self.id.clear();
                    // JSON has no leading zeros: the literal is str(int) of it, but for "-0".
                    self.id
                        .push_str(if literal == "-0" { "0" } else { literal });
                    self.id_kind = Id::Integer;
                }
            }
            b't' | b'f' | b'n' => {
                let word = at.word()?;
                if is_text {
                    return None;
                }
                if is_id {
                    self.id_kind = match word {
                        Word::True => Id::Bool(true),
                        Word::False => Id::Bool(false),
                        Word::Null => Id::Place,
                    };
                }
            }
            _ => return None,
        }
        Some(())
    }

    /// Append this line's record; `None` when it has no text (not plain).
    fn push_into(&self, records: &mut Records, fields: &Fields<'_>, number: u64) -> Option<()> {
        if !self.has_text {
            return None;
        }
        records.texts.push_str(&self.text);
        records.text_ends.push(records.texts.len());
        match self.id_kind {
            Id::Place => {
                use std::fmt::Write;
                write!(records.ids, "{}:{number}", fields.source).ok()?;
            }
            Id::Text | Id::Integer => records.ids.push_str(&self.id),
            Id::Bool(b) => records.ids.push_str(if b { "true" } else { "false" }),
        }
        records.id_ends.push(records.ids.len());
        Some(())
    }
}

/// `true`, `false` or `null`.
enum Word {
    True,
    False,
    Null,
}

/// The bytes that end a run of a string's plain bytes: its closing quote, an escape, and
/// the control characters JSON does not allow raw in a string (a table: one load a byte).
static STOPS_STRING: [bool; 256] = {
    let mut stops = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        stops[b] = true;
        b += 1;
    }
    stops[b'"' as usize] = true;
    stops[b'\\' as usize] = true;
    stops
};

/// The length of the run of plain bytes (no [`STOPS_STRING`] byte) that `bytes` start
/// with: eight bytes at a time while none of them stops it, then byte by byte.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // Whether a byte of `w` is below `n` (n <= 0x80): subtracting borrows into the high
    // bit of exactly the bytes below it that had it clear (a standard bit trick, exact as
    // a yes or no for the whole word).
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGHS != 0;
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let Ok(eight) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let w = u64::from_ne_bytes(eight);
        // A byte equal to b is a byte of w ^ (b repeated) below 1.
        if below(w, 0x20) || below(w ^ (ONES * 0x22), 1) || below(w ^ (ONES * 0x5c), 1) {
            break;
        }
        at += 8;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    at + rest
        .iter()
        .position(|&b| STOPS_STRING[usize::from(b)])
        .unwrap_or(rest.len())
}

/// A place in one line.
struct Cursor<'a> {
    line: &'a str,
    /// `line`'s bytes.
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn is_end(&self) -> bool {
        self.at >= self.bytes.len()
    }

    /// JSON's white space (a line feed cannot occur: the line was cut at it).
    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    /// The rest of a string whose opening quote was read, decoded into `out`.  `None`
    /// for a raw control character, a bad escape, or half a surrogate pair (which UTF-8
    /// cannot hold).
    fn string(&mut self, out: &mut String) -> Option<()> {
        loop {
            let rest = self.bytes.get(self.at..)?;
            let run = plain_run(rest);
            if run == rest.len() {
                return None; // no closing quote on the line
            }
            // A slice of the line between ASCII bytes: whole characters (`str::get` only
            // checks its two ends; checking the bytes again cost a tenth of reading a part).
            out.push_str(self.line.get(self.at..self.at + run)?);
            self.at += run + 1;
            match rest.get(run)? {
                b'"' => return Some(()),
                b'\\' => out.push(self.escape()?),
                _ => return None,
            }
        }
    }

    /// The character of the escape after a backslash.
    fn escape(&mut self) -> Option<char> {
        let byte = self.peek()?;
        self.at += 1;
        Some(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                if (0xD800..0xDC00).contains(&unit) {
                    // A high surrogate makes a character only with the low one after it.
                    if self.bytes.get(self.at..self.at + 2)? != b"\\u" {
                        return None;
                    }
                    self.at += 2;
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return None;
                    }
                    char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?
                } else {
                    char::from_u32(unit)?
                }
            }
            _ => return None,
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + 4)?;
        let mut unit = 0;
        for &d in digits {
            unit = unit * 16 + char::from(d).to_digit(16)?;
        }
        self.at += 4;
        Some(unit)
    }

    /// A number (JSON's grammar): its span, and whether it is an integer (no fraction,
    /// no exponent: Python parses it as an `int`).
    fn number(&mut self) -> Option<(Range<usize>, bool)> {
        let start = self.at;
        self.eat(b'-');
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        let mut integer = true;
        if self.eat(b'.') {
            integer = false;
            self.some_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            integer = false;
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.some_digits()?;
        }
        Some((start..self.at, integer))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }

    fn some_digits(&mut self) -> Option<()> {
        let start = self.at;
        self.digits();
        (self.at > start).then_some(())
    }

    fn word(&mut self) -> Option<Word> {
        let rest = self.bytes.get(self.at..)?;
        let (word, len) = if rest.starts_with(b"true") {
            (Word::True, 4)
        } else if rest.starts_with(b"false") {
            (Word::False, 5)
        } else if rest.starts_with(b"null") {
            (Word::Null, 4)
        } else {
            return None;
        };
        self.at += len;
        Some(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn fields() -> Fields<'static> {
        Fields {
            text: "text",
            id: "id",
            source: "in.jsonl",
            first_line: 3,
            int_digits: 4300,
        }
    }

    fn read(data: &str) -> Option<(Vec<String>, Vec<String>)> {
        let r = parse(data.as_bytes(), &fields())?;
        let cut = |s: &str, ends: &[usize]| {
            let mut start = 0;
            ends.iter()
                .map(|&e| {
                    let piece = s[start..e].to_owned();
                    start = e;
                    piece
                })
                .collect::<Vec<_>>()
        };
        Some((cut(&r.ids, &r.id_ends), cut(&r.texts, &r.text_ends)))
    }

    #[test]
    fn reads_flat_records_as_json_loads_does() {
        assert!(
            read("{\"text\": \"a\"}\n{\"id\": null, \"text\": \"\", \"k\": [] }\n").is_none(),
            "a nested value is not plain"
        );
        let (ids, texts) = read(concat!(
            "{\"id\": \"a\", \"text\": \"caf\\u00e9 \\ud83d\\ude00\"}\n",
            "{\"text\": \"x\\n\\\"y\\\"\", \"id\": -0, \"n\": 1.5e3}\r\n",
            "  {\"id\": null, \"text\": \"1\", \"text\": \"2\", \"ok\": true}\n",
            "{\"text\": \"z\", \"id\": false}",
        ))
        .unwrap_or_default();
        assert_eq!(ids, ["a", "0", "in.jsonl:5", "false"]);
        assert_eq!(texts, ["café 😀", "x\n\"y\"", "2", "z"]);
    }

    #[test]
    fn a_plain_run_ends_at_the_first_stop_byte() {
        for (text, run) in [
            ("", 0),
            ("abc", 3),
            ("abcdefghij\"k", 10),
            ("abcdefgh\\", 8),
            ("abcdefg\u{1f}", 7),
            ("\u{7f}\u{80}é😀abcdefghijkl", 21),
            ("0123456789abcdef\"", 16),
            ("\"", 0),
        ] {
            assert_eq!(plain_run(text.as_bytes()), run, "{text:?}");
        }
    }

    #[test]
    fn anything_else_is_not_plain() {
        for data in [
            "",
            "\n",
            "{\"text\": \"a\"}\n\n{\"text\": \"b\"}\n",
            "{\"text\": \"a\"} {\"text\": \"b\"}\n",
            "{\"text\": 1}\n",
            "{\"text\": null}\n",
            "{\"id\": 1}\n",
            "{\"text\": \"a\", \"id\": 1.0}\n",
            "{\"text\": \"\\ud800\"}\n",
            "{\"text\": \"\\udc00x\"}\n",
            "{\"text\": \"a\\x\"}\n",
            "{\"text\": \"a\tb\"}\n",
            "{\"text\": \"a\", \"n\": NaN}\n",
            "{\"text\": \"a\", \"n\": 01}\n",
            "{\"text\": \"a\",}\n",
            "\u{feff}{\"text\": \"a\"}\n",
            "[\"text\"]\n",
        ] {
            assert!(read(data).is_none(), "{data:?}");
        }
        let long = format!("{{\"text\": \"a\", \"n\": {}}}\n", "1".repeat(4301));
        assert!(read(&long).is_none());
        let long = format!("{{\"text\": \"a\", \"n\": {}.5}}\n", "1".repeat(4301));
        assert!(read(&long).is_some(), "the limit is on integers only");
        assert!(parse(b"{\"text\": \"\xff\"}\n", &fields()).is_none());
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The eight-bytes-at-a-time search ends where a byte-by-byte one does.
        #[test]
        fn a_plain_run_is_found_as_byte_by_byte(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let slow = bytes
                .iter()
                .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
                .unwrap_or(bytes.len());
            prop_assert_eq!(plain_run(&bytes), slow);
        }

        /// A line of one record as Python's json writes it reads back as that record.
        #[test]
        fn a_written_record_reads_back(text in "\\PC{0,40}", id in "[a-z\"\\\\é😀\u{1}]{0,6}") {
            let quote = |s: &str| {
                let mut q = String::from("\"");
                for c in s.chars() {
                    match c {
                        '"' => q.push_str("\\\""),
                        '\\' => q.push_str("\\\\"),
                        c if u32::from(c) < 0x20 => q.push_str(&format!("\\u{:04x}", u32::from(c))),
                        c => q.push(c),
                    }
                }
                q.push('"');
                q
            };
            let line = format!("{{\"id\": {}, \"text\": {}}}\n", quote(&id), quote(&text));
            let Some(r) = parse(line.as_bytes(), &tests::fields()) else {
                return Err(TestCaseError::fail(format!("not read: {line:?}")));
            };
            prop_assert_eq!(r.texts, text);
            prop_assert_eq!(r.ids, id);
        }
    }
}
