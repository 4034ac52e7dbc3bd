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
//! The split is a dynamic programme over the letters: the best cover of the first `i`
//! letters is the best cover of the first `j` plus one known word `j..i`, with
//! `i - j <= max_word`; fewer pieces win, then more frequent ones.  Tokens longer than
//! `max_token` letters are left alone, so the work per token is bounded and a comment
//! of any length is scanned in linear time.

use crate::lexicon::{cp_len, FxMap, FxSet, Lexicon, Look, Scan};
use crate::normalize::{Normalized, Token, TokenKind};

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
        }
    }
}

/// The general word lists of the loaded languages, with each word's frequency rank.
#[derive(Clone, Debug, Default)]
pub struct Segmenter {
    /// One map per language: folded word -> rank (0 = most frequent).  Only these words
    /// are pieces of a split.
    pub languages: Vec<FxMap<String, u32>>,
    /// Per language, the words of its list too rare to be pieces, but words: never split.
    pub rare: Vec<WordSet>,
    /// Per language, fast fingerprints of every start of a piece word (frequent words
    /// and pack keys): the programme stops growing a piece no word starts with.  A
    /// collision only grows a piece further, never changes a cover.
    pub starts: Vec<FxSet<u64>>,
    pub limits: Limits,
}

/// A large set of words kept compactly: the rare words are only ever asked "is this a
/// word?", so each is kept as a 64-bit SipHash fingerprint (about 10 bytes a word
/// instead of some 60 as a string in a set).  Two words share a fingerprint with
/// probability 2^-64 per pair: with 100,000 words, a word wrongly taken as known (left
/// whole) about once in 10^14 lookups.
#[derive(Clone, Debug, Default)]
pub struct WordSet {
    prints: FxSet<u64>,
}

impl WordSet {
    /// The set of `words`.
    pub fn new(words: Vec<String>) -> Self {
        Self::of(words.iter().map(String::as_str))
    }

    /// The set of `words`, borrowed: a fingerprint is all it keeps of each.
    pub fn of<'w>(words: impl ExactSizeIterator<Item = &'w str>) -> Self {
        // Sized once: growing a set of 100,000 fingerprints rehashes it a dozen times.
        let mut prints = FxSet::with_capacity_and_hasher(words.len(), Default::default());
        prints.extend(words.map(fingerprint));
        WordSet { prints }
    }

    /// Whether `word` is in the set.
    pub fn contains(&self, word: &str) -> bool {
        !self.prints.is_empty() && self.prints.contains(&fingerprint(word))
    }
}

/// The fingerprint of the empty start; [`extend_print`] adds one letter to a start's.
const START_PRINT: u64 = 0xcbf2_9ce4_8422_2325;

/// The fingerprint of a start one letter longer, from the shorter one's: building the
/// set and growing a piece in the programme both add a letter at a time, so neither
/// hashes a prefix again from its first letter.  Only for the starts, where a collision
/// is harmless (it lets the programme try a piece no word starts with; the word lookup
/// then says no).
fn extend_print(print: u64, c: char) -> u64 {
    (print.rotate_left(5) ^ u64::from(c)).wrapping_mul(0x517c_c1b7_2722_0a95)
}

fn add_starts(set: &mut FxSet<u64>, word: &str) {
    let mut print = START_PRINT;
    for c in word.chars() {
        print = extend_print(print, c);
        set.insert(print);
    }
}

fn fingerprint(word: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same fingerprint in every process.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    word.hash(&mut h);
    h.finish()
}

/// How a piece is known: a pack key costs as much as the rarest listed word.
const PACK_RANK: u32 = u32::MAX / 4;
/// What one piece costs above its rank: fewer pieces always win.
const PIECE: u64 = 1 << 40;

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
    /// slices of one text per list: only the frequent words are copied, into the map).
    pub fn of(lists: Vec<(Vec<&str>, Vec<&str>)>, limits: Limits) -> Self {
        let mut languages = Vec::new();
        let mut rare = Vec::new();
        for (frequent, others) in lists {
            let mut map = FxMap::with_capacity_and_hasher(frequent.len(), Default::default());
            for (rank, word) in frequent.into_iter().enumerate() {
                map.entry(word.to_owned()).or_insert(rank as u32);
            }
            languages.push(map);
            rare.push(WordSet::of(others.into_iter()));
        }
        let starts = languages
            .iter()
            .map(|m| {
                // About three distinct starts a word (the rest are shared prefixes).
                let mut set = FxSet::with_capacity_and_hasher(m.len() * 3, Default::default());
                for w in m.keys() {
                    add_starts(&mut set, w);
                }
                set
            })
            .collect();
        Segmenter {
            languages,
            rare,
            starts,
            limits,
        }
    }

    /// Let the pack keys be pieces too (they are asked through `pack_word`).
    pub fn add_pack_words<'w>(&mut self, keys: impl Iterator<Item = &'w String>) {
        let keys: Vec<&String> = keys.collect();
        for set in &mut self.starts {
            for k in &keys {
                add_starts(set, k);
            }
        }
    }

    /// Whether language `lang` lists `word`, as a frequent or a rare word.
    pub fn knows_in(&self, lang: usize, word: &str) -> bool {
        self.languages[lang].contains_key(word) || self.rare[lang].contains(word)
    }

    /// Whether any language lists `word` among its frequent words (those a split may
    /// use as pieces).
    pub fn frequent(&self, word: &str) -> bool {
        self.languages.iter().any(|m| m.contains_key(word))
    }

    /// Whether any language lists `word`.
    pub fn knows(&self, word: &str) -> bool {
        (0..self.languages.len()).any(|l| self.knows_in(l, word))
    }

    /// The languages a comment is written in, as far as splitting goes: those whose
    /// list knows `known_percent` of its words, leaving out the one word being split
    /// (any language, when no other word is left).  A German or Spanish comment is
    /// never cut into English or French pieces.  Two masks: for a word token (it is
    /// one of `words`, and unknown) and for a hashtag (not one of them).
    pub fn comment_languages<'w>(&self, words: impl Iterator<Item = &'w str>) -> [Vec<bool>; 2] {
        let mut known = vec![0usize; self.languages.len()];
        let mut total = 0usize;
        // Elisions and contractions ("t'", "don't") are not in the lists: left out.
        for w in words.filter(|w| w.chars().all(char::is_alphabetic)) {
            total += 1;
            for (l, k) in known.iter_mut().enumerate() {
                *k += usize::from(self.knows_in(l, w));
            }
        }
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
            let pack = also(w);
            for (l, k) in known.iter_mut().enumerate() {
                *k += usize::from(pack || self.knows_in(l, w));
            }
        }
        total == 0 || known.iter().any(|&k| 100 * k >= percent * total)
    }

    /// Whether `word` is among the most frequent words of language `lang` (`short_rank`).
    fn is_function_word(&self, lang: usize, word: &str) -> bool {
        self.languages[lang]
            .get(word)
            .is_some_and(|&r| r < self.limits.short_rank)
    }

    /// The best cover of `letters` by known words of language `lang` (or `pack_word`s),
    /// as piece boundaries (start, end) in letters; `None` when there is none.
    pub fn split(
        &self,
        lang: usize,
        letters: &[char],
        pack_word: &dyn Fn(&str) -> bool,
    ) -> Option<Vec<(usize, usize)>> {
        let words = self.languages.get(lang)?;
        let n = letters.len();
        if n == 0 || n > self.limits.max_token {
            return None;
        }
        // best[i]: (cost, start of the last piece) of the best cover of letters[..i].
        // Forward: when piece j.. is grown, best[j] is final (every cover ending at j
        // was offered by a smaller start), and the piece is extended a letter at a time.
        let mut best: Vec<Option<(u64, usize)>> = vec![None; n + 1];
        best[0] = Some((0, 0));
        let mut piece = String::new();
        let starts = &self.starts[lang];
        for j in 0..n {
            let Some((before, _)) = best[j] else { continue };
            piece.clear();
            let mut print = START_PRINT;
            for i in j + 1..=n.min(j + self.limits.max_word) {
                piece.push(letters[i - 1]);
                print = extend_print(print, letters[i - 1]);
                if !starts.contains(&print) {
                    break; // no word starts so
                }
                let Some(rank) = self.rank(words, &piece, i - j, pack_word) else {
                    continue;
                };
                let cost = before + PIECE + u64::from(rank);
                if best[i].is_none_or(|(c, _)| cost < c) {
                    best[i] = Some((cost, j));
                }
            }
        }
        best[n]?;
        let mut out = Vec::new();
        let mut i = n;
        while i > 0 {
            let (_, j) = best[i]?;
            out.push((j, i));
            i = j;
        }
        out.reverse();
        Some(out)
    }

    fn rank(
        &self,
        words: &FxMap<String, u32>,
        piece: &str,
        size: usize,
        pack_word: &dyn Fn(&str) -> bool,
    ) -> Option<u32> {
        match words.get(piece) {
            Some(&r) if size > self.limits.short_size || r < self.limits.short_rank => Some(r),
            _ if size > 1 && pack_word(piece) => Some(PACK_RANK),
            _ => None,
        }
    }
}

impl Lexicon {
    /// The scan with each unknown glued word or hashtag replaced by the words it is made
    /// of, when a split qualifies (see the module doc).  Pieces keep their place in the
    /// normalised text, so their spans map back through the offset map.
    pub fn segment(&self, n: &Normalized, s: Scan) -> Scan {
        if self.segmenter.languages.is_empty() {
            return s;
        }
        let mut out: Option<Scan> = None;
        let mut langs: Option<[Vec<bool>; 2]> = None;
        let all = vec![true; self.segmenter.languages.len()];
        for q in 0..s.words.len() {
            if !self.may_segment(&s.words[q]) {
                if let Some(o) = out.as_mut() {
                    copy_token(&s, q, o);
                }
                continue;
            }
            // The comment's languages cost a look at every word: worked out only once a
            // split in some language is found.
            let mut pieces = self.pieces(n, &s, q, &all);
            if pieces.is_some() {
                let langs = langs.get_or_insert_with(|| {
                    let words = (0..s.words.len()).filter(|&i| s.kinds[i] == TokenKind::Word);
                    self.segmenter
                        .comment_languages(words.map(|i| s.words[i].as_str()))
                });
                let hashtag = usize::from(s.kinds[q] == TokenKind::Hashtag);
                pieces = self.pieces(n, &s, q, &langs[hashtag]);
            }
            if pieces.is_none() && out.is_none() {
                continue;
            }
            let o = out.get_or_insert_with(|| copy_first(&s, q));
            match pieces {
                None => copy_token(&s, q, o),
                Some(list) => {
                    for (word, start, end) in list {
                        let (entry, step) = self.lookup(&word, false);
                        o.words.push(word);
                        o.starts.push(start);
                        o.ends.push(end);
                        o.kinds.push(TokenKind::Word);
                        o.entries.push(entry);
                        o.steps.push(if step.is_empty() { "segment" } else { step });
                    }
                }
            }
        }
        out.unwrap_or(s)
    }

    /// Whether a token (its folded form) could be split: the scorer's quick reject
    /// must not skip it.  One hash lookup for a word of four letters or more.
    pub fn may_segment(&self, word: &str) -> bool {
        if self.segmenter.languages.is_empty() {
            return false;
        }
        let body = word.strip_prefix('#').unwrap_or(word);
        let size = cp_len(body);
        size >= 3
            && size <= self.segmenter.limits.max_token
            && (body.len() < word.len() || (size >= 4 && !self.segmenter.knows(body)))
    }

    /// Whether a token of a comment the quick reject would skip splits into words
    /// that mean something, is a mention that reads as a term (`@sshole`,
    /// `Lexicon::mention_as_word`), or joins its neighbour across one separator
    /// (`f.ck`, `Lexicon::joins_separated`): then the comment is scanned after all.
    pub fn splits(&self, n: &Normalized, tokens: &[Token]) -> bool {
        if tokens.iter().any(|t| self.mention_as_word(t).is_some())
            || self.joins_separated(n, tokens)
        {
            return true;
        }
        let all = vec![true; self.segmenter.languages.len()];
        let mut langs: Option<[Vec<bool>; 2]> = None;
        tokens.iter().any(|t| {
            if !self.may_segment(&t.word) {
                return false;
            }
            let says = self
                .get(&t.word)
                .is_some_and(|e| self.says_something(Look::Index(e)));
            let split = |langs: &[bool]| {
                self.split_token(n, &t.word, (t.start, t.end), t.kind, says, langs)
                    .is_some()
            };
            if !split(&all) {
                return false; // the common case: no language splits it
            }
            let langs = langs.get_or_insert_with(|| {
                let words = tokens.iter().filter(|t| t.kind == TokenKind::Word);
                self.segmenter
                    .comment_languages(words.map(|t| t.word.as_str()))
            });
            split(&langs[usize::from(t.kind == TokenKind::Hashtag)])
        })
    }

    /// The pieces of token `q` (word, start, end), or `None` when it stays whole.
    fn pieces(
        &self,
        n: &Normalized,
        s: &Scan,
        q: usize,
        langs: &[bool],
    ) -> Option<Vec<(String, usize, usize)>> {
        let says = s.entries[q].is_some_and(|e| self.says_something(e));
        self.split_token(
            n,
            &s.words[q],
            (s.starts[q], s.ends[q]),
            s.kinds[q],
            says,
            langs,
        )
    }

    /// The pieces of one token (its folded form at `start..end` of `n.text`); `says`:
    /// whether the packs already know the whole token.
    fn split_token(
        &self,
        n: &Normalized,
        word: &str,
        (start, end): (usize, usize),
        kind: TokenKind,
        says: bool,
        langs: &[bool],
    ) -> Option<Vec<(String, usize, usize)>> {
        let hashtag = kind == TokenKind::Hashtag;
        let body = match kind {
            TokenKind::Word => word,
            TokenKind::Hashtag => word.strip_prefix('#')?,
            _ => return None,
        };
        let offset = start + usize::from(hashtag);
        let size = cp_len(body);
        if size < 3
            || size > self.segmenter.limits.max_token
            || offset + size != end
            || says
            || (!hashtag && (self.segmenter.knows(body) || self.allow.contains(body)))
        {
            return None;
        }
        let letters: Vec<char> = body.chars().collect();
        let runs = runs(&letters, &case_of(n, offset, end));
        if !hashtag && (runs.first()?.0 != 0 || runs.last()?.1 != letters.len()) {
            return None; // a word with digits inside is the leet steps' business
        }
        let pack_word = |w: &str| self.index.contains_key(w);
        for lang in (0..self.segmenter.languages.len()).filter(|&l| langs[l]) {
            let mut out = Vec::new();
            let mut covered = true;
            for &(a, b, titled) in &runs {
                let run: String = letters[a..b].iter().collect();
                // A capitalised run ("Hitchcock", the "Loser" of "IsALoser") is one word,
                // a name when it is no known word ("#SierraBurgess"), and is cut only
                // into a very frequent word and one other ("Ihate", "Deathto"): names
                // are not made that way, glued sentence starts are.
                let known = self.segmenter.knows(&run) || pack_word(&run);
                if titled && (known || hashtag) {
                    out.push((run, offset + a, offset + b));
                    continue;
                }
                let split = self.segmenter.split(lang, &letters[a..b], &pack_word);
                let Some(split) = split.filter(|parts| {
                    !titled
                        || (parts.len() == 2
                            && parts.iter().any(|&(x, y)| {
                                let piece: String = letters[a + x..a + y].iter().collect();
                                self.segmenter.is_function_word(lang, &piece)
                            }))
                }) else {
                    covered = false;
                    break;
                };
                for (x, y) in split {
                    let piece: String = letters[a + x..a + y].iter().collect();
                    out.push((piece, offset + a + x, offset + a + y));
                }
            }
            // A lone piece is a split only for a hashtag ("#pervert" reads "pervert").
            let split = out.len() > 1 || hashtag;
            if covered && split && out.iter().any(|(w, _, _)| self.means_something(w)) {
                return Some(out);
            }
        }
        None
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
            Some(Look::Index(e)) => {
                let e = &self.entries[e as usize];
                !e.terms.is_empty()
                    || e.identity
                    || e.phrases.values().flatten().any(|&p| {
                        let p = &self.phrases[p as usize];
                        p.term.is_some() || p.identity
                    })
            }
        }
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
    n.original[a..b]
        .iter()
        .map(|&c| char::from_u32(c).map(char::is_uppercase))
        .collect()
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

fn copy_first(s: &Scan, q: usize) -> Scan {
    let mut o = Scan::default();
    for i in 0..q {
        copy_token(s, i, &mut o);
    }
    o
}

fn copy_token(s: &Scan, i: usize, o: &mut Scan) {
    o.words.push(s.words[i].clone());
    o.starts.push(s.starts[i]);
    o.ends.push(s.ends[i]);
    o.kinds.push(s.kinds[i]);
    o.entries.push(s.entries[i]);
    o.steps.push(s.steps[i]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
    fn a_word_set_answers_like_a_hash_set() {
        let words: Vec<String> = ["pomme", "a", "zebre", "pomme", "abricot", ""]
            .iter()
            .map(|w| w.to_string())
            .collect();
        let set = WordSet::new(words.clone());
        for w in &words {
            assert!(set.contains(w), "{w}");
        }
        for w in ["b", "pom", "pommes", "zzz"] {
            assert!(!set.contains(w), "{w}");
        }
        assert!(!WordSet::default().contains("a"));
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
