//! The normaliser's data: the character tables of `src/nudge/_data/normalizer.toml`,
//! and the language facts (stand-alone letters, elisions, ordinal suffixes) each pack
//! keeps in its `tokens.toml`.  The files stay data: they are read here with a parser
//! for the small part of TOML they use (sections, string keys and values, arrays of
//! strings).  Python hands the core the union of the loaded packs' facts
//! ([`Tables::with_facts`]); the bundled tables alone carry no language facts, so the
//! core knows no language but the packs a caller loaded.

use crate::Cp;
// The Fx hash: the tables are asked about every character of non-ASCII text, and a
// keyed hash's protection buys nothing for keys that come from our own data file.
use crate::lexicon::{FxMap as HashMap, FxSet as HashSet};
use std::sync::{Arc, OnceLock};

/// The normaliser's tables, as read from its data file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tables {
    /// Leet character -> the letter it stands for.
    pub leet: HashMap<Cp, Cp>,
    /// Look-alike letter of another script -> its Latin letters.  Written only by
    /// [`Tables::parse`], which notes with it whether a key is ASCII
    /// (`homoglyph_ascii_key`).
    pub homoglyphs: HashMap<Cp, Vec<Cp>>,
    /// Letters that are words on their own.
    pub standalone_letters: HashSet<Vec<Cp>>,
    /// Elided forms, longest first (the order the token pattern tries them).  Written
    /// only by [`Tables::parse`] and [`Tables::add_facts`], which derive `elided` from it.
    pub elisions: Vec<Vec<Cp>>,
    /// What the tokeniser asks of the elisions at each token start, worked out once
    /// with them rather than once a text (six packs hold some forty).
    pub elided: ElisionFacts,
    /// Endings that make a number an ordinal or a unit.
    pub ordinals: HashSet<Vec<Cp>>,
    /// Each pack's elisions followed by each of its own stand-alone letters (`j'y`,
    /// `m'a`): the letter stands alone after an elision only in the elision's language
    /// (the Italian `e` does not stop the French `j'e m m e r d e` from being joined).
    /// `None`: tables built without them, where any stand-alone letter stands alone.
    pub elided_letters: Option<HashSet<Vec<Cp>>>,
    /// Symbols (not letters) kept as one-character tokens (`[symbols] keep`): a handful,
    /// so a short list (asked at each non-ASCII token start) beats a hash.
    pub symbols: Vec<Cp>,
    /// `leet` for ASCII characters (0: none), asked once or twice per character.
    leet_ascii: [Cp; 128],
    /// The ASCII characters that are leet characters as typed or once lowered, and `$`
    /// (`true` at `c`): what the normaliser's plan looks for (`plan.rs`).
    leet_or_dollar: [bool; 128],
    /// The plan's classes of the characters (`plan::classes_with`), `leet_or_dollar`
    /// among them, and the bits of each Latin-1 character: worked out once for the
    /// tables, on the first plan made with them, so that the plan's one pass over a
    /// text's classes also tells whether it holds a character its leet search stops at,
    /// and what a French sentence's accented letters may make fire.  Not when the tables
    /// are made: the Latin-1 bits ask the Unicode tables of the compiled core, pages a
    /// loaded Scorer would otherwise hold before any comment needs them (0.2 MB).
    plan_classes: Derived<[u32; 257]>,
    /// Whether an ASCII letter or `'` is among `leet_or_dollar`: worked out once with it
    /// ([`Tables::leet_letter_or_apostrophe`]), not at every fold of the accents.
    leet_letter_or_apostrophe: bool,
    /// Whether a key of `homoglyphs` is ASCII: the plan asks it of every text with a
    /// character beyond ASCII, and walking the map's keys each time cost more than
    /// the rest of that question.
    homoglyph_ascii_key: bool,
}

impl Default for Tables {
    fn default() -> Self {
        Tables {
            leet: HashMap::default(),
            homoglyphs: HashMap::default(),
            standalone_letters: HashSet::default(),
            elisions: Vec::new(),
            elided: ElisionFacts::default(),
            ordinals: HashSet::default(),
            elided_letters: None,
            symbols: Vec::new(),
            leet_ascii: [0; 128],
            leet_or_dollar: DOLLAR_ONLY,
            plan_classes: Derived::default(),
            leet_letter_or_apostrophe: false,
            homoglyph_ascii_key: false,
        }
    }
}

/// A value worked out from the other fields of [`Tables`] on first use.  It is a
/// function of them, so it takes no part in comparing tables (two tables whose other
/// fields are equal have equal ones, worked out yet or not), and a clone carries what
/// was worked out.  The fields it is made from are written only while the tables are
/// made ([`Tables::parse`]), before any use.
#[derive(Clone, Debug)]
struct Derived<T>(OnceLock<T>);

impl<T> Default for Derived<T> {
    fn default() -> Self {
        Derived(OnceLock::new())
    }
}

impl<T> PartialEq for Derived<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Eq for Derived<T> {}

/// `leet_or_dollar` of tables with no leet character: `$` alone.
const DOLLAR_ONLY: [bool; 128] = {
    let mut t = [false; 128];
    t[0x24] = true;
    t
};

/// The data file, compiled in: it is read once, on first use.
const BUNDLED: &str = include_str!("../../../../src/nudge/_data/normalizer.toml");
impl Tables {
    /// The letter the leet character `c` stands for.
    #[inline]
    pub fn leet_of(&self, c: Cp) -> Option<Cp> {
        if c < 0x80 {
            let to = self.leet_ascii[c as usize];
            return (to != 0).then_some(to);
        }
        self.leet.get(&c).copied()
    }

    /// Whether the ASCII character `c` is a leet character (as typed or lowered) or `$`.
    #[inline]
    pub(crate) fn leet_or_dollar(&self, c: u8) -> bool {
        self.leet_or_dollar[usize::from(c & 0x7F)]
    }

    /// The plan's class of each character below U+0100, `WIDE` at 256 for every
    /// character beyond, with the plan's `LEET` bit on the characters of
    /// `leet_or_dollar` and on the Latin-1 leet characters, and the Latin-1 characters'
    /// bits (`plan::classes_with`).
    #[inline]
    pub(crate) fn plan_classes(&self) -> &[u32; 257] {
        (self.plan_classes.0).get_or_init(|| super::plan::classes_with(self, &self.leet_or_dollar))
    }

    /// Whether an ASCII letter (as typed or lowered) or `'` is a leet character: what a
    /// fold of the accents puts in (`plan::FOLDED_CLEAN_KEEPS_CLOSED`).
    pub(crate) fn leet_letter_or_apostrophe(&self) -> bool {
        self.leet_letter_or_apostrophe
    }

    /// Whether some key of the look-alike table is an ASCII character.
    #[inline]
    pub(crate) fn homoglyph_ascii_key(&self) -> bool {
        self.homoglyph_ascii_key
    }

    /// Whether `c` is a leet character.
    #[inline]
    pub fn is_leet(&self, c: Cp) -> bool {
        self.leet_of(c).is_some()
    }

    /// The tables of the data file shipped with nudge.
    pub fn bundled() -> &'static Tables {
        static TABLES: OnceLock<Tables> = OnceLock::new();
        TABLES.get_or_init(|| {
            // The file is part of this source tree and checked by the tests: a failure
            // here is a build defect, and empty tables are the harmless fallback.  No
            // language facts: those come from the packs a caller loaded (`with_facts`).
            Tables::parse(BUNDLED).unwrap_or_default()
        })
    }

    /// [`Tables::bundled`], shared (what a `Normalized` keeps when given no tables).
    pub fn shared() -> Arc<Tables> {
        static SHARED: OnceLock<Arc<Tables>> = OnceLock::new();
        SHARED
            .get_or_init(|| Arc::new(Tables::bundled().clone()))
            .clone()
    }

    /// The bundled character tables with these language facts instead of the default
    /// packs' (the union over the packs a scorer loaded, built by Python).
    pub fn with_facts(standalone: &[String], elisions: &[String], ordinals: &[String]) -> Tables {
        let cps = |s: &String| -> Vec<Cp> { s.chars().map(|c| c as u32).collect() };
        let mut t = Tables {
            standalone_letters: HashSet::default(),
            elisions: Vec::new(),
            ordinals: HashSet::default(),
            ..Tables::bundled().clone()
        };
        let standalone: HashSet<Vec<Cp>> = standalone.iter().map(cps).collect();
        let elisions: Vec<Vec<Cp>> = elisions.iter().map(cps).collect();
        let ordinals: HashSet<Vec<Cp>> = ordinals.iter().map(cps).collect();
        t.add_facts(&standalone, &elisions, &ordinals);
        t
    }

    /// These tables with the elided letters of the packs (see
    /// [`Tables::elided_letters`]): elision, apostrophe, letter (`"j'y"`).
    pub fn with_elided_letters(mut self, elided: &[String]) -> Tables {
        let cps = |s: &String| -> Vec<Cp> { s.chars().map(|c| c as u32).collect() };
        self.elided_letters = Some(elided.iter().map(cps).collect());
        self
    }

    /// Whether the letter at `p..s` of `t`, right after an elision and its apostrophe
    /// (`t[p - 1]`), is a word of its own there.
    pub fn elided_letter(&self, t: &[Cp], p: usize, s: usize) -> bool {
        let letter = &t[p..s];
        let Some(pairs) = &self.elided_letters else {
            return self.standalone_letters.contains(letter);
        };
        self.elisions.iter().any(|e| {
            let apos = p - 1;
            apos >= e.len() && t[apos - e.len()..apos] == e[..] && {
                let mut key = e.clone();
                key.push(0x27);
                key.extend_from_slice(letter);
                pairs.contains(&key)
            }
        })
    }

    /// Add language facts to these tables (a union: nothing is dropped or repeated).
    fn add_facts(
        &mut self,
        standalone: &HashSet<Vec<Cp>>,
        elisions: &[Vec<Cp>],
        ordinals: &HashSet<Vec<Cp>>,
    ) {
        self.standalone_letters.extend(standalone.iter().cloned());
        self.ordinals.extend(ordinals.iter().cloned());
        for e in elisions {
            if !self.elisions.contains(e) {
                self.elisions.push(e.clone());
            }
        }
        // Longest first, as the token pattern tries them (a stable sort).
        self.elisions.sort_by_key(|x| std::cmp::Reverse(x.len()));
        self.elided = ElisionFacts::of(&self.elisions);
    }

    /// Read the tables from the text of a `normalizer.toml`; the error names the line.
    pub fn parse(source: &str) -> Result<Tables, String> {
        let doc = parse_toml(source)?;
        let mut t = Tables::default();
        for (section, key, value) in doc {
            let cps = |s: &str| -> Vec<Cp> { s.chars().map(|c| c as u32).collect() };
            match (section.as_str(), value) {
                ("leet", Value::Str(v)) => {
                    let (k, v) = (single(&key)?, cps(&v));
                    let first = *v.first().ok_or(format!("leet {key:?}: empty value"))?;
                    t.leet.insert(k, first);
                    if k < 0x80 {
                        t.leet_ascii[k as usize] = first;
                        t.leet_or_dollar[k as usize] = true;
                        if (k as u8).is_ascii_lowercase() {
                            t.leet_or_dollar[k as usize - 32] = true;
                        }
                    }
                }
                ("homoglyphs", Value::Str(v)) => {
                    let k = single(&key)?;
                    t.homoglyph_ascii_key |= k < 0x80;
                    t.homoglyphs.insert(k, cps(&v));
                }
                // A pack's `tokens.toml` holds the facts at its top level.
                ("", Value::List(items)) => match key.as_str() {
                    "standalone_letters" => {
                        t.standalone_letters = items.iter().map(|s| cps(s)).collect();
                    }
                    "elisions" => {
                        let mut e: Vec<Vec<Cp>> = items.iter().map(|s| cps(s)).collect();
                        // Longest first, as the Python core sorted them (a stable sort).
                        e.sort_by_key(|x| std::cmp::Reverse(x.len()));
                        t.elided = ElisionFacts::of(&e);
                        t.elisions = e;
                    }
                    "ordinal_suffixes" => t.ordinals = items.iter().map(|s| cps(s)).collect(),
                    _ => {}
                },
                ("symbols", Value::List(items)) if key == "keep" => {
                    t.symbols = items.iter().map(|s| single(s)).collect::<Result<_, _>>()?;
                }
                _ => {}
            }
        }
        let letters = (b'A'..=b'Z').chain(b'a'..=b'z');
        t.leet_letter_or_apostrophe = letters.chain([b'\'']).any(|c| t.leet_or_dollar(c));
        Ok(t)
    }
}

/// Facts of a list of elisions (longest first) the tokeniser asks at token starts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ElisionFacts {
    /// Whether an elision opens with ASCII punctuation (none of the packs' does).
    pub symbol: bool,
    /// The ASCII characters some elision opens with (bit `c`), and whether one opens
    /// with a character beyond ASCII.
    pub ascii: u128,
    pub other: bool,
    /// The letters of the longest elision, and whether no elision holds an apostrophe:
    /// then one that matches ends at the first apostrophe after its start.
    pub longest: usize,
    pub plain: bool,
    /// The ASCII characters some elision holds (bit `c`), anywhere in it: the
    /// tokeniser's plain words end only at a character no elision holds
    /// (`tokens::plain_word_end`; the packs' elisions hold letters only).
    pub held: u128,
    /// `by_size[n]`: where the elisions of `n` letters stand in the list (the list is
    /// longest first, so they are one stretch of it, in the list's order).
    pub by_size: Vec<std::ops::Range<usize>>,
}

impl ElisionFacts {
    /// The facts of `elisions`, longest first.
    pub fn of(elisions: &[Vec<Cp>]) -> ElisionFacts {
        let first = || elisions.iter().filter_map(|e| e.first().copied());
        let longest = elisions.iter().map(Vec::len).max().unwrap_or(0);
        let by_size = (0..=longest)
            .map(|size| {
                let start = elisions.iter().position(|e| e.len() == size);
                let count = elisions.iter().filter(|e| e.len() == size).count();
                start.map_or(0..0, |a| a..a + count)
            })
            .collect();
        ElisionFacts {
            symbol: first().any(|f| f < 0x80 && !(f as u8).is_ascii_alphanumeric()),
            ascii: first()
                .filter(|&f| f < 0x80)
                .fold(0, |mask, f| mask | (1u128 << f)),
            other: first().any(|f| f >= 0x80),
            longest,
            plain: elisions.iter().all(|e| !e.contains(&0x27)),
            held: elisions
                .iter()
                .flatten()
                .filter(|&&c| c < 0x80)
                .fold(0, |mask, &c| mask | (1u128 << c)),
            by_size,
        }
    }
}

fn single(key: &str) -> Result<Cp, String> {
    let mut it = key.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Ok(c as u32),
        _ => Err(format!("key {key:?} is not one character")),
    }
}

enum Value {
    Str(String),
    List(Vec<String>),
}

/// `(section, key, value)` for every entry of the TOML subset the data file uses.
fn parse_toml(source: &str) -> Result<Vec<(String, String, Value)>, String> {
    let chars: Vec<char> = source.chars().collect();
    let mut p = Parser {
        chars,
        pos: 0,
        line: 1,
    };
    let mut out = Vec::new();
    let mut section = String::new();
    loop {
        p.skip_blank();
        let Some(c) = p.peek() else { break };
        if c == '[' {
            p.pos += 1;
            section = p.bare()?;
            p.expect(']')?;
            continue;
        }
        let key = if c == '"' { p.string()? } else { p.bare()? };
        p.skip_inline();
        p.expect('=')?;
        p.skip_inline();
        let value = if p.peek() == Some('[') {
            p.pos += 1;
            let mut items = Vec::new();
            loop {
                p.skip_blank();
                match p.peek() {
                    Some(']') => {
                        p.pos += 1;
                        break;
                    }
                    Some(',') => p.pos += 1,
                    Some('"') => items.push(p.string()?),
                    _ => return Err(p.error("expected a string or ']'")),
                }
            }
            Value::List(items)
        } else {
            Value::Str(p.string()?)
        };
        out.push((section.clone(), key, value));
    }
    Ok(out)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    line: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }
    fn error(&self, what: &str) -> String {
        format!("normalizer.toml, line {}: {what}", self.line)
    }
    fn skip_inline(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
    }
    /// Spaces, newlines and comments.
    fn skip_blank(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\r' => self.pos += 1,
                '\n' => {
                    self.line += 1;
                    self.pos += 1;
                }
                '#' => {
                    while !matches!(self.peek(), None | Some('\n')) {
                        self.pos += 1;
                    }
                }
                _ => break,
            }
        }
    }
    fn expect(&mut self, c: char) -> Result<(), String> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected {c:?}")))
        }
    }
    fn bare(&mut self) -> Result<String, String> {
        let start = self.pos;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            self.pos += 1;
        }
        if start == self.pos {
            return Err(self.error("expected a key"));
        }
        Ok(self.chars[start..self.pos].iter().collect())
    }
    fn string(&mut self) -> Result<String, String> {
        self.expect('"')?;
        let mut s = String::new();
        loop {
            let c = self
                .peek()
                .ok_or_else(|| self.error("unterminated string"))?;
            self.pos += 1;
            match c {
                '"' => return Ok(s),
                '\n' => return Err(self.error("newline in a string")),
                '\\' => {
                    let e = self.peek().ok_or_else(|| self.error("bad escape"))?;
                    self.pos += 1;
                    match e {
                        '"' => s.push('"'),
                        '\\' => s.push('\\'),
                        'n' => s.push('\n'),
                        't' => s.push('\t'),
                        'u' | 'U' => {
                            let n = if e == 'u' { 4 } else { 8 };
                            let hex: String = self.chars.iter().skip(self.pos).take(n).collect();
                            self.pos += n;
                            let ch = u32::from_str_radix(&hex, 16)
                                .ok()
                                .and_then(char::from_u32)
                                .ok_or_else(|| self.error("bad unicode escape"))?;
                            s.push(ch);
                        }
                        _ => return Err(self.error("unknown escape")),
                    }
                }
                _ => s.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_homoglyph_flag_says_what_the_keys_say() {
        let bundled = Tables::bundled();
        let any_ascii = |t: &Tables| t.homoglyphs.keys().any(|&k| k < 0x80);
        assert_eq!(bundled.homoglyph_ascii_key(), any_ascii(bundled));
        let t = Tables::parse("[homoglyphs]\n\"\u{440}\" = \"p\"\n\"|\" = \"l\"\n")
            .expect("a table of two look-alikes");
        assert!(t.homoglyph_ascii_key() && any_ascii(&t));
        assert!(!Tables::default().homoglyph_ascii_key());
    }

    #[test]
    fn the_elisions_of_each_size_are_one_stretch_of_the_list() {
        let t = Tables::with_facts(
            &[],
            &["l", "dell", "qu", "un", "c", "quell", "d", "l"].map(String::from),
            &[],
        );
        let facts = &t.elided;
        assert_eq!(facts.longest, 5);
        assert!(facts.plain && !facts.symbol && !facts.other);
        for size in 0..=facts.longest {
            let listed: Vec<&Vec<Cp>> = t.elisions.iter().filter(|e| e.len() == size).collect();
            let stretch: Vec<&Vec<Cp>> = t.elisions[facts.by_size[size].clone()].iter().collect();
            assert_eq!(stretch, listed, "{size}");
        }
        assert_eq!(
            facts.ascii,
            [b'l', b'd', b'q', b'u', b'c']
                .iter()
                .fold(0, |m, &c| m | 1u128 << c)
        );
    }

    #[test]
    fn bundled_tables_are_read() {
        let t = Tables::bundled();
        assert_eq!(t.leet.get(&('3' as u32)), Some(&('e' as u32)));
        assert!(t.homoglyphs.contains_key(&0x440));
        // Language facts live in the packs, handed over by the caller (`with_facts`).
        assert!(t.elisions.is_empty() && t.standalone_letters.is_empty());
        assert!(t.ordinals.is_empty());
    }

    #[test]
    fn facts_replace_the_default_ones() {
        let t = Tables::with_facts(&["y".into()], &["l".into(), "qu".into()], &[]);
        assert_eq!(t.standalone_letters.len(), 1);
        assert_eq!(
            t.elisions,
            vec![vec!['q' as u32, 'u' as u32], vec!['l' as u32]]
        );
        assert!(t.ordinals.is_empty());
        assert_eq!(t.leet_of('3' as u32), Some('e' as u32));
    }

    #[test]
    fn a_letter_after_an_elision_stands_alone_only_in_its_pair() {
        let cps = |s: &str| -> Vec<Cp> { s.chars().map(|c| c as u32).collect() };
        let facts = |pairs: Option<&[&str]>| {
            let t = Tables::with_facts(&["e".into(), "y".into()], &["j".into()], &[]);
            match pairs {
                Some(p) => {
                    t.with_elided_letters(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                }
                None => t,
            }
        };
        let (je, jy) = (cps("j'e m m"), cps("j'y v a"));
        // Paired: French `j'` with its own `y`; the Italian `e` is no word after it.
        let paired = facts(Some(&["j'y"]));
        assert!(paired.elided_letter(&jy, 2, 3));
        assert!(!paired.elided_letter(&je, 2, 3));
        // Without pairs, any stand-alone letter stands alone after an elision.
        let union = facts(None);
        assert!(union.elided_letter(&je, 2, 3) && union.elided_letter(&jy, 2, 3));
    }

    #[test]
    fn errors_name_the_line() {
        let err = Tables::parse("[leet]\n\"ab\" = \"x\"\n").unwrap_err();
        assert!(err.contains("not one character"), "{err}");
        let err = Tables::parse("[leet]\n\n\"a\" = \"x").unwrap_err();
        assert!(err.contains("line 3"), "{err}");
    }
}
